// SPDX-License-Identifier: GPL-2.0
/*
 * x86-64: struct pt_regs (arch/x86/include/asm/ptrace.h) is 21 words,
 * r15 first; the System V calling convention passes arguments in rdi, rsi,
 * rdx, rcx, r8, r9 and returns in rax; call pushes the return address.
 */
#include "arch/arch.h"
#include "util.h"

enum {
	R15 = 0, R14 = 8, R13 = 16, R12 = 24, BP = 32, BX = 40, R11 = 48, R10 = 56,
	R9 = 64, R8 = 72, AX = 80, CX = 88, DX = 96, SI = 104, DI = 112, ORIG_AX = 120,
	IP = 128, CS = 136, FLAGS = 144, SP = 152, SS = 160,
};

/* The kernel's names, as reg() takes them. */
static const struct arch_reg regs[] = {
	{ "r15", R15 }, { "r14", R14 }, { "r13", R13 }, { "r12", R12 }, { "bp", BP },
	{ "bx", BX }, { "r11", R11 }, { "r10", R10 }, { "r9", R9 }, { "r8", R8 },
	{ "ax", AX }, { "cx", CX }, { "dx", DX }, { "si", SI }, { "di", DI },
	{ "orig_ax", ORIG_AX }, { "ip", IP }, { "cs", CS }, { "flags", FLAGS },
	{ "sp", SP }, { "ss", SS },
	{ "pc", IP },	/* the portable name bpftrace also accepts for ip */
};

#define W4(q, d, w, b, off) { q, off }, { d, off }, { w, off }, { b, off }

/* Every width of each register (AT&T names without '%'): 64, 32, 16, 8 bits. */
static const struct arch_reg operand_regs[] = {
	W4("rax", "eax", "ax", "al", AX), { "ah", AX + 1 },
	W4("rbx", "ebx", "bx", "bl", BX), { "bh", BX + 1 },
	W4("rcx", "ecx", "cx", "cl", CX), { "ch", CX + 1 },
	W4("rdx", "edx", "dx", "dl", DX), { "dh", DX + 1 },
	W4("rsi", "esi", "si", "sil", SI),
	W4("rdi", "edi", "di", "dil", DI),
	W4("rbp", "ebp", "bp", "bpl", BP),
	W4("rsp", "esp", "sp", "spl", SP),
	W4("r8", "r8d", "r8w", "r8b", R8),
	W4("r9", "r9d", "r9w", "r9b", R9),
	W4("r10", "r10d", "r10w", "r10b", R10),
	W4("r11", "r11d", "r11w", "r11b", R11),
	W4("r12", "r12d", "r12w", "r12b", R12),
	W4("r13", "r13d", "r13w", "r13b", R13),
	W4("r14", "r14d", "r14w", "r14b", R14),
	W4("r15", "r15d", "r15w", "r15b", R15),
};

static const int16_t arg_regs[] = { DI, SI, DX, CX, R8, R9 };

/* DWARF numbers 0..16: rax rdx rcx rbx rsi rdi rbp rsp r8..r15, return address. */
static const int8_t dwarf_regs[] = {
	AX / 8, DX / 8, CX / 8, BX / 8, SI / 8, DI / 8, BP / 8, SP / 8,
	R8 / 8, R9 / 8, R10 / 8, R11 / 8, R12 / 8, R13 / 8, R14 / 8, R15 / 8, IP / 8,
};


const struct arch arch_x86_64 = {
	.name = "x86_64",
	.regs = regs,
	.nregs = ARRAY_SIZE(regs),
	.operand_regs = operand_regs,
	.noperand_regs = ARRAY_SIZE(operand_regs),
	.arg_regs = arg_regs,
	.narg_regs = ARRAY_SIZE(arg_regs),
	.ret_off = AX,
	.sp_off = SP,
	.ip_off = IP,
	.sarg_skip = 1,
	.mode_off = CS,		/* the privilege level of the interrupted code */
	.mode_mask = 3,
	.mode_user = 3,
	.sample_nregs = 21,
	.dwarf_regs = dwarf_regs,
	.ndwarf_regs = ARRAY_SIZE(dwarf_regs),
};
