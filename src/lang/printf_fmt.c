// SPDX-License-Identifier: GPL-2.0
/*
 * printf() format strings, as the language sees them: split into literal
 * text and conversions, counted, and checked against the argument types at
 * compile time.  The runtime (runtime/printf.c) formats with the same walk.
 */
#include "lang/printf_fmt.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

/* Widths beyond this are clamped: a format must not cost gigabytes. */
#define MAX_WIDTH	65535

static const char *const length_modifiers[] = { "hh", "ll", "h", "l", "j", "z", "t" };

static int parse_number(const char *s, size_t *i)
{
	long v = 0;

	while (s[*i] >= '0' && s[*i] <= '9') {
		if (v <= MAX_WIDTH)
			v = v * 10 + (s[*i] - '0');
		(*i)++;
	}
	return v > MAX_WIDTH ? MAX_WIDTH : (int)v;
}

static void parse_length(const char *fmt, size_t *i, struct conv *c)
{
	c->length[0] = '\0';
	for (size_t k = 0; k < ARRAY_SIZE(length_modifiers); k++) {
		size_t n = strlen(length_modifiers[k]);

		if (!strncmp(fmt + *i, length_modifiers[k], n)) {
			memcpy(c->length, length_modifiers[k], n + 1);
			*i += n;
			return;
		}
	}
}

/*
 * Parse the conversion starting at fmt[start] == '%'.  Returns false when
 * the text is not a conversion (it then prints as it is).
 */
static bool parse_conv(const char *fmt, size_t start, struct conv *c)
{
	size_t i = start + 1, nflags = 0;

	memset(c, 0, sizeof(*c));
	c->start = start;
	while (fmt[i] && strchr("-+ #0", fmt[i])) {
		if (nflags < sizeof(c->flags) - 1 && !strchr(c->flags, fmt[i]))
			c->flags[nflags++] = fmt[i];
		i++;
	}
	c->width = fmt[i] >= '0' && fmt[i] <= '9' ? parse_number(fmt, &i) : -1;
	c->precision = -1;
	if (fmt[i] == '.') {
		i++;
		c->precision = parse_number(fmt, &i);
	}
	parse_length(fmt, &i, c);
	/* %gr: GFP flags by name; a bare %g is a float conversion */
	if (fmt[i] == 'g' && fmt[i + 1] == 'r') {
		memcpy(c->spec, "gr", 3);
		c->len = i + 2 - start;
		return true;
	}
	if (!fmt[i] || !strchr("diouxXcspr", fmt[i]))
		return false;
	c->spec[0] = fmt[i++];
	if (c->spec[0] == 'r' && (fmt[i] == 'x' || fmt[i] == 'h' || fmt[i] == 'd'))
		c->spec[1] = fmt[i++];
	c->len = i - start;
	return true;
}

/*
 * Walk fmt: literal runs go to lit(), conversions to conv().  "%%" is a
 * literal percent sign.  Returns the number of conversions.
 */
int printf_walk(const char *fmt, printf_lit_fn lit, printf_conv_fn conv, void *ctx)
{
	size_t i = 0, run = 0;
	int n = 0;

	while (fmt[i]) {
		struct conv c;

		if (fmt[i] != '%') {
			i++;
			continue;
		}
		if (fmt[i + 1] == '%') {
			if (lit)
				lit(ctx, fmt + run, i + 1 - run);
			i += 2;
			run = i;
			continue;
		}
		if (!parse_conv(fmt, i, &c)) {
			i++;
			continue;
		}
		if (lit && i > run)
			lit(ctx, fmt + run, i - run);
		if (conv)
			conv(ctx, &c, n);
		n++;
		i += c.len;
		run = i;
	}
	if (lit && i > run)
		lit(ctx, fmt + run, i - run);
	return n;
}

int printf_count(const char *fmt)
{
	return printf_walk(fmt, NULL, NULL, NULL);
}

bool printf_int_like(const struct type *t)
{
	return type_is_int(t) || t->kind == TY_PTR;
}

/* ---- compile-time check ---- */

struct check_ctx {
	struct type *const *argtypes;
	int nargs;
	int bad;		/* index of the first bad conversion, or -1 */
	struct conv bad_conv;
	const char *want;
};

