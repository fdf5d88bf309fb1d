// SPDX-License-Identifier: GPL-2.0
/*
 * Maps as metric families.
 *
 * Kinds: count() and sum() of an unsigned argument are counters; sum() of
 * a signed one, min/max/avg and integer values are gauges; stats() is a
 * summary (_count, _sum); hist/lhist are histograms with cumulative
 * buckets whose "le" is the largest integer the bucket holds, and a _sum
 * when the program keeps one (cfg.hist_sums, which sonde serve sets).
 *
 * Monotonic kinds keep, per series, the raw values of the last read and a
 * base: what resets took away.  A reset is seen either through
 * family_bank() (the script's clear()/zero(), called before the kernel
 * map changes) or by a raw value smaller than the last one (a key deleted
 * and created again).  The exported value is base + raw, so a counter
 * never goes backwards.
 */
#include "export/family.h"

#include <stdlib.h>
#include <string.h>

#include "runtime/format.h"
#include "runtime/hist.h"

static bool has_stack(const struct type *t)
{
	if (!t)
		return false;
	if (t->kind == TY_KSTACK || t->kind == TY_USTACK)
		return true;
	for (int i = 0; t->kind == TY_TUPLE && i < t->nfields; i++)
		if (has_stack(t->fields[i].type))
			return true;
	return false;
}

static bool int_like(const struct type *t)
{
	return t && (t->kind == TY_INT || t->kind == TY_BOOL || t->kind == TY_ENUM ||
		     t->kind == TY_TIMESTAMP);
}

/* The kind of m's family; -1 when m cannot be one. */
static int kind_of(const struct mapinfo *m, const char **why)
{
	if (m->uagg) {
		*why = "kept in user space (unwind = dwarf)";
		return -1;
	}
	if (has_stack(m->key)) {
		*why = "keyed by stacks (sonde profile serves those as pprof)";
		return -1;
	}
	switch (m->agg) {
	case AGG_COUNT:
		return MK_COUNTER;
	case AGG_SUM:
		return m->value && m->value->is_signed ? MK_GAUGE : MK_COUNTER;
	case AGG_MIN:
	case AGG_MAX:
	case AGG_AVG:
		return MK_GAUGE;
	case AGG_STATS:
		return MK_SUMMARY;
	case AGG_HIST:
	case AGG_LHIST:
		return MK_HISTOGRAM;
	case AGG_NONE:
		if (int_like(m->value))
			return MK_GAUGE;
		*why = "its values are not numbers";
		return -1;
	case AGG_TSERIES:
		*why = "a time series (a scraper keeps its own over time)";
		return -1;
	}
	*why = "unknown aggregation";
	return -1;
}

static int nvals_of(const struct family *f)
{
	switch (f->kind) {
	case MK_COUNTER:
		return 1;
	case MK_SUMMARY:
		return 2;	/* count, sum */
	case MK_HISTOGRAM:
		return f->m->nbuckets + f->has_sum;	/* the sum last */
	default:
		return 0;
	}
}

int family_init(struct family *f, const char *prefix, const char *progname,
		const struct program *prog, const struct mapinfo *m, char **labels,
		int nlabels, char *why, size_t whylen)
{
	const char *reason = NULL;
	int kind = kind_of(m, &reason);
	struct strbuf sb;
	size_t len;

	memset(f, 0, sizeof(*f));
	if (kind < 0) {
		snprintf(why, whylen, "%s", reason);
		return -1;
	}
	f->prog = prog;
	f->m = m;
	f->kind = kind;
	sb_init(&sb);
	sb_adds(&sb, prefix);
	expo_sanitize(&sb, m->name[1] ? m->name + 1 : "map", false);
	/* a counter named x_total is exported as x_total, not x_total_total */
	len = strlen("_total");
	if (kind == MK_COUNTER && sb.len > len && strcmp(sb.buf + sb.len - len, "_total") == 0)
		sb.buf[sb.len -= len] = 0;
	f->name = sb_steal(&sb);
	f->help = xasprintf("map %s of %s", m->name, progname);
	if (labels) {
		f->label_names = labels;
		f->nlabels = nlabels;
	} else {
		f->nlabels = family_label_names(prog, m, &f->label_names);
	}
	f->has_sum = kind == MK_HISTOGRAM && prog && prog->cfg.hist_sums;
	f->nvals = nvals_of(f);
	f->tables = xcalloc(f->nlabels ? f->nlabels : 1, sizeof(*f->tables));
	f->bucket_lo = 1 << 30;
	f->bucket_hi = -1;
	return 0;
}

