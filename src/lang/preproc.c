// SPDX-License-Identifier: GPL-2.0
/*
 * The script preprocessor (see preproc.h for what it accepts and how it
 * keeps source locations).  One pass over the lines: directive lines are
 * interpreted and replaced by empty lines, other lines are copied with
 * their macro uses expanded, or dropped (as empty lines) inside a false
 * conditional.
 */
#include "lang/preproc.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arch/syscalls.h"
#include "hindex.h"
#include "lang/ppexpr.h"
#include "util.h"

struct macro {
	char *name;
	int nparams;		/* -1: object-like */
	char **params;
	char *body;
};

typedef VEC(char *) arg_vec;

/* One open #if/#ifdef/#ifndef. */
struct cond {
	bool outer_active;	/* the enclosing region is being kept */
	bool taking;		/* this branch is being kept */
	bool taken;		/* some branch of this #if was kept */
	bool seen_else;
	struct loc loc;
};

/* Macros being expanded: not expanded again inside themselves. */
struct active {
	const char *name;
	const struct active *up;
};

struct pp {
	const struct source *src;
	VEC(struct macro) macros;
	struct hindex macro_index;	/* name hash -> position in macros */
	VEC(struct cond) conds;
	struct strbuf out;
	size_t expanded;	/* bytes macro expansion produced so far */
	long uses;		/* macro uses expanded so far */
	size_t included;	/* bytes of #include files read so far */
	int include_depth;
	bool in_comment;	/* inside a block comment that spans lines */
	bool in_string;		/* inside a string literal that spans lines */
	int line;		/* current line (1-based) */
	int failed;
};

static bool ident_start(int c)
{
	return isalpha(c) || c == '_';
}

static bool ident_char(int c)
{
	return isalnum(c) || c == '_';
}

static struct loc loc_at(int line, int col, int len)
{
	struct loc l = { line, col, line, col + (len > 0 ? len - 1 : 0) };

	return l;
}

static struct macro *find_macro(struct pp *pp, const char *name, size_t len)
{
	uint64_t h = hindex_hash(name, len);
	size_t it;

	for (int i = hindex_first(&pp->macro_index, h, &it); i >= 0;
	     i = hindex_next(&pp->macro_index, h, &it)) {
		struct macro *m = &pp->macros.v[i];

		if (strlen(m->name) == len && memcmp(m->name, name, len) == 0)
			return m;
	}
	return NULL;
}

static void free_macro(struct macro *m)
{
	for (int i = 0; i < m->nparams; i++)
		free(m->params[i]);
	free(m->params);
	free(m->name);
	free(m->body);
}

static bool is_active(const struct active *a, const char *name)
{
	for (; a; a = a->up)
		if (strcmp(a->name, name) == 0)
			return true;
	return false;
}

static bool keeping(struct pp *pp)
{
	return !pp->conds.n || pp->conds.v[pp->conds.n - 1].taking;
}

/* ---- expansion ---- */

static int expand(struct pp *pp, const char *s, size_t n, struct strbuf *out,
		  const struct active *act, int depth, struct loc where, bool *in_comment);

/* Copy a string literal starting at s[0] == '"'; returns its length. */
static size_t string_len(const char *s, size_t n)
{
	size_t i = 1;

	while (i < n && s[i] != '"' && s[i] != '\n') {
		if (s[i] == '\\' && i + 1 < n)
			i++;
		i++;
	}
	return i < n && s[i] == '"' ? i + 1 : i;
}

/*
 * The arguments of a function-like macro call: s[*pos] is '('.  Splits at
 * top-level commas; *pos ends after ')'.  -1 when the list is not closed.
 */
static int split_args(const char *s, size_t n, size_t *pos, arg_vec *args)
{
	size_t i = *pos + 1, start = i;
	int level = 0;

	while (i < n) {
		char c = s[i];

		if (c == '"') {
			i += string_len(s + i, n - i);
			continue;
		}
		if (c == '(') {
			level++;
		} else if (c == ')' && level) {
			level--;
		} else if ((c == ',' || c == ')') && !level) {
			char *a = xstrndup(s + start, i - start);

			vec_push(args, a);
			start = i + 1;
			if (c == ')') {
				*pos = i + 1;
				return 0;
			}
		} else if (c == '\n') {
			break;
		}
		i++;
	}
	return -1;
}

/* body with each parameter replaced by its (already expanded) argument. */
static void substitute(const struct macro *m, char **args, struct strbuf *out)
{
	const char *b = m->body;
	size_t n = strlen(b), i = 0;

	while (i < n) {
		if (b[i] == '"') {
			size_t l = string_len(b + i, n - i);

			sb_add(out, b + i, l);
			i += l;
		} else if (ident_start((unsigned char)b[i])) {
			size_t j = i;
			int p;

			while (j < n && ident_char((unsigned char)b[j]))
				j++;
			for (p = 0; p < m->nparams; p++)
				if (strlen(m->params[p]) == j - i &&
				    memcmp(m->params[p], b + i, j - i) == 0)
					break;
			if (p < m->nparams)
				sb_adds(out, args[p]);
			else
				sb_add(out, b + i, j - i);
			i = j;
		} else {
			sb_addc(out, b[i++]);
		}
	}
}

static void trim(char *s)
{
	size_t n = strlen(s), k = 0;

	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	while (isspace((unsigned char)s[k]))
		k++;
	memmove(s, s + k, n - k + 1);
}

