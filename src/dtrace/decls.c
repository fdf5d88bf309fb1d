// SPDX-License-Identifier: GPL-2.0
/*
 * D's declarations, read from the source text before it is parsed.
 *
 * D declares variables at the top level (`int x;`, `self int t;`,
 * `this string s;`, `int a[string, int];`) and names constants with
 * `inline TYPE NAME = EXPR;`.  The bpftrace grammar has neither, and D
 * needs neither to compile: a variable gets its type from its first
 * assignment, as in sonde's maps.  So declarations are blanked out
 * (columns and lines stay, for error locations), declared globals are
 * remembered (a global that is only read is still a global), and an
 * inline becomes `#define NAME (EXPR)` for the preprocessor that runs
 * next, on one line followed by the lines the declaration spanned.
 * D's $$N (macro argument N as a string) becomes $N, which is a string
 * when the argument is not a number.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "dt_lower.h"

static const char *const decl_words[] = {
	"self", "this", "static", "extern", "const", "volatile", "register", "inline",
	"int", "char", "short", "long", "unsigned", "signed", "float", "double", "void",
	"string", "struct", "union", "enum",
	"int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t", "uint32_t",
	"uint64_t", "intptr_t", "uintptr_t", "size_t", "ssize_t", "pid_t", "uid_t", "gid_t",
	"id_t", "hrtime_t", "off_t", "offset_t", "processorid_t", "caddr_t", "uchar_t",
	"ushort_t", "uint_t", "ulong_t", "u_int", "u_long", "boolean_t",
};

static bool is_decl_word(const char *w, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(decl_words); i++)
		if (strlen(decl_words[i]) == len && !strncmp(w, decl_words[i], len))
			return true;
	return false;
}

static size_t word_len(const char *p)
{
	size_t n = 0;

	if (!isalpha((unsigned char)*p) && *p != '_')
		return 0;
	while (isalnum((unsigned char)p[n]) || p[n] == '_')
		n++;
	return n;
}

bool dt_is_typedef(const struct dtrace_ctx *dc, const char *w, size_t len)
{
	for (int i = 0; i < dc->typedefs.n; i++)
		if (strlen(dc->typedefs.v[i]) == len && !strncmp(w, dc->typedefs.v[i], len))
			return true;
	return false;
}

static bool is_struct_typedef(const struct dtrace_ctx *dc, const char *type)
{
	for (int i = 0; i < dc->struct_typedefs.n; i++)
		if (!strcmp(dc->struct_typedefs.v[i], type))
			return true;
	return false;
}

/*
 * typedef ... NAME [[N]];: NAME starts declarations from here on (the
 * parser reads the typedef itself).  p is at "typedef"; returns its end.
 */
static const char *note_typedef(struct dtrace_ctx *dc, const char *p, const char *end)
{
	const char *name = NULL;
	size_t name_len = 0;
	int depth = 0, nest = 0;
	bool aggregate = false, star = false;

	for (p += 7; p < end; p++) {
		size_t n = word_len(p);

		if (n && depth == 0 && ((n == 6 && !strncmp(p, "struct", 6)) ||
					(n == 5 && !strncmp(p, "union", 5))))
			aggregate = true;
		if (n) {
			if (depth == 0 && nest == 0) {
				name = p;
				name_len = n;
			}
			p += n - 1;
			continue;
		}
		if (*p == '{')
			depth++;
		else if (*p == '}')
			depth--;
		else if (*p == '[')
			nest++;
		else if (*p == ']')
			nest--;
		else if (*p == '*' && depth == 0)
			star = true;
		else if (*p == ';' && depth == 0)
			break;
	}
	if (name && !dt_is_typedef(dc, name, name_len)) {
		vec_push(&dc->typedefs, xstrndup(name, name_len));
		if (aggregate && !star)
			vec_push(&dc->struct_typedefs, xstrndup(name, name_len));
	}
	return p < end ? p + 1 : end;
}

/* Past a comment, string or character constant starting at p, else p. */
static const char *skip_lexical(const char *p, const char *end)
{
	if (p + 1 < end && p[0] == '/' && p[1] == '*') {
		const char *e = strstr(p + 2, "*/");

		return e && e < end ? e + 2 : end;
	}
	if (p + 1 < end && p[0] == '/' && p[1] == '/') {
		while (p < end && *p != '\n')
			p++;
		return p;
	}
	if (*p == '"' || *p == '\'') {
		char q = *p++;

		while (p < end && *p != q && *p != '\n')
			p += *p == '\\' && p + 1 < end ? 2 : 1;
		return p < end ? p + 1 : end;
	}
	return p;
}

