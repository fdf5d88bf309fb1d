// SPDX-License-Identifier: GPL-2.0
/*
 * Held records: per set, the records one after another in one growing
 * buffer, each behind its size and 8-byte aligned as the ring buffer's
 * are, so that releasing them is one pass in arrival order.
 */
#include "held.h"

#include <stdlib.h>
#include <string.h>

#include "run.h"
#include "util.h"

struct held_set {
	uint8_t *buf;
	size_t len, cap;	/* each record behind its size */
	size_t bytes;		/* the records' own sizes, against the budget */
};

struct held {
	int nsets;
	size_t budget;
	struct held_set *sets;
};

struct held *held_new(int nsets, size_t budget)
{
	struct held *h = xcalloc(1, sizeof(*h));

	h->nsets = nsets > 0 ? nsets : 0;
	h->budget = budget;
	h->sets = xcalloc(h->nsets ? h->nsets : 1, sizeof(*h->sets));
	return h;
}

void held_free(struct held *h)
{
	if (!h)
		return;
	for (int i = 0; i < h->nsets; i++)
		free(h->sets[i].buf);
	free(h->sets);
	free(h);
}

int held_add(struct held *h, int set, const void *rec, size_t size)
{
	struct held_set *s;
	size_t need = sizeof(size) + ALIGN_UP(size, 8);	/* the next record 8-byte aligned */

	if (set < 0 || set >= h->nsets)
		return -1;
	s = &h->sets[set];
	if (size > h->budget - s->bytes)
		return -1;
	if (s->len + need > s->cap) {
		s->cap = MAX(s->cap * 2, s->len + need);
		s->buf = xrealloc(s->buf, s->cap);
	}
	memcpy(s->buf + s->len, &size, sizeof(size));
	memcpy(s->buf + s->len + sizeof(size), rec, size);
	s->len += need;
	s->bytes += size;
	return 0;
}

size_t held_bytes(const struct held *h, int set)
{
	return set < 0 || set >= h->nsets ? 0 : h->sets[set].bytes;
}

void held_release(struct held *h, int set)
{
	struct held_set *s;
	uint8_t *buf;
	size_t len, off = 0;

	if (set < 0 || set >= h->nsets)
		return;
	s = &h->sets[set];
	/* taken out first: a released record may hold records back again */
	buf = s->buf;
	len = s->len;
	s->buf = NULL;
	s->len = s->cap = s->bytes = 0;
	while (off < len) {
		size_t size;

		memcpy(&size, buf + off, sizeof(size));
		run_replay_record(buf + off + sizeof(size), size);
		off += sizeof(size) + ALIGN_UP(size, 8);
	}
	free(buf);
}

void held_drop(struct held *h, int set)
{
	if (set < 0 || set >= h->nsets)
		return;
	h->sets[set].len = h->sets[set].bytes = 0;
}