void family_free(struct family *f)
{
	for (int i = 0; i < f->nseries; i++) {
		free(f->series[i]->labels);
		free(f->series[i]->last);
		free(f->series[i]->base);
		free(f->series[i]);
	}
	for (int i = 0; i < f->nlabels; i++) {
		free(f->label_names[i]);
		family_fill_table(f, i, NULL);
	}
	free(f->label_names);
	free(f->tables);
	free(f->series);
	free(f->index);
	free(f->name);
	free(f->help);
}

/* ---- the series table -------------------------------------------------- */

static uint64_t hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h;
}

static void index_rebuild(struct family *f)
{
	int size = 16;

	while (size < 2 * f->nseries + 2)
		size *= 2;
	free(f->index);
	f->index = xmalloc(size * sizeof(int));
	f->index_size = size;
	memset(f->index, 0xff, size * sizeof(int));
	for (int i = 0; i < f->nseries; i++) {
		uint64_t h = hash_str(f->series[i]->labels) & (size - 1);

		while (f->index[h] >= 0)
			h = (h + 1) & (size - 1);
		f->index[h] = i;
	}
}

static struct series *series_find(const struct family *f, const char *labels)
{
	uint64_t h;

	if (!f->index_size)
		return NULL;
	for (h = hash_str(labels) & (f->index_size - 1); f->index[h] >= 0;
	     h = (h + 1) & (f->index_size - 1))
		if (strcmp(f->series[f->index[h]]->labels, labels) == 0)
			return f->series[f->index[h]];
	return NULL;
}

static struct series *series_add(struct family *f, char *labels)
{
	struct series *s = xcalloc(1, sizeof(*s));

	s->labels = labels;
	if (f->nvals) {
		s->last = xcalloc(f->nvals, sizeof(uint64_t));
		s->base = xcalloc(f->nvals, sizeof(uint64_t));
	}
	if (f->nseries == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 16;
		f->series = xrealloc(f->series, f->cap * sizeof(*f->series));
	}
	f->series[f->nseries++] = s;
	if (2 * f->nseries + 2 > f->index_size)
		index_rebuild(f);
	else {
		uint64_t h = hash_str(labels) & (f->index_size - 1);

		while (f->index[h] >= 0)
			h = (h + 1) & (f->index_size - 1);
		f->index[h] = f->nseries - 1;
	}
	return s;
}

/* ---- label values from another map ----------------------------------- */

