// SPDX-License-Identifier: GPL-2.0
/*
 * rawtracepoint:[MODULE:]NAME — a tracepoint's raw arguments (the u64
 * values the kernel passes, before the event record is built).  The kernel
 * describes each one in BTF as a typedef btf_trace_NAME of a pointer to a
 * prototype whose first parameter is the tracepoint's private data; the
 * rest are the arguments.
 *
 * As bpftrace does, a tracepoint BTF describes is loaded as a BTF-typed
 * raw tracepoint ("tp_btf": a tracing program, expected attach type
 * BPF_TRACE_RAW_TP, attach_btf_id the typedef's id): the verifier then
 * knows its pointer arguments' types, so helpers and kfuncs that take
 * kernel objects accept them (socket_cookie(), comm(pid)).  A name taken on
 * trust without BTF is a plain raw tracepoint program.  Both attach with
 * BPF_RAW_TRACEPOINT_OPEN (the name NULL for tp_btf).
 */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kbtf.h"
#include "perf.h"
#include "rawtracepoint.h"

#define BTF_TRACE_PREFIX "btf_trace_"

struct rawtp_target {
	char *module;		/* "vmlinux" or the module */
	char *name;
	uint32_t typedef_id;	/* 0: no BTF */
	bool params_read;
	kbtf_params params;
};

/* The prototype behind typedef btf_trace_NAME, or 0. */
static uint32_t proto_of(const struct btfr *btf, uint32_t typedef_id)
{
	const struct btf_type *t = btfr_type(btf, typedef_id);

	if (!t || !btf_is_typedef(t))
		return 0;
	t = btfr_type(btf, t->type);
	if (!t || !btf_is_ptr(t))
		return 0;
	return t->type;
}

/*
 * The prototype to read the arguments from: the kernel's __bpf_trace_NAME
 * function has the same parameters as the typedef, with their names.
 */
static uint32_t named_proto(const struct btfr *btf, const char *name, uint32_t typedef_id)
{
	char *fname = xasprintf("__bpf_trace_%s", name);
	int id = btfr_find(btf, fname, BTF_KIND_FUNC);

	free(fname);
	if (id > 0)
		return btfr_type(btf, id)->type;
	return proto_of(btf, typedef_id);
}

static void read_params(struct rawtp_target *t)
{
	const struct btfr *btf = kbtf_module(t->module);

	if (t->params_read)
		return;
	t->params_read = true;
	if (btf && t->typedef_id)
		kbtf_proto_params(btf, named_proto(btf, t->name, t->typedef_id), 1, &t->params,
				  NULL);
}

int rawtracepoint_nargs(void *target)
{
	struct rawtp_target *t = target;

	read_params(t);
	return t->typedef_id ? t->params.n : -1;
}

int rawtracepoint_arg(void *target, const char *name, int *index, int *btf_type_id)
{
	struct rawtp_target *t = target;
	int i;

	read_params(t);
	i = kbtf_param_index(&t->params, name);
	if (i < 0)
		return -1;
	*index = i;
	*btf_type_id = t->params.v[i].type_id;
	return 0;
}

/* ---- the tracepoints a BTF describes ---- */

/* Calls fn for each btf_trace_* typedef of module's own BTF. */
static void each_tp(const char *module,
		    void (*fn)(const char *module, const char *name, uint32_t id, void *arg),
		    void *arg)
{
	const struct btfr *btf = kbtf_module(module);
	size_t plen = strlen(BTF_TRACE_PREFIX);
	uint32_t first, n;

	if (!btf)
		return;
	first = btfr_first(btf);	/* a module's own types follow vmlinux's */
	n = btfr_count(btf);
	for (uint32_t id = first; id < n; id++) {
		const struct btf_type *t = btfr_type(btf, id);
		const char *name;

		if (!btf_is_typedef(t))
			continue;
		name = btfr_name(btf, t->name_off);
		if (name && strncmp(name, BTF_TRACE_PREFIX, plen) == 0)
			fn(module, name + plen, id, arg);
	}
}

static void each_module_tp(const char *mod_pat,
			   void (*fn)(const char *module, const char *name, uint32_t id,
				      void *arg), void *arg)
{
	kbtf_names mods = { 0 };

	if (!mod_pat || probe_match(mod_pat, "vmlinux"))
		each_tp("vmlinux", fn, arg);
	kbtf_modules(&mods);
	for (int i = 0; i < mods.n; i++)
		if (!mod_pat || probe_match(mod_pat, mods.v[i]))
			each_tp(mods.v[i], fn, arg);
	kbtf_names_free(&mods);
}

/* ---- expansion ---- */

struct expand_state {
	const char *name_pat;
	probelist *out;
};

static void add_probe(probelist *out, const char *module, const char *name, uint32_t id)
{
	struct rawtp_target *t = xcalloc(1, sizeof(*t));
	struct probe p;

	t->module = xstrdup(module);
	t->name = xstrdup(name);
	t->typedef_id = id;
	p.name = xasprintf("rawtracepoint:%s:%s", module, name);
	p.target = t;
	vec_push(out, p);
}

static void expand_one(const char *module, const char *name, uint32_t id, void *arg)
{
	struct expand_state *st = arg;

	if (probe_match(st->name_pat, name))
		add_probe(st->out, module, name, id);
}

