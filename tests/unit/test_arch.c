// SPDX-License-Identifier: GPL-2.0
/* The architecture tables: offsets of struct pt_regs, names, conventions. */
#include "arch/arch.h"
#include "test.h"

static void test_x86_64(void)
{
	const struct arch *a = &arch_x86_64;

	CHECK_INT(arch_reg(a, "ip")->off, 128);
	CHECK_INT(arch_reg(a, "sp")->off, 152);
	CHECK_INT(arch_reg(a, "orig_ax")->off, 120);
	CHECK(arch_reg(a, "rip") == NULL);
	CHECK_INT(arch_operand_reg(a, "rdi", 3)->off, 112);
	CHECK_INT(arch_operand_reg(a, "dil", 3)->off, 112);
	CHECK_INT(arch_operand_reg(a, "ah", 2)->off, 81);
	CHECK_INT(arch_operand_reg(a, "r15bxyz", 4)->off, 0);
	CHECK(arch_operand_reg(a, "rip", 3) == NULL);
	CHECK_INT(a->narg_regs, 6);
	CHECK_INT(a->arg_regs[0], 112);
	CHECK_INT(a->arg_regs[5], 64);
	CHECK_INT(a->ret_off, 80);
	CHECK_INT(a->sample_nregs, 21);
	CHECK_INT(a->sp_off / 8, 19);
	CHECK_INT(a->ndwarf_regs, 17);
	CHECK_INT(a->dwarf_regs[7], a->sp_off / 8);	/* DWARF 7 is rsp */
	CHECK_INT(a->dwarf_regs[16], a->ip_off / 8);	/* the return address */
}

static void test_arm64(void)
{
	const struct arch *a = &arch_arm64;

	CHECK_INT(arch_reg(a, "x0")->off, 0);
	CHECK_INT(arch_reg(a, "lr")->off, 240);
	CHECK_INT(arch_reg(a, "sp")->off, 248);
	CHECK_INT(arch_reg(a, "pc")->off, 256);
	CHECK_INT(arch_operand_reg(a, "w3", 2)->off, 24);
	CHECK_INT(a->narg_regs, 8);
	CHECK_INT(a->arg_regs[7], 56);
	CHECK_INT(a->sarg_skip, 0);
	CHECK_INT(a->ndwarf_regs, 33);
	CHECK_INT(a->dwarf_regs[31], a->sp_off / 8);
}

/* Every table's offsets lie inside the sampled registers. */
static void test_bounds(const struct arch *a)
{
	for (int i = 0; i < a->nregs; i++)
		CHECK(a->regs[i].off >= 0 && a->regs[i].off < 8 * a->sample_nregs);
	for (int i = 0; i < a->ndwarf_regs; i++)
		CHECK(a->dwarf_regs[i] >= 0 && a->dwarf_regs[i] < a->sample_nregs);
}

int main(void)
{
	test_x86_64();
	test_arm64();
	test_bounds(&arch_x86_64);
	test_bounds(&arch_arm64);
#if defined(__x86_64__)
	CHECK(arch_host() == &arch_x86_64);
#endif
	return test_done("test_arch");
}
