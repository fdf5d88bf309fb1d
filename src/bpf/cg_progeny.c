// SPDX-License-Identifier: GPL-2.0
/*
 * D's progenyof(pid) (the internal function dt.progenyof): 1 when the
 * current process is pid or one of its descendants.  A bpf_loop callback
 * walks task_struct's real_parent from the current task, reading tgid
 * at each step (sema puts both offsets in the node's AV_OFFSET); it ends
 * at a match, at a task that is its own parent (init, the idle task) or
 * after PROGENY_MAX generations.
 */
#include "cg_internal.h"

#define PROGENY_MAX 64

struct walk {
	struct mem task, target, tgid, found;
	int parent_off, tgid_off;
};

static int walk_callback(struct cg *cg, const struct walk *w)
{
	struct cg_saved sv;
	int stop, other;

	callback_enter(cg, &sv);
	stop = label_new(cg);
	other = label_new(cg);
	emit_mem_load(cg, 8, R3, w->task);
	emit_jmp(cg, BPF_JEQ, R3, 0, 0, true, stop);
	emit(cg, ALU_IMM(BPF_ADD, R3, w->tgid_off));
	emit_addr(cg, R1, w->tgid);
	emit(cg, MOV_IMM(R2, 4));
	emit_call(cg, BPF_FUNC_probe_read_kernel);
	emit_jmp(cg, BPF_JNE, R0, 0, 0, true, stop);
	emit_mem_load(cg, 4, R1, w->tgid);
	emit_mem_load(cg, 4, R2, w->target);
	emit_jmp(cg, BPF_JNE, R1, R2, 0, false, other);
	emit_mem_store_imm(cg, 8, w->found, 1);
	emit_goto(cg, stop);
	label_here(cg, other);
	emit_mem_load(cg, 8, R3, w->task);
	emit(cg, ALU_IMM(BPF_ADD, R3, w->parent_off));
	emit_addr(cg, R1, w->tgid);		/* the parent, read next to tgid */
	emit(cg, MOV_IMM(R2, 8));
	emit_call(cg, BPF_FUNC_probe_read_kernel);
	emit_jmp(cg, BPF_JNE, R0, 0, 0, true, stop);
	emit_mem_load(cg, 8, R1, w->tgid);
	emit_mem_load(cg, 8, R2, w->task);
	emit_jmp(cg, BPF_JEQ, R1, R2, 0, false, stop);	/* its own parent: the top */
	emit_mem_store(cg, 8, w->task, R1);
	callback_returns(cg, -1, stop);
	return frame_leave(cg, &sv);
}

struct val call_dt_progenyof(struct cg *cg, struct node *n)
{
	const struct sema_ann *a = cg_ann_as(cg, n, AV_OFFSET);
	struct mem state = mem_alloc(cg, SMALL_MEM + 8);
	struct walk w = {
		.task = state, .target = mem_at(state, 8), .tgid = mem_at(state, 16),
		.found = mem_at(state, 24),
		.parent_off = a ? (int)(a->v.offset & 0xffff) : 0,
		.tgid_off = a ? (int)(a->v.offset >> 16) : 0,
	};
	int start;

	gen_int_into_reg(cg, n->args.v[0], R0);
	emit_mem_store(cg, 8, w.target, R0);
	emit_mem_store_imm(cg, 8, w.found, 0);
	emit_call(cg, BPF_FUNC_get_current_task);
	emit_mem_store(cg, 8, w.task, R0);
	emit(cg, MOV_IMM(R1, PROGENY_MAX));
	start = walk_callback(cg, &w);
	emit_callback_call(cg, start, BPF_FUNC_loop);
	emit_mem_load(cg, 8, R0, w.found);
	return val_from_reg(cg, R0, cg_type(cg, n));
}
