// SPDX-License-Identifier: GPL-2.0
/*
 * #if expressions (see ppexpr.h).  Precedence climbing over a table of
 * binary operators; every recursion (parentheses, unary operators, the
 * arms of ?:) counts one level of depth, so hostile input such as 20,000
 * '(' or 200,000 '!' ends in an error instead of a stack overflow.  The
 * arithmetic is done on uint64_t, where wrapping is defined, and read
 * back as int64_t.
 */
#include "lang/ppexpr.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct ppx {
	const char *s;
	size_t pos;
	int depth;
	int skipping;		/* inside an operand C does not evaluate (0 && x) */
	const char *why;	/* the first error, NULL while all is well */
};

static int64_t wrap(uint64_t v)
{
	return (int64_t)v;	/* two's complement: defined in gcc and clang */
}

static int64_t op_or(int64_t a, int64_t b, const char **why)  { return a || b; }
static int64_t op_and(int64_t a, int64_t b, const char **why) { return a && b; }
static int64_t op_bor(int64_t a, int64_t b, const char **why) { return a | b; }
static int64_t op_xor(int64_t a, int64_t b, const char **why) { return a ^ b; }
static int64_t op_band(int64_t a, int64_t b, const char **why) { return a & b; }
static int64_t op_eq(int64_t a, int64_t b, const char **why)  { return a == b; }
static int64_t op_ne(int64_t a, int64_t b, const char **why)  { return a != b; }
static int64_t op_le(int64_t a, int64_t b, const char **why)  { return a <= b; }
static int64_t op_ge(int64_t a, int64_t b, const char **why)  { return a >= b; }
static int64_t op_lt(int64_t a, int64_t b, const char **why)  { return a < b; }
static int64_t op_gt(int64_t a, int64_t b, const char **why)  { return a > b; }

static int64_t op_add(int64_t a, int64_t b, const char **why)
{
	return wrap((uint64_t)a + (uint64_t)b);
}

static int64_t op_sub(int64_t a, int64_t b, const char **why)
{
	return wrap((uint64_t)a - (uint64_t)b);
}

static int64_t op_mul(int64_t a, int64_t b, const char **why)
{
	return wrap((uint64_t)a * (uint64_t)b);
}

static int64_t op_div(int64_t a, int64_t b, const char **why)
{
	if (b == 0) {
		*why = "division by zero";
		return 0;
	}
	if (b == -1)		/* INT64_MIN / -1 overflows (and traps on x86) */
		return wrap(-(uint64_t)a);
	return a / b;
}

static int64_t op_mod(int64_t a, int64_t b, const char **why)
{
	if (b == 0) {
		*why = "division by zero";
		return 0;
	}
	return b == -1 ? 0 : a % b;
}

static bool bad_shift(int64_t b, const char **why)
{
	if (b < 0 || b >= 64) {
		*why = "shift count out of range (0 to 63)";
		return true;
	}
	return false;
}

static int64_t op_shl(int64_t a, int64_t b, const char **why)
{
	return bad_shift(b, why) ? 0 : wrap((uint64_t)a << b);
}

static int64_t op_shr(int64_t a, int64_t b, const char **why)
{
	/* arithmetic shift, as gcc does for signed values */
	return bad_shift(b, why) ? 0 : (a < 0 ? ~(~a >> b) : a >> b);
}

struct binop {
	const char *tok;
	int prec;		/* higher binds tighter */
	int64_t (*fn)(int64_t a, int64_t b, const char **why);
};

/* Longer tokens first, so that "<<" is not read as "<". */
static const struct binop binops[] = {
	{ "||", 1, op_or }, { "&&", 2, op_and },
	{ "==", 6, op_eq }, { "!=", 6, op_ne },
	{ "<=", 7, op_le }, { ">=", 7, op_ge },
	{ "<<", 8, op_shl }, { ">>", 8, op_shr },
	{ "|", 3, op_bor }, { "^", 4, op_xor }, { "&", 5, op_band },
	{ "<", 7, op_lt }, { ">", 7, op_gt },
	{ "+", 9, op_add }, { "-", 9, op_sub },
	{ "*", 10, op_mul }, { "/", 10, op_div }, { "%", 10, op_mod },
};

static void fail(struct ppx *x, const char *why)
{
	if (!x->why)
		x->why = why;
}