/* The end of a declaration starting at p: its ';' (NULL when a '{' or the end comes first). */
static const char *decl_end(const char *p, const char *end)
{
	while (p < end) {
		const char *q = skip_lexical(p, end);

		if (q != p) {
			p = q;
			continue;
		}
		if (*p == ';')
			return p;
		if (*p == '{' || *p == '}')
			return NULL;
		p++;
	}
	return NULL;
}

/* The name sonde gives a D variable of that scope: @x, @self_x, $this_x. */
static char *lowered_name(const char *scope, const char *name, size_t len)
{
	if (!strcmp(scope, "self"))
		return xasprintf("@self_%.*s", (int)len, name);
	if (!strcmp(scope, "this"))
		return xasprintf("$this_%.*s", (int)len, name);
	return xasprintf("@%.*s", (int)len, name);
}

/*
 * Remember what the declaration declares: each comma-separated part's
 * last word at nesting 0 is a name; the words before the first name are
 * the type (a string, a D struct or union value, or else a scalar).
 */
static void note_decl(struct dtrace_ctx *dc, const char *p, const char *end)
{
	const char *last = NULL;
	size_t last_len = 0;
	char scope[8] = "", type[128] = "";
	bool first_part = true;
	int star = 0;
	int nest = 0;

	for (; p <= end; p++) {
		size_t n = p < end ? word_len(p) : 0;

		if (n && nest == 0) {
			if (last && first_part && strlen(type) + last_len + 2 < sizeof(type)) {
				if (last_len == 4 && (!strncmp(last, "self", 4) || !strncmp(last, "this", 4)))
					snprintf(scope, sizeof(scope), "%.4s", last);
				else
					snprintf(type + strlen(type), sizeof(type) - strlen(type),
						 "%s%.*s", type[0] ? " " : "", (int)last_len, last);
			}
			last = p;
			last_len = n;
			p += n - 1;
			continue;
		}
		if (p < end && (*p == '[' || *p == '('))
			nest++;
		else if (p < end && (*p == ']' || *p == ')'))
			nest--;
		else if (p < end && *p == '*' && nest == 0)
			star++;
		else if ((p == end || *p == ',') && nest == 0 && last) {
			struct dt_decl d = { 0 };

			if (!scope[0] && !is_decl_word(last, last_len) &&
			    !dt_is_typedef(dc, last, last_len)) {
				char *g = xstrndup(last, last_len);

				if (!dt_is_global(dc, g))
					vec_push(&dc->globals, g);
				else
					free(g);
			}
			d.name = lowered_name(scope, last, last_len);
			d.string = !star && !strcmp(type, "string");
			if (!star && (!strncmp(type, "struct ", 7) || !strncmp(type, "union ", 6) ||
				      is_struct_typedef(dc, type)))
				d.struct_type = xstrdup(type);
			if (star && type[0]) {	/* int *x: reads (int *)0 until assigned */
				d.ptr_type = xstrdup(type);
				d.ptr_depth = star;
			}
			vec_push(&dc->decls, d);
			first_part = false;
			star = 0;
			last = NULL;
		}
	}
}

/* inline TYPE NAME = EXPR; -> "#define NAME (EXPR)" then the newlines it spanned. */
static int rewrite_inline(const struct source *src, const char *start, const char *semi,
			  struct strbuf *out)
{
	const char *eq = memchr(start, '=', (size_t)(semi - start)), *name = NULL, *p;
	const char *line = start;
	size_t name_len = 0;

