// SPDX-License-Identifier: GPL-2.0
/*
 * fentry:[MODULE:]FUNC and fexit:[MODULE:]FUNC (kfunc/kretfunc in older
 * scripts).  The program is BPF_PROG_TYPE_TRACING, loaded against the
 * function's BTF id and attached by a BPF link to a trampoline.  Its
 * context is an array of u64: the arguments, then (fexit) the return value.
 *
 * fentry:bpf[:PROG_ID]:FUNC and fexit:bpf[...] trace a loaded BPF program's
 * function (its main function or a BPF-to-BPF subprogram, named by the
 * program's BTF): loaded with attach_prog_fd the traced program and
 * attach_btf_id the FUNC's id in its BTF.
 */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lang/btf.h"
#include "bpfprogs.h"
#include "fentry.h"
#include "kallsyms.h"
#include "kbtf.h"
#include "perf.h"

struct fentry_target {
	char *module;		/* "vmlinux", the module's name, or "bpf" */
	char *func;
	uint32_t btf_id;	/* of the FUNC, in the module's (program's) BTF */
	bool is_exit;
	int prog_fd;		/* fentry:bpf: the traced program, else -1 */
	int nparams;		/* fentry:bpf: its function's parameters */
	bool params_read;
	kbtf_params params;
	uint32_t ret_id;
};

int fentry_check(void)
{
	static int cached = 1;
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	const struct btfr *btf;
	int id, fd;

	if (cached <= 0)
		return cached;
	btf = kbtf_vmlinux();
	if (!btf)
		return cached = -ENOENT;
	/* A function every kernel with BTF and networking has. */
	id = btfr_find(btf, "bpf_fentry_test1", BTF_KIND_FUNC);
	if (id < 0)
		id = btfr_find(btf, "vfs_read", BTF_KIND_FUNC);
	if (id < 0)
		return cached = -ENOENT;
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_TRACE_FENTRY,
		    .attach_btf_id = id);
	fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, "sonde_probe", "GPL", insns,
			   ARRAY_SIZE(insns), &opts);
	if (fd < 0)
		return cached = -errno;
	close(fd);
	return cached = 0;
}

static void read_params(struct fentry_target *t)
{
	const struct btfr *btf = kbtf_module(t->module);
	const struct btf_type *fn;

	if (t->params_read)
		return;
	t->params_read = true;
	fn = btf ? btfr_type(btf, t->btf_id) : NULL;
	if (fn)
		kbtf_proto_params(btf, fn->type, 0, &t->params, &t->ret_id);
}

/* ---- expansion ---- */

static void add_probe(const struct provider *prov, const char *module, const char *func,
		      uint32_t id, probelist *out)
{
	struct fentry_target *t = xcalloc(1, sizeof(*t));
	struct probe p;

	t->module = xstrdup(module);
	t->func = xstrdup(func);
	t->btf_id = id;
	t->is_exit = prov->has_retval;
	t->prog_fd = -1;
	p.name = xasprintf("%s:%s:%s", prov->name, module, func);
	p.target = t;
	vec_push(out, p);
}

/*
 * Add the FUNCs of one BTF that match func (and, when known, are traceable).
 * A wildcard leaves out what kprobes leave out (kfunc_disallowed: RCU's own
 * functions and the idle loop), as bpftrace's list of traceable functions
 * does for both; a plain name is the user's explicit choice.
 */
static void expand_in(const struct provider *prov, const char *module, const char *func,
		      const kfunclist *traceable, probelist *out, int *disallowed)
{
	const struct btfr *btf = kbtf_module(module);
	uint32_t first, n;

	if (!btf)
		return;
	if (!probe_has_wildcard(func)) {
		int id = btfr_find(btf, func, BTF_KIND_FUNC);

		if (id > 0)
			add_probe(prov, module, func, id, out);
		return;
	}
	/* Module BTF is split: its own types follow vmlinux's. */
	first = btfr_first(btf);
	n = btfr_count(btf);
	for (uint32_t id = first; id < n; id++) {
		const struct btf_type *t = btfr_type(btf, id);
		const char *name;

		if (!btf_is_func(t))
			continue;
		name = btfr_name(btf, t->name_off);
		if (!probe_match(func, name))
			continue;
		if (kfunc_disallowed(name)) {
			(*disallowed)++;
			continue;
		}
		if (traceable->n && !kfuncs_has(traceable, name, module))
			continue;
		add_probe(prov, module, name, id, out);
	}
}

