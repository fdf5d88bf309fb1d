// SPDX-License-Identifier: GPL-2.0
/*
 * Small internal functions of the D front end: dt.probeid (D's id and
 * epid), dt.normalize (normalize() with a factor known when it runs) and
 * dt.uregs (uregs[] read from the task's saved user registers).
 */
#include "cg_internal.h"

/*
 * dt.probeid(0): D's id, the number sonde prints in the ID column (the
 * probe's index + 1; in a merged syscall program, that of the hit).
 * dt.probeid(1): the enabled probe, the program's number (its index in
 * the program list; the front end adds what it must).
 */
struct val call_dt_probeid(struct cg *cg, struct node *n)
{
	struct type *t = cg_type(cg, n);

	if (cg_const(cg, n->args.v[0]))
		return val_imm(cg->ps - cg->prog->progs.v, t);
	if (cg->ps->sys_probes) {
		struct val v = gen_syscall_probe(cg, t);
		int r = val_load(cg, &v, R0);

		emit(cg, ALU_IMM(BPF_ADD, r, 1));
		val_store(cg, &v, r);
		return v;
	}
	return val_imm(cg->ps->probe_index + 1, t);
}

/*
 * dt.normalize(@a, n): the record of print(@a) with n in it; the front
 * end's print hook divides @a's values by n from then on, as DTrace
 * records normalize()'s factor with the action.
 */
struct val call_dt_normalize(struct cg *cg, struct node *n)
{
	struct val none = { .kind = V_NONE };

	gen_event(cg, EV_PRINT_MAP, n, n->args.v + 1, 1, cg_map(cg, n->args.v[0]), 0, 0, NULL);
	return none;
}

/*
 * dt.uregs(reg): the register of the current thread's user context, the
 * pt_regs the kernel saved on entry (task_pt_regs): what DTrace's uregs
 * reads in any probe.  A failed read gives 0.
 */
struct val call_dt_uregs(struct cg *cg, struct node *n)
{
	struct mem out = mem_alloc(cg, 8);

	emit_call(cg, BPF_FUNC_get_current_task_btf);
	emit(cg, MOV_REG(R1, R0));
	emit_call(cg, BPF_FUNC_task_pt_regs);
	emit(cg, MOV_REG(R3, R0));
	emit(cg, ALU_IMM(BPF_ADD, R3, cg_reg_off(cg, n)));
	emit_addr(cg, R1, out);
	emit(cg, MOV_IMM(R2, 8));
	emit_call(cg, BPF_FUNC_probe_read_kernel);
	emit_mem_load(cg, 8, R0, out);
	return val_from_reg(cg, R0, cg_type(cg, n));
}
