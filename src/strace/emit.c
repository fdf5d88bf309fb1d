// SPDX-License-Identifier: GPL-2.0
/* See emit.h. */
#include <stdlib.h>

#include "strace/emit.h"

void em(struct emitter *e, struct bpf_insn i)
{
	vec_push(&e->insns, i);
}

int em_label(struct emitter *e)
{
	vec_push(&e->label_at, -1);
	return e->label_at.n - 1;
}

void em_place(struct emitter *e, int label)
{
	e->label_at.v[label] = e->insns.n;
}

void em_jump(struct emitter *e, int op, int reg, int32_t imm, int label)
{
	struct jump_fix f = { e->insns.n, label };

	vec_push(&e->fixes, f);
	em(e, op ? JMP_IMM(op, reg, imm, 0) : JA(0));
}

void em_jump_reg(struct emitter *e, int op, int dst, int src, int label)
{
	struct jump_fix f = { e->insns.n, label };

	vec_push(&e->fixes, f);
	em(e, JMP_REG(op, dst, src, 0));
}

void em_map(struct emitter *e, int reg, int map_fd)
{
	em(e, LD_IMM64_LO(reg, BPF_PSEUDO_MAP_FD, map_fd));
	em(e, LD_IMM64_HI(0));
}

int em_finish(struct emitter *e)
{
	for (int i = 0; i < e->fixes.n; i++) {
		int at = e->fixes.v[i].at, to = e->label_at.v[e->fixes.v[i].label];

		if (to < 0)
			return -1;
		e->insns.v[at].off = (int16_t)(to - at - 1);
	}
	return 0;
}

void em_free(struct emitter *e)
{
	vec_free(&e->insns);
	vec_free(&e->label_at);
	vec_free(&e->fixes);
}