static int expand_modules(const struct provider *prov, const char *mod_pat, const char *func,
			  const kfunclist *traceable, probelist *out, int *disallowed)
{
	kbtf_names mods = { 0 };

	if (!probe_has_wildcard(mod_pat)) {
		expand_in(prov, mod_pat, func, traceable, out, disallowed);
		return 0;
	}
	if (probe_match(mod_pat, "vmlinux"))
		expand_in(prov, "vmlinux", func, traceable, out, disallowed);
	kbtf_modules(&mods);
	for (int i = 0; i < mods.n; i++)
		if (probe_match(mod_pat, mods.v[i]))
			expand_in(prov, mods.v[i], func, traceable, out, disallowed);
	kbtf_names_free(&mods);
	return 0;
}

/* ---- fentry:bpf ---- */

static bool is_bpf_spec(const char *spec)
{
	return strncmp(spec, "bpf", 3) == 0 && (!spec[3] || spec[3] == ':');
}

/* Whether the kernel can trace (load fentry programs), said as for kernel functions. */
static int fentry_supported(const struct provider *prov, const char *spec,
			    const struct expand_ctx *ctx)
{
	/* a dump needs the kernel's BTF, not a kernel that loads fentry programs */
	int err = ctx->no_attach ? (kbtf_vmlinux() ? 0 : -ENOENT) : fentry_check();

	if (err)
		diag_plain_error("%s:%s: this kernel has no %s support (%s)", prov->name, spec,
				 prov->name, err == -ENOENT ? "no BTF for the kernel" :
				 strerror(-err));
	return err;
}

static bool add_bpf_probe(const struct provider *prov, const struct bpf_func_entry *f,
			  probelist *out)
{
	int fd = bpf_prog_get_fd_by_id(f->prog_id);	/* held: the program stays */
	struct fentry_target *t;
	struct probe p;

	if (fd < 0)
		return false;	/* unloaded since */
	t = xcalloc(1, sizeof(*t));
	t->module = xstrdup("bpf");
	t->func = xstrdup(f->name);
	t->btf_id = f->type_id;
	t->is_exit = prov->has_retval;
	t->prog_fd = fd;
	t->nparams = f->nparams;
	t->params_read = true;	/* no args: bpftrace offers none for these */
	p.name = xasprintf("%s:bpf:%u:%s", prov->name, f->prog_id, f->name);
	p.target = t;
	vec_push(out, p);
	return true;
}

/* Why fentry:bpf:ID:FUNC matched nothing. */
static void bpf_no_match(const struct provider *prov, uint32_t id, const char *spec,
			 const struct expand_ctx *ctx)
{
	bool has_btf;

	if (id && !bpfprogs_exists(id, &has_btf))
		diag_error(ctx->src, ctx->loc, "No BPF program with id %u is loaded.", id);
	else if (id && !has_btf)
		diag_error(ctx->src, ctx->loc, "BPF program %u has no BTF: only the functions of "
			   "programs loaded with BTF function information can be traced", id);
	else
		diag_error(ctx->src, ctx->loc, "No matches for %s %s (sonde -l '%s:bpf:*' "
			   "lists the BPF programs' functions that can be traced).", prov->name,
			   spec, prov->name);
}

