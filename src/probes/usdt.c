// SPDX-License-Identifier: GPL-2.0
/*
 * usdt:BIN:[PROVIDER:]NAME — statically defined user-space probes (sdt.h)
 * found in .note.stapsdt, attached through the uprobe PMU at each site.
 * A probe guarded by a semaphore gets it counted up by the kernel
 * (ref_ctr_offset) for as long as the perf event lives.
 *
 * Sites of one probe that pass their arguments the same way become one
 * probe with several locations; sites whose argument specs differ become
 * separate probes of the same name, since argN compiles differently.
 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "uprobe.h"
#include "usdt.h"
#include "../sym/elf.h"
#include "arch/arch.h"

/* ---- argument specs ---- */

/* The register named at *p (after '%'), advancing *p; -1 when unknown. */
static int parse_reg(const char **p, const char **why)
{
	const char *s = *p;
	const struct arch_reg *r;
	size_t n = 0;

	while (isalnum((unsigned char)s[n]))
		n++;
	r = arch_operand_reg(arch_host(), s, (int)n);
	if (r) {
		*p = s + n;
		return r->off;
	}
	*why = (n == 3 && strncmp(s, "rip", 3) == 0) ? "%rip-relative arguments are not supported"
						      : "unknown register";
	return -1;
}

/* A signed decimal or 0x number at *p, advancing *p; -1 when none. */
static int parse_int(const char **p, int64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoll(*p, &end, 0);
	if (end == *p || errno)
		return -1;
	*p = end;
	return 0;
}

/* "DISP(%REG)" or "(%REG)": a memory operand. */
static int parse_mem(const char **p, struct usdt_arg *out, const char **why)
{
	const char *s = *p;

	out->kind = USDT_ARG_MEM;
	out->value = 0;
	if (*s != '(' && parse_int(&s, &out->value)) {
		*why = "symbol-relative arguments are not supported";
		return -1;
	}
	if (s[0] != '(' || s[1] != '%') {
		*why = "bad memory operand";
		return -1;
	}
	s += 2;
	out->reg_off = parse_reg(&s, why);
	if (out->reg_off < 0)
		return -1;
	if (*s == ',') {
		*why = "indexed memory arguments are not supported";
		return -1;
	}
	if (*s != ')') {
		*why = "bad memory operand";
		return -1;
	}
	*p = s + 1;
	return 0;
}

static int parse_operand(const char **p, struct usdt_arg *out, const char **why)
{
	const char *s = *p;

	if (*s == '%') {
		s++;
		out->kind = USDT_ARG_REG;
		out->reg_off = parse_reg(&s, why);
		if (out->reg_off < 0)
			return -1;
	} else if (*s == '$') {
		s++;
		out->kind = USDT_ARG_CONST;
		if (parse_int(&s, &out->value)) {
			*why = "bad constant";
			return -1;
		}
	} else if (parse_mem(&s, out, why)) {
		return -1;
	}
	*p = s;
	return 0;
}

/* "-4@": the size and signedness. */
static int parse_size(const char **p, struct usdt_arg *out, const char **why)
{
	const char *s = *p;
	char *end;
	long size;

	out->is_signed = *s == '-';
	if (*s == '-')
		s++;
	size = strtol(s, &end, 10);
	if (end == s || (size != 1 && size != 2 && size != 4 && size != 8)) {
		*why = "bad argument size";
		return -1;
	}
	if (*end == 'f') {
		*why = "floating-point arguments are not supported";
		return -1;
	}
	if (*end != '@') {
		*why = "expected '@' after the argument size";
		return -1;
	}
	out->size = (int)size;
	*p = end + 1;
	return 0;
}

/*
 * A constant is the value of its size: "2@$-3600" is the unsigned 16-bit
 * 61936, "-2@$-3600" the signed -3600 (the compiler writes the C value).
 */
static int64_t fit_const(int64_t v, int size, bool is_signed)
{
	int shift = 64 - 8 * size;
	uint64_t u = (uint64_t)v << shift;

	return is_signed ? (int64_t)u >> shift : (int64_t)(u >> shift);
}