void family_set_label_map(struct family *f, int i, const struct mapinfo *lm)
{
	if (i >= 0 && i < f->nlabels)
		f->tables[i].map = lm;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* es: the entries of the label's map; NULL empties the table. */
void family_fill_table(struct family *f, int i, const struct map_entries *es)
{
	struct label_table *t = &f->tables[i];
	char **pairs;

	for (int k = 0; k < t->n; k++)
		free(t->keys[k]);	/* one allocation per pair: "key\0value" */
	free(t->keys);
	free(t->values);
	t->keys = t->values = NULL;
	t->n = 0;
	if (!es || !t->map || !es->n)
		return;
	pairs = xcalloc(es->n, sizeof(char *));
	for (int k = 0; k < es->n; k++) {
		struct strbuf kv;

		sb_init(&kv);
		format_value(&kv, t->map->key, es->v[k].key, f->prog);
		sb_addc(&kv, 0);
		format_value(&kv, t->map->value, es->v[k].value, f->prog);
		pairs[k] = sb_steal(&kv);
	}
	qsort(pairs, es->n, sizeof(char *), cmp_str);
	t->keys = pairs;
	t->values = xcalloc(es->n, sizeof(char *));
	for (int k = 0; k < es->n; k++)
		t->values[k] = pairs[k] + strlen(pairs[k]) + 1;
	t->n = es->n;
}

static const char *table_value(const struct label_table *t, const char *key)
{
	int lo = 0, hi = t->n;

	while (lo < hi) {
		int mid = (lo + hi) / 2, c = strcmp(t->keys[mid], key);

		if (!c)
			return t->values[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ---- reading entries ------------------------------------------------- */

static void render_labels(const struct family *f, const struct map_entry *e, struct strbuf *out)
{
	const struct type *k = f->m->key;

	for (int i = 0; i < f->nlabels && k && e->key; i++) {
		const struct type *t = k->kind == TY_TUPLE ? k->fields[i].type : k;
		uint32_t off = k->kind == TY_TUPLE ? k->fields[i].offset : 0;
		struct strbuf v;

		const char *named;

		sb_init(&v);
		format_value(&v, t, e->key + off, f->prog);
		named = f->tables[i].n ? table_value(&f->tables[i], v.buf) : NULL;
		if (i)
			sb_addc(out, ',');
		sb_adds(out, f->label_names[i]);
		sb_addc(out, '=');
		if (named)
			expo_label_value(out, named, strlen(named));
		else
			expo_label_value(out, v.buf, v.len);
		sb_free(&v);
	}
	if (!out->buf)
		sb_adds(out, "");
}

/* The raw values of an entry, in the family's order. */
static void raw_values(const struct family *f, const struct map_entry *e, uint64_t *raw)
{
	switch (f->kind) {
	case MK_COUNTER:
		raw[0] = f->m->agg == AGG_COUNT ? e->count : (uint64_t)e->num;
		break;
	case MK_SUMMARY:
		raw[0] = e->count;
		raw[1] = (uint64_t)e->num;
		break;
	case MK_HISTOGRAM:
		memcpy(raw, e->buckets, f->m->nbuckets * sizeof(uint64_t));
		if (f->has_sum)
			raw[f->m->nbuckets] = (uint64_t)e->num;
		break;
	default:
		break;
	}
}

static double gauge_value(const struct family *f, const struct map_entry *e)
{
	switch (f->m->agg) {
	case AGG_NONE:
		return (double)format_read_int(f->m->value, e->value);
	case AGG_AVG:
		return e->count ? (double)e->num / (double)e->count : 0;
	default:
		return (double)e->num;	/* sum of a signed value, min, max */
	}
}

/* A value went down: the key was reset; what it had counted is banked. */
static bool went_down(const struct family *f, const struct series *s, const uint64_t *raw)
{
	if (f->kind == MK_SUMMARY)
		return raw[0] < s->last[0];	/* a sum may go down; the count may not */
	for (int i = 0; i < f->nvals - f->has_sum; i++)
		if (raw[i] < s->last[i])
			return true;
	return false;
}

static void observe(struct family *f, struct series *s, const struct map_entry *e,
		    uint64_t *raw)
{
	if (f->kind == MK_GAUGE) {
		s->gauge = gauge_value(f, e);
		return;
	}
	raw_values(f, e, raw);
	if (went_down(f, s, raw))
		for (int i = 0; i < f->nvals; i++)
			s->base[i] += s->last[i];
	memcpy(s->last, raw, f->nvals * sizeof(uint64_t));
	for (int i = 0; f->kind == MK_HISTOGRAM && i < f->m->nbuckets; i++) {
		if (!raw[i])
			continue;
		f->bucket_lo = MIN(f->bucket_lo, i);
		f->bucket_hi = MAX(f->bucket_hi, i);
	}
}

/* Forget gauges whose key is gone, and other series gone for longer than the ttl. */
static void expire(struct family *f, uint64_t now_ns, const struct family_limits *lim)
{
	int kept = 0;

	for (int i = 0; i < f->nseries; i++) {
		struct series *s = f->series[i];
		bool drop = !s->present &&
			    (f->kind == MK_GAUGE || now_ns - s->seen_ns > lim->ttl_ns);

		if (!drop) {
			f->series[kept++] = s;
			continue;
		}
		free(s->labels);
		free(s->last);
		free(s->base);
		free(s);
	}
	if (kept != f->nseries) {
		f->nseries = kept;
		index_rebuild(f);
	}
}

void family_update(struct family *f, const struct map_entries *es, uint64_t now_ns,
		   const struct family_limits *lim)
{
	uint64_t *raw = xcalloc(f->nvals ? f->nvals : 1, sizeof(uint64_t));
	struct strbuf labels;

	/* series gone for longer than the ttl make room for new keys first */
	expire(f, now_ns, lim);
	for (int i = 0; i < f->nseries; i++)
		f->series[i]->present = false;
	f->dropped = 0;
	f->keys = es->n;
	sb_init(&labels);
	for (int i = 0; i < es->n; i++) {
		struct series *s;

		labels.len = 0;
		render_labels(f, &es->v[i], &labels);
		s = series_find(f, labels.buf);
		if (!s && f->nseries >= lim->max_series) {
			f->dropped++;
			continue;
		}
		if (!s)
			s = series_add(f, xstrdup(labels.buf));
		s->present = true;
		s->seen_ns = now_ns;
		observe(f, s, &es->v[i], raw);
	}
	sb_free(&labels);
	free(raw);
	expire(f, now_ns, lim);
}

void family_bank(struct family *f, const struct map_entries *es, uint64_t now_ns,
		 const struct family_limits *lim)
{
	family_update(f, es, now_ns, lim);
	for (int i = 0; i < f->nseries && f->nvals; i++) {
		struct series *s = f->series[i];

		for (int j = 0; j < f->nvals; j++)
			s->base[j] += s->last[j];
		memset(s->last, 0, f->nvals * sizeof(uint64_t));
	}
}

/* ---- exposition -------------------------------------------------------- */

static int cmp_series(const void *a, const void *b)
{
	return strcmp((*(struct series *const *)a)->labels, (*(struct series *const *)b)->labels);
}

/*
 * OpenMetrics forbids a negative _sum (its sums are counters); a sum of
 * values that can be negative is left out there, not in text 0.0.4.
 */
static void write_sum(const struct family *f, const struct series *s, struct strbuf *out,
		      enum expo_format fmt, int64_t sum)
{
	if (sum >= 0 || fmt != EXPO_OPENMETRICS)
		expo_sample_i(out, f->name, "_sum", s->labels, NULL, sum);
}

static void write_histogram(const struct family *f, const struct series *s, struct strbuf *out,
			    enum expo_format fmt)
{
	const struct mapinfo *m = f->m;
	uint64_t cum = 0, total = 0;
	char le[48];
	int64_t max;

	for (int i = 0; i < m->nbuckets; i++)
		total += s->base[i] + s->last[i];
	for (int i = 0; i < f->bucket_lo && i < m->nbuckets; i++)
		cum += s->base[i] + s->last[i];	/* always 0: lo is the first ever used */
	for (int i = f->bucket_lo; i <= f->bucket_hi; i++) {
		cum += s->base[i] + s->last[i];
		if (!hist_bucket_max(i, m, &max))
			break;	/* lhist's [max, ...): +Inf's alone */
		snprintf(le, sizeof(le), "le=\"%lld\"", (long long)max);
		expo_sample_u(out, f->name, "_bucket", s->labels, le, cum);
	}
	expo_sample_u(out, f->name, "_bucket", s->labels, "le=\"+Inf\"", total);
	expo_sample_u(out, f->name, "_count", s->labels, NULL, total);
	if (f->has_sum)
		write_sum(f, s, out, fmt, (int64_t)(s->base[m->nbuckets] + s->last[m->nbuckets]));
}

void family_write(const struct family *f, struct strbuf *out, enum expo_format fmt)
{
	struct series **sorted;

	expo_family_header(out, fmt, f->name, f->kind, f->help);
	if (!f->nseries)
		return;
	sorted = xmalloc(f->nseries * sizeof(*sorted));
	memcpy(sorted, f->series, f->nseries * sizeof(*sorted));
	qsort(sorted, f->nseries, sizeof(*sorted), cmp_series);
	for (int i = 0; i < f->nseries; i++) {
		const struct series *s = sorted[i];

		switch (f->kind) {
		case MK_COUNTER:
			expo_sample_u(out, f->name, "_total", s->labels, NULL, s->base[0] + s->last[0]);
			break;
		case MK_GAUGE:
			expo_sample_d(out, f->name, NULL, s->labels, NULL, s->gauge);
			break;
		case MK_SUMMARY:
			expo_sample_u(out, f->name, "_count", s->labels, NULL, s->base[0] + s->last[0]);
			write_sum(f, s, out, fmt, (int64_t)(s->base[1] + s->last[1]));
			break;
		case MK_HISTOGRAM:
			write_histogram(f, s, out, fmt);
			break;
		}
	}
	free(sorted);
}