	while (line > src->text && line[-1] != '\n')
		line--;
	for (p = line; p < start; p++)
		if (!isspace((unsigned char)*p))
			eq = NULL;	/* something before it on its line */
	for (p = start + 6; eq && p < eq; p++) {
		size_t n = word_len(p);

		if (n) {
			name = p;
			name_len = n;
			p += n - 1;
		}
	}
	if (!eq || !name) {
		int lineno = 1;

		for (p = src->text; p < start; p++)
			lineno += *p == '\n';
		diag_error(src, (struct loc){ lineno, (int)(start - line) + 1, lineno,
					      (int)(start - line) + 6 },
			   "%s: expected `inline TYPE NAME = EXPRESSION;` at the start of a line",
			   "inline");
		return -1;
	}
	sb_addf(out, "#define %.*s (", (int)name_len, name);
	for (p = eq + 1; p < semi; p++)
		sb_addc(out, *p == '\n' || *p == '\r' ? ' ' : *p);
	sb_addc(out, ')');
	for (p = start; p < semi; p++)
		if (*p == '\n')
			sb_addc(out, '\n');
	return 0;
}

/* The line and column of p in src's text. */
static struct loc loc_at(const struct source *src, const char *p)
{
	struct loc loc = { .line = 1, .col = 1 };

	for (const char *q = src->text; q < p; q++) {
		if (*q == '\n') {
			loc.line++;
			loc.col = 1;
		} else {
			loc.col++;
		}
	}
	return loc;
}

/* $$N at p - 1: remember where its $N is, for the lowering to make it a string. */
static void note_strarg(struct dtrace_ctx *dc, const struct source *src, const char *p)
{
	vec_push(&dc->strargs, loc_at(src, p));
}

/*
 * `sym (or mod`sym) at p: D's kernel variables.  Linux's BTF types only
 * its per-CPU variables, so sonde cannot give `sym the variable's type
 * (nor, without CONFIG_KALLSYMS_ALL, an address): a located error.
 */
static int external_var(const struct source *src, const char *p)
{
	struct loc loc = loc_at(src, p);
	size_t n = word_len(p + 1);

	loc.end_line = loc.line;
	loc.end_col = loc.col + 1 + (int)n;
	diag_error(src, loc, "`%.*s: sonde dtrace has no D external (kernel) variables: Linux's BTF gives the types of per-CPU kernel variables only",
		   (int)n, p + 1);
	return 1;
}

int dt_rewrite_decls(struct dtrace_ctx *dc, struct source *src)
{
	const char *p = src->text, *end = src->text + src->len;
	struct strbuf out = { 0 };
	bool item_start = true;
	int depth = 0, err = 0;

	while (p < end) {
		const char *q = skip_lexical(p, end);
		size_t n;

		if (q != p) {
			sb_add(&out, p, (size_t)(q - p));
			p = q;
			continue;
		}
		if (*p == '#' && (p == src->text || p[-1] == '\n')) {
			while (p < end && *p != '\n')
				sb_addc(&out, *p++);
			continue;
		}
		if (p[0] == '$' && p + 2 < end && p[1] == '$' && p[2] >= '0' && p[2] <= '9') {
			note_strarg(dc, src, p + 1);
			sb_addc(&out, ' ');	/* $$N: the argument as a string, as $N */
			p++;
			continue;
		}
		if (*p == '`')
			err |= external_var(src, p);
		n = word_len(p);
		if (depth == 0 && item_start && n == 7 && !strncmp(p, "typedef", 7)) {
			q = note_typedef(dc, p, end);
			sb_add(&out, p, (size_t)(q - p));
			p = q;
			continue;
		}
		if (depth == 0 && item_start && n && (is_decl_word(p, n) || dt_is_typedef(dc, p, n))) {
			const char *semi = decl_end(p, end);

			if (semi && n == 6 && !strncmp(p, "inline", 6)) {
				err |= rewrite_inline(src, p, semi, &out);
				p = semi + 1;
				continue;
			}
			if (semi) {
				note_decl(dc, p, semi);
				for (; p <= semi; p++)
					sb_addc(&out, *p == '\n' ? '\n' : ' ');
				continue;
			}
		}
		if (n) {
			item_start = false;
			sb_add(&out, p, n);
			p += n;
			continue;
		}
		if (*p == '{')
			depth++;
		else if (*p == '}' && depth > 0)
			depth--;
		if (depth == 0 && (*p == ';' || *p == '}'))
			item_start = true;
		else if (!isspace((unsigned char)*p))
			item_start = false;
		sb_addc(&out, *p++);
	}
	free(src->text);
	src->len = out.len;
	src->text = out.buf ? sb_steal(&out) : xstrdup("");
	return err ? -1 : 0;
}
