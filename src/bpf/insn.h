/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Instruction constructors: each returns one struct bpf_insn, so emission
 * reads like the assembly it produces (see codegen.c's emit()).
 */
#ifndef SONDE_INSN_H
#define SONDE_INSN_H

#include <linux/bpf.h>
#include <stdint.h>

#define R0 BPF_REG_0
#define R1 BPF_REG_1
#define R2 BPF_REG_2
#define R3 BPF_REG_3
#define R4 BPF_REG_4
#define R5 BPF_REG_5
#define R6 BPF_REG_6
#define R7 BPF_REG_7
#define R8 BPF_REG_8
#define R9 BPF_REG_9
#define R10 BPF_REG_10

static inline struct bpf_insn insn(uint8_t code, int dst, int src, int16_t off, int32_t imm)
{
	struct bpf_insn i = { .code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm };

	return i;
}

/* dst op= src / dst op= imm, 64-bit */
#define ALU_REG(op, dst, src)	insn(BPF_ALU64 | BPF_OP(op) | BPF_X, dst, src, 0, 0)
#define ALU_IMM(op, dst, imm)	insn(BPF_ALU64 | BPF_OP(op) | BPF_K, dst, 0, 0, imm)
#define ALU32_IMM(op, dst, imm)	insn(BPF_ALU | BPF_OP(op) | BPF_K, dst, 0, 0, imm)
#define MOV_REG(dst, src)	insn(BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0)
#define MOV_IMM(dst, imm)	insn(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm)
#define MOV32_REG(dst, src)	insn(BPF_ALU | BPF_MOV | BPF_X, dst, src, 0, 0)
#define MOV32_IMM(dst, imm)	insn(BPF_ALU | BPF_MOV | BPF_K, dst, 0, 0, imm)
#define NEG(dst)		insn(BPF_ALU64 | BPF_NEG, dst, 0, 0, 0)

/* dst = *(size *)(src + off) ; *(size *)(dst + off) = src / imm */
#define LDX(size, dst, src, off) insn(BPF_LDX | BPF_SIZE(size) | BPF_MEM, dst, src, off, 0)
#define STX(size, dst, off, src) insn(BPF_STX | BPF_SIZE(size) | BPF_MEM, dst, src, off, 0)
#define ST_IMM(size, dst, off, imm) insn(BPF_ST | BPF_SIZE(size) | BPF_MEM, dst, 0, off, imm)

/* if dst op src/imm goto pc + 1 + off */
#define JMP_REG(op, dst, src, off) insn(BPF_JMP | BPF_OP(op) | BPF_X, dst, src, off, 0)
#define JMP_IMM(op, dst, imm, off) insn(BPF_JMP | BPF_OP(op) | BPF_K, dst, 0, off, imm)
#define JA(off)			insn(BPF_JMP | BPF_JA, 0, 0, off, 0)
#define CALL(helper)		insn(BPF_JMP | BPF_CALL, 0, 0, 0, helper)
#define EXIT()			insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* The two halves of a 64-bit immediate load. */
#define LD_IMM64_LO(dst, src, imm) insn(BPF_LD | BPF_DW | BPF_IMM, dst, src, 0, (int32_t)(imm))
#define LD_IMM64_HI(imm)	insn(0, 0, 0, 0, (int32_t)((uint64_t)(imm) >> 32))

#endif