/*
 * Charge one use of m, expanding to n bytes, to the program's budget: a
 * few lines of #define can ask for exponentially much work (A1 = A0+A0,
 * A2 = A1+A1, ...), so the totals are bounded rather than each use: the
 * text all expansions produce, and the number of uses (macros that expand
 * to nothing cost time too).
 */
static bool over_budget(struct pp *pp, const struct macro *m, size_t n, struct loc where)
{
	pp->expanded += n;
	pp->uses++;
	if (pp->expanded > PREPROC_MAX_EXPANSION) {
		diag_error(pp->src, where, "macro expansion too large: expanding '%s' takes the "
			   "program past %d MiB of expanded text", m->name,
			   PREPROC_MAX_EXPANSION >> 20);
		return true;
	}
	if (pp->uses > PREPROC_MAX_USES) {
		diag_error(pp->src, where, "macro expansion too large: expanding '%s' takes the "
			   "program past %d macro uses", m->name, PREPROC_MAX_USES);
		return true;
	}
	return false;
}

/*
 * Expand the use of macro m found at s[*pos] (after its name).  Appends the
 * replacement to out and advances *pos past the call.  Returns 0, -1 after
 * an error, or 1 when a function-like macro is named without a call.
 */
static int expand_use(struct pp *pp, const struct macro *m, const char *s, size_t n,
		      size_t *pos, struct strbuf *out, const struct active *act,
		      int depth, struct loc where)
{
	struct active me = { m->name, act };
	struct strbuf body;
	arg_vec args = { 0 };
	size_t i = *pos;
	int err = 0;

	if (depth >= PREPROC_MAX_DEPTH) {
		diag_error(pp->src, where, "macro expansion too deep (more than %d levels) in '%s'",
			   PREPROC_MAX_DEPTH, m->name);
		return -1;
	}
	if (over_budget(pp, m, m->nparams < 0 ? strlen(m->body) : 0, where))
		return -1;
	sb_init(&body);
	if (m->nparams < 0) {
		sb_adds(&body, m->body);
	} else {
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i >= n || s[i] != '(') {
			sb_free(&body);
			return 1;
		}
		if (split_args(s, n, &i, &args) < 0) {
			diag_error(pp->src, where, "unterminated argument list for macro '%s'",
				   m->name);
			err = -1;
			goto out;
		}
		/* "M()" is one empty argument in C; for M with no params it is none. */
		if (m->nparams == 0 && args.n == 1) {
			trim(args.v[0]);
			if (!*args.v[0]) {
				free(args.v[0]);
				args.n = 0;
			}
		}
		if (args.n != m->nparams) {
			diag_error(pp->src, where, "macro '%s' takes %d argument%s, %d given",
				   m->name, m->nparams, m->nparams == 1 ? "" : "s", args.n);
			err = -1;
			goto out;
		}
		for (int a = 0; a < args.n; a++) {
			struct strbuf x;

			trim(args.v[a]);
			sb_init(&x);
			if (expand(pp, args.v[a], strlen(args.v[a]), &x, act, depth + 1, where,
				   NULL) < 0)
				err = -1;
			free(args.v[a]);
			args.v[a] = sb_steal(&x);
		}
		if (!err) {
			substitute(m, args.v, &body);
			pp->uses--;	/* counted above: charge the text only */
			if (over_budget(pp, m, body.len, where))
				err = -1;
		}
	}
	if (!err)
		err = expand(pp, body.buf, body.len, out, &me, depth + 1, where, NULL);
	*pos = i;
out:
	for (int a = 0; a < args.n; a++)
		free(args.v[a]);
	vec_free(&args);
	sb_free(&body);
	return err;
}

/* Length of a comment starting at s (// or / *), updating *in_comment. */
static size_t comment_len(const char *s, size_t n, bool *in_comment)
{
	size_t i = 0;

	if (!*in_comment && n >= 2 && s[0] == '/' && s[1] == '/') {
		while (i < n && s[i] != '\n')
			i++;
		return i;
	}
	if (!*in_comment)
		i = 2;
	*in_comment = true;
	while (i < n && s[i] != '\n') {
		if (s[i] == '*' && i + 1 < n && s[i + 1] == '/') {
			*in_comment = false;
			return i + 2;
		}
		i++;
	}
	return i;
}

/*
 * Expand macros in s[0..n) into out.  Top-level calls pass in_comment (a
 * block comment may continue on the next line) and a `where` with line
 * set: each macro use is then located at its own column.
 */
static int expand(struct pp *pp, const char *s, size_t n, struct strbuf *out,
		  const struct active *act, int depth, struct loc where, bool *in_comment)
{
	bool local_comment = false, *comment = in_comment ? in_comment : &local_comment;
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t j = i + 1;

		if (*comment || (c == '/' && i + 1 < n && (s[i + 1] == '/' || s[i + 1] == '*'))) {
			j = i + comment_len(s + i, n - i, comment);
		} else if (c == '"') {
			j = i + string_len(s + i, n - i);
		} else if (c == '$' || c == '@' || isdigit(c)) {
			while (j < n && ident_char((unsigned char)s[j]))
				j++;
		} else if (ident_start(c)) {
			struct macro *m;
			char *name;

			while (j < n && ident_char((unsigned char)s[j]))
				j++;
			m = find_macro(pp, s + i, j - i);
			name = m ? m->name : NULL;
			if (m && !is_active(act, name)) {
				struct loc l = in_comment ? loc_at(where.line, i + 1, j - i) : where;
				size_t start = out->len, end = j;
				int r = expand_use(pp, m, s, n, &end, out, act, depth, l);

				if (r < 0)
					return -1;	/* one error per line, not one per use */
				if (r == 0) {
					/* Pad so that the columns after the call stay put. */
					while (in_comment && out->len - start < end - i)
						sb_addc(out, ' ');
					i = end;
					continue;
				}
			}
		}
		sb_add(out, s + i, j - i);
		i = j;
	}
	return 0;
}