int usdt_parse_arg(const char **text, struct usdt_arg *out, const char **why)
{
	const char *s = *text;

#if !defined(__x86_64__)
	*why = "USDT arguments are supported on x86-64 only";
	return -1;
#endif
	memset(out, 0, sizeof(*out));
	while (*s == ' ')
		s++;
	if (parse_size(&s, out, why) || parse_operand(&s, out, why))
		return -1;
	if (out->kind == USDT_ARG_CONST && out->size < 8)
		out->value = fit_const(out->value, out->size, out->is_signed);
	if (*s && *s != ' ') {
		*why = "unexpected text after the argument";
		return -1;
	}
	*text = s;
	return 0;
}

int usdt_parse_args(const char *text, struct usdt_arg *args, int max, const char **why)
{
	int n = 0;

	for (;;) {
		while (*text == ' ')
			text++;
		if (!*text)
			return n;
		if (n == max) {
			*why = "too many arguments";
			return -1;
		}
		if (usdt_parse_arg(&text, &args[n], why))
			return -1;
		n++;
	}
}

const char *usdt_arg_type_name(const struct usdt_arg *arg)
{
	static const char *const names[2][4] = {
		{ "uint8", "uint16", "uint32", "uint64" },
		{ "int8", "int16", "int32", "int64" },
	};
	int idx = arg->size == 1 ? 0 : arg->size == 2 ? 1 : arg->size == 4 ? 2 : 3;

	return names[arg->is_signed][idx];
}

/* ---- probes ---- */

struct usdt_loc {
	uint64_t offset;	/* file offset of the probe's nop */
	uint64_t ref_ctr_off;	/* file offset of the semaphore, 0 when none */
};

struct usdt_target {
	char *path;
	char *provider, *name;
	int pid;
	VEC(struct usdt_loc) locs;
	struct usdt_arg args[USDT_MAX_ARGS];
	int nargs;
};

static bool same_args(const struct usdt_target *t, const struct usdt_arg *args, int nargs)
{
	if (t->nargs != nargs)
		return false;
	for (int i = 0; i < nargs; i++) {
		const struct usdt_arg *a = &t->args[i], *b = &args[i];

		if (a->kind != b->kind || a->size != b->size || a->is_signed != b->is_signed ||
		    a->reg_off != b->reg_off || a->value != b->value)
			return false;
	}
	return true;
}

/* The probe of this expansion (from index first) the site joins, or NULL. */
static struct usdt_target *find_group(probelist *out, int first, const char *path,
				      const struct elf_usdt_note *n,
				      const struct usdt_arg *args, int nargs)
{
	for (int i = first; i < out->n; i++) {
		struct usdt_target *t = out->v[i].target;

		if (strcmp(t->path, path) == 0 && strcmp(t->provider, n->provider) == 0 &&
		    strcmp(t->name, n->name) == 0 && same_args(t, args, nargs))
			return t;
	}
	return NULL;
}

static void add_site(probelist *out, int first, const char *path,
		     const struct elf_usdt_note *n, const struct usdt_arg *args, int nargs,
		     int pid)
{
	struct usdt_target *t = find_group(out, first, path, n, args, nargs);
	struct usdt_loc loc = { n->pc_offset, n->sem_offset };
	struct probe p;

	if (!t) {
		t = xcalloc(1, sizeof(*t));
		t->path = xstrdup(path);
		t->provider = xstrdup(n->provider);
		t->name = xstrdup(n->name);
		t->pid = pid;
		t->nargs = nargs;
		memcpy(t->args, args, nargs * sizeof(*args));
		p.name = xasprintf("usdt:%s:%s:%s", path, n->provider, n->name);
		p.target = t;
		vec_push(out, p);
	}
	vec_push(&t->locs, loc);
}

/* The parts of "BIN:[PROVIDER:]NAME"; the provider pattern defaults to '*'. */
struct usdt_spec {
	char *bin;
	char *provider;
	char *name;
};

