/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal protobuf encoder for the Perfetto export: varint, zigzag-free
 * int64 (as protobuf's int64: two's complement varint), length-delimited
 * strings and nested messages.  A nested message reserves four bytes for
 * its length and fills them as a padded varint when it ends (protobuf
 * parsers accept non-minimal varints), so nothing is encoded twice.
 */
#ifndef SONDE_RECORD_PBUF_H
#define SONDE_RECORD_PBUF_H

#include <stdint.h>
#include <string.h>

#include "util.h"

struct pbuf {
	uint8_t *buf;
	size_t len, cap;
};

static inline void pb_room(struct pbuf *b, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = MAX(b->cap * 2, b->len + n + 4096);
		b->buf = xrealloc(b->buf, b->cap);
	}
}

static inline void pb_varint(struct pbuf *b, uint64_t v)
{
	pb_room(b, 10);
	while (v >= 0x80) {
		b->buf[b->len++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	b->buf[b->len++] = (uint8_t)v;
}

static inline void pb_tag(struct pbuf *b, unsigned field, unsigned wire)
{
	pb_varint(b, (uint64_t)field << 3 | wire);
}

static inline void pb_uint(struct pbuf *b, unsigned field, uint64_t v)
{
	pb_tag(b, field, 0);
	pb_varint(b, v);
}

/* int32/int64 fields: negative values as ten-byte two's complement. */
static inline void pb_int(struct pbuf *b, unsigned field, int64_t v)
{
	pb_uint(b, field, (uint64_t)v);
}

static inline void pb_bytes(struct pbuf *b, unsigned field, const void *p, size_t n)
{
	pb_tag(b, field, 2);
	pb_varint(b, n);
	pb_room(b, n);
	memcpy(b->buf + b->len, p, n);
	b->len += n;
}

static inline void pb_str(struct pbuf *b, unsigned field, const char *s)
{
	pb_bytes(b, field, s, strlen(s));
}

/* Open a nested message; returns where its length goes. */
static inline size_t pb_begin(struct pbuf *b, unsigned field)
{
	pb_tag(b, field, 2);
	pb_room(b, 4);
	b->len += 4;
	return b->len - 4;
}

static inline void pb_end(struct pbuf *b, size_t at)
{
	size_t n = b->len - at - 4;	/* < 2^28: packets are small */

	b->buf[at] = (uint8_t)(n | 0x80);
	b->buf[at + 1] = (uint8_t)(n >> 7 | 0x80);
	b->buf[at + 2] = (uint8_t)(n >> 14 | 0x80);
	b->buf[at + 3] = (uint8_t)(n >> 21 & 0x7f);
}

#endif
