// SPDX-License-Identifier: GPL-2.0
/*
 * arm64: struct pt_regs starts with struct user_pt_regs (x0-x30, sp, pc,
 * pstate); AAPCS64 passes arguments in x0-x7 and returns in x0; bl keeps
 * the return address in x30, so stack arguments start at sp.
 */
#include "arch/arch.h"
#include "util.h"

#define X(n)	((n) * 8)
#define SP	X(31)
#define PC	X(32)
#define PSTATE	X(33)

static const struct arch_reg regs[] = {
	{ "x0", X(0) }, { "x1", X(1) }, { "x2", X(2) }, { "x3", X(3) }, { "x4", X(4) },
	{ "x5", X(5) }, { "x6", X(6) }, { "x7", X(7) }, { "x8", X(8) }, { "x9", X(9) },
	{ "x10", X(10) }, { "x11", X(11) }, { "x12", X(12) }, { "x13", X(13) },
	{ "x14", X(14) }, { "x15", X(15) }, { "x16", X(16) }, { "x17", X(17) },
	{ "x18", X(18) }, { "x19", X(19) }, { "x20", X(20) }, { "x21", X(21) },
	{ "x22", X(22) }, { "x23", X(23) }, { "x24", X(24) }, { "x25", X(25) },
	{ "x26", X(26) }, { "x27", X(27) }, { "x28", X(28) }, { "x29", X(29) },
	{ "x30", X(30) }, { "fp", X(29) }, { "lr", X(30) },
	{ "sp", SP }, { "pc", PC }, { "pstate", PSTATE },
};

#define W2(x, w, off) { x, off }, { w, off }

/* USDT operands name x registers (64 bits) and w registers (32 bits). */
static const struct arch_reg operand_regs[] = {
	W2("x0", "w0", X(0)), W2("x1", "w1", X(1)), W2("x2", "w2", X(2)),
	W2("x3", "w3", X(3)), W2("x4", "w4", X(4)), W2("x5", "w5", X(5)),
	W2("x6", "w6", X(6)), W2("x7", "w7", X(7)), W2("x8", "w8", X(8)),
	W2("x9", "w9", X(9)), W2("x10", "w10", X(10)), W2("x11", "w11", X(11)),
	W2("x12", "w12", X(12)), W2("x13", "w13", X(13)), W2("x14", "w14", X(14)),
	W2("x15", "w15", X(15)), W2("x16", "w16", X(16)), W2("x17", "w17", X(17)),
	W2("x18", "w18", X(18)), W2("x19", "w19", X(19)), W2("x20", "w20", X(20)),
	W2("x21", "w21", X(21)), W2("x22", "w22", X(22)), W2("x23", "w23", X(23)),
	W2("x24", "w24", X(24)), W2("x25", "w25", X(25)), W2("x26", "w26", X(26)),
	W2("x27", "w27", X(27)), W2("x28", "w28", X(28)), W2("x29", "w29", X(29)),
	W2("x30", "w30", X(30)), { "sp", SP },
};

static const int16_t arg_regs[] = { X(0), X(1), X(2), X(3), X(4), X(5), X(6), X(7) };

/* DWARF numbers 0..31 are x0-x30 and sp; the return address is the pc. */
static const int8_t dwarf_regs[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
	16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
};


const struct arch arch_arm64 = {
	.name = "aarch64",
	.regs = regs,
	.nregs = ARRAY_SIZE(regs),
	.operand_regs = operand_regs,
	.noperand_regs = ARRAY_SIZE(operand_regs),
	.arg_regs = arg_regs,
	.narg_regs = ARRAY_SIZE(arg_regs),
	.ret_off = X(0),
	.sp_off = SP,
	.ip_off = PC,
	.sarg_skip = 0,
	.mode_off = PSTATE,	/* PSR_MODE_MASK: 0 is EL0t, user */
	.mode_mask = 0xf,
	.mode_user = 0,
	.sample_nregs = 34,
	.dwarf_regs = dwarf_regs,
	.ndwarf_regs = ARRAY_SIZE(dwarf_regs),
};
