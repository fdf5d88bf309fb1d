// SPDX-License-Identifier: GPL-2.0
/*
 * The stacks in frame order, as flame graphs and folded output need them.
 * Comparing whole stacks name by name costs a strcmp and several cache
 * misses per comparison, millions of times.  Instead the distinct names are
 * ranked once, and the stacks are sorted one depth at a time (most
 * significant frame first): each group of stacks that agree so far is
 * sorted by the rank of its next frame, an integer read once per stack and
 * depth, and the groups of equal ranks go on to the next depth.  The work
 * is bounded by the frames of the input; a group of one stops at once.
 */
#include "profile/folded.h"

#include <endian.h>
#include <stdlib.h>
#include <string.h>

/* Groups this large are radix sorted; smaller ones go to qsort. */
#define RADIX_MIN 256

struct sort_item {
	uint32_t key;		/* rank + 1 of the frame at this depth; 0: stack ended */
	uint32_t stack;		/* index in folded.stacks */
};

struct sort_range {
	int lo, hi;		/* items[lo, hi) agree on their first depth frames */
	int depth;
};

/* A name and its first eight bytes as a big-endian number (zero-padded). */
struct ranked_name {
	uint64_t prefix;
	uint32_t id;
};

/* As strcmp orders the names: the prefixes decide unless they tie. */
static int cmp_names(const void *a, const void *b, void *arg)
{
	const struct ranked_name *x = a, *y = b;
	char *const *names = arg;

	if (x->prefix != y->prefix)
		return x->prefix < y->prefix ? -1 : 1;
	/* Equal prefixes of distinct names: both are longer than eight bytes. */
	if (folded_name_len(names[x->id]) < 8 || folded_name_len(names[y->id]) < 8)
		return 0;
	return strcmp(names[x->id] + 8, names[y->id] + 8);
}

static uint64_t name_prefix(const char *name)
{
	uint64_t be = 0;

	memcpy(&be, name, MIN(folded_name_len(name), sizeof(be)));
	return be64toh(be);
}

uint32_t *folded_name_ranks(const struct folded *f)
{
	int n = f->names.n;
	struct ranked_name *sorted = xmalloc((n ? n : 1) * sizeof(*sorted));
	uint32_t *rank = xmalloc((n ? n : 1) * sizeof(*rank));

	for (int i = 0; i < n; i++)
		sorted[i] = (struct ranked_name){ name_prefix(f->names.v[i]), i };
	qsort_r(sorted, n, sizeof(*sorted), cmp_names, f->names.v);
	for (int i = 0; i < n; i++)
		rank[sorted[i].id] = i;
	free(sorted);
	return rank;
}

static int cmp_items(const void *a, const void *b)
{
	uint32_t x = ((const struct sort_item *)a)->key, y = ((const struct sort_item *)b)->key;

	return (x > y) - (x < y);
}

/* Least significant byte first, as many passes as the largest key needs. */
static void radix_sort(struct sort_item *items, struct sort_item *tmp, int n, uint32_t max_key)
{
	for (int shift = 0; shift < 32 && (max_key >> shift); shift += 8) {
		int start[257] = { 0 };

		for (int i = 0; i < n; i++)
			start[((items[i].key >> shift) & 0xff) + 1]++;
		for (int d = 0; d < 256; d++)
			start[d + 1] += start[d];
		for (int i = 0; i < n; i++)
			tmp[start[(items[i].key >> shift) & 0xff]++] = items[i];
		memcpy(items, tmp, n * sizeof(*items));
	}
}

struct sort_ctx {
	const struct folded *f;
	const uint32_t *rank;
	bool reverse;
	struct sort_item *items;
	struct sort_item *tmp;		/* room for the radix sort */
	uint32_t max_key;		/* of the range just keyed */
	VEC(struct sort_range) todo;
};

/*
 * After the first depths the items are out of memory order: fetch the
 * stacks and frames a few items ahead.  Always inlined, or gcc finds the
 * function pure and drops the calls.
 */
static inline __attribute__((always_inline)) void prefetch_ahead(const struct sort_ctx *c,
								 const struct sort_range *r,
								 int i)
{
	const struct fstack *ahead;

	if (i + 8 < r->hi)
		__builtin_prefetch(&c->f->stacks.v[c->items[i + 8].stack]);
	if (i + 4 >= r->hi)
		return;
	ahead = &c->f->stacks.v[c->items[i + 4].stack];
	if (r->depth < ahead->nframes)
		__builtin_prefetch(&ahead->frames[c->reverse ? ahead->nframes - 1 - r->depth
							     : r->depth]);
}

/* Key each stack of r by its frame at r->depth; true when already in order. */
static bool key_range(struct sort_ctx *c, const struct sort_range *r)
{
	bool ordered = true;

	c->max_key = 0;
	for (int i = r->lo; i < r->hi; i++) {
		const struct fstack *s = &c->f->stacks.v[c->items[i].stack];
		uint32_t key = 0;

		prefetch_ahead(c, r, i);
		if (r->depth < s->nframes)
			key = c->rank[folded_name_id(fstack_frame(s, r->depth, c->reverse))] + 1;
		c->items[i].key = key;
		if (i > r->lo && key < c->items[i - 1].key)
			ordered = false;
		c->max_key = MAX(c->max_key, key);
	}
	return ordered;
}

/* Order r by its frame at r->depth; queue the runs that still tie. */
static void sort_range(struct sort_ctx *c, struct sort_range r)
{
	struct sort_item *items = c->items;
	bool ordered = key_range(c, &r);
	int n = r.hi - r.lo;

	if (!ordered && n >= RADIX_MIN)
		radix_sort(items + r.lo, c->tmp, n, c->max_key);
	else if (!ordered)
		qsort(items + r.lo, n, sizeof(*items), cmp_items);
	for (int i = r.lo, j; i < r.hi; i = j) {
		for (j = i + 1; j < r.hi && items[j].key == items[i].key; j++)
			;
		/* Stacks that ended here are equal: nothing left to order. */
		if (j - i > 1 && items[i].key)
			vec_push(&c->todo, ((struct sort_range){ i, j, r.depth + 1 }));
	}
}

const struct fstack **folded_sorted(const struct folded *f, bool reverse)
{
	int n = f->stacks.n;
	struct sort_ctx c = { .f = f, .reverse = reverse };
	const struct fstack **order = xmalloc((n ? n : 1) * sizeof(*order));

	c.rank = folded_name_ranks(f);
	c.items = xmalloc((n ? n : 1) * sizeof(*c.items));
	c.tmp = xmalloc((n ? n : 1) * sizeof(*c.tmp));
	for (int i = 0; i < n; i++)
		c.items[i].stack = i;
	if (n > 1)
		vec_push(&c.todo, ((struct sort_range){ 0, n, 0 }));
	while (c.todo.n) {
		c.todo.n--;
		sort_range(&c, c.todo.v[c.todo.n]);
	}
	for (int i = 0; i < n; i++)
		order[i] = &f->stacks.v[c.items[i].stack];
	vec_free(&c.todo);
	free(c.items);
	free(c.tmp);
	free((void *)c.rank);
	return order;
}
