// SPDX-License-Identifier: GPL-2.0
/*
 * iter:task, iter:task_file, iter:task_vma, ...: BPF_PROG_TYPE_TRACING
 * programs of attach type BPF_TRACE_ITER, loaded against the BTF id of the
 * kernel's bpf_iter_NAME function.  The iterators a kernel has are the
 * bpf_iter__NAME context structs of its BTF.
 */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iter.h"
#include "../lang/btf.h"
#include "kbtf.h"
#include "perf.h"

struct iter_target {
	char *name;		/* "task" */
	uint32_t func_id;	/* FUNC bpf_iter_NAME */
	uint32_t ctx_id;	/* STRUCT bpf_iter__NAME */
	int link_fd;		/* -1 until attached */
};

/* The FUNC and context STRUCT of iterator name; 0, or -1 when there is none. */
static int iter_ids(const char *name, uint32_t *func_id, uint32_t *ctx_id)
{
	const struct btfr *btf = kbtf_vmlinux();
	char *fname = xasprintf("bpf_iter_%s", name);
	char *sname = xasprintf("bpf_iter__%s", name);
	int f = btf ? btfr_find(btf, fname, BTF_KIND_FUNC) : -1;
	int s = btf ? btfr_find(btf, sname, BTF_KIND_STRUCT) : -1;

	free(fname);
	free(sname);
	if (f <= 0 || s <= 0)
		return -1;
	*func_id = f;
	*ctx_id = s;
	return 0;
}

int iter_check(void)
{
	static int cached = 1;
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	uint32_t func_id, ctx_id;
	int fd;

	if (cached <= 0)
		return cached;
	if (iter_ids("task", &func_id, &ctx_id))
		return cached = -ENOENT;
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_TRACE_ITER,
		    .attach_btf_id = func_id);
	fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, "sonde_probe", "GPL", insns,
			   ARRAY_SIZE(insns), &opts);
	if (fd < 0)
		return cached = -errno;
	close(fd);
	return cached = 0;
}

/* ---- expansion ---- */

static int iter_expand(const struct provider *prov, const char *spec,
		       const struct expand_ctx *ctx, probelist *out)
{
	struct iter_target *t;
	uint32_t func_id, ctx_id;
	struct probe p;
	int err;

	if (!*spec || strchr(spec, ':') || probe_has_wildcard(spec)) {
		diag_error(ctx->src, ctx->loc, "iter probe type requires 1 argument (no wildcards)");
		return -1;
	}
	err = ctx->no_attach ? 0 : iter_check();
	if (err) {
		diag_plain_error("iter:%s: this kernel has no BPF iterator support (%s)", spec,
				 err == -ENOENT ? "no BTF for the kernel" : strerror(-err));
		return -1;
	}
	if (iter_ids(spec, &func_id, &ctx_id)) {
		diag_error(ctx->src, ctx->loc, "iter:%s: this kernel has no such iterator", spec);
		return -1;
	}
	t = xcalloc(1, sizeof(*t));
	t->name = xstrdup(spec);
	t->func_id = func_id;
	t->ctx_id = ctx_id;
	t->link_fd = -1;
	p.name = xasprintf("iter:%s", spec);
	p.target = t;
	vec_push(out, p);
	return 0;
}

static int iter_attach(void *target, const char *probe, int prog_fd, fdlist *fds)
{
	struct iter_target *t = target;
	int link = bpf_link_create(prog_fd, 0, BPF_TRACE_ITER, NULL);

	if (link < 0) {
		int err = -errno;

		fprintf(stderr, "ERROR: %s: creating the iterator link failed: %s\n", probe,
			strerror(-err));
		return err;
	}
	t->link_fd = link;
	vec_push(fds, link);
	return 0;
}

