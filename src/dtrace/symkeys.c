// SPDX-License-Identifier: GPL-2.0
/*
 * Aggregation keys made by D's symbol functions.  The kernel aggregates
 * the addresses themselves; DTrace aggregates func()/ufunc()/sym()/usym()
 * by function and mod()/umod() by module, so before printing, entries
 * whose symbol keys print the same are merged into one (their counts,
 * sums and buckets added, minimums and maximums combined).  uaddr() and
 * %a keys stay by address.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dt_internal.h"
#include "../runtime/maps.h"
#include "../runtime/stackfmt.h"

void dt_print_sym_key(FILE *f, const struct type *t, const uint8_t *p, const char *fmt)
{
	struct strbuf sb;

	sb_init(&sb);
	stack_format_dsym(&sb, t, p);
	fprintf(f, fmt, sb.buf ? sb.buf : "");
	sb_free(&sb);
}

static bool merges(const struct type *t)
{
	if (t->kind == TY_TUPLE) {
		for (int i = 0; i < t->nfields; i++)
			if (merges(t->fields[i].type))
				return true;
		return false;
	}
	return (t->kind == TY_KSYM || t->kind == TY_USYM) &&
	       (t->stack_mode == SYM_D_FUNC || t->stack_mode == SYM_D_MOD);
}

/* What identifies a key once printed: symbol keys by their text, the rest by bytes. */
static void identity(struct strbuf *sb, const struct type *t, const uint8_t *p)
{
	if (t->kind == TY_TUPLE) {
		for (int i = 0; i < t->nfields; i++)
			identity(sb, t->fields[i].type, p + t->fields[i].offset);
		return;
	}
	if (merges(t)) {
		stack_format_dsym(sb, t, p);
		sb_addc(sb, '\0');
		return;
	}
	sb_add(sb, p, t->size);
}

/* Entry b's aggregate into a's (the same key once printed). */
static void merge_into(const struct mapinfo *m, struct map_entry *a, const struct map_entry *b)
{
	switch (m->agg) {
	case AGG_MIN: case AGG_MAX:
		if (b->count && (!a->count || (m->agg == AGG_MIN ? b->num < a->num : b->num > a->num)))
			a->num = b->num;
		a->count |= b->count;
		return;
	case AGG_HIST: case AGG_LHIST:
		for (int i = 0; a->buckets && b->buckets && i < m->nbuckets; i++)
			a->buckets[i] += b->buckets[i];
		a->num += b->num;
		return;
	default:	/* count, sum, avg: totals and counts add */
		a->num += b->num;
		a->count += b->count;
	}
}

void dt_merge_sym_keys(const struct mapinfo *m, struct map_entries *es)
{
	struct strbuf *ids;
	int kept = 0;

	/* stddev's squares are found by key: its keys stay as they are */
	if (!m->key || !merges(m->key) || m->agg == AGG_NONE || m->agg == AGG_STATS)
		return;
	ids = xcalloc(es->n ? es->n : 1, sizeof(*ids));
	for (int i = 0; i < es->n; i++) {
		int j;

		sb_init(&ids[kept]);
		identity(&ids[kept], m->key, es->v[i].key);
		for (j = 0; j < kept; j++)
			if (ids[j].len == ids[kept].len && !memcmp(ids[j].buf, ids[kept].buf, ids[j].len))
				break;
		if (j < kept) {
			merge_into(m, &es->v[j], &es->v[i]);
			free(es->v[i].key);
			free(es->v[i].value);
			free(es->v[i].buckets);
			sb_free(&ids[kept]);
			continue;
		}
		es->v[kept++] = es->v[i];
	}
	for (int i = 0; i < kept; i++)
		sb_free(&ids[i]);
	free(ids);
	es->n = kept;
}