/* ---- #if expressions ---- */

/*
 * BPFTRACE_HAVE_BTF: scripts guard their own struct definitions with
 * #ifndef BPFTRACE_HAVE_BTF; with the kernel's BTF those types come from it.
 */
static bool builtin_defined(const char *name)
{
	return strcmp(name, "BPFTRACE_HAVE_BTF") == 0 && access("/sys/kernel/btf/vmlinux", R_OK) == 0;
}

static bool is_defined(struct pp *pp, const char *name, size_t len)
{
	char *n = xstrndup(name, len);
	int64_t v;
	bool r = find_macro(pp, name, len) || preproc_constant(n, &v) || builtin_defined(n);

	free(n);
	return r;
}

/* Replace defined(X) / defined X by 1 or 0 before macro expansion. */
static char *replace_defined(struct pp *pp, const char *s)
{
	struct strbuf sb;
	size_t i = 0, n = strlen(s);

	sb_init(&sb);
	while (i < n) {
		if (strncmp(s + i, "defined", 7) == 0 && !ident_char((unsigned char)s[i + 7]) &&
		    (i == 0 || !ident_char((unsigned char)s[i - 1]))) {
			size_t j = i + 7, k;
			bool paren;

			while (s[j] == ' ' || s[j] == '\t')
				j++;
			paren = s[j] == '(';
			if (paren)
				j++;
			while (s[j] == ' ' || s[j] == '\t')
				j++;
			k = j;
			while (ident_char((unsigned char)s[k]))
				k++;
			sb_addc(&sb, is_defined(pp, s + j, k - j) ? '1' : '0');
			while (paren && s[k] && s[k] != ')')
				k++;
			i = paren && s[k] ? k + 1 : k;
			continue;
		}
		sb_addc(&sb, s[i++]);
	}
	return sb_steal(&sb);
}

static int eval_if(struct pp *pp, const char *expr, struct loc where, bool *value)
{
	char *d = replace_defined(pp, expr);
	struct strbuf x;
	const char *why = NULL;
	int64_t v;

	sb_init(&x);
	if (expand(pp, d, strlen(d), &x, NULL, 0, where, NULL) < 0) {
		free(d);
		sb_free(&x);
		return -1;
	}
	free(d);
	if (ppexpr_eval(x.buf, &v, &why) < 0) {
		size_t n = strlen(expr);

		/* quote a hostile expression of 200,000 '!' in part only */
		diag_error(pp->src, where, "invalid #if expression '%.*s%s': %s",
			   (int)MIN(n, 60), expr, n > 60 ? "..." : "", why);
		sb_free(&x);
		return -1;
	}
	sb_free(&x);
	*value = v != 0;
	return 0;
}

/* ---- directives ---- */

/* A directive: name and the rest of its (continued, comment-free) line. */
struct directive {
	char *name;
	char *rest;
	struct loc loc;		/* the whole first line */
	struct loc name_loc;
	struct loc nul_loc;	/* a NUL byte in it (line 0: none) */
};

static void push_cond(struct pp *pp, bool value, struct loc loc)
{
	struct cond c = { keeping(pp), false, false, false, loc };

	c.taking = c.outer_active && value;
	c.taken = value;
	vec_push(&pp->conds, c);
}

static int d_if(struct pp *pp, struct directive *d)
{
	bool v = false;
	int err = keeping(pp) ? eval_if(pp, d->rest, d->loc, &v) : 0;

	push_cond(pp, v, d->loc);	/* even when bad: its #endif is no second error */
	return err;
}

/* The identifier that is the whole of d->rest, or NULL after an error. */
static char *directive_ident(struct pp *pp, struct directive *d)
{
	const char *r = d->rest;
	size_t n = 0;

	while (ident_char((unsigned char)r[n]))
		n++;
	if (!n || !ident_start((unsigned char)r[0]) || r[n]) {
		diag_error(pp->src, d->loc, "#%s expects a macro name", d->name);
		return NULL;
	}
	return xstrndup(r, n);
}

static int d_ifdef(struct pp *pp, struct directive *d)
{
	char *name = directive_ident(pp, d);
	bool def;

	if (!name)
		return -1;
	def = is_defined(pp, name, strlen(name));
	free(name);
	push_cond(pp, strcmp(d->name, "ifdef") == 0 ? def : !def, d->loc);
	return 0;
}

static struct cond *top_cond(struct pp *pp, struct directive *d)
{
	if (!pp->conds.n) {
		diag_error(pp->src, d->loc, "#%s without #if", d->name);
		return NULL;
	}
	return &pp->conds.v[pp->conds.n - 1];
}

static int d_elif(struct pp *pp, struct directive *d)
{
	struct cond *c = top_cond(pp, d);
	bool v = false;

	if (!c)
		return -1;
	if (c->seen_else) {
		diag_error(pp->src, d->loc, "#elif after #else");
		return -1;
	}
	if (c->outer_active && !c->taken && eval_if(pp, d->rest, d->loc, &v) < 0)
		return -1;
	c->taking = c->outer_active && !c->taken && v;
	c->taken = c->taken || v;
	return 0;
}

