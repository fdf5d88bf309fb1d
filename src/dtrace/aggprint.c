// SPDX-License-Identifier: GPL-2.0
/*
 * Aggregations at exit in dtrace(1)'s layout: each aggregation after a
 * blank line, its entries sorted by value ascending (ties by key), keys
 * left ("  %-50s" for strings, " %16lld"/" %8d"... for integers), values
 * right-aligned (" %16lld"), and quantize/lquantize as DTrace's
 * "value  --- Distribution --- count" graphs of 40 '@'.
 */
#include <stdlib.h>
#include <string.h>

#include "dt_internal.h"
#include "../runtime/maps.h"

#define DT_BAR_WIDTH 40

static const struct mapinfo *sort_map;	/* qsort has no context argument */

static uint64_t total_count(const struct mapinfo *m, const struct map_entry *e)
{
	uint64_t t = 0;

	for (int i = 0; i < m->nbuckets; i++)
		t += e->buckets[i];
	return t;
}

static long double sort_value(const struct mapinfo *m, const struct map_entry *e)
{
	switch (m->agg) {
	case AGG_COUNT: return (long double)e->count;
	case AGG_AVG: return e->count ? (long double)e->num / e->count : 0;
	case AGG_HIST: case AGG_LHIST: return (long double)total_count(m, e);
	default: return (long double)e->num;
	}
}

static int cmp_entries(const void *pa, const void *pb)
{
	const struct map_entry *a = pa, *b = pb;
	long double va = sort_value(sort_map, a), vb = sort_value(sort_map, b);

	if (va != vb)
		return va < vb ? -1 : 1;
	if (!sort_map->key)
		return 0;
	return memcmp(a->key, b->key, sort_map->key->size);
}

static int64_t read_int(const uint8_t *p, const struct type *t)
{
	switch (t->size) {
	case 1: return t->is_signed ? *(int8_t *)p : *p;
	case 2: return t->is_signed ? *(int16_t *)p : *(uint16_t *)p;
	case 4: return t->is_signed ? (int64_t)*(int32_t *)p : (int64_t)*(uint32_t *)p;
	default: return *(int64_t *)p;
	}
}

static void print_key_field(FILE *f, const struct type *t, const uint8_t *p)
{
	switch (t->kind) {
	case TY_STR:
		fprintf(f, "  %-50.*s", (int)strnlen((const char *)p, t->size), p);
		return;
	case TY_INT: case TY_BOOL: case TY_ENUM: case TY_PROBE: case TY_USERNAME:
		switch (t->size) {
		case 1: fprintf(f, " %3d", (int)read_int(p, t)); return;
		case 2: fprintf(f, " %5d", (int)read_int(p, t)); return;
		case 4: fprintf(f, " %8d", (int)read_int(p, t)); return;
		default: fprintf(f, " %16lld", (long long)read_int(p, t)); return;
		}
	case TY_TUPLE:
		for (int i = 0; i < t->nfields; i++)
			print_key_field(f, t->fields[i].type, p + t->fields[i].offset);
		return;
	default:
		fprintf(f, "  0x%llx", (unsigned long long)*(uint64_t *)p);
	}
}

/* One graph row: label, bar of round(count * 40 / total) '@', count. */
static void graph_row(FILE *f, const char *label, uint64_t count, uint64_t total)
{
	unsigned ats = total ? (unsigned)((count * 2 * DT_BAR_WIDTH + total) / (2 * total)) : 0;
	char bar[DT_BAR_WIDTH + 1];

	memset(bar, '@', ats);
	bar[ats] = '\0';
	fprintf(f, "%16s |%s%*s %llu\n", label, bar, DT_BAR_WIDTH - (int)ats, "",
		(unsigned long long)count);
}

/* The label of bucket i: what DTrace prints in the value column. */
static void bucket_label(const struct mapinfo *m, int i, char *buf, size_t size)
{
	if (m->agg == AGG_HIST) {
		long long v = i == 0 ? -1 : i == 1 ? 0 : 1ll << (i - 2);

		snprintf(buf, size, "%lld", v);
		return;
	}
	if (i == 0)
		snprintf(buf, size, "< %lld", (long long)m->lhist_min);
	else if (i == m->nbuckets - 1)
		snprintf(buf, size, ">= %lld", (long long)m->lhist_max);
	else
		snprintf(buf, size, "%lld", (long long)(m->lhist_min + (i - 1) * m->lhist_step));
}

static void print_graph(FILE *f, const struct mapinfo *m, const struct map_entry *e)
{
	int first = 0, last = m->nbuckets - 1;
	uint64_t total = total_count(m, e);
	char label[32];

	while (first < last && !e->buckets[first])
		first++;
	while (last > first && !e->buckets[last])
		last--;
	if (first > 0)
		first--;
	if (last < m->nbuckets - 1)
		last++;
	fprintf(f, "\n%16s %41s %-9s\n", "value", "------------- Distribution -------------",
		"count");
	for (int i = first; i <= last; i++) {
		bucket_label(m, i, label, sizeof(label));
		graph_row(f, label, e->buckets[i], total);
	}
}

static void print_entry(FILE *f, const struct mapinfo *m, const struct map_entry *e)
{
	if (m->key)
		print_key_field(f, m->key, e->key);
	switch (m->agg) {
	case AGG_HIST: case AGG_LHIST:
		print_graph(f, m, e);
		break;
	case AGG_COUNT:
		fprintf(f, " %16llu", (unsigned long long)e->count);
		break;
	case AGG_AVG:
		fprintf(f, " %16lld", (long long)(e->count ? e->num / (int64_t)e->count : 0));
		break;
	default:
		fprintf(f, " %16lld", (long long)e->num);
	}
	fputc('\n', f);
}

void dt_print_aggregation(const struct program *prog, const struct mapinfo *m,
			  struct map_entries *es, void *arg)
{
	struct dtrace_ctx *dc = arg;

	(void)prog;
	if (m->agg == AGG_NONE || !es->n)
		return;	/* D variables (globals, self->) are not printed */
	sort_map = m;
	qsort(es->v, es->n, sizeof(es->v[0]), cmp_entries);
	fputc('\n', dc->out);
	for (int i = 0; i < es->n; i++)
		print_entry(dc->out, m, &es->v[i]);
	fflush(dc->out);
}