/* bpf[:PROG_ID]:FUNC; PROG_ID may be '*', FUNC a wildcard. */
static int expand_bpf(const struct provider *prov, const char *spec,
		      const struct expand_ctx *ctx, probelist *out)
{
	const char *rest = spec[3] ? spec + 4 : "", *colon = strchr(rest, ':');
	const char *func = colon ? colon + 1 : rest;
	bpf_funcs funcs = { 0 };
	uint32_t id = 0;
	int before = out->n, matched = 0, err;

	if (!*func) {
		diag_error(ctx->src, ctx->loc, "the 'bpf' variant of this probe requires a bpf "
			   "program name and optional bpf program id");
		return -1;
	}
	if (colon && strchr(func, ':')) {
		diag_error(ctx->src, ctx->loc, "%s probe type requires 1 to 3 arguments",
			   prov->name);
		return -1;
	}
	if (colon && !(colon - rest == 1 && rest[0] == '*')) {
		char *end;
		unsigned long v;

		errno = 0;
		v = strtoul(rest, &end, 10);
		if (end != colon || rest[0] < '0' || rest[0] > '9' || errno || v == 0 ||
		    v > UINT32_MAX) {
			diag_error(ctx->src, ctx->loc, "bpf program id must be a number or '*'");
			return -1;
		}
		id = (uint32_t)v;
	}
	err = bpfprogs_funcs(id, &funcs);
	if (err) {
		diag_error(ctx->src, ctx->loc, "cannot list the loaded BPF programs: %s",
			   strerror(-err));
		return -1;
	}
	for (int i = 0; i < funcs.n; i++)
		matched += probe_match(func, funcs.v[i].name);
	/* the kernel's support is told after the matching, before any probe is made */
	if (matched && fentry_supported(prov, spec, ctx)) {
		bpfprogs_free(&funcs);
		return -1;
	}
	for (int i = 0; i < funcs.n; i++)
		if (probe_match(func, funcs.v[i].name))
			add_bpf_probe(prov, &funcs.v[i], out);
	bpfprogs_free(&funcs);
	if (out->n == before) {
		if (ctx->missing != MISSING_ERROR && !probe_has_wildcard(func)) {
			if (ctx->missing == MISSING_WARN)
				diag_warning(ctx->src, ctx->loc, "No matches for %s %s. Skipping.",
					     prov->name, spec);
			return 0;
		}
		bpf_no_match(prov, id, spec, ctx);
		return -1;
	}
	return 0;
}

static int fentry_expand(const struct provider *prov, const char *spec,
			 const struct expand_ctx *ctx, probelist *out)
{
	const char *colon = strchr(spec, ':');
	kfunclist traceable = { 0 };
	int before = out->n, disallowed = 0, err;
	char *module;

	if (is_bpf_spec(spec))
		return expand_bpf(prov, spec, ctx, out);
	if (!*spec || (colon && strchr(colon + 1, ':'))) {
		diag_error(ctx->src, ctx->loc, "%s probe type requires 1 or 2 arguments",
			   prov->name);
		return -1;
	}
	err = fentry_supported(prov, spec, ctx);
	if (err)
		return -1;
	module = colon ? xstrndup(spec, colon - spec) : xstrdup("vmlinux");
	if (probe_has_wildcard(spec))
		kfuncs_read(&traceable);
	expand_modules(prov, module, colon ? colon + 1 : spec, &traceable, out, &disallowed);
	/* A plain FUNC that vmlinux lacks may live in a module. */
	if (out->n == before && !colon && !probe_has_wildcard(spec))
		expand_modules(prov, "*", spec, &traceable, out, &disallowed);
	kfuncs_free(&traceable);
	free(module);
	if (out->n == before && disallowed)	/* "Probe has no valid attach points.", as kprobes */
		return 0;
	if (out->n == before) {
		/* config missing_probes = warn or ignore: the other probes still run */
		if (ctx->missing != MISSING_ERROR && !probe_has_wildcard(spec)) {
			if (ctx->missing == MISSING_WARN)
				diag_warning(ctx->src, ctx->loc, "No matches for %s %s. Skipping.",
					     prov->name, spec);
			return 0;
		}
		diag_error(ctx->src, ctx->loc, "No matches for %s %s.", prov->name, spec);
		return -1;
	}
	return 0;
}

/* ---- attaching ---- */

static int fentry_attach(void *target, const char *probe, int prog_fd, fdlist *fds)
{
	struct fentry_target *t = target;
	int link = bpf_link_create(prog_fd, 0, t->is_exit ? BPF_TRACE_FEXIT : BPF_TRACE_FENTRY,
				   NULL);

	/* Kernels before links for tracing programs (5.8): the raw_tp open. */
	if (link < 0 && errno == EINVAL)
		link = bpf_raw_tracepoint_open(NULL, prog_fd);
	if (link < 0) {
		int err = -errno;

		fprintf(stderr, "ERROR: %s: attaching the BPF program failed: %s\n", probe,
			strerror(-err));
		return err;
	}
	vec_push(fds, link);
	return 0;
}