static int split_usdt_spec(const char *spec, struct usdt_spec *us)
{
	const char *c1 = strchr(spec, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;

	memset(us, 0, sizeof(*us));
	if (!c1 || (c2 && strchr(c2 + 1, ':')))
		return -1;
	us->bin = xstrndup(spec, c1 - spec);
	us->provider = c2 ? xstrndup(c1 + 1, c2 - c1 - 1) : xstrdup("*");
	us->name = xstrdup(c2 ? c2 + 1 : c1 + 1);
	if (!*us->provider) {	/* usdt:BIN::name: any provider */
		free(us->provider);
		us->provider = xstrdup("*");
	}
	return *us->name ? 0 : -1;
}

static void free_usdt_spec(struct usdt_spec *us)
{
	free(us->bin);
	free(us->provider);
	free(us->name);
}

static bool note_matches(const struct usdt_spec *us, const struct elf_usdt_note *n)
{
	return probe_match(us->provider, n->provider) && probe_match(us->name, n->name);
}

static int expand_file(const char *path, const struct usdt_spec *us,
		       const struct expand_ctx *ctx, probelist *out, int first)
{
	elf_usdtlist notes = { 0 };
	int err = 0;

	elf_usdt_notes(path, &notes);
	for (int i = 0; i < notes.n && !err; i++) {
		struct usdt_arg args[USDT_MAX_ARGS];
		const char *why;
		int nargs;

		if (!note_matches(us, &notes.v[i]))
			continue;
		nargs = usdt_parse_args(notes.v[i].args, args, USDT_MAX_ARGS, &why);
		if (nargs < 0) {
			diag_error(ctx->src, ctx->loc, "usdt:%s:%s:%s: argument \"%s\": %s", path,
				   notes.v[i].provider, notes.v[i].name, notes.v[i].args, why);
			err = -1;
			break;
		}
		add_site(out, first, path, &notes.v[i], args, nargs, ctx->pid);
	}
	elf_usdt_free(&notes);
	return err;
}

static int usdt_expand(const struct provider *prov, const char *spec,
		       const struct expand_ctx *ctx, probelist *out)
{
	struct usdt_spec us;
	pathlist paths = { 0 };
	const char *why;
	int first = out->n, err = 0;

	if (split_usdt_spec(spec, &us)) {
		diag_error(ctx->src, ctx->loc, "usdt probe type requires 2 or 3 arguments");
		free_usdt_spec(&us);
		return -1;
	}
	if (!*us.bin && ctx->pid > 0) {
		/* usdt::provider:name -p PID: every object the process maps */
		procmaps_files(ctx->pid, &paths);
	} else if (uprobe_resolve_binary(us.bin, ctx->pid, &paths, &why)) {
		diag_error(ctx->src, ctx->loc, "usdt:%s: %s", spec, why);
		free_usdt_spec(&us);
		return -1;
	}
	for (int i = 0; i < paths.n && !err; i++)
		err = expand_file(paths.v[i], &us, ctx, out, first);
	if (!err && out->n == first) {
		diag_error(ctx->src, ctx->loc, "usdt:%s: no such USDT probe", spec);
		err = -1;
	}
	pathlist_free(&paths);
	free_usdt_spec(&us);
	return err;
}

static int usdt_attach(void *target, const char *probe, int prog_fd, fdlist *fds)
{
	struct usdt_target *t = target;
	int err = 0;

	for (int i = 0; i < t->locs.n && !err; i++)
		err = uprobe_attach_at(probe, t->path, t->locs.v[i].offset,
				       t->locs.v[i].ref_ctr_off, false, t->pid, prog_fd, fds);
	return err;
}

static int usdt_get_arg(void *target, int n, struct usdt_arg *out)
{
	struct usdt_target *t = target;

	if (n < 0 || n >= t->nargs)
		return -1;
	*out = t->args[n];
	return 0;
}

static struct type *usdt_args_type(void *target)
{
	return NULL;
}

static void usdt_free_target(void *target)
{
	struct usdt_target *t = target;

	if (!t)
		return;
	free(t->path);
	free(t->provider);
	free(t->name);
	vec_free(&t->locs);
	free(t);
}

/* ---- listing ---- */

struct listed {
	char *name;		/* usdt:PATH:PROVIDER:NAME */
	const char *args;	/* the first site's specs, for -v */
};

static int listed_cmp(const void *a, const void *b)
{
	return strcmp(((const struct listed *)a)->name, ((const struct listed *)b)->name);
}

/* -lv: one line per argument, its type from the spec: "    int32 arg0". */
static void list_args(const char *specs, FILE *out)
{
	struct usdt_arg args[USDT_MAX_ARGS];
	const char *why;
	int n = usdt_parse_args(specs, args, USDT_MAX_ARGS, &why);

	for (int i = 0; i < n; i++)
		fprintf(out, "    %s arg%d\n", usdt_arg_type_name(&args[i]), i);
}

/*
 * A pattern part after the binary with one field matches "PROVIDER:NAME"
 * or the name alone, as usdt:BIN:NAME does when attaching.
 */
static bool list_matches(const char *rest, const struct elf_usdt_note *n)
{
	char *full = xasprintf("%s:%s", n->provider, n->name);
	bool ok = probe_match(rest, full) || (!strchr(rest, ':') && probe_match(rest, n->name));

	free(full);
	return ok;
}

static void list_file(const char *path, const char *rest, bool verbose, FILE *out)
{
	VEC(struct listed) found = { 0 };
	elf_usdtlist notes = { 0 };

	elf_usdt_notes(path, &notes);
	for (int i = 0; i < notes.n; i++) {
		struct listed l;

		if (!list_matches(rest, &notes.v[i]))
			continue;
		l.name = xasprintf("usdt:%s:%s:%s", path, notes.v[i].provider, notes.v[i].name);
		l.args = notes.v[i].args;
		vec_push(&found, l);
	}
	if (found.n)
		qsort(found.v, found.n, sizeof(*found.v), listed_cmp);
	for (int i = 0; i < found.n; i++) {
		if (i == 0 || strcmp(found.v[i].name, found.v[i - 1].name) != 0) {
			fprintf(out, "%s\n", found.v[i].name);
			if (verbose)
				list_args(found.v[i].args, out);
		}
	}
	for (int i = 0; i < found.n; i++)
		free(found.v[i].name);
	vec_free(&found);
	elf_usdt_free(&notes);
}

/* -l 'usdt:BIN', 'usdt:BIN:*', 'usdt:BIN:PROVIDER:NAME' ... */
static void usdt_list(const char *pattern, bool verbose, FILE *out)
{
	static const char prefix[] = "usdt:";
	pathlist paths = { 0 };
	const char *bin, *colon, *why;
	char *bin_text;

	if (!pattern || strncmp(pattern, prefix, sizeof(prefix) - 1) != 0)
		return;
	bin = pattern + sizeof(prefix) - 1;
	colon = strchr(bin, ':');
	bin_text = colon ? xstrndup(bin, colon - bin) : xstrdup(bin);
	if (uprobe_resolve_binary(bin_text, 0, &paths, &why) == 0)
		for (int i = 0; i < paths.n; i++)
			list_file(paths.v[i], colon ? colon + 1 : "*", verbose, out);
	pathlist_free(&paths);
	free(bin_text);
}

const struct provider provider_usdt = {
	.name = "usdt",
	.caps = PCAP_USER,
	.aliases = (const char *const[]){ "U", NULL },
	.kind = PROV_ATTACHED,
	.attach_reverse = true,
	.prog_type = BPF_PROG_TYPE_KPROBE,
	.expand = usdt_expand,
	.args_type = usdt_args_type,
	.attach = usdt_attach,
	.list = usdt_list,
	.free_target = usdt_free_target,
	.ctx = CTX_PT_REGS,
	.max_args = USDT_MAX_ARGS,	/* usdt_arg says how many a probe has */
	.usdt_arg = usdt_get_arg,
};