static int d_else(struct pp *pp, struct directive *d)
{
	struct cond *c = top_cond(pp, d);

	if (!c)
		return -1;
	if (c->seen_else) {
		diag_error(pp->src, d->loc, "#else after #else");
		return -1;
	}
	c->seen_else = true;
	c->taking = c->outer_active && !c->taken;
	c->taken = true;
	return 0;
}

static int d_endif(struct pp *pp, struct directive *d)
{
	if (!top_cond(pp, d))
		return -1;
	pp->conds.n--;
	return 0;
}

static void run_text(struct pp *pp);
static void strip_comments(char *s);

/*
 * The top-level directories of the kernel's include trees: sonde takes
 * kernel types from BTF and the usual constants from its own table, so
 * <linux/sched.h> and its kind need no header files on the host.
 */
static const char *const kernel_header_dirs[] = {
	"linux/", "uapi/", "asm/", "asm-generic/", "net/", "trace/", "crypto/",
	"scsi/", "sound/", "rdma/", "xen/", "keys/", "media/", "kvm/", "drm/",
	"acpi/", "video/", "clocksource/", "misc/", "vdso/", "ras/", "pcmcia/",
	"soc/", "target/", "math-emu/", "dt-bindings/", "bpf/",
};

static const char *const system_include_dirs[] = {
	"/usr/local/include", "/usr/include/x86_64-linux-gnu", "/usr/include",
};

/* <name>: a kernel header (satisfied by BTF) or one found in the system's include dirs. */
static int include_system(struct pp *pp, struct directive *d, const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(kernel_header_dirs); i++)
		if (strncmp(name, kernel_header_dirs[i], strlen(kernel_header_dirs[i])) == 0)
			return 0;
	for (size_t i = 0; i < ARRAY_SIZE(system_include_dirs); i++) {
		char *path = xasprintf("%s/%s", system_include_dirs[i], name);
		bool found = access(path, R_OK) == 0;

		free(path);
		if (found)
			return 0;	/* libc's types and constants: BTF and our table */
	}
	diag_error(pp->src, d->loc, "#include <%s>: no such system header (kernel headers "
		   "are not needed: linux/, net/, asm/... are satisfied by BTF)", name);
	return -1;
}

/* "name" relative to the directory of the including file (the current one for -e). */
static char *include_path(const struct pp *pp, const char *name)
{
	const char *from = pp->src->name, *slash = from ? strrchr(from, '/') : NULL;

	if (name[0] == '/' || !slash)
		return xstrdup(name);
	return xasprintf("%.*s/%s", (int)(slash - from), from, name);
}