/* bpftrace's words for the kinds of values. */
static const char *kind_word(const struct type *t)
{
	static const char *const words[TY_KIND_COUNT] = {
		[TY_NONE] = "none", [TY_INT] = "integer", [TY_BOOL] = "boolean",
		[TY_STR] = "string", [TY_BUF] = "buffer", [TY_TUPLE] = "tuple",
		[TY_RECORD] = "record", [TY_PTR] = "pointer", [TY_ARRAY] = "array",
		[TY_ENUM] = "integer", [TY_CTX] = "ctx",
	};

	if (t && t->kind < TY_KIND_COUNT && words[t->kind])
		return words[t->kind];
	return "string";
}

static void check_conv(void *vctx, const struct conv *c, int index)
{
	struct check_ctx *ctx = vctx;
	const struct type *t;

	if (ctx->bad >= 0 || index >= ctx->nargs || !(t = ctx->argtypes[index]))
		return;
	if (c->spec[0] == 'r' && t->kind != TY_BUF)
		ctx->want = "buffer";
	else if (strchr("diouxXcpg", c->spec[0]) && !printf_int_like(t))
		ctx->want = "integer";
	else
		return;
	ctx->bad = index;
	ctx->bad_conv = *c;
}

/*
 * A '%' that starts no conversion: at run time it would print as it is,
 * so a typo (%q), a float (%f) or a '*' width would silently print
 * garbage and shift every later argument.  Says why in err; -1 when fmt
 * has none.
 */
int printf_bad_token(const char *fmt, char *err, size_t errlen)
{
	for (size_t i = 0; fmt[i]; i++) {
		struct conv c;
		size_t end = i + 1;

		if (fmt[i] != '%')
			continue;
		if (fmt[i + 1] == '%') {
			i++;
			continue;
		}
		if (parse_conv(fmt, i, &c)) {
			i += c.len - 1;
			continue;
		}
		/* flags, width, precision, length: then the conversion letter */
		end += strspn(fmt + end, "-+ #0123456789.hljzt");
		if (fmt[end] == '*') {
			size_t to = end + strspn(fmt + end, "*-+ #0123456789.hljzt");

			snprintf(err, errlen, "printf: %.*s: '*' widths and precisions are not "
				 "supported; write the number in the format (%%10d, %%.5s)",
				 (int)(to - i + (fmt[to] != '\0')), fmt + i);
		} else if (!fmt[end] || !isgraph((unsigned char)fmt[end])) {
			snprintf(err, errlen, "printf: '%%' without a conversion (write %%%% for a "
				 "percent sign)");
		} else if (strchr("aAeEfFgG", fmt[end])) {
			snprintf(err, errlen, "printf: %.*s: floating-point conversions are not "
				 "supported: values are integers (print a fraction as "
				 "\"%%d.%%03d\", x / 1000, x %% 1000)", (int)(end - i + 1), fmt + i);
		} else {
			snprintf(err, errlen, "printf: Unknown format string token: %.*s",
				 (int)(end - i + 1), fmt + i);
		}
		return (int)i;
	}
	return -1;
}

int printf_check(const char *fmt, struct type *const *argtypes, int nargs,
		 char *err, size_t errlen, int *err_col)
{
	struct check_ctx ctx = { argtypes, nargs, -1, { 0 }, NULL };
	int n = printf_walk(fmt ? fmt : "", NULL, check_conv, &ctx);

	*err_col = -1;
	if (nargs < n) {
		snprintf(err, errlen, "printf: Not enough arguments for format string "
			 "(%d supplied, %d expected)", nargs, n);
		return -1;
	}
	if (nargs > n) {
		snprintf(err, errlen, "printf: Too many arguments for format string "
			 "(%d supplied, %d expected)", nargs, n);
		return -1;
	}
	if (ctx.bad >= 0) {
		snprintf(err, errlen, "printf: %%%s%s specifier expects a value of type %s "
			 "(%s supplied)", ctx.bad_conv.length, ctx.bad_conv.spec, ctx.want,
			 kind_word(argtypes[ctx.bad]));
		*err_col = (int)ctx.bad_conv.start;
		return -1;
	}
	return 0;
}
