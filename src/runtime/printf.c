// SPDX-License-Identifier: GPL-2.0
/*
 * printf() formatting.  The format is split into literal text and
 * conversions; each conversion is rebuilt as a C format for one 64-bit
 * value (or string) and handed to snprintf, so widths, precisions and flags
 * behave exactly as C's.
 */
#include "runtime/printf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/format.h"

/* Widths beyond this are clamped: a format must not cost gigabytes. */
#define MAX_WIDTH	65535

struct conv {
	size_t start, len;	/* where in fmt, how long */
	char flags[8];
	int width;		/* -1: none */
	int precision;		/* -1: none */
	char length[3];		/* "", "hh", "h", "l", "ll", "j", "z", "t" */
	char spec[3];		/* "d", ..., "r", "rx", "rh" */
};

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
	if (!fmt[i] || !strchr("diouxXcspr", fmt[i]))
		return false;
	c->spec[0] = fmt[i++];
	if (c->spec[0] == 'r' && (fmt[i] == 'x' || fmt[i] == 'h'))
		c->spec[1] = fmt[i++];
	c->len = i - start;
	return true;
}

/*
 * Walk fmt: literal runs go to lit(), conversions to conv().  "%%" is a
 * literal percent sign.  Returns the number of conversions.
 */
typedef void (*lit_fn)(void *ctx, const char *s, size_t len);
typedef void (*conv_fn)(void *ctx, const struct conv *c, int index);

static int walk_format(const char *fmt, lit_fn lit, conv_fn conv, void *ctx)
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
	return walk_format(fmt, NULL, NULL, NULL);
}

/* ---- formatting ---- */

struct fmt_ctx {
	struct strbuf *out;
	const struct type *args;
	const uint8_t *data;
	const struct program *prog;
	const char *fmt;
};

static void fmt_lit(void *ctx, const char *s, size_t len)
{
	sb_add(((struct fmt_ctx *)ctx)->out, s, len);
}

/* "%" flags width .precision, without length and conversion. */
static void conv_prefix(char *buf, size_t size, const struct conv *c, bool with_precision)
{
	int n = snprintf(buf, size, "%%%s", c->flags);

	if (c->width >= 0)
		n += snprintf(buf + n, size - n, "%d", c->width);
	if (with_precision && c->precision >= 0)
		snprintf(buf + n, size - n, ".%d", c->precision);
}

static void put_signed(struct strbuf *out, const struct conv *c, int64_t v)
{
	char f[48];

	if (!strcmp(c->length, "hh"))
		v = (signed char)v;
	else if (!strcmp(c->length, "h"))
		v = (short)v;
	conv_prefix(f, sizeof(f) - 4, c, true);
	strcat(f, "lld");
	sb_addf(out, f, (long long)v);
}

static void put_unsigned(struct strbuf *out, const struct conv *c, uint64_t v)
{
	char f[48];
	size_t n;

	if (!strcmp(c->length, "hh"))
		v = (unsigned char)v;
	else if (!strcmp(c->length, "h"))
		v = (unsigned short)v;
	conv_prefix(f, sizeof(f) - 4, c, true);
	n = strlen(f);
	snprintf(f + n, sizeof(f) - n, "ll%c", c->spec[0]);
	sb_addf(out, f, (unsigned long long)v);
}

/* Text through %s with the conversion's flags, width and precision. */
static void put_text(struct strbuf *out, const struct conv *c, const char *s, bool precision)
{
	char f[48];

	conv_prefix(f, sizeof(f) - 2, c, precision);
	strcat(f, "s");
	sb_addf(out, f, s);
}

static void put_char(struct strbuf *out, const struct conv *c, int64_t v)
{
	char f[48];

	conv_prefix(f, sizeof(f) - 2, c, false);
	strcat(f, "c");
	sb_addf(out, f, (int)(unsigned char)v);
}