static char *read_include(struct pp *pp, struct directive *d, const char *path, size_t *len)
{
	struct stat st;
	bool too_big = false;
	char *text;

	if (stat(path, &st) < 0) {
		diag_error(pp->src, d->loc, "#include \"%s\": %s", path, strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {	/* a FIFO or /dev/stdin would block */
		diag_error(pp->src, d->loc, "#include \"%s\": not a regular file", path);
		return NULL;
	}
	text = read_file_max(path, SOURCE_MAX_SIZE - pp->included, len, &too_big);
	if (!text || too_big) {
		diag_error(pp->src, d->loc, too_big ? "#include \"%s\": the included files "
			   "together are larger than %d MiB" : "#include \"%s\": cannot read it",
			   path, SOURCE_MAX_SIZE >> 20);
		free(text);
		return NULL;
	}
	if (memchr(text, '\0', *len)) {	/* binary: its text would be cut there */
		diag_error(pp->src, d->loc, "#include \"%s\": the file contains a NUL byte", path);
		free(text);
		return NULL;
	}
	pp->included += *len;
	return text;
}

/*
 * Preprocess the file inc with the program's macros: its #defines stay
 * defined after it, and its other text (struct, union, enum and typedef
 * definitions) joins the program on the #include line, as one line, so
 * that every later line keeps its number.
 */
static void include_text(struct pp *pp, struct source *inc)
{
	struct pp saved = *pp;
	int conds = pp->conds.n;
	char *text;

	pp->src = inc;
	pp->line = 1;
	pp->in_comment = false;
	pp->in_string = false;
	sb_init(&pp->out);
	pp->include_depth++;
	run_text(pp);
	if (pp->conds.n > conds) {
		diag_error(inc, pp->conds.v[pp->conds.n - 1].loc, "unterminated conditional directive");
		pp->failed = 1;
		pp->conds.n = conds;
	}
	text = sb_steal(&pp->out);
	strip_comments(text);
	for (char *c = text; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	pp->src = saved.src;
	pp->line = saved.line;
	pp->in_comment = saved.in_comment;
	pp->in_string = saved.in_string;
	pp->out = saved.out;
	pp->include_depth--;
	sb_adds(&pp->out, text);
	free(text);
}

static int d_include(struct pp *pp, struct directive *d)
{
	const char *r = d->rest;
	char close = r[0] == '<' ? '>' : r[0] == '"' ? '"' : 0;
	const char *end = close ? strchr(r + 1, close) : NULL;
	struct source inc = { 0 };
	char *name;
	int failed = pp->failed;

	if (!end || end == r + 1 || end[1]) {
		diag_error(pp->src, d->loc, "#include expects <FILE> or \"FILE\"");
		return -1;
	}
	name = xstrndup(r + 1, end - r - 1);
	if (close == '>') {
		int err = include_system(pp, d, name);

		free(name);
		return err;
	}
	if (pp->include_depth >= PREPROC_MAX_INCLUDE_DEPTH) {
		diag_error(pp->src, d->loc, "#include nested too deep (more than %d levels): "
			   "does \"%s\" include itself?", PREPROC_MAX_INCLUDE_DEPTH, name);
		free(name);
		return -1;
	}
	inc.name = include_path(pp, name);
	free(name);
	inc.text = read_include(pp, d, inc.name, &inc.len);
	if (inc.text)
		include_text(pp, &inc);
	failed = !inc.text || pp->failed > failed;
	free(inc.name);
	free(inc.text);
	return failed ? -1 : 0;
}

/* Parse "(a, b)" of a function-like #define; p points at '('. */
static int define_params(struct pp *pp, struct directive *d, const char **p,
			 struct macro *m)
{
	const char *s = *p + 1;

	m->nparams = 0;
	for (;;) {
		size_t n = 0;

		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == ')' && !m->nparams)
			break;
		while (ident_char((unsigned char)s[n]))
			n++;
		if (!n || !ident_start((unsigned char)*s)) {
			diag_error(pp->src, d->loc, strncmp(s, "...", 3) == 0 ?
				   "variadic macros are not supported" :
				   "invalid parameter list in #define of '%s'", m->name);
			return -1;
		}
		m->params = xrealloc(m->params, (m->nparams + 1) * sizeof(*m->params));
		m->params[m->nparams++] = xstrndup(s, n);
		s += n;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == ')')
			break;
		if (*s != ',') {
			diag_error(pp->src, d->loc, "invalid parameter list in #define of '%s'",
				   m->name);
			return -1;
		}
		s++;
	}
	*p = s + 1;
	return 0;
}

static int d_define(struct pp *pp, struct directive *d)
{
	struct macro m = { .nparams = -1 }, *old;
	const char *p = d->rest;
	size_t n = 0;

	while (ident_char((unsigned char)p[n]))
		n++;
	if (!n || !ident_start((unsigned char)p[0])) {
		diag_error(pp->src, d->loc, n ? "macro names must be identifiers" :
			   "#define expects a macro name");
		return -1;
	}
	m.name = xstrndup(p, n);
	p += n;
	if (*p == '(' && define_params(pp, d, &p, &m) < 0) {
		free_macro(&m);
		return -1;
	}
	m.body = xstrdup(p);
	trim(m.body);
	old = find_macro(pp, m.name, n);
	if (old) {
		free_macro(old);
		*old = m;
	} else {
		hindex_add(&pp->macro_index, hindex_hash_str(m.name), pp->macros.n);
		vec_push(&pp->macros, m);
	}
	return 0;
}

static int d_undef(struct pp *pp, struct directive *d)
{
	char *name = directive_ident(pp, d);
	struct macro *m;

	if (!name)
		return -1;
	m = find_macro(pp, name, strlen(name));
	if (m) {
		int at = m - pp->macros.v, last = pp->macros.n - 1;

		/* The last macro takes the freed place, in the index too. */
		hindex_del(&pp->macro_index, hindex_hash_str(m->name), at);
		free_macro(m);
		if (at != last) {
			hindex_del(&pp->macro_index, hindex_hash_str(pp->macros.v[last].name), last);
			hindex_add(&pp->macro_index, hindex_hash_str(pp->macros.v[last].name), at);
			*m = pp->macros.v[last];
		}
		pp->macros.n--;
	}
	free(name);
	return 0;
}

static int d_error(struct pp *pp, struct directive *d)
{
	diag_error(pp->src, d->loc, "#error %s", d->rest);
	return -1;
}

static int d_ignore(struct pp *pp, struct directive *d)
{
	return 0;
}

struct directive_handler {
	const char *name;
	int (*fn)(struct pp *pp, struct directive *d);
	bool conditional;	/* runs inside skipped regions too */
};

static const struct directive_handler handlers[] = {
	{ "if", d_if, true },
	{ "ifdef", d_ifdef, true },
	{ "ifndef", d_ifdef, true },
	{ "elif", d_elif, true },
	{ "else", d_else, true },
	{ "endif", d_endif, true },
	{ "include", d_include, false },
	{ "define", d_define, false },
	{ "undef", d_undef, false },
	{ "error", d_error, false },
	{ "pragma", d_ignore, false },
	{ "", d_ignore, false },
};

static int run_directive(struct pp *pp, struct directive *d)
{
	for (size_t i = 0; i < ARRAY_SIZE(handlers); i++) {
		if (strcmp(d->name, handlers[i].name))
			continue;
		/* In a skipped region, a nested #if only needs to be counted. */
		if (!keeping(pp) && handlers[i].conditional && d->name[0] == 'i') {
			push_cond(pp, false, d->loc);
			return 0;
		}
		if (!keeping(pp) && !handlers[i].conditional)
			return 0;
		return handlers[i].fn(pp, d);
	}
	if (!keeping(pp))
		return 0;
	diag_error(pp->src, d->name_loc, "unknown preprocessor directive '#%s'", d->name);
	return -1;
}

/* Drop comments from a directive's text (C turns each into a space). */
static void strip_comments(char *s)
{
	char *w = s;
	bool in_comment = false;

	for (size_t i = 0, n = strlen(s); i < n;) {
		if (s[i] == '"' && !in_comment) {
			size_t l = string_len(s + i, n - i);

			memmove(w, s + i, l);
			w += l;
			i += l;
		} else if (in_comment || (s[i] == '/' && (s[i + 1] == '/' || s[i + 1] == '*'))) {
			i += comment_len(s + i, n - i, &in_comment);
			*w++ = ' ';
		} else {
			*w++ = s[i++];
		}
	}
	*w = '\0';
}

static size_t line_end(const char *t, size_t n, size_t pos)
{
	const char *nl = memchr(t + pos, '\n', n - pos);

	return nl ? (size_t)(nl - t) : n;
}

/*
 * The directive starting at text[pos] ('#' at column col); joins
 * continuation lines.  Returns the position after its last line and sets
 * *nlines to the number of lines it spans.
 */
static size_t read_directive(struct pp *pp, size_t pos, int col, struct directive *d,
			     int *nlines)
{
	const char *t = pp->src->text;
	size_t n = pp->src->len, i = pos + 1, k, e, line_start = pos - (col - 1);
	struct strbuf sb;

	*nlines = 1;
	sb_init(&sb);
	while (i < n && t[i] != '\n') {
		if (t[i] == '\\' && (i + 1 == n || t[i + 1] == '\n' ||
				     (t[i + 1] == '\r' && i + 2 < n && t[i + 2] == '\n'))) {
			i += t[i + 1] == '\r' ? 3 : 2;
			(*nlines)++;
			line_start = i;
			sb_addc(&sb, ' ');
			continue;
		}
		if (!t[i] && !d->nul_loc.line)
			d->nul_loc = loc_at(pp->line + *nlines - 1, (int)(i - line_start) + 1, 1);
		sb_addc(&sb, t[i] == '\r' ? ' ' : t[i]);
		i++;
	}
	strip_comments(sb.buf);
	k = 0;
	while (sb.buf[k] == ' ' || sb.buf[k] == '\t')
		k++;
	e = k;
	while (ident_char((unsigned char)sb.buf[e]))
		e++;
	d->name = xstrndup(sb.buf + k, e - k);
	d->name_loc = loc_at(pp->line, col, (int)(e + 1));
	d->rest = xstrdup(sb.buf + e);
	trim(d->rest);
	d->loc = loc_at(pp->line, col, (int)(line_end(t, n, pos) - pos));
	sb_free(&sb);
	return i;
}

/* The first non-blank column of the line at pos, and its position. */
static size_t first_nonblank(const char *t, size_t n, size_t pos, int *col)
{
	*col = 1;
	while (pos < n && (t[pos] == ' ' || t[pos] == '\t')) {
		pos++;
		(*col)++;
	}
	return pos;
}

/* One directive line (or continued lines): interpret, emit empty lines. */
static size_t do_directive(struct pp *pp, size_t hash, int col)
{
	struct directive d = { 0 };
	int nlines;
	size_t end = read_directive(pp, hash, col, &d, &nlines);

	if (d.nul_loc.line && keeping(pp)) {
		/* the text after it would be cut off silently */
		diag_error(pp->src, d.nul_loc, "a NUL byte in a preprocessor directive");
		pp->failed = 1;
	} else if (run_directive(pp, &d) < 0) {
		pp->failed = 1;
	}
	free(d.name);
	free(d.rest);
	for (int i = 0; i < nlines; i++) {
		if (i)
			sb_addc(&pp->out, '\n');
		pp->line++;
	}
	return end;
}

/*
 * The end of a string literal whose rest starts at s[i] (after its opening
 * quote, or at a line that an earlier line's string spans onto: the lexer
 * takes a newline inside a string): just after its closing quote, or
 * SIZE_MAX when it stays open past this line.
 */
static size_t string_rest_end(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] != '"') {
		if (s[i] == '\\' && i + 1 < n)
			i++;
		i++;
	}
	return i < n ? i + 1 : SIZE_MAX;
}

