// SPDX-License-Identifier: GPL-2.0
/*
 * The BTF of sonde's programs.  One blob for the whole program, loaded once
 * (BPF_BTF_LOAD): an integer type, two prototypes (a probe's main function
 * takes the context; a callback takes four pointers, as the helpers that
 * call them pass at most), a FUNC per program's main function, named as
 * bpftrace names it, and callback_0..N-1 shared by every program's
 * callbacks.  Each program's func_info points at its FUNCs.
 *
 * The callbacks need it (the kernel refuses a BPF_PSEUDO_FUNC without
 * func_info); for the others it only names the functions, so a kernel
 * that refuses the BTF (too old, locked down) loads them without it.
 */
#include "progbtf.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../probes/provider.h"
#include "../probes/uprobe_multi.h"
#include "../util.h"

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

void prog_func_name(const char *probe, int index, char out[PROG_FUNC_NAME_MAX + 1])
{
	char suffix[16];
	size_t n = 0, len = strlen(probe), slen;

	slen = (size_t)snprintf(suffix, sizeof(suffix), "_%d", index);
	if (len + slen > PROG_FUNC_NAME_MAX) {
		/* the start, '_', 16 hex digits of the whole, then "_N" */
		char hash[18];

		snprintf(hash, sizeof(hash), "_%016llx", (unsigned long long)fnv1a(probe));
		len = PROG_FUNC_NAME_MAX - slen - strlen(hash);
		for (; n < len; n++)
			out[n] = isalnum((unsigned char)probe[n]) ? probe[n] : '_';
		memcpy(out + n, hash, strlen(hash));
		n += strlen(hash);
	} else {
		for (; n < len; n++)
			out[n] = isalnum((unsigned char)probe[n]) ? probe[n] : '_';
	}
	memcpy(out + n, suffix, slen + 1);
}

/* A member of a kprobe_multi/uprobe_multi group: one program, one probe in bpftrace. */
static bool multi_member(const struct program *prog, const struct prog_spec *ps)
{
	bool multi = ps->expected_attach_type == BPF_TRACE_KPROBE_MULTI ||
		     ps->expected_attach_type == UPROBE_MULTI_ATTACH_TYPE;

	return multi && ps->dup_of >= 0 && prog->progs.v[ps->dup_of].node == ps->node;
}

/*
 * The name bpftrace gives the probe of a program: a multi group's is its
 * attach point, the wildcard ("kprobe:vfs_*", the provider's own name in
 * front), when that pattern matches the program's probe; the others' is
 * the probe's name.  Allocated.
 */
static char *probe_name(const struct prog_spec *ps)
{
	bool multi = ps->expected_attach_type == BPF_TRACE_KPROBE_MULTI ||
		     ps->expected_attach_type == UPROBE_MULTI_ATTACH_TYPE;

	for (int k = 0; multi && k < ps->node->args.n; k++) {
		const char *text = ps->node->args.v[k]->str, *colon = strchr(text, ':');
		char *canon;

		if (!colon)
			continue;
		canon = xasprintf("%s%s", ps->prov->name, colon);
		if (probe_has_wildcard(canon) && probe_match(canon, ps->probe))
			return canon;
		free(canon);
	}
	return xstrdup(ps->probe);
}

/* The blob, or NULL when libbpf cannot build it. */
static struct btf *build(const struct program *prog, struct prog_btf *pb)
{
	struct btf *btf = btf__new_empty();
	int lng, vptr, main_proto, cb_proto, i, index;

	if (!btf)
		return NULL;
	lng = btf__add_int(btf, "long", 8, BTF_INT_SIGNED);
	vptr = btf__add_ptr(btf, 0);
	main_proto = btf__add_func_proto(btf, lng);
	btf__add_func_param(btf, "ctx", lng);
	cb_proto = btf__add_func_proto(btf, lng);
	btf__add_func_param(btf, "map", vptr);
	btf__add_func_param(btf, "key", vptr);
	btf__add_func_param(btf, "value", vptr);
	btf__add_func_param(btf, "ctx", vptr);
	if (lng < 0 || vptr < 0 || main_proto < 0 || cb_proto < 0)
		goto fail;
	pb->main_ids = xcalloc(prog->progs.n ? prog->progs.n : 1, sizeof(*pb->main_ids));
	for (i = 0, index = 0; i < prog->progs.n; i++) {
		const struct prog_spec *ps = &prog->progs.v[i];
		char name[PROG_FUNC_NAME_MAX + 1], *pname;
		int id;

		pb->ncallbacks = MAX(pb->ncallbacks, ps->subprogs.n);
		if (!multi_member(prog, ps))
			index++;	/* bpftrace's probe index: a multi group counts once */
		if (ps->dup_of >= 0)	/* loaded as the program it repeats */
			continue;
		pname = probe_name(ps);
		prog_func_name(pname, index, name);
		free(pname);
		id = btf__add_func(btf, name, BTF_FUNC_GLOBAL, main_proto);
		if (id < 0)
			goto fail;
		pb->main_ids[i] = id;
	}
	pb->callback_ids = xcalloc(pb->ncallbacks ? pb->ncallbacks : 1,
				   sizeof(*pb->callback_ids));
	for (i = 0; i < pb->ncallbacks; i++) {
		char name[32];
		int id;

		snprintf(name, sizeof(name), "callback_%d", i);
		id = btf__add_func(btf, name, BTF_FUNC_STATIC, cb_proto);
		if (id < 0)
			goto fail;
		pb->callback_ids[i] = id;
	}
	return btf;
fail:
	btf__free(btf);
	return NULL;
}

void prog_btf_load(const struct program *prog, struct prog_btf *pb)
{
	struct btf *btf;
	const void *raw;
	uint32_t size;

	memset(pb, 0, sizeof(*pb));
	pb->fd = -1;
	btf = build(prog, pb);
	raw = btf ? btf__raw_data(btf, &size) : NULL;
	/* bpf_btf_load, not btf__load_into_kernel: a refusal is not an error here */
	if (raw)
		pb->fd = bpf_btf_load(raw, size, NULL);
	btf__free(btf);
	if (pb->fd < 0)
		pb->fd = -1;
}

struct bpf_func_info *prog_btf_func_info(const struct prog_btf *pb, const struct program *prog,
					 int i, uint32_t *count)
{
	const struct prog_spec *ps = &prog->progs.v[i];
	struct bpf_func_info *info;

	*count = 0;
	if (pb->fd < 0 || !pb->main_ids[i])
		return NULL;
	info = xcalloc(ps->subprogs.n + 1, sizeof(*info));
	info[0].insn_off = 0;
	info[0].type_id = pb->main_ids[i];
	for (int k = 0; k < ps->subprogs.n; k++) {
		info[k + 1].insn_off = ps->subprogs.v[k];
		info[k + 1].type_id = pb->callback_ids[k];
	}
	*count = ps->subprogs.n + 1;
	return info;
}

void prog_btf_free(struct prog_btf *pb)
{
	if (pb->fd >= 0)
		close(pb->fd);
	free(pb->main_ids);
	free(pb->callback_ids);
	memset(pb, 0, sizeof(*pb));
	pb->fd = -1;
}