static uint32_t fentry_attach_type(void *target)
{
	return ((struct fentry_target *)target)->is_exit ? BPF_TRACE_FEXIT : BPF_TRACE_FENTRY;
}

static uint32_t fentry_btf_id(void *target)
{
	return ((struct fentry_target *)target)->btf_id;
}

static int fentry_btf_obj_fd(void *target)
{
	int fd = kbtf_module_fd(((struct fentry_target *)target)->module);

	return fd < 0 ? 0 : fd;
}

static int fentry_prog_fd(void *target)
{
	int fd = ((struct fentry_target *)target)->prog_fd;

	return fd < 0 ? 0 : fd;
}

/* fexit:bpf: the return value's slot follows the function's parameters */
static int fentry_retval_off(void *target)
{
	const struct fentry_target *t = target;

	return t->prog_fd >= 0 ? 8 * t->nparams : -1;
}

/* ---- listing ---- */

static void list_btf(const char *prov_name, const char *module, const kfunclist *traceable,
		     const char *pattern, bool verbose, FILE *out)
{
	const struct btfr *btf = kbtf_module(module);
	kbtf_names names = { 0 };
	uint32_t first, n;

	if (!btf)
		return;
	first = btfr_first(btf);	/* a module's own types follow vmlinux's */
	n = btfr_count(btf);
	for (uint32_t id = first; id < n; id++) {
		const struct btf_type *t = btfr_type(btf, id);
		const char *name;

		if (!btf_is_func(t))
			continue;
		name = btfr_name(btf, t->name_off);
		if (kfunc_disallowed(name) ||
		    (traceable->n && !kfuncs_has(traceable, name, module)))
			continue;
		vec_push(&names, xasprintf("%s:%s:%s", prov_name, module, name));
	}
	/* BTF order is arbitrary; -l lists sorted, without repeats. */
	if (names.n)
		qsort(names.v, names.n, sizeof(names.v[0]), kbtf_cmp_names);
	for (int i = 0; i < names.n; i++) {
		if ((i && strcmp(names.v[i], names.v[i - 1]) == 0) ||
		    !kbtf_list_match(pattern, names.v[i]))
			continue;
		fprintf(out, "%s\n", names.v[i]);
		if (verbose) {
			const char *fname = strrchr(names.v[i], ':') + 1;
			int fid = btfr_find(btf, fname, BTF_KIND_FUNC);
			kbtf_params params = { 0 };
			uint32_t ret = 0;

			if (fid > 0)
				kbtf_proto_params(btf, btfr_type(btf, fid)->type, 0, &params,
						  &ret);
			kbtf_print_params(out, btf, &params, ret, true);
			kbtf_params_free(&params);
		}
	}
	kbtf_names_free(&names);
}

static void list_as(const char *prov_name, const char *pattern, bool verbose, FILE *out)
{
	kfunclist traceable = { 0 };
	kbtf_names mods = { 0 };

	if (fentry_check())
		return;
	kfuncs_read(&traceable);
	list_btf(prov_name, "vmlinux", &traceable, pattern, verbose, out);
	kbtf_modules(&mods);
	for (int i = 0; i < mods.n; i++)
		list_btf(prov_name, mods.v[i], &traceable, pattern, verbose, out);
	kbtf_names_free(&mods);
	kfuncs_free(&traceable);
}

/*
 * fentry:bpf:ID:FUNC for every function of the loaded programs with BTF,
 * listed only when the pattern asks for them ("fentry:bpf:..."): listing
 * enumerates, so it works where fentry programs do not load.
 */