/* Whether s leaves a string literal open at its end (outside comments). */
static bool leaves_string_open(const char *s, size_t n, size_t i, bool in_comment)
{
	while (i < n) {
		if (in_comment || (s[i] == '/' && i + 1 < n && (s[i + 1] == '/' || s[i + 1] == '*'))) {
			i += comment_len(s + i, n - i, &in_comment);
		} else if (s[i] == '"') {
			i = string_rest_end(s, n, i + 1);
			if (i == SIZE_MAX)
				return true;
		} else {
			i++;
		}
	}
	return false;
}

static void do_text_line(struct pp *pp, size_t pos, size_t end)
{
	struct loc where = { pp->line, 1, pp->line, 1 };
	const char *t = pp->src->text;
	size_t skip = 0;
	bool comment_before = pp->in_comment;

	if (keeping(pp)) {
		if (pp->in_string) {
			skip = string_rest_end(t + pos, end - pos, 0);
			pp->in_string = skip == SIZE_MAX;
			if (pp->in_string)
				skip = end - pos;
			sb_add(&pp->out, t + pos, skip);
		}
		if (!pp->in_string) {
			pp->in_string = leaves_string_open(t + pos, end - pos, skip, comment_before);
			if (expand(pp, t + pos + skip, end - pos - skip, &pp->out, NULL, 0, where,
				   &pp->in_comment) < 0)
				pp->failed = 1;
		}
	}
	pp->line++;
}

/* Every line of pp->src, from its first: directives, text, the shebang. */
static void run_text(struct pp *pp)
{
	const char *t = pp->src->text ? pp->src->text : "";
	size_t n = pp->src->text ? pp->src->len : 0, pos = 0;

	while (pos < n) {
		int col;
		size_t start = first_nonblank(t, n, pos, &col), end;

		if (pp->line == 1 && pos == 0 && n >= 2 && t[0] == '#' && t[1] == '!') {
			end = line_end(t, n, pos);	/* shebang */
			pp->line++;
		} else if (!pp->in_comment && start < n && t[start] == '#') {
			end = do_directive(pp, start, col);
		} else {
			end = line_end(t, n, pos);
			do_text_line(pp, pos, end);
		}
		if (end < n)
			sb_addc(&pp->out, '\n');
		pos = end + 1;
	}
}

