// SPDX-License-Identifier: GPL-2.0
/*
 * The sampler of `sonde profile --unwind dwarf`, written with the code
 * generator's emitter rather than compiled from the language (it has no
 * source), and copying the user state with the same code as the ustack
 * samples of unwind = dwarf programs (cg_dwarf.c):
 *
 *	reserve a record; tid/pid, comm, kernel stack (bpf_get_stack);
 *	the user registers and the user stack from sp up, page by page.
 */
#include <stdlib.h>
#include <string.h>

#include "cg_internal.h"

/* The sampler's own body, in a code generator that has no program. */
static void gen_sampler(struct cg *cg, const struct sampler_layout *l, int map_fd, int pid)
{
	int out = label_new(cg), done = label_new(cg);
	struct val tid, rec, len;
	int r;

	emit(cg, STX(BPF_DW, R10, SLOT_CTX, R1));	/* the perf context */
	emit_call(cg, BPF_FUNC_get_current_pid_tgid);
	tid = val_from_reg(cg, R0, type_int(8, false));
	if (pid > 0) {
		emit(cg, MOV_REG(R1, val_load(cg, &tid, R1)));
		emit(cg, ALU_IMM(BPF_RSH, R1, 32));
		emit_jmp(cg, BPF_JNE, R1, 0, pid, true, out);
	}
	emit(cg, LD_IMM64_LO(R1, BPF_PSEUDO_MAP_FD, map_fd));
	emit(cg, LD_IMM64_HI(0));
	emit(cg, MOV_IMM(R2, l->size));
	emit(cg, MOV_IMM(R3, 0));
	emit_call(cg, BPF_FUNC_ringbuf_reserve);
	emit_jmp(cg, BPF_JEQ, R0, 0, 0, true, out);
	rec = val_from_reg(cg, R0, type_int(8, false));
	r = val_load(cg, &rec, R1);
	emit(cg, STX(BPF_DW, r, l->tid, val_load(cg, &tid, R2)));
	val_free(cg, &tid);
	emit(cg, MOV_REG(R1, val_load(cg, &rec, R1)));
	emit(cg, ALU_IMM(BPF_ADD, R1, l->comm));
	emit(cg, MOV_IMM(R2, 16));
	emit_call(cg, BPF_FUNC_get_current_comm);
	emit(cg, MOV_REG(R2, val_load(cg, &rec, R2)));
	emit(cg, ALU_IMM(BPF_ADD, R2, l->kstack));
	emit(cg, LDX(BPF_DW, R1, R10, SLOT_CTX));
	emit(cg, MOV_IMM(R3, l->kstack_max * 8));
	emit(cg, MOV_IMM(R4, 0));
	emit_call(cg, BPF_FUNC_get_stack);
	r = val_load(cg, &rec, R1);
	emit(cg, STX(BPF_DW, r, l->kstack_bytes, R0));
	cg_user_regs(cg, &rec, &l->u);
	len = val_alloc_int(cg, type_int(8, false));
	cg_user_stack(cg, &rec, &len, done, &l->u);
	label_here(cg, done);
	cg_user_stack_submit(cg, &rec, &len, &l->u);
	val_free(cg, &len);
	val_free(cg, &rec);
	label_here(cg, out);
	emit(cg, MOV_IMM(R0, 0));
	emit(cg, EXIT());
}

int codegen_sampler(const struct sampler_layout *l, int map_fd, int pid, struct bpf_insn **insns)
{
	static struct program none;	/* for cg_error(): the sampler has no source */
	struct cg cg = { .prog = &none, .stack = STACK_FIXED, .move_insn = -1 };
	int n = -1;

	gen_sampler(&cg, l, map_fd, pid);
	if (!cg.errors) {
		for (int i = 0; i < cg.fixups.n; i++) {
			struct fixup *f = &cg.fixups.v[i];

			cg.code.v[f->insn].off = cg.labels.v[f->label] - f->insn - 1;
		}
		n = cg.code.n;
		*insns = cg.code.v;
		cg.code.v = NULL;
	}
	vec_free(&cg.code);
	vec_free(&cg.labels);
	vec_free(&cg.fixups);
	vec_free(&cg.lines);
	vec_free(&cg.free_slots);
	return n;
}
