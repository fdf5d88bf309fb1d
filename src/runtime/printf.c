// SPDX-License-Identifier: GPL-2.0
/*
 * printf() formatting.  The format is split into literal text and
 * conversions; each conversion is rebuilt as a C format for one 64-bit
 * value (or string) and handed to snprintf, so widths, precisions and flags
 * behave exactly as C's.
 */
#include "runtime/printf.h"

#include <stdio.h>
#include <string.h>

#include "runtime/format.h"

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
