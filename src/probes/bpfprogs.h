/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The BPF programs loaded in the kernel and the functions their BTF names
 * (main functions and BPF-to-BPF subprograms): what fentry:bpf traces.
 */
#ifndef SONDE_BPFPROGS_H
#define SONDE_BPFPROGS_H

#include <stdbool.h>
#include <stdint.h>

#include "../util.h"

struct bpf_func_entry {
	uint32_t prog_id;
	char *name;		/* the FUNC's name in the program's BTF */
	uint32_t type_id;	/* the FUNC's id in that BTF (attach_btf_id) */
	int nparams;		/* its argument slots in a trampoline (fexit's
				 * return value follows them) */
};

typedef VEC(struct bpf_func_entry) bpf_funcs;

/*
 * Append the functions of every loaded program that carries BTF function
 * information (only_id: of that program alone), in id order.  0, or -errno
 * when the programs cannot be enumerated (no CAP_SYS_ADMIN).
 */
int bpfprogs_funcs(uint32_t only_id, bpf_funcs *out);
void bpfprogs_free(bpf_funcs *funcs);

/* Whether program id is loaded; *has_btf: whether it has function information. */
bool bpfprogs_exists(uint32_t id, bool *has_btf);

#endif
