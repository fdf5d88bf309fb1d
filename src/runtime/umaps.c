// SPDX-License-Identifier: GPL-2.0
/*
 * In-memory tables of maps aggregated in user space.  The entries are
 * map_entry values, as maps_read() returns them for kernel maps, so the
 * printing code does not know the difference; an open-addressing index
 * over the key bytes finds them.  Like a kernel hash map, a table holds
 * at most max_entries keys and refuses new ones beyond.
 */
#include "runtime/umaps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/ustacks.h"
#include "lang/diag.h"
#include "util.h"

struct umap {
	struct map_entries es;
	uint32_t *index;	/* entry number + 1; 0: empty */
	uint32_t nindex;	/* a power of two, at least twice es.n */
};

static uint32_t key_size(const struct mapinfo *m)
{
	return m->key ? m->key->size : 0;
}

static uint64_t hash_bytes(const uint8_t *p, uint32_t n)
{
	return fnv64_add(FNV64_SEED, p, n);
}

/* The index slot of key: its entry's, or the empty one it would take. */
static uint32_t *index_slot(const struct mapinfo *m, const struct umap *t, const uint8_t *key)
{
	uint32_t ks = key_size(m), mask = t->nindex - 1;
	uint32_t i = (uint32_t)hash_bytes(key, ks) & mask;

	while (t->index[i] && (ks && memcmp(t->es.v[t->index[i] - 1].key, key, ks)))
		i = (i + 1) & mask;
	return &t->index[i];
}

static void reindex(const struct mapinfo *m, struct umap *t, uint32_t nindex)
{
	free(t->index);
	t->nindex = nindex;
	t->index = xcalloc(nindex, sizeof(*t->index));
	for (int i = 0; i < t->es.n; i++)
		*index_slot(m, t, t->es.v[i].key) = i + 1;
}

static struct umap *table_of(struct mapinfo *m)
{
	if (!m->umap) {
		m->umap = xcalloc(1, sizeof(*m->umap));
		reindex(m, m->umap, 64);
	}
	return m->umap;
}

/*
 * Once per map (the kernel's maps warn in the probes, each refused key):
 * bpftrace's words first (scripts look for them), then the map and its size.
 */
static void umap_full_warning(const char *name, unsigned entries)
{
	diag_plain_warning("Map full; can't update element. map %s holds %u entries: "
			   "new keys are dropped; raise config = { max_map_keys = N } "
			   "or its declared size", name, entries);
}

/* The entry of key, made when new; NULL when the map is full. */
static struct map_entry *entry_of(struct mapinfo *m, const uint8_t *key)
{
	struct umap *t = table_of(m);
	uint32_t *slot = index_slot(m, t, key);

	if (*slot)
		return &t->es.v[*slot - 1];
	if (m->max_entries && (uint32_t)t->es.n >= m->max_entries) {
		if (!m->warned_full)
			umap_full_warning(m->name, m->max_entries);
		m->warned_full = true;
		return NULL;
	}
	map_entries_add(&t->es, m, m->key ? key : NULL, NULL);
	if (m->agg == AGG_NONE && m->value)
		t->es.v[t->es.n - 1].value = xcalloc(1, m->value->size ? m->value->size : 1);
	if ((uint32_t)t->es.n * 2 > t->nindex)
		reindex(m, t, t->nindex * 2);
	else
		*slot = t->es.n;
	return &t->es.v[t->es.n - 1];
}

void umap_resolve_ustacks(const struct ustacks *u, const struct type *t, uint8_t *data)
{
	uint64_t id;

	if (!t)
		return;
	if (t->kind == TY_USTACK) {
		memcpy(&id, data, 8);
		id = ustacks_resolve(u, id);
		memcpy(data, &id, 8);
		return;
	}
	for (int i = 0; t->kind == TY_TUPLE && i < t->nfields; i++)
		umap_resolve_ustacks(u, t->fields[i].type, data + t->fields[i].offset);
}

/* An integer of size bytes (1, 2, 4, 8) at p, extended to 64 bits. */
static int64_t load_int(const uint8_t *p, uint32_t size, bool is_signed)
{
	uint64_t v = 0;

	memcpy(&v, p, MIN(size, 8u));
	if (size < 8 && is_signed && (v >> (size * 8 - 1)) & 1)
		v |= ~0ull << (size * 8);
	return (int64_t)v;
}

