/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Architecture facts, one table per architecture: where the kernel's
 * struct pt_regs keeps each register (reg(), argN, retval, sargN,
 * usermode, USDT operands), the calling convention, and how DWARF numbers
 * the registers (user stacks unwound in userspace).  Adding an
 * architecture is adding one file here and naming it in arch_host().
 */
#ifndef SONDE_ARCH_H
#define SONDE_ARCH_H

#include <stdint.h>

/* A register by name: its byte offset in struct pt_regs. */
struct arch_reg {
	const char *name;
	int16_t off;
};

struct arch {
	const char *name;		/* "x86_64", as uname -m says */
	/* reg("name"): the registers of struct pt_regs, by their kernel names */
	const struct arch_reg *regs;
	int nregs;
	/* USDT operands (%rdi, %edi, %dil...): every width of each register;
	 * a high byte (%ah) is its register's offset + 1 */
	const struct arch_reg *operand_regs;
	int noperand_regs;
	/* argN: the registers the calling convention passes arguments in */
	const int16_t *arg_regs;
	int narg_regs;
	int16_t ret_off;		/* retval */
	int16_t sp_off;			/* the stack pointer */
	int16_t ip_off;			/* the instruction pointer */
	/* sargN is the word at sp + 8 * (N + sarg_skip) at function entry
	 * (x86-64: 1, the return address is on the stack) */
	int sarg_skip;
	/* usermode: (word at mode_off & mode_mask) == mode_user */
	int16_t mode_off;
	uint64_t mode_mask, mode_user;
	/* the words of struct pt_regs a user stack sample copies */
	int sample_nregs;
	/* DWARF register number -> word index in struct pt_regs (-1: none),
	 * the last one being the return address (the pc) */
	const int8_t *dwarf_regs;
	int ndwarf_regs;
};

extern const struct arch arch_x86_64;
extern const struct arch arch_arm64;

/* The architecture sonde was built for (the one it traces). */
const struct arch *arch_host(void);

/* A register of struct pt_regs by name (reg()), NULL when unknown. */
const struct arch_reg *arch_reg(const struct arch *a, const char *name);
/* A USDT operand register by name (len bytes of name), NULL when unknown. */
const struct arch_reg *arch_operand_reg(const struct arch *a, const char *name, int len);

/*
 * The size of a user stack sample's register block, fixed at build time
 * (a record layout): struct pt_regs of the build's architecture.
 */
#if defined(__aarch64__)
#define ARCH_SAMPLE_NREGS	34	/* user_pt_regs: x0-x30, sp, pc, pstate */
#else
#define ARCH_SAMPLE_NREGS	21	/* x86-64 struct pt_regs */
#endif

#endif
