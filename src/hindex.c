// SPDX-License-Identifier: GPL-2.0
/* Hash index (see hindex.h): open addressing, linear probing, FNV-1a. */
#include "hindex.h"

#include <stdlib.h>

#include "util.h"

#define FREE_SLOT	(-1)
#define DELETED_SLOT	(-2)

uint64_t hindex_hash(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

uint64_t hindex_hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ull;
	}
	return h;
}

static void put(struct hindex *h, uint64_t hash, int val)
{
	size_t mask = h->cap - 1, i = hash & mask;

	while (h->vals[i] != FREE_SLOT)
		i = (i + 1) & mask;
	h->hashes[i] = hash;
	h->vals[i] = val;
	h->used++;
}

/* Keep the table at most half full (deleted slots count): probes stay short. */
static void grow(struct hindex *h)
{
	struct hindex old = *h;

	h->cap = old.cap ? old.cap * 2 : 16;
	h->hashes = xcalloc(h->cap, sizeof(*h->hashes));
	h->vals = xmalloc(h->cap * sizeof(*h->vals));
	for (size_t i = 0; i < h->cap; i++)
		h->vals[i] = FREE_SLOT;
	h->used = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.vals[i] >= 0)
			put(h, old.hashes[i], old.vals[i]);
	free(old.hashes);
	free(old.vals);
}

void hindex_add(struct hindex *h, uint64_t hash, int val)
{
	if ((h->used + 1) * 2 > h->cap)
		grow(h);
	put(h, hash, val);
}

void hindex_del(struct hindex *h, uint64_t hash, int val)
{
	size_t it;

	for (int v = hindex_first(h, hash, &it); v >= 0; v = hindex_next(h, hash, &it)) {
		if (v == val) {
			h->vals[it] = DELETED_SLOT;
			return;
		}
	}
}

/* From slot *it on, the next slot holding hash; -1 at a free slot. */
static int scan(const struct hindex *h, uint64_t hash, size_t *it)
{
	size_t mask = h->cap - 1;

	for (; h->vals[*it] != FREE_SLOT; *it = (*it + 1) & mask)
		if (h->vals[*it] >= 0 && h->hashes[*it] == hash)
			return h->vals[*it];
	return -1;
}

int hindex_first(const struct hindex *h, uint64_t hash, size_t *it)
{
	if (!h->cap)
		return -1;
	*it = hash & (h->cap - 1);
	return scan(h, hash, it);
}

int hindex_next(const struct hindex *h, uint64_t hash, size_t *it)
{
	*it = (*it + 1) & (h->cap - 1);
	return scan(h, hash, it);
}

void hindex_free(struct hindex *h)
{
	free(h->hashes);
	free(h->vals);
	h->hashes = NULL;
	h->vals = NULL;
	h->cap = h->used = 0;
}