static void put_buffer(struct strbuf *out, const struct conv *c, const struct type *t,
		       const uint8_t *p)
{
	struct strbuf s;
	uint32_t len;

	if (t->kind != TY_BUF) {
		sb_init(&s);
		format_value(&s, t, p, NULL);
		put_text(out, c, s.buf, false);
		sb_free(&s);
		return;
	}
	memcpy(&len, p, 4);
	len = MIN(len, t->size - 4);
	sb_init(&s);
	for (uint32_t i = 0; i < len; i++) {
		uint8_t b = p[4 + i];

		if (c->spec[1] == 'h')
			sb_addf(&s, i ? " %02x" : "%02x", b);
		else if (c->spec[1] == 'x' || b < 32 || b > 126)
			sb_addf(&s, "\\x%02x", b);
		else
			sb_addc(&s, b);
	}
	put_text(out, c, s.buf, false);
	sb_free(&s);
}

static bool int_like(const struct type *t)
{
	return type_is_int(t) || t->kind == TY_PTR;
}

static void fmt_conv(void *vctx, const struct conv *c, int index)
{
	struct fmt_ctx *ctx = vctx;
	const struct field *f;
	const uint8_t *p;
	struct strbuf s;

	if (!ctx->args || index >= ctx->args->nfields || !ctx->args->fields[index].type) {
		sb_add(ctx->out, ctx->fmt + c->start, c->len);
		return;
	}
	f = &ctx->args->fields[index];
	p = ctx->data + f->offset;
	if (c->spec[0] == 'r') {
		put_buffer(ctx->out, c, f->type, p);
		return;
	}
	if (c->spec[0] == 's' || !int_like(f->type)) {
		sb_init(&s);
		format_arg(&s, f->type, p, ctx->prog);
		put_text(ctx->out, c, s.buf, true);
		sb_free(&s);
		return;
	}
	switch (c->spec[0]) {
	case 'd':
	case 'i':
		put_signed(ctx->out, c, format_read_int(f->type, p));
		break;
	case 'c':
		put_char(ctx->out, c, format_read_int(f->type, p));
		break;
	case 'p': {
		char hex[24];

		snprintf(hex, sizeof(hex), "0x%llx",
			 (unsigned long long)format_read_int(f->type, p));
		put_text(ctx->out, c, hex, false);
		break;
	}
	default:
		put_unsigned(ctx->out, c, (uint64_t)format_read_int(f->type, p));
		break;
	}
}

void format_printf(struct strbuf *out, const char *fmt, const struct type *args,
		   const void *data, const struct program *prog)
{
	struct fmt_ctx ctx = { out, data ? args : NULL, data, prog, fmt };

	if (fmt)
		walk_format(fmt, fmt_lit, fmt_conv, &ctx);
}

/* ---- plans: a format parsed once, run for every record ---- */

enum step_kind {
	STEP_LIT,	/* fmt[off, off + len) as is */
	STEP_INT,	/* a bare %d %i %u %x %X %o of an integer: our own digits */
	STEP_ARG,	/* a bare conversion of a non-integer: the value's text */
	STEP_CONV,	/* anything else: through fmt_conv(), as format_printf() */
};

struct step {
	enum step_kind kind;
	size_t off, len;	/* STEP_LIT */
	struct conv c;
	int index;
	const struct field *field;
	uint8_t base;		/* STEP_INT: 8, 10 or 16 */
	bool is_signed, upper;
	uint8_t bits;		/* hh: 8, h: 16, else 64 */
};

struct printf_plan {
	const char *fmt;
	const struct type *args;
	VEC(struct step) steps;
};

static void plan_lit(void *vp, const char *s, size_t len)
{
	struct printf_plan *p = vp;
	struct step st = { .kind = STEP_LIT, .off = s - p->fmt, .len = len };

	vec_push(&p->steps, st);
}

static bool conv_is_bare(const struct conv *c)
{
	return !c->flags[0] && c->width < 0 && c->precision < 0;
}