static void skip_space(struct ppx *x)
{
	while (isspace((unsigned char)x->s[x->pos]))
		x->pos++;
}

static bool eat(struct ppx *x, const char *tok)
{
	size_t n = strlen(tok);

	skip_space(x);
	if (strncmp(x->s + x->pos, tok, n) != 0)
		return false;
	x->pos += n;
	return true;
}

static const struct binop *peek_binop(struct ppx *x)
{
	skip_space(x);
	for (size_t i = 0; i < ARRAY_SIZE(binops); i++)
		if (strncmp(x->s + x->pos, binops[i].tok, strlen(binops[i].tok)) == 0)
			return &binops[i];
	return NULL;
}

static int64_t expr(struct ppx *x);

static bool enter(struct ppx *x)
{
	if (++x->depth > PPEXPR_MAX_DEPTH) {
		fail(x, "nested too deep (the limit is 256 levels)");
		return false;
	}
	return true;
}

static int64_t number(struct ppx *x)
{
	const char *p = x->s + x->pos;
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(p, &end, 0);
	if (errno == ERANGE) {
		fail(x, "integer constant does not fit in 64 bits");
		return 0;
	}
	while (*end == 'u' || *end == 'U' || *end == 'l' || *end == 'L')
		end++;
	if (isalnum((unsigned char)*end) || *end == '_')
		fail(x, "invalid integer constant");
	x->pos = end - x->s;
	return wrap(v);
}

static int64_t unary(struct ppx *x);

static int64_t unary_inner(struct ppx *x)
{
	int64_t v;

	skip_space(x);
	if (eat(x, "(")) {
		v = expr(x);
		if (!eat(x, ")"))
			fail(x, "missing ')'");
		return v;
	}
	if (eat(x, "!"))
		return !unary(x);
	if (eat(x, "~"))
		return ~unary(x);
	if (eat(x, "-"))
		return wrap(-(uint64_t)unary(x));
	if (eat(x, "+"))
		return unary(x);
	if (isdigit((unsigned char)x->s[x->pos]))
		return number(x);
	if (isalpha((unsigned char)x->s[x->pos]) || x->s[x->pos] == '_') {
		while (isalnum((unsigned char)x->s[x->pos]) || x->s[x->pos] == '_')
			x->pos++;
		return 0;
	}
	fail(x, "expected a number, an identifier or '('");
	return 0;
}

static int64_t unary(struct ppx *x)
{
	int64_t v = 0;

	if (enter(x) && !x->why)
		v = unary_inner(x);
	x->depth--;
	return v;
}

/* Operands and operators of precedence min_prec or more (precedence climbing). */
static int64_t binary(struct ppx *x, int min_prec)
{
	int64_t v = unary(x);
	const struct binop *op;

	while (!x->why && (op = peek_binop(x)) && op->prec >= min_prec) {
		const char *why = NULL;
		int64_t r;

		bool skip = (op->fn == op_and && !v) || (op->fn == op_or && v);

		x->pos += strlen(op->tok);
		x->skipping += skip;
		r = binary(x, op->prec + 1);
		x->skipping -= skip;
		if (x->why)
			break;
		v = op->fn(v, r, &why);
		if (why && !x->skipping)
			fail(x, why);
	}
	return v;
}

static int64_t expr(struct ppx *x)
{
	int64_t c, a, b;

	if (!enter(x)) {
		x->depth--;
		return 0;
	}
	c = binary(x, 1);
	if (!x->why && eat(x, "?")) {
		x->skipping += !c;
		a = expr(x);
		x->skipping -= !c;
		if (!x->why && !eat(x, ":"))
			fail(x, "'?' without ':'");
		x->skipping += !!c;
		b = x->why ? 0 : expr(x);
		x->skipping -= !!c;
		c = c ? a : b;
	}
	x->depth--;
	return c;
}

int ppexpr_eval(const char *s, int64_t *value, const char **why)
{
	struct ppx x = { .s = s };
	int64_t v;

	skip_space(&x);
	if (!s[x.pos]) {
		*why = "empty expression";
		return -1;
	}
	v = expr(&x);
	skip_space(&x);
	if (!x.why && s[x.pos])
		fail(&x, "unexpected text after the expression");
	if (x.why) {
		*why = x.why;
		return -1;
	}
	*value = v;
	return 0;
}
