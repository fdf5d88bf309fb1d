/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Buffered text output for large generated files (SVG flame graphs): bytes
 * collect in one buffer written with fwrite, and numbers are formatted by
 * hand, byte for byte as printf would, without its per-call parsing.
 */
#ifndef SONDE_PROFILE_OUTBUF_H
#define SONDE_PROFILE_OUTBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct outbuf {
	FILE *out;
	char *buf;
	size_t len, cap;
	bool error;		/* a write failed */
};

void ob_init(struct outbuf *b, FILE *out);
/* Write out what is buffered and release the buffer; 0 or -1 on error. */
int ob_finish(struct outbuf *b);
/* Room for n more bytes (flushes when full). */
void ob_reserve(struct outbuf *b, size_t n);

static inline void ob_write(struct outbuf *b, const char *s, size_t n)
{
	ob_reserve(b, n);
	memcpy(b->buf + b->len, s, n);
	b->len += n;
}

static inline void ob_puts(struct outbuf *b, const char *s)
{
	ob_write(b, s, strlen(s));
}

static inline void ob_putc(struct outbuf *b, char c)
{
	ob_reserve(b, 1);
	b->buf[b->len++] = c;
}

void ob_printf(struct outbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* As "%llu" and "%d". */
void ob_uint(struct outbuf *b, uint64_t v);
void ob_int(struct outbuf *b, int v);
/* As "%.<decimals>f" (plus: "%+.<decimals>f"), decimals 0 to 4. */
void ob_fixed(struct outbuf *b, double v, int decimals, bool plus);
/* n bytes of s as XML text or attribute value; control bytes become '?'. */
void ob_xml(struct outbuf *b, const char *s, size_t n);

#endif