static void plan_conv(void *vp, const struct conv *c, int index)
{
	struct printf_plan *p = vp;
	struct step st = { .kind = STEP_CONV, .c = *c, .index = index };
	const struct field *f = NULL;

	if (p->args && index < p->args->nfields && p->args->fields[index].type)
		f = &p->args->fields[index];
	st.field = f;
	if (f && conv_is_bare(c) && c->spec[0] != 'r' && c->spec[0] != 'c' &&
	    c->spec[0] != 'p') {
		if (c->spec[0] == 's' || !int_like(f->type)) {
			st.kind = STEP_ARG;
		} else {
			st.kind = STEP_INT;
			st.is_signed = c->spec[0] == 'd' || c->spec[0] == 'i';
			st.base = c->spec[0] == 'o' ? 8 : strchr("xX", c->spec[0]) ? 16 : 10;
			st.upper = c->spec[0] == 'X';
			st.bits = !strcmp(c->length, "hh") ? 8 : !strcmp(c->length, "h") ? 16 : 64;
		}
	}
	vec_push(&p->steps, st);
}

struct printf_plan *printf_plan_new(const char *fmt, const struct type *args)
{
	struct printf_plan *p = xcalloc(1, sizeof(*p));

	p->fmt = fmt ? fmt : "";
	p->args = args;
	walk_format(p->fmt, plan_lit, plan_conv, p);
	return p;
}

void printf_plan_free(struct printf_plan *p)
{
	if (!p)
		return;
	vec_free(&p->steps);
	free(p);
}

/* Decimal digits of v ending at end, two at a time (constant divisors). */
static char *decimal(char *end, uint64_t v)
{
	static const char pairs[] =
		"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
		"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
		"8081828384858687888990919293949596979899";

	while (v >= 100) {
		unsigned r = v % 100;

		v /= 100;
		end -= 2;
		memcpy(end, pairs + 2 * r, 2);
	}
	if (v >= 10) {
		end -= 2;
		memcpy(end, pairs + 2 * v, 2);
	} else {
		*--end = '0' + v;
	}
	return end;
}

/* v in base, as C's %lld %llu %llo %llx %llX print it. */
static void put_digits(struct strbuf *out, const struct step *st, int64_t sv)
{
	const char *digits = st->upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24], *end = buf + sizeof(buf), *q = end;
	bool negative = false;
	uint64_t v;

	if (st->bits == 8)
		sv = st->is_signed ? (int64_t)(signed char)sv : (int64_t)(unsigned char)sv;
	else if (st->bits == 16)
		sv = st->is_signed ? (int64_t)(short)sv : (int64_t)(unsigned short)sv;
	v = (uint64_t)sv;
	if (st->is_signed && sv < 0) {
		negative = true;
		v = -(uint64_t)sv;
	}
	if (st->base == 10) {
		q = decimal(end, v);
	} else {
		unsigned shift = st->base == 16 ? 4 : 3;

		do {
			*--q = digits[v & (st->base - 1)];
			v >>= shift;
		} while (v);
	}
	if (negative)
		*--q = '-';
	sb_add(out, q, end - q);
}

void printf_plan_run(struct strbuf *out, const struct printf_plan *p, const void *data,
		     const struct program *prog)
{
	struct fmt_ctx ctx = { out, data ? p->args : NULL, data, prog, p->fmt };

	for (int i = 0; i < p->steps.n; i++) {
		const struct step *st = &p->steps.v[i];
		const uint8_t *v;

		if (st->kind == STEP_LIT) {
			sb_add(out, p->fmt + st->off, st->len);
			continue;
		}
		if (!data || st->kind == STEP_CONV) {
			fmt_conv(&ctx, &st->c, st->index);
			continue;
		}
		v = (const uint8_t *)data + st->field->offset;
		if (st->kind == STEP_INT)
			put_digits(out, st, format_read_int(st->field->type, v));
		else
			format_arg(out, st->field->type, v, prog);
	}
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
	else if (strchr("diouxXcp", c->spec[0]) && !int_like(t))
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
	int n = walk_format(fmt ? fmt : "", NULL, check_conv, &ctx);

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
