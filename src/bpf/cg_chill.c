// SPDX-License-Identifier: GPL-2.0
/*
 * D's chill(ns) (the internal function dt.chill): the probe spins for ns
 * nanoseconds, as DTrace's chill() does to open a race window.  A
 * bpf_loop callback reads the clock until the deadline; the kernel's loop
 * limit and a 500 ms cap per call (DTrace's chill_max for a second) bound it.
 */
#include "cg_internal.h"

#define CHILL_MAX_NS 500000000LL
#define LOOP_MAX (1u << 23)

/* The callback: stop once the clock has passed the deadline. */
static int chill_callback(struct cg *cg, struct mem deadline)
{
	struct cg_saved sv;
	int wait;

	callback_enter(cg, &sv);
	wait = label_new(cg);
	emit_call(cg, BPF_FUNC_ktime_get_ns);
	emit_mem_load(cg, 8, R1, deadline);
	emit_jmp(cg, BPF_JLT, R0, R1, 0, false, wait);
	emit(cg, MOV_IMM(R0, 1));
	emit(cg, EXIT());
	label_here(cg, wait);
	emit(cg, MOV_IMM(R0, 0));
	emit(cg, EXIT());
	return frame_leave(cg, &sv);
}

struct val call_dt_chill(struct cg *cg, struct node *n)
{
	struct mem deadline = mem_alloc(cg, SMALL_MEM + 8);
	struct val none = { .kind = V_NONE, .type = cg_type(cg, n) };
	int positive = label_new(cg), capped = label_new(cg), start;

	gen_int_into_reg(cg, n->args.v[0], R1);
	emit_jmp(cg, BPF_JSGT, R1, 0, 0, true, positive);
	emit(cg, MOV_IMM(R1, 0));
	label_here(cg, positive);
	emit_jmp(cg, BPF_JLE, R1, 0, CHILL_MAX_NS, true, capped);
	emit(cg, MOV_IMM(R1, CHILL_MAX_NS));
	label_here(cg, capped);
	emit_mem_store(cg, 8, deadline, R1);
	emit_call(cg, BPF_FUNC_ktime_get_ns);
	emit_mem_load(cg, 8, R1, deadline);
	emit(cg, ALU_REG(BPF_ADD, R0, R1));
	emit_mem_store(cg, 8, deadline, R0);
	emit(cg, MOV_IMM(R1, LOOP_MAX));
	start = chill_callback(cg, deadline);
	emit_callback_call(cg, start, BPF_FUNC_loop);
	return none;
}