int preproc_run(const struct source *in, struct source *out)
{
	struct pp pp = { .src = in, .line = 1 };

	sb_init(&pp.out);
	run_text(&pp);
	if (pp.conds.n) {
		diag_error(in, pp.conds.v[pp.conds.n - 1].loc, "unterminated conditional directive");
		pp.failed = 1;
	}
	for (int i = 0; i < pp.macros.n; i++)
		free_macro(&pp.macros.v[i]);
	vec_free(&pp.macros);
	hindex_free(&pp.macro_index);
	vec_free(&pp.conds);
	out->name = xstrdup(in->name ? in->name : "stdin");
	out->len = pp.out.len;
	out->text = sb_steal(&pp.out);
	return pp.failed ? -1 : 0;
}

/* ---- constants from headers ---- */

struct constant {
	const char *name;
	int64_t value;
};

#define C(x) { #x, x }

/*
 * Taken from the host's libc headers where they exist (the traced kernel
 * is the host's, so these are its values); kernel-internal ones are
 * spelled out from include/linux/sched.h and include/net/tcp_states.h.
 */
static const struct constant constants[] = {
	/* task states (include/linux/sched.h) */
	{ "TASK_RUNNING", 0x0 }, { "TASK_INTERRUPTIBLE", 0x1 },
	{ "TASK_UNINTERRUPTIBLE", 0x2 }, { "__TASK_STOPPED", 0x4 },
	{ "__TASK_TRACED", 0x8 }, { "EXIT_DEAD", 0x10 }, { "EXIT_ZOMBIE", 0x20 },
	{ "EXIT_TRACE", 0x30 }, { "TASK_PARKED", 0x40 }, { "TASK_DEAD", 0x80 },
	{ "TASK_WAKEKILL", 0x100 }, { "TASK_WAKING", 0x200 }, { "TASK_NOLOAD", 0x400 },
	{ "TASK_NEW", 0x800 }, { "TASK_RTLOCK_WAIT", 0x1000 }, { "TASK_FREEZABLE", 0x2000 },
	{ "TASK_FROZEN", 0x8000 }, { "TASK_KILLABLE", 0x102 }, { "TASK_STOPPED", 0x104 },
	{ "TASK_TRACED", 0x8 }, { "TASK_IDLE", 0x402 }, { "TASK_NORMAL", 0x3 },
	/* task flags */
	{ "PF_IDLE", 0x2 }, { "PF_EXITING", 0x4 }, { "PF_WQ_WORKER", 0x20 },
	{ "PF_FORKNOEXEC", 0x40 }, { "PF_SUPERPRIV", 0x100 }, { "PF_DUMPCORE", 0x200 },
	{ "PF_SIGNALED", 0x400 }, { "PF_MEMALLOC", 0x800 }, { "PF_USER_WORKER", 0x4000 },
	{ "PF_NOFREEZE", 0x8000 }, { "PF_KSWAPD", 0x20000 }, { "PF_KTHREAD", 0x200000 },
	/* TCP states (include/net/tcp_states.h) */
	{ "TCP_ESTABLISHED", 1 }, { "TCP_SYN_SENT", 2 }, { "TCP_SYN_RECV", 3 },
	{ "TCP_FIN_WAIT1", 4 }, { "TCP_FIN_WAIT2", 5 }, { "TCP_TIME_WAIT", 6 },
	{ "TCP_CLOSE", 7 }, { "TCP_CLOSE_WAIT", 8 }, { "TCP_LAST_ACK", 9 },
	{ "TCP_LISTEN", 10 }, { "TCP_CLOSING", 11 }, { "TCP_NEW_SYN_RECV", 12 },
	/* sockets */
	C(AF_UNSPEC), C(AF_UNIX), C(AF_LOCAL), C(AF_INET), C(AF_INET6), C(AF_NETLINK),
	C(AF_PACKET), C(AF_VSOCK), C(AF_XDP), C(PF_UNSPEC), C(PF_UNIX), C(PF_LOCAL),
	C(PF_INET), C(PF_INET6), C(PF_NETLINK), C(PF_PACKET),
	C(SOCK_STREAM), C(SOCK_DGRAM), C(SOCK_RAW), C(SOCK_RDM), C(SOCK_SEQPACKET),
	C(SOCK_NONBLOCK), C(SOCK_CLOEXEC),
	C(IPPROTO_IP), C(IPPROTO_ICMP), C(IPPROTO_TCP), C(IPPROTO_UDP), C(IPPROTO_IPV6),
	C(IPPROTO_ICMPV6), C(IPPROTO_SCTP), C(IPPROTO_RAW), C(IPPROTO_UDPLITE),
	C(IPPROTO_MPTCP),
	/* open(2) */
	C(O_RDONLY), C(O_WRONLY), C(O_RDWR), C(O_ACCMODE), C(O_CREAT), C(O_EXCL),
	C(O_NOCTTY), C(O_TRUNC), C(O_APPEND), C(O_NONBLOCK), C(O_NDELAY), C(O_DSYNC),
	C(O_SYNC), C(O_RSYNC), C(O_DIRECT), C(O_LARGEFILE), C(O_DIRECTORY),
	C(O_NOFOLLOW), C(O_NOATIME), C(O_CLOEXEC), C(O_PATH), C(O_TMPFILE), C(O_ASYNC),
	C(AT_FDCWD), C(AT_SYMLINK_NOFOLLOW), C(AT_REMOVEDIR), C(AT_SYMLINK_FOLLOW),
	C(AT_EMPTY_PATH),
	/* file modes */
	C(S_IFMT), C(S_IFSOCK), C(S_IFLNK), C(S_IFREG), C(S_IFBLK), C(S_IFDIR),
	C(S_IFCHR), C(S_IFIFO),
	/* signals */
	C(SIGHUP), C(SIGINT), C(SIGQUIT), C(SIGILL), C(SIGTRAP), C(SIGABRT), C(SIGIOT),
	C(SIGBUS), C(SIGFPE), C(SIGKILL), C(SIGUSR1), C(SIGSEGV), C(SIGUSR2),
	C(SIGPIPE), C(SIGALRM), C(SIGTERM), C(SIGSTKFLT), C(SIGCHLD), C(SIGCONT),
	C(SIGSTOP), C(SIGTSTP), C(SIGTTIN), C(SIGTTOU), C(SIGURG), C(SIGXCPU),
	C(SIGXFSZ), C(SIGVTALRM), C(SIGPROF), C(SIGWINCH), C(SIGIO), C(SIGPOLL),
	C(SIGPWR), C(SIGSYS),
	/* errno */
	C(EPERM), C(ENOENT), C(ESRCH), C(EINTR), C(EIO), C(ENXIO), C(E2BIG),
	C(ENOEXEC), C(EBADF), C(ECHILD), C(EAGAIN), C(EWOULDBLOCK), C(ENOMEM),
	C(EACCES), C(EFAULT), C(ENOTBLK), C(EBUSY), C(EEXIST), C(EXDEV), C(ENODEV),
	C(ENOTDIR), C(EISDIR), C(EINVAL), C(ENFILE), C(EMFILE), C(ENOTTY), C(ETXTBSY),
	C(EFBIG), C(ENOSPC), C(ESPIPE), C(EROFS), C(EMLINK), C(EPIPE), C(EDOM),
	C(ERANGE), C(EDEADLK), C(ENAMETOOLONG), C(ENOLCK), C(ENOSYS), C(ENOTEMPTY),
	C(ELOOP), C(ENOMSG), C(EIDRM), C(ENODATA), C(ETIME), C(EOVERFLOW), C(EBADFD),
	C(EILSEQ), C(ENOTSOCK), C(EDESTADDRREQ), C(EMSGSIZE), C(EPROTOTYPE),
	C(ENOPROTOOPT), C(EPROTONOSUPPORT), C(EOPNOTSUPP), C(ENOTSUP), C(EAFNOSUPPORT),
	C(EADDRINUSE), C(EADDRNOTAVAIL), C(ENETDOWN), C(ENETUNREACH), C(ENETRESET),
	C(ECONNABORTED), C(ECONNRESET), C(ENOBUFS), C(EISCONN), C(ENOTCONN),
	C(ETIMEDOUT), C(ECONNREFUSED), C(EHOSTDOWN), C(EHOSTUNREACH), C(EALREADY),
	C(EINPROGRESS), C(ESTALE), C(EDQUOT), C(ECANCELED), C(EOWNERDEAD),
	/* clone(2), mmap(2) */
	C(CLONE_VM), C(CLONE_FS), C(CLONE_FILES), C(CLONE_SIGHAND), C(CLONE_PTRACE),
	C(CLONE_VFORK), C(CLONE_PARENT), C(CLONE_THREAD), C(CLONE_NEWNS),
	C(CLONE_SYSVSEM), C(CLONE_SETTLS), C(CLONE_NEWCGROUP), C(CLONE_NEWUTS),
	C(CLONE_NEWIPC), C(CLONE_NEWUSER), C(CLONE_NEWPID), C(CLONE_NEWNET), C(CLONE_IO),
	C(PROT_NONE), C(PROT_READ), C(PROT_WRITE), C(PROT_EXEC), C(MAP_SHARED),
	C(MAP_PRIVATE), C(MAP_FIXED), C(MAP_ANONYMOUS), C(MAP_ANON), C(MAP_GROWSDOWN),
	C(MAP_LOCKED), C(MAP_NORESERVE), C(MAP_POPULATE), C(MAP_HUGETLB),
	/* pages */
	{ "PAGE_SHIFT", 12 },
};

