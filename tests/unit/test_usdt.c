// SPDX-License-Identifier: GPL-2.0
/* USDT argument specs (src/probes/usdt.c) into struct usdt_arg. */
#include <stddef.h>
#include <string.h>

#include "probes/usdt.h"
#include "test.h"

#if defined(__x86_64__)
#include <asm/ptrace.h>

#define OFF(reg) ((int)offsetof(struct pt_regs, reg))

static void check_one(const char *spec, enum usdt_arg_kind kind, int size, bool is_signed,
		      int reg_off, int64_t value)
{
	struct usdt_arg a;
	const char *p = spec, *why = NULL;
	int err = usdt_parse_arg(&p, &a, &why);

	CHECK_INT(err, 0);
	if (err) {
		fprintf(stderr, "  spec %s: %s\n", spec, why);
		return;
	}
	CHECK_INT(a.kind, kind);
	CHECK_INT(a.size, size);
	CHECK_INT(a.is_signed, is_signed);
	if (kind != USDT_ARG_CONST)
		CHECK_INT(a.reg_off, reg_off);
	if (kind != USDT_ARG_REG)
		CHECK_INT(a.value, value);
	CHECK_INT(*p, '\0');
}

static void check_bad(const char *spec, const char *want_why)
{
	struct usdt_arg a;
	const char *p = spec, *why = NULL;

	CHECK_INT(usdt_parse_arg(&p, &a, &why), -1);
	CHECK_STR(why, want_why);
}

static void test_registers(void)
{
	check_one("-4@%edi", USDT_ARG_REG, 4, true, OFF(rdi), 0);
	check_one("8@%rax", USDT_ARG_REG, 8, false, OFF(rax), 0);
	check_one("-8@%rdi", USDT_ARG_REG, 8, true, OFF(rdi), 0);
	check_one("2@%si", USDT_ARG_REG, 2, false, OFF(rsi), 0);
	check_one("1@%al", USDT_ARG_REG, 1, false, OFF(rax), 0);
	check_one("1@%ah", USDT_ARG_REG, 1, false, OFF(rax) + 1, 0);
	check_one("1@%dil", USDT_ARG_REG, 1, false, OFF(rdi), 0);
	check_one("-4@%r8d", USDT_ARG_REG, 4, true, OFF(r8), 0);
	check_one("2@%r15w", USDT_ARG_REG, 2, false, OFF(r15), 0);
	check_one("1@%r12b", USDT_ARG_REG, 1, false, OFF(r12), 0);
	check_one("8@%r9", USDT_ARG_REG, 8, false, OFF(r9), 0);
	check_one("8@%rsp", USDT_ARG_REG, 8, false, OFF(rsp), 0);
	check_one("8@%rbp", USDT_ARG_REG, 8, false, OFF(rbp), 0);
}

static void test_memory_and_constants(void)
{
	check_one("8@-16(%rbp)", USDT_ARG_MEM, 8, false, OFF(rbp), -16);
	check_one("-4@-1204(%rbp)", USDT_ARG_MEM, 4, true, OFF(rbp), -1204);
	check_one("8@(%rax)", USDT_ARG_MEM, 8, false, OFF(rax), 0);
	check_one("4@0x10(%rsp)", USDT_ARG_MEM, 4, false, OFF(rsp), 16);
	check_one("-8@-80(%rbx)", USDT_ARG_MEM, 8, true, OFF(rbx), -80);
	check_one("4@$5", USDT_ARG_CONST, 4, false, 0, 5);
	check_one("-4@$-7", USDT_ARG_CONST, 4, true, 0, -7);
	check_one("8@$0x100", USDT_ARG_CONST, 8, false, 0, 256);
	/* a constant is the value of its size and signedness */
	check_one("4@$-202182160", USDT_ARG_CONST, 4, false, 0, 4092785136LL);
	check_one("2@$-3600", USDT_ARG_CONST, 2, false, 0, 61936);
	check_one("-2@$-3600", USDT_ARG_CONST, 2, true, 0, -3600);
	check_one("1@$-16", USDT_ARG_CONST, 1, false, 0, 240);
	check_one("-1@$240", USDT_ARG_CONST, 1, true, 0, -16);
	check_one("8@$-5", USDT_ARG_CONST, 8, false, 0, -5);
}

static void test_errors(void)
{
	check_bad("3@%rax", "bad argument size");
	check_bad("@%rax", "bad argument size");
	check_bad("4%rax", "expected '@' after the argument size");
	check_bad("8f@%xmm0", "floating-point arguments are not supported");
	check_bad("4@%xyz", "unknown register");
	check_bad("4@%eaxx", "unknown register");
	check_bad("8@counter(%rip)", "symbol-relative arguments are not supported");
	check_bad("8@8(%rip)", "%rip-relative arguments are not supported");
	check_bad("4@-4(%rbp,%rax,4)", "indexed memory arguments are not supported");
	check_bad("4@-4(%rbp", "bad memory operand");
	check_bad("4@$", "bad constant");
	check_bad("4@%eax,", "unexpected text after the argument");
	check_bad("", "bad argument size");
}

static void test_lists(void)
{
	struct usdt_arg args[USDT_MAX_ARGS];
	const char *why = NULL;

	CHECK_INT(usdt_parse_args("-8@%rdi -8@-8(%rbp) 4@$42", args, USDT_MAX_ARGS, &why), 3);
	CHECK_INT(args[0].kind, USDT_ARG_REG);
	CHECK_INT(args[1].kind, USDT_ARG_MEM);
	CHECK_INT(args[2].value, 42);
	CHECK_INT(usdt_parse_args("", args, USDT_MAX_ARGS, &why), 0);
	CHECK_INT(usdt_parse_args("  8@%rax  ", args, USDT_MAX_ARGS, &why), 1);
	CHECK_INT(usdt_parse_args("8@%rax 8@%rbx", args, 1, &why), -1);
	CHECK_STR(why, "too many arguments");
	CHECK_INT(usdt_parse_args("8@%rax 8@bad", args, USDT_MAX_ARGS, &why), -1);

	CHECK_STR(usdt_arg_type_name(&args[0]), "uint64");
	args[0].is_signed = true;
	args[0].size = 4;
	CHECK_STR(usdt_arg_type_name(&args[0]), "int32");
}

int main(void)
{
	test_registers();
	test_memory_and_constants();
	test_errors();
	test_lists();
	return test_done("test_usdt");
}
#else
int main(void)
{
	return test_done("test_usdt");
}
#endif