static void plain_update(const struct program *prog, const struct event_spec *ev,
			 struct map_entry *e, const uint8_t *arg)
{
	const struct type *vt = ev->map->value;
	int64_t x, v;

	if (ev->op == '=') {
		memcpy(e->value, arg, vt->size);
		umap_resolve_ustacks(prog->ustacks, vt, e->value);
		return;
	}
	memcpy(&x, arg, 8);
	v = load_int(e->value, vt->size, vt->is_signed);
	v = ev->op == '-' ? (int64_t)((uint64_t)v - (uint64_t)x) : (int64_t)((uint64_t)v + (uint64_t)x);
	memcpy(e->value, &v, MIN(vt->size, 8u));
}

static bool less(const struct mapinfo *m, int64_t a, int64_t b)
{
	return m->value && !m->value->is_signed ? (uint64_t)a < (uint64_t)b : a < b;
}

static void agg_update(const struct mapinfo *m, struct map_entry *e, int64_t x)
{
	switch (m->agg) {
	case AGG_COUNT:
		e->count++;
		break;
	case AGG_SUM:
	case AGG_AVG:
	case AGG_STATS:
		e->num = (int64_t)((uint64_t)e->num + (uint64_t)x);
		e->count++;
		break;
	case AGG_MIN:
	case AGG_MAX:
		if (!e->count || (m->agg == AGG_MIN ? less(m, x, e->num) : less(m, e->num, x)))
			e->num = x;
		e->count = 1;
		break;
	case AGG_HIST:
	case AGG_LHIST:
		if (x >= 0 && x < m->nbuckets)
			e->buckets[x]++;
		break;
	default:
		break;
	}
}

void umap_update(const struct program *prog, const struct event_spec *ev, const uint8_t *payload)
{
	struct mapinfo *m = ev->map;
	const struct type *layout = ev->args;
	uint32_t ks;
	struct map_entry *e;
	uint8_t *key;
	int64_t x;

	if (!m || !layout || layout->kind != TY_TUPLE || layout->nfields != 2)
		return;
	ks = key_size(m);
	key = xcalloc(1, ks ? ks : 1);
	memcpy(key, payload + layout->fields[0].offset, ks);
	umap_resolve_ustacks(prog->ustacks, m->key, key);
	e = entry_of(m, key);
	free(key);
	if (!e)
		return;
	if (m->agg == AGG_NONE) {
		plain_update(prog, ev, e, payload + layout->fields[1].offset);
		return;
	}
	memcpy(&x, payload + layout->fields[1].offset, 8);
	agg_update(m, e, x);
}

int umap_read(const struct mapinfo *m, struct map_entries *out)
{
	const struct umap *t = m->umap;

	for (int i = 0; t && i < t->es.n; i++) {
		const struct map_entry *src = &t->es.v[i];
		struct map_entry *e = map_entries_add(out, m, src->key, src->value);

		e->num = src->num;
		e->count = src->count;
		if (e->buckets && src->buckets)
			memcpy(e->buckets, src->buckets, m->nbuckets * sizeof(*e->buckets));
	}
	return 0;
}

void umap_clear(struct mapinfo *m)
{
	if (!m->umap)
		return;
	map_entries_free(&m->umap->es);
	memset(&m->umap->es, 0, sizeof(m->umap->es));
	reindex(m, m->umap, 64);
}

/* As a kernel hash map's zero(): the keys stay, with zero values. */
void umap_zero(struct mapinfo *m)
{
	for (int i = 0; m->umap && i < m->umap->es.n; i++) {
		struct map_entry *e = &m->umap->es.v[i];

		e->num = 0;
		e->count = 0;
		if (e->buckets)
			memset(e->buckets, 0, m->nbuckets * sizeof(*e->buckets));
		if (e->value)
			memset(e->value, 0, m->value->size);
	}
}

void umap_free(struct mapinfo *m)
{
	if (!m->umap)
		return;
	map_entries_free(&m->umap->es);
	free(m->umap->index);
	free(m->umap);
	m->umap = NULL;
}