#undef C

/* __NR_name and SYS_name (<syscall.h>): the system call numbers of the build's architecture. */
static bool syscall_constant(const char *name, int64_t *value)
{
	const char *sys = NULL;
	int nr;

	if (strncmp(name, "__NR_", 5) == 0)
		sys = name + 5;
	else if (strncmp(name, "SYS_", 4) == 0)
		sys = name + 4;
	if (!sys || !*sys)
		return false;
	for (nr = 0; nr < ARCH_SYSCALLS_MAX; nr++) {
		const char *abi = arch_syscall_name(nr);

		if (abi && strcmp(abi, sys) == 0)
			break;
	}
	if (nr == ARCH_SYSCALLS_MAX && (nr = arch_syscall_nr(sys)) < 0)
		return false;
	*value = nr;
	return true;
}

bool preproc_constant(const char *name, int64_t *value)
{
	if (!name)
		return false;
	if (syscall_constant(name, value))
		return true;
	if (strcmp(name, "PAGE_SIZE") == 0) {
		long ps = sysconf(_SC_PAGESIZE);

		*value = ps > 0 ? ps : 4096;
		return true;
	}
	for (size_t i = 0; i < ARRAY_SIZE(constants); i++) {
		if (strcmp(constants[i].name, name) == 0) {
			*value = constants[i].value;
			return true;
		}
	}
	return false;
}
