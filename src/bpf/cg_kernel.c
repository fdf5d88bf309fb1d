// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel-only helpers: percpu_kaddr, override, socket_cookie.
 *
 * percpu_kaddr("name"[, cpu]): the variable's BTF id in an ld_imm64
 * (BPF_PSEUDO_BTF_ID: the kernel resolves it to the per-CPU symbol), then
 * bpf_per_cpu_ptr(ptr, cpu) (NULL for a CPU that does not exist) or
 * bpf_this_cpu_ptr(ptr).  The pointer becomes a plain address.
 */
#include "cg_internal.h"

struct val call_percpu_kaddr(struct cg *cg, struct node *n)
{
	if (n->args.n > 1) {
		gen_int_into_reg(cg, n->args.v[1], R2);
		/* the CPU as a 32-bit value: the helper takes a u32 */
		emit(cg, MOV32_REG(R2, R2));
	}
	emit(cg, LD_IMM64_LO(R1, BPF_PSEUDO_BTF_ID, cg_btf_id(cg, n)));
	emit(cg, LD_IMM64_HI(0));
	emit_call(cg, n->args.n > 1 ? BPF_FUNC_per_cpu_ptr : BPF_FUNC_this_cpu_ptr);
	/* the verifier wants the NULL check before any arithmetic on it */
	emit(cg, JMP_IMM(BPF_JNE, R0, 0, 1));
	emit(cg, MOV_IMM(R0, 0));
	return val_from_reg(cg, R0, cg_type(cg, n));
}

/* override(rc): bpf_override_return(ctx, rc); the kprobe's function returns rc. */
struct val call_override(struct cg *cg, struct node *n)
{
	struct val none = { .kind = V_NONE };

	gen_int_into_reg(cg, n->args.v[0], R2);
	emit_load_fixed(cg, R1, SLOT_CTX);
	emit_call(cg, BPF_FUNC_override_return);
	return none;
}

/* socket_cookie(sk): bpf_get_socket_cookie; 0 for a NULL socket (no call). */
struct val call_socket_cookie(struct cg *cg, struct node *n)
{
	int done = label_new(cg);

	gen_int_into_reg(cg, n->args.v[0], R1);
	emit(cg, MOV_IMM(R0, 0));
	emit_jmp(cg, BPF_JEQ, R1, 0, 0, true, done);
	emit_call(cg, BPF_FUNC_get_socket_cookie);
	label_here(cg, done);
	return val_from_reg(cg, R0, cg_type(cg, n));
}