static bool list_bpf(const char *prov_name, const char *pattern, FILE *out)
{
	size_t n = strlen(prov_name);
	bpf_funcs funcs = { 0 };
	kbtf_names names = { 0 };

	if (!pattern || strncmp(pattern, prov_name, n) != 0 || !is_bpf_spec(pattern + n + 1))
		return false;
	bpfprogs_funcs(0, &funcs);
	for (int i = 0; i < funcs.n; i++)
		vec_push(&names, xasprintf("%s:bpf:%u:%s", prov_name, funcs.v[i].prog_id,
					   funcs.v[i].name));
	bpfprogs_free(&funcs);
	if (names.n)
		qsort(names.v, names.n, sizeof(names.v[0]), kbtf_cmp_names);
	for (int i = 0; i < names.n; i++)
		if ((!i || strcmp(names.v[i], names.v[i - 1]) != 0) &&
		    probe_match(pattern, names.v[i]))
			fprintf(out, "%s\n", names.v[i]);
	kbtf_names_free(&names);
	return true;
}

static void fentry_list(const char *pattern, bool verbose, FILE *out)
{
	if (!list_bpf("fentry", pattern, out))
		list_as("fentry", pattern, verbose, out);
}

static void fexit_list(const char *pattern, bool verbose, FILE *out)
{
	if (!list_bpf("fexit", pattern, out))
		list_as("fexit", pattern, verbose, out);
}

static struct type *fentry_args_type(void *target)
{
	struct fentry_target *t = target;

	if (t->prog_fd >= 0)
		return NULL;	/* fentry:bpf: no args, as in bpftrace */
	read_params(t);
	return kbtf_params_ctx(&t->params, strcmp(t->module, "vmlinux") == 0, t->func);
}

/* retval of fexit: an integer, enum or pointer the function returns, typed */
static struct type *fexit_ret_type(void *target)
{
	struct fentry_target *t = target;
	struct type *rt;

	read_params(t);
	if (!t->ret_id || strcmp(t->module, "vmlinux") != 0)
		return NULL;
	rt = btf_type_by_id(t->ret_id);
	if (!rt || rt->size > 8 || (rt->kind != TY_INT && rt->kind != TY_ENUM &&
				    rt->kind != TY_PTR && rt->kind != TY_BOOL))
		return NULL;
	return rt;
}

static void fentry_free_target(void *target)
{
	struct fentry_target *t = target;

	if (!t)
		return;
	kbtf_params_free(&t->params);
	if (t->prog_fd >= 0)
		close(t->prog_fd);
	free(t->module);
	free(t->func);
	free(t);
}

const struct provider provider_fentry = {
	.name = "fentry",
	.caps = PCAP_FUNC | PCAP_KFUNC | PCAP_BTF_ARGS,
	.aliases = (const char *const[]){ "f", "kfunc", NULL },
	.kind = PROV_ATTACHED,
	.attach_reverse = true,
	.pid_filter = true,
	.prog_type = BPF_PROG_TYPE_TRACING,
	.expand = fentry_expand,
	.args_type = fentry_args_type,
	.attach = fentry_attach,
	.list = fentry_list,
	.free_target = fentry_free_target,
	.ctx = CTX_RAW_TP,
	.expected_attach_type = fentry_attach_type,
	.attach_btf_id = fentry_btf_id,
	.attach_btf_obj_fd = fentry_btf_obj_fd,
	.attach_prog_fd = fentry_prog_fd,
	.retval_off = fentry_retval_off,
};

const struct provider provider_fexit = {
	.name = "fexit",
	.caps = PCAP_FUNC | PCAP_KFUNC | PCAP_BTF_ARGS,
	.aliases = (const char *const[]){ "fr", "kretfunc", NULL },
	.kind = PROV_ATTACHED,
	.attach_reverse = true,
	.pid_filter = true,
	.prog_type = BPF_PROG_TYPE_TRACING,
	.expand = fentry_expand,
	.args_type = fentry_args_type,
	.ret_type = fexit_ret_type,
	.attach = fentry_attach,
	.list = fexit_list,
	.free_target = fentry_free_target,
	.ctx = CTX_RAW_TP,
	.has_retval = true,
	.expected_attach_type = fentry_attach_type,
	.attach_btf_id = fentry_btf_id,
	.attach_btf_obj_fd = fentry_btf_obj_fd,
	.attach_prog_fd = fentry_prog_fd,
	.retval_off = fentry_retval_off,
};
