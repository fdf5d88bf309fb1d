// SPDX-License-Identifier: GPL-2.0
/*
 * Loaded BPF programs and their functions: BPF_PROG_GET_NEXT_ID walks the
 * ids, BPF_PROG_GET_FD_BY_ID opens each, BPF_OBJ_GET_INFO_BY_FD gives its
 * BTF id and func_info (one record per function: first instruction and
 * the FUNC's type id), and the program's BTF, read back from the kernel
 * by id, names each FUNC.  Programs loaded without BTF have no names to
 * trace and are left out.
 */
#include "bpfprogs.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The program's func_info records (allocated), or NULL; *n their count. */
static struct bpf_func_info *read_func_info(int fd, uint32_t *btf_id, uint32_t *n)
{
	struct bpf_prog_info info = { 0 };
	uint32_t len = sizeof(info);
	struct bpf_func_info *fi;

	if (bpf_obj_get_info_by_fd(fd, &info, &len) || !info.btf_id || !info.nr_func_info)
		return NULL;
	*n = info.nr_func_info;
	*btf_id = info.btf_id;
	fi = xcalloc(*n, sizeof(*fi));
	memset(&info, 0, sizeof(info));
	len = sizeof(info);
	info.nr_func_info = *n;
	info.func_info_rec_size = sizeof(*fi);
	info.func_info = (uint64_t)(uintptr_t)fi;
	if (bpf_obj_get_info_by_fd(fd, &info, &len) || info.func_info_rec_size != sizeof(*fi)) {
		free(fi);
		return NULL;
	}
	*n = MIN(*n, info.nr_func_info);
	return fi;
}

/*
 * How many argument slots the kernel's trampoline keeps before the return
 * value.  The verifier checks a function's BTF prototype against the
 * registers it is entered with; where they disagree it marks the function
 * "unreliable", and a trampoline on it saves all five argument registers
 * (MAX_BPF_FUNC_REG_ARGS) whatever the prototype says.  A main function
 * is entered with the context alone: it agrees when its one parameter
 * points to a struct (the context's type) or it has none.  A subprogram's
 * callers are not known here: scalars and pointers to structs are taken
 * to agree, anything else not (callbacks are entered with a map pointer
 * where sonde's callbacks declare void *).
 */
static int arg_slots(const struct btf *btf, const struct btf_type *proto, bool main_func)
{
	const struct btf_param *p = btf_params(proto);
	int n = btf_vlen(proto);

	if (main_func && n > 1)
		return 5;
	for (int i = 0; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(btf, p[i].type);

		while (t && (btf_is_mod(t) || btf_is_typedef(t)))
			t = btf__type_by_id(btf, t->type);
		if (t && !main_func && (btf_is_int(t) || btf_is_enum(t)))
			continue;
		if (t && btf_is_ptr(t)) {
			const struct btf_type *to = btf__type_by_id(btf, t->type);

			while (to && (btf_is_mod(to) || btf_is_typedef(to)))
				to = btf__type_by_id(btf, to->type);
			if (to && btf_is_composite(to))
				continue;
		}
		return 5;
	}
	return n;
}

static void add_funcs(uint32_t id, const struct btf *btf, const struct bpf_func_info *fi,
		      uint32_t n, bpf_funcs *out)
{
	for (uint32_t k = 0; k < n; k++) {
		const struct btf_type *t = btf__type_by_id(btf, fi[k].type_id);
		const struct btf_type *proto;
		struct bpf_func_entry e;

		if (!t || !btf_is_func(t))
			continue;
		proto = btf__type_by_id(btf, t->type);
		e.prog_id = id;
		e.name = xstrdup(btf__name_by_offset(btf, t->name_off) ?: "");
		e.type_id = fi[k].type_id;
		e.nparams = proto && btf_is_func_proto(proto) ? arg_slots(btf, proto, k == 0) : 5;
		vec_push(out, e);
	}
}

int bpfprogs_funcs(uint32_t only_id, bpf_funcs *out)
{
	struct btf *btf = NULL;		/* the last one read: programs of one tool share it */
	uint32_t id = only_id ? only_id - 1 : 0, btf_cached = 0;
	int err;

	while ((err = bpf_prog_get_next_id(id, &id)) == 0) {
		struct bpf_func_info *fi;
		uint32_t btf_id = 0, n = 0;
		int fd;

		if (only_id && id != only_id)
			break;
		fd = bpf_prog_get_fd_by_id(id);
		if (fd < 0)
			continue;	/* gone since */
		fi = read_func_info(fd, &btf_id, &n);
		close(fd);
		if (!fi)
			continue;
		if (btf_id != btf_cached) {
			btf__free(btf);
			btf = btf__load_from_kernel_by_id(btf_id);
			btf_cached = btf ? btf_id : 0;
		}
		if (btf)
			add_funcs(id, btf, fi, n, out);
		free(fi);
		if (only_id)
			break;
	}
	btf__free(btf);
	return err == -EPERM || err == -EACCES ? err : 0;	/* -ENOENT: the last id */
}

void bpfprogs_free(bpf_funcs *funcs)
{
	for (int i = 0; i < funcs->n; i++)
		free(funcs->v[i].name);
	vec_free(funcs);
}

bool bpfprogs_exists(uint32_t id, bool *has_btf)
{
	uint32_t btf_id = 0, n = 0;
	struct bpf_func_info *fi;
	int fd = bpf_prog_get_fd_by_id(id);

	*has_btf = false;
	if (fd < 0)
		return false;
	fi = read_func_info(fd, &btf_id, &n);
	*has_btf = fi != NULL;
	free(fi);
	close(fd);
	return true;
}
