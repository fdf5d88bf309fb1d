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

/* ---- dt.strtokpos: where strtok's token starts and ends ---- */

struct tokscan {
	struct mem s, lens, pos, found;
	uint32_t caps;
	const char *delims;	/* a constant */
	size_t ndelims;
	bool want_in;		/* stop at a delimiter (the token's end), else at a non-delimiter */
};

/* For i in 0 .. len(s) - pos - 1: position pos + i, stopped at the first wanted one. */
static int tokscan_callback(struct cg *cg, const struct tokscan *ts)
{
	struct cg_saved sv;
	int more, stop, in, decided;

	callback_enter(cg, &sv);
	more = label_new(cg);
	stop = label_new(cg);
	in = label_new(cg);
	decided = label_new(cg);
	emit(cg, MOV32_REG(R1, R1));
	emit_mem_load(cg, 8, R4, ts->pos);
	emit(cg, ALU_REG(BPF_ADD, R4, R1));
	emit_jmp(cg, BPF_JGE, R4, 0, ts->caps, true, stop);
	emit_addr(cg, R2, ts->s);
	emit(cg, ALU_REG(BPF_ADD, R2, R4));
	emit(cg, LDX(BPF_B, R0, R2, 0));
	for (size_t j = 0; j < ts->ndelims; j++)
		emit_jmp(cg, BPF_JEQ, R0, 0, (unsigned char)ts->delims[j], true, in);
	/* not a delimiter */
	emit(cg, MOV_IMM(R3, 0));
	emit_goto(cg, decided);
	label_here(cg, in);
	emit(cg, MOV_IMM(R3, 1));
	label_here(cg, decided);
	emit_jmp(cg, BPF_JNE, R3, 0, ts->want_in, true, more);
	emit_mem_store(cg, 8, ts->found, R4);
	label_here(cg, stop);
	emit(cg, MOV_IMM(R0, 1));
	emit(cg, EXIT());
	label_here(cg, more);
	emit(cg, MOV_IMM(R0, 0));
	emit(cg, EXIT());
	return frame_leave(cg, &sv);
}

/*
 * dt.strtokpos(s, pos, "delims", want_in): the first position from pos
 * (at least 0) whose character is a delimiter (want_in 1: where the
 * token ends) or is not one (0: where it starts), else len(s).  A
 * bpf_loop over the positions; the delimiters are compared as constants.
 */
struct val call_dt_strtokpos(struct cg *cg, struct node *n)
{
	struct val s = gen_expr(cg, n->args.v[0]);
	const struct node *d = n->args.v[2];
	struct tokscan ts = { .delims = d->str, .ndelims = d->len,
			      .want_in = cg_const(cg, n->args.v[3]) != 0 };
	uint32_t state;
	struct mem tmp;
	int done = label_new(cg), from = label_new(cg), copied = label_new(cg), start;

	ts.caps = s.type->size;
	state = ALIGN_UP(ts.caps, 8);
	tmp = mem_alloc(cg, MAX(state + 24, SMALL_MEM + 8));
	ts.s = tmp;
	ts.lens = mem_at(tmp, (int)state);
	ts.pos = mem_at(tmp, (int)state + 8);
	ts.found = mem_at(tmp, (int)state + 16);
	if (s.kind != V_MEM) {
		val_free(cg, &s);
		return val_imm(0, cg_type(cg, n));
	}
	gen_int_into_reg(cg, n->args.v[1], R0);
	emit_jmp(cg, BPF_JSGE, R0, 0, 0, true, from);
	emit(cg, MOV_IMM(R0, 0));
	label_here(cg, from);
	emit_mem_store(cg, 8, ts.pos, R0);
	cg_copy_str(cg, ts.s, ts.caps, s.mem);
	emit(cg, ALU_IMM(BPF_SUB, R0, 1));
	emit_jmp(cg, BPF_JSGE, R0, 0, 0, true, copied);
	emit(cg, MOV_IMM(R0, 0));
	label_here(cg, copied);
	emit_mem_store(cg, 8, ts.lens, R0);
	emit_mem_store(cg, 8, ts.found, R0);
	emit_mem_load(cg, 8, R1, ts.pos);
	emit_jmp(cg, BPF_JSGE, R1, R0, 0, false, done);
	emit(cg, ALU_REG(BPF_SUB, R0, R1));
	emit(cg, MOV_REG(R1, R0));
	start = tokscan_callback(cg, &ts);
	emit_callback_call(cg, start, BPF_FUNC_loop);
	label_here(cg, done);
	val_free(cg, &s);
	emit_mem_load(cg, 8, R0, ts.found);
	return val_from_reg(cg, R0, cg_type(cg, n));
}
