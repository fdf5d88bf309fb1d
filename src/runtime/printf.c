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
#include "runtime/gfp.h"

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

/*
 * How many bits of the value a conversion prints: its length modifier's C
 * type, an int without one (bpftrace converts as C's printf would).
 */
static unsigned length_bits(const char *length)
{
	if (!strcmp(length, "hh"))
		return 8;
	if (!strcmp(length, "h"))
		return 16;
	return length[0] ? 64 : 32;
}

static int64_t as_signed(int64_t v, unsigned bits)
{
	return bits == 8 ? (signed char)v : bits == 16 ? (short)v : bits == 32 ? (int)v : v;
}

static uint64_t as_unsigned(uint64_t v, unsigned bits)
{
	return bits == 64 ? v : v & ((1ULL << bits) - 1);
}

static void put_signed(struct strbuf *out, const struct conv *c, int64_t v)
{
	char f[48];

	v = as_signed(v, length_bits(c->length));
	conv_prefix(f, sizeof(f) - 4, c, true);
	strcat(f, "lld");
	sb_addf(out, f, (long long)v);
}

static void put_unsigned(struct strbuf *out, const struct conv *c, uint64_t v)
{
	char f[48];
	size_t n;

	v = as_unsigned(v, length_bits(c->length));
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

/*
 * %rd: the bytes as DTrace's tracemem() prints them: a heading of column
 * numbers, then rows of 16 bytes with their offset, hex and ASCII.
 */
static void hex_dump(struct strbuf *out, const uint8_t *b, uint32_t len)
{
	sb_addf(out, "\n%11s", "");
	for (int i = 0; i < 16; i++)
		sb_addf(out, "  %x", i);
	sb_addf(out, "  0123456789abcdef\n");
	for (uint32_t row = 0; row < len; row += 16) {
		uint32_t end = MIN(len, row + 16);

		sb_addf(out, "%10x:", row);
		for (uint32_t i = row; i < row + 16; i++)
			sb_addf(out, i < end ? " %02x" : "   ", b[i < end ? i : row]);
		sb_addf(out, "  ");
		for (uint32_t i = row; i < end; i++)
			sb_addc(out, b[i] < ' ' || b[i] > '~' ? '.' : b[i]);
		sb_addc(out, '\n');
	}
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
	if (c->spec[1] == 'd') {
		hex_dump(out, p + 4, len);
		return;
	}
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
	if (c->spec[0] == 's' || !printf_int_like(f->type)) {
		sb_init(&s);
		format_arg(&s, f->type, p, ctx->prog);
		put_text(ctx->out, c, s.buf, true);
		sb_free(&s);
		return;
	}
	switch (c->spec[0]) {
	case 'g':
		sb_init(&s);
		gfp_format(&s, (uint64_t)format_read_int(f->type, p));
		put_text(ctx->out, c, s.buf, false);
		sb_free(&s);
		break;
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
		printf_walk(fmt, fmt_lit, fmt_conv, &ctx);
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
	uint8_t bits;		/* hh: 8, h: 16, none: 32, else 64 */
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
	if (f && conv_is_bare(c) && !strchr("rcpg", c->spec[0])) {
		if (c->spec[0] == 's' || !printf_int_like(f->type)) {
			st.kind = STEP_ARG;
		} else {
			st.kind = STEP_INT;
			st.is_signed = c->spec[0] == 'd' || c->spec[0] == 'i';
			st.base = c->spec[0] == 'o' ? 8 : strchr("xX", c->spec[0]) ? 16 : 10;
			st.upper = c->spec[0] == 'X';
			st.bits = length_bits(c->length);
		}
	}
	vec_push(&p->steps, st);
}

struct printf_plan *printf_plan_new(const char *fmt, const struct type *args)
{
	struct printf_plan *p = xcalloc(1, sizeof(*p));

	p->fmt = fmt ? fmt : "";
	p->args = args;
	printf_walk(p->fmt, plan_lit, plan_conv, p);
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

	sv = st->is_signed ? as_signed(sv, st->bits) : (int64_t)as_unsigned(sv, st->bits);
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
