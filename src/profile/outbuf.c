// SPDX-License-Identifier: GPL-2.0
/*
 * Buffered output with hand-made number formatting.  A flame graph of many
 * frames is millions of small numbers; printf parses its format and goes
 * through the locale for each.  The fixed-point conversion stays exact: the
 * double's 53-bit mantissa times 10^4 fits a 128-bit integer, so rounding
 * the exact binary value half to even, as printf does, gives the same
 * digits.
 */
#include "profile/outbuf.h"

#include <math.h>		/* isfinite, signbit: no libm */
#include <stdarg.h>
#include <stdlib.h>

#include "util.h"

#define OB_SIZE (256u << 10)

void ob_init(struct outbuf *b, FILE *out)
{
	b->out = out;
	b->cap = OB_SIZE;
	b->buf = xmalloc(b->cap);
	b->len = 0;
	b->error = false;
}

static void ob_flush(struct outbuf *b)
{
	if (b->len && fwrite(b->buf, 1, b->len, b->out) != b->len)
		b->error = true;
	b->len = 0;
}

int ob_finish(struct outbuf *b)
{
	ob_flush(b);
	free(b->buf);
	b->buf = NULL;
	b->cap = 0;
	return b->error ? -1 : 0;
}

void ob_reserve(struct outbuf *b, size_t n)
{
	if (b->cap - b->len >= n)
		return;
	ob_flush(b);
	if (n > b->cap) {
		b->cap = n;
		b->buf = xrealloc(b->buf, n);
	}
}

void ob_printf(struct outbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	ob_reserve(b, n + 1);
	va_start(ap, fmt);
	vsnprintf(b->buf + b->len, n + 1, fmt, ap);
	va_end(ap);
	b->len += n;
}

/* The digits of v, at least min_digits of them (zero-padded). */
static void put_digits(struct outbuf *b, uint64_t v, int min_digits)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = '0' + v % 10;
		v /= 10;
	} while (v || n < min_digits);
	ob_reserve(b, n);
	while (n)
		b->buf[b->len++] = tmp[--n];
}

void ob_uint(struct outbuf *b, uint64_t v)
{
	put_digits(b, v, 1);
}

void ob_int(struct outbuf *b, int v)
{
	if (v < 0)
		ob_putc(b, '-');
	put_digits(b, v < 0 ? -(uint64_t)v : (uint64_t)v, 1);
}

static const uint64_t powers_of_ten[] = { 1, 10, 100, 1000, 10000 };

/* v (finite, not negative) as mant * 2^exp exactly. */
static void decompose(double v, uint64_t *mant, int *exp)
{
	uint64_t bits;
	int biased;

	memcpy(&bits, &v, sizeof(bits));
	biased = (bits >> 52) & 0x7ff;
	*mant = bits & ((1ull << 52) - 1);
	if (biased) {
		*mant |= 1ull << 52;
		*exp = biased - 1075;
	} else {
		*exp = -1074;		/* subnormal */
	}
}

/* v * scale rounded to an integer, ties to even; v < 2^50. */
static uint64_t scaled_round(double v, uint64_t scale)
{
	unsigned __int128 prod, rem, half;
	uint64_t mant, n;
	int exp, shift;

	decompose(v, &mant, &exp);
	prod = (unsigned __int128)mant * scale;		/* below 2^67: exact */
	if (exp >= 0)
		return (uint64_t)(prod << exp);
	shift = -exp;
	if (shift > 120)	/* below a quarter: rounds to 0 */
		return 0;
	n = (uint64_t)(prod >> shift);
	rem = prod & (((unsigned __int128)1 << shift) - 1);
	half = (unsigned __int128)1 << (shift - 1);
	if (rem > half || (rem == half && (n & 1)))
		n++;
	return n;
}

void ob_fixed(struct outbuf *b, double v, int decimals, bool plus)
{
	uint64_t scale = powers_of_ten[decimals], n;

	if (!isfinite(v) || v >= 0x1p50 || v <= -0x1p50) {
		ob_printf(b, plus ? "%+.*f" : "%.*f", decimals, v);
		return;
	}
	n = scaled_round(v < 0 ? -v : v, scale);
	if (signbit(v))
		ob_putc(b, '-');
	else if (plus)
		ob_putc(b, '+');
	put_digits(b, n / scale, 1);
	if (decimals) {
		ob_putc(b, '.');
		put_digits(b, n % scale, decimals);
	}
}

void ob_xml(struct outbuf *b, const char *s, size_t n)
{
	ob_reserve(b, n * 6);
	for (size_t i = 0; i < n; i++) {
		char *p = b->buf + b->len;

		switch (s[i]) {
		case '<': memcpy(p, "&lt;", 4); b->len += 4; break;
		case '>': memcpy(p, "&gt;", 4); b->len += 4; break;
		case '&': memcpy(p, "&amp;", 5); b->len += 5; break;
		case '"': memcpy(p, "&quot;", 6); b->len += 6; break;
		default:
			/* Control bytes are not allowed in XML 1.0. */
			*p = (unsigned char)s[i] < 0x20 ? '?' : s[i];
			b->len++;
		}
	}
}
