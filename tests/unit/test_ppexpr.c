// SPDX-License-Identifier: GPL-2.0
/* #if expressions: C's operators, wrapping arithmetic, errors, depth. */
#include <stdlib.h>
#include <string.h>

#include "lang/ppexpr.h"
#include "test.h"

static void check_val(const char *s, int64_t want)
{
	const char *why = NULL;
	int64_t v = 12345;

	CHECK_INT(ppexpr_eval(s, &v, &why), 0);
	CHECK_INT(v, want);
	if (why)
		fprintf(stderr, "  %s: %s\n", s, why);
}

static void check_bad(const char *s, const char *want_why)
{
	const char *why = NULL;
	int64_t v;

	CHECK_INT(ppexpr_eval(s, &v, &why), -1);
	CHECK(why && strstr(why, want_why));
	if (!why || !strstr(why, want_why))
		fprintf(stderr, "  %s: got '%s', want '%s'\n", s, why ? why : "", want_why);
}

static char *repeat(const char *head, char c, size_t n, const char *tail)
{
	size_t h = strlen(head), t = strlen(tail);
	char *s = malloc(h + n + t + 1);

	memcpy(s, head, h);
	memset(s + h, c, n);
	memcpy(s + h + n, tail, t + 1);
	return s;
}

static void test_operators(void)
{
	check_val("1 + 2 * 3", 7);
	check_val("(1 + 2) * 3", 9);
	check_val("7 / 2 + 7 % 2", 4);
	check_val("1 << 3 | 1", 9);
	check_val("-8 >> 1", -4);
	check_val("6 ^ 3", 5);
	check_val("6 & 3", 2);
	check_val("1 || 0 && 0", 1);
	check_val("2 < 3 == 1", 1);
	check_val("!0 + ~0 + -1 + +1", 0);
	check_val("0x10 + 010 + 1UL", 25);
	check_val("1 ? 2 : 3", 2);
	check_val("0 ? 2 : 0 ? 3 : 4", 4);
	check_val("UNDEFINED_NAME + 1", 1);
}

/* Overflow wraps (two's complement), never traps or is undefined. */
static void test_overflow(void)
{
	check_val("(-9223372036854775807 - 1) / -1", INT64_MIN);
	check_val("(-9223372036854775807 - 1) % -1", 0);
	check_val("9223372036854775807 + 1", INT64_MIN);
	check_val("-(-9223372036854775807 - 1)", INT64_MIN);
	check_val("4611686018427387904 * 4", 0);
	check_val("0 - 9223372036854775807 - 2", INT64_MAX);
	check_val("18446744073709551615", -1);
	check_bad("18446744073709551616", "does not fit in 64 bits");
	check_bad("1 / 0", "division by zero");
	check_bad("1 % 0", "division by zero");
	check_bad("1 << 64", "shift count");
	check_bad("1 >> -1", "shift count");
	/* C does not evaluate the operand that short-circuits */
	check_val("0 && 1 / 0", 0);
	check_val("1 || 1 / 0", 1);
	check_val("1 ? 2 : 1 / 0", 2);
}

static void test_errors(void)
{
	check_bad("", "empty");
	check_bad("   ", "empty");
	check_bad("1 +", "expected");
	check_bad("(1", "missing ')'");
	check_bad("1 ? 2", "without ':'");
	check_bad("1 2", "unexpected text");
	check_bad("12abc", "invalid integer");
	check_bad("\"s\"", "expected");
}

/* 20,000 '(' or 200,000 '!' end in an error, not a stack overflow. */
static void test_depth(void)
{
	char *s = repeat("", '(', 20000, "1");

	check_bad(s, "nested too deep");
	free(s);
	s = repeat("", '!', 200000, "1");
	check_bad(s, "nested too deep");
	free(s);
	s = repeat("", '~', 200000, "1");
	check_bad(s, "nested too deep");
	free(s);
	s = repeat("", '-', 201, "1");
	check_val(s, -1);
	free(s);
}

int main(void)
{
	test_operators();
	test_overflow();
	test_errors();
	test_depth();
	return test_done("test_ppexpr");
}