int iter_run(void *target, FILE *out)
{
	struct iter_target *t = target;
	char buf[4096];
	ssize_t n;
	int fd;

	if (t->link_fd < 0)
		return -EBADF;
	fd = bpf_iter_create(t->link_fd);
	if (fd < 0) {
		int err = -errno;

		fprintf(stderr, "ERROR: iter:%s: creating the iterator failed: %s\n", t->name,
			strerror(-err));
		return err;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		if (n > 0 && out)
			fwrite(buf, 1, n, out);
	if (n < 0) {
		int err = -errno;

		fprintf(stderr, "ERROR: iter:%s: reading the iterator failed: %s\n", t->name,
			strerror(-err));
		close(fd);
		return err;
	}
	close(fd);
	return 0;
}

static uint32_t iter_attach_type(void *target)
{
	return BPF_TRACE_ITER;
}

static uint32_t iter_btf_id(void *target)
{
	return ((struct iter_target *)target)->func_id;
}

/* ---- listing ---- */

/* -lv: the context's fields but meta, as "    struct task_struct * task". */
static void print_fields(const struct btfr *btf, uint32_t ctx_id, FILE *out)
{
	const struct btf_type *st = btfr_type(btf, ctx_id);
	const struct btf_member *m = btf_members(st);

	for (int i = 0; i < btf_vlen(st); i++) {
		const char *mname = btfr_name(btf, m[i].name_off);
		uint32_t type = m[i].type;
		const struct btf_type *mt = btfr_type(btf, type);
		char *tstr;

		if ((!mname || !*mname) && mt && btf_is_union(mt) && btf_vlen(mt)) {
			mname = btfr_name(btf, btf_members(mt)[0].name_off);
			type = btf_members(mt)[0].type;
		}
		if (!mname || strcmp(mname, "meta") == 0)
			continue;
		tstr = kbtf_type_str(btf, type);
		fprintf(out, "    %s %s\n", tstr, mname);
		free(tstr);
	}
}

static void iter_list(const char *pattern, bool verbose, FILE *out)
{
	const struct btfr *btf = kbtf_vmlinux();
	const char prefix[] = "bpf_iter__";
	kbtf_names names = { 0 };
	uint32_t n;

	if (!btf || iter_check())
		return;
	n = btfr_count(btf);
	for (uint32_t id = 1; id < n; id++) {
		const struct btf_type *t = btfr_type(btf, id);
		const char *name;
		uint32_t f, c;

		if (!btf_is_struct(t))
			continue;
		name = btfr_name(btf, t->name_off);
		if (!name || strncmp(name, prefix, sizeof(prefix) - 1) != 0)
			continue;
		if (iter_ids(name + sizeof(prefix) - 1, &f, &c) == 0)
			vec_push(&names, xstrdup(name + sizeof(prefix) - 1));
	}
	if (names.n)
		qsort(names.v, names.n, sizeof(names.v[0]), kbtf_cmp_names);
	for (int i = 0; i < names.n; i++) {
		char *full = xasprintf("iter:%s", names.v[i]);
		uint32_t f, c;

		if (!pattern || probe_match(pattern, full)) {
			fprintf(out, "%s\n", full);
			if (verbose && iter_ids(names.v[i], &f, &c) == 0)
				print_fields(btf, c, out);
		}
		free(full);
	}
	kbtf_names_free(&names);
}

/* ctx: struct bpf_iter__NAME from BTF (meta, then the object pointers). */
static struct type *iter_args_type(void *target)
{
	struct iter_target *t = target;
	struct type *rec = btf_resolve(btf_type_by_id(t->ctx_id));
	struct type *ctx;

	if (!rec || rec->kind != TY_RECORD)
		return NULL;
	ctx = type_record(rec->name, rec->fields, rec->nfields, rec->size, false);
	ctx->kind = TY_CTX;
	return ctx;
}

static void iter_free_target(void *target)
{
	struct iter_target *t = target;

	if (!t)
		return;
	free(t->name);
	free(t);
}

const struct provider provider_iter = {
	.name = "iter",
	.aliases = (const char *const[]){ "it", NULL },
	.kind = PROV_ATTACHED,
	.attach_reverse = true,
	.prog_type = BPF_PROG_TYPE_TRACING,
	.expand = iter_expand,
	.args_type = iter_args_type,
	.attach = iter_attach,
	.list = iter_list,
	.free_target = iter_free_target,
	.ctx = CTX_RAW_TP,
	.expected_attach_type = iter_attach_type,
	.attach_btf_id = iter_btf_id,
	.run = iter_run,
};
