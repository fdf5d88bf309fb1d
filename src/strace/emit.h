/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny instruction buffer with labels, for sonde strace's hand-written
 * programs: jumps name a label, patched once the program is laid out.
 */
#ifndef SONDE_STRACE_EMIT_H
#define SONDE_STRACE_EMIT_H

#include "bpf/insn.h"
#include "util.h"

struct jump_fix {
	int at, label;
};

struct emitter {
	VEC(struct bpf_insn) insns;
	VEC(int) label_at;
	VEC(struct jump_fix) fixes;
};

void em(struct emitter *e, struct bpf_insn i);
int em_label(struct emitter *e);
void em_place(struct emitter *e, int label);
/* if (dst op imm) goto label; op 0: goto label */
void em_jump(struct emitter *e, int op, int reg, int32_t imm, int label);
void em_jump_reg(struct emitter *e, int op, int dst, int src, int label);
void em_map(struct emitter *e, int reg, int map_fd);
/* Patch the jumps; 0, or -1 if a label was never placed. */
int em_finish(struct emitter *e);
void em_free(struct emitter *e);

#endif
