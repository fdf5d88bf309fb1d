// SPDX-License-Identifier: GPL-2.0
/*
 * src/numparse.c: numbers from options and the environment are digits
 * only, within the range, or refused (-1 malformed, -2 out of range);
 * src/arch/syscalls.c: the syscall table's known entries.
 */
#include <stdint.h>

#include "arch/syscalls.h"
#include "numparse.h"
#include "test.h"

static int parse(const char *s, uint64_t min, uint64_t max, uint64_t *v)
{
	*v = 12345;
	return num_parse(s, min, max, v);
}

static void test_accepted(void)
{
	uint64_t v;

	CHECK_INT(parse("5", 1, 10, &v), 0);
	CHECK_INT(v, 5);
	CHECK_INT(parse("1", 1, 10, &v), 0);
	CHECK_INT(parse("10", 1, 10, &v), 0);
	CHECK_INT(parse("0x10", 1, 100, &v), 0);
	CHECK_INT(v, 16);
	CHECK_INT(parse("010", 1, 100, &v), 0);	/* decimal, not octal */
	CHECK_INT(v, 10);
	CHECK_INT(parse("18446744073709551615", 0, UINT64_MAX, &v), 0);
	CHECK(v == UINT64_MAX);
}

static void test_refused(void)
{
	static const char *const malformed[] = {
		"", " 5", "5 ", "+5", "-5", "-1", "5x", "x5", "0x", "0x1g", "1e3", "1.5",
		"5\n", "\t5",
	};
	uint64_t v;

	for (size_t i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++) {
		CHECK_INT(parse(malformed[i], 0, 1000, &v), -1);
		CHECK_INT(v, 12345);	/* untouched */
	}
	CHECK_INT(parse(NULL, 0, 10, &v), -1);
	CHECK_INT(parse("0", 1, 10, &v), -2);
	CHECK_INT(parse("11", 1, 10, &v), -2);
	CHECK_INT(parse("18446744073709551616", 0, UINT64_MAX, &v), -2);
	CHECK_INT(parse("99999999999999999999999999", 0, UINT64_MAX, &v), -2);
	/* overflow then junk: junk wins, it is not a number at all */
	CHECK_INT(parse("99999999999999999999999999x", 0, UINT64_MAX, &v), -1);
	CHECK_INT(v, 12345);
}

static void test_args(void)
{
	uint64_t v;
	int i = 7;

	CHECK_INT(num_arg("--x", "3", 1, 5, "things", &v), 0);
	CHECK_INT(v, 3);
	CHECK_INT(num_arg("--x", "6", 1, 5, NULL, &v), -1);
	CHECK_INT(num_arg_int("-p", "4194304", 1, 4194304, NULL, &i), 0);
	CHECK_INT(i, 4194304);
	CHECK_INT(num_arg_int("-p", "4294967297", 1, 4194304, NULL, &i), -1);
	CHECK_INT(i, 4194304);
}

static void test_mode(void)
{
	unsigned m = 1;

	CHECK_INT(num_parse_mode("0644", &m), 0);
	CHECK_INT(m, 0644);
	CHECK_INT(num_parse_mode("600", &m), 0);
	CHECK_INT(m, 0600);
	CHECK_INT(num_parse_mode("0", &m), 0);
	CHECK_INT(m, 0);
	CHECK_INT(num_parse_mode("0778", &m), -1);
	CHECK_INT(num_parse_mode("1777", &m), -1);	/* permission bits only */
	CHECK_INT(num_parse_mode("", &m), -1);
	CHECK_INT(num_parse_mode("rw", &m), -1);
}

static void test_syscalls(void)
{
#ifdef __x86_64__
	CHECK_INT(arch_syscall_nr("read"), 0);
	CHECK_INT(arch_syscall_nr("openat"), 257);
	CHECK_INT(arch_syscall_nr("getppid"), 110);
	CHECK_INT(arch_syscall_nr("newfstatat"), 262);
	CHECK_INT(arch_syscall_nr("newstat"), 4);	/* the tracepoint's name */
	CHECK_INT(arch_syscall_nr("stat"), -1);
	CHECK_INT(arch_syscall_nr("umount"), 166);
	CHECK_INT(arch_syscall_nr("sendfile64"), 40);
	CHECK_INT(arch_syscall_nr("mseal"), 462);
	CHECK_INT(arch_syscall_nr("no_such_syscall"), -1);
#else
	CHECK_INT(arch_syscall_nr("read"), -1);
#endif
}

int main(void)
{
	test_accepted();
	test_refused();
	test_args();
	test_mode();
	test_syscalls();
	return test_done("test_numparse");
}
