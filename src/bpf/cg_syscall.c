// SPDX-License-Identifier: GPL-2.0
/*
 * The program that stands for many syscall tracepoints on raw_syscalls
 * (syscall_merge.c): it first finds which of them this system call is,
 * and the probe builtin answers with that tracepoint's name.
 */
#include "cg_internal.h"

#include "../arch/syscalls.h"

/*
 * At the top of the program: leave unless the syscall number in the
 * record has a tracepoint in this probe and the task is not in a 32-bit
 * syscall (those never reach syscalls:*).  The probe index + 1 stays in
 * sys_slot.  thread_info.status is read through the BTF-typed task
 * pointer: a plain load the verifier guards, no helper call per event.
 */
void gen_syscall_filter(struct cg *cg)
{
	const struct prog_spec *ps = cg->ps;
	int skip = cg->exit_label;

	cg->sys_slot = mem_stack(cg, 8);
	emit_load_fixed(cg, R1, SLOT_CTX);
	emit(cg, LDX(BPF_DW, R2, R1, ps->sys_id_off));
	/* unsigned: the -1 of a bad syscall number is out too */
	emit_jmp(cg, BPF_JGE, R2, 0, ARCH_SYSCALLS_MAX, true, skip);
	emit_addr(cg, R3, cg->sys_slot);
	emit(cg, STX(BPF_W, R3, 0, R2));
	emit_ld_map(cg, R1, ps->sys_map);
	emit(cg, MOV_REG(R2, R3));
	emit_call(cg, BPF_FUNC_map_lookup_elem);
	emit_jmp(cg, BPF_JEQ, R0, 0, 0, true, skip);
	emit(cg, LDX(BPF_W, R1, R0, 0));
	emit_jmp(cg, BPF_JEQ, R1, 0, 0, true, skip);
	emit_addr(cg, R2, cg->sys_slot);
	emit(cg, STX(BPF_W, R2, 0, R1));
	emit_call(cg, BPF_FUNC_get_current_task_btf);
	emit(cg, LDX(BPF_W, R0, R0, ps->sys_compat_off));
	emit(cg, ALU_IMM(BPF_AND, R0, ps->sys_compat_mask));
	emit_jmp(cg, BPF_JNE, R0, 0, 0, true, skip);
}

/* The probe builtin: the index the filter found. */
struct val gen_syscall_probe(struct cg *cg, struct type *t)
{
	emit_addr(cg, R1, cg->sys_slot);
	emit(cg, LDX(BPF_W, R0, R1, 0));
	emit(cg, ALU_IMM(BPF_SUB, R0, 1));
	return val_from_reg(cg, R0, t);
}