static int rawtp_expand(const struct provider *prov, const char *spec,
			const struct expand_ctx *ctx, probelist *out)
{
	const char *colon = strchr(spec, ':');
	struct expand_state st = { .name_pat = colon ? colon + 1 : spec, .out = out };
	char *module = colon ? xstrndup(spec, colon - spec) : NULL;
	int before = out->n;

	if (!*spec || (colon && strchr(colon + 1, ':'))) {
		diag_error(ctx->src, ctx->loc, "rawtracepoint probe type requires 1 or 2 arguments");
		free(module);
		return -1;
	}
	if (kbtf_vmlinux()) {
		each_module_tp(module ? module : "*", expand_one, &st);
	} else if (!probe_has_wildcard(spec)) {
		/* Without BTF a name is taken on trust; attaching checks it. */
		add_probe(out, module ? module : "vmlinux", st.name_pat, 0);
	}
	free(module);
	/* A name in vmlinux and a module (unlikely) is one tracepoint. */
	if (out->n - before > 1 && !probe_has_wildcard(spec)) {
		while (out->n > before + 1) {
			struct probe *p = &out->v[--out->n];

			prov->free_target(p->target);
			free(p->name);
		}
	}
	if (out->n == before) {
		/* bpftrace's words: a bare name is looked up in every module */
		if (colon)
			diag_error(ctx->src, ctx->loc, "No matches for rawtracepoint %s.", spec);
		else
			diag_error(ctx->src, ctx->loc, "Probe has no valid attach points. If this is expected, set the 'missing_probes' config variable to 'warn'.");
		return -1;
	}
	return 0;
}

/* ---- attaching ---- */

/* tp_btf where BTF describes the tracepoint, else a plain raw tracepoint */
static enum bpf_prog_type rawtp_prog_type(void *target)
{
	return ((struct rawtp_target *)target)->typedef_id ? BPF_PROG_TYPE_TRACING :
							     BPF_PROG_TYPE_RAW_TRACEPOINT;
}

static uint32_t rawtp_attach_type(void *target)
{
	return ((struct rawtp_target *)target)->typedef_id ? BPF_TRACE_RAW_TP : 0;
}

static uint32_t rawtp_btf_id(void *target)
{
	return ((struct rawtp_target *)target)->typedef_id;
}

static int rawtp_btf_obj_fd(void *target)
{
	struct rawtp_target *t = target;
	int fd = t->typedef_id ? kbtf_module_fd(t->module) : -1;

	return fd < 0 ? 0 : fd;
}

static int rawtp_attach(void *target, const char *probe, int prog_fd, fdlist *fds)
{
	struct rawtp_target *t = target;
	int fd = bpf_raw_tracepoint_open(t->typedef_id ? NULL : t->name, prog_fd);

	if (fd < 0) {
		int err = -errno;

		fprintf(stderr, "ERROR: %s: attaching the raw tracepoint failed: %s\n", probe,
			strerror(-err));
		return err;
	}
	vec_push(fds, fd);
	return 0;
}

/* ---- listing ---- */

struct list_state {
	kbtf_names names;
};

static void collect(const char *module, const char *name, uint32_t id, void *arg)
{
	struct list_state *st = arg;

	vec_push(&st->names, xasprintf("rawtracepoint:%s:%s", module, name));
}

static void print_args(const char *full, FILE *out)
{
	const char *name = strrchr(full, ':') + 1;
	char *module = xstrndup(full + strlen("rawtracepoint:"),
				name - 1 - full - strlen("rawtracepoint:"));
	const struct btfr *btf = kbtf_module(module);
	char *tname = xasprintf(BTF_TRACE_PREFIX "%s", name);
	kbtf_params params = { 0 };
	int id = btf ? btfr_find(btf, tname, BTF_KIND_TYPEDEF) : -1;

	if (id > 0) {
		kbtf_proto_params(btf, named_proto(btf, name, id), 1, &params, NULL);
		kbtf_print_params(out, btf, &params, 0, false);
	}
	kbtf_params_free(&params);
	free(tname);
	free(module);
}

static void rawtp_list(const char *pattern, bool verbose, FILE *out)
{
	struct list_state st = { 0 };

	if (!kbtf_vmlinux())
		return;
	each_module_tp(NULL, collect, &st);
	if (st.names.n)
		qsort(st.names.v, st.names.n, sizeof(st.names.v[0]), kbtf_cmp_names);
	for (int i = 0; i < st.names.n; i++) {
		if (!kbtf_list_match(pattern, st.names.v[i]))
			continue;
		fprintf(out, "%s\n", st.names.v[i]);
		if (verbose)
			print_args(st.names.v[i], out);
	}
	kbtf_names_free(&st.names);
}

static struct type *rawtp_args_type(void *target)
{
	struct rawtp_target *t = target;

	read_params(t);
	if (!t->typedef_id)
		return NULL;
	return kbtf_params_ctx(&t->params, strcmp(t->module, "vmlinux") == 0, t->name);
}

static void rawtp_free_target(void *target)
{
	struct rawtp_target *t = target;

	if (!t)
		return;
	kbtf_params_free(&t->params);
	free(t->module);
	free(t->name);
	free(t);
}

const struct provider provider_rawtracepoint = {
	.name = "rawtracepoint",
	.aliases = (const char *const[]){ "rt", NULL },
	.kind = PROV_ATTACHED,
	.caps = PCAP_BTF_ARGS,
	/* the language's view; a probe without BTF loads as a raw tracepoint */
	.prog_type = BPF_PROG_TYPE_TRACING,
	.target_prog_type = rawtp_prog_type,
	.expand = rawtp_expand,
	.args_type = rawtp_args_type,
	.attach = rawtp_attach,
	.list = rawtp_list,
	.free_target = rawtp_free_target,
	.ctx = CTX_RAW_TP,
	.max_args = 12,
	.expected_attach_type = rawtp_attach_type,
	.attach_btf_id = rawtp_btf_id,
	.attach_btf_obj_fd = rawtp_btf_obj_fd,
};
