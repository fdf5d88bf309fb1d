/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An index from 64-bit hashes to ints (positions in the caller's own
 * array), so that lookups by name or by content stay O(1) however many
 * macros, variables, maps or programs a script has.  The index keeps no
 * keys: the caller compares its own entry for each candidate, so equal
 * hashes of different keys cost one comparison and are never confused.
 *
 *	for (int i = hindex_first(&h, hash, &it); i >= 0; i = hindex_next(&h, hash, &it))
 *		if (strcmp(names[i], name) == 0)
 *			return i;
 */
#ifndef SONDE_HINDEX_H
#define SONDE_HINDEX_H

#include <stddef.h>
#include <stdint.h>

struct hindex {
	uint64_t *hashes;
	int *vals;		/* -1: free slot, -2: deleted */
	size_t cap, used;	/* used counts deleted slots too */
};

uint64_t hindex_hash(const void *p, size_t n);
uint64_t hindex_hash_str(const char *s);

void hindex_add(struct hindex *h, uint64_t hash, int val);
/* Remove the entry (hash, val), if it is there. */
void hindex_del(struct hindex *h, uint64_t hash, int val);
/* The first value stored under hash (-1: none); *it is the cursor for hindex_next. */
int hindex_first(const struct hindex *h, uint64_t hash, size_t *it);
int hindex_next(const struct hindex *h, uint64_t hash, size_t *it);
void hindex_free(struct hindex *h);

#endif
