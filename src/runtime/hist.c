// SPDX-License-Identifier: GPL-2.0
/*
 * Histogram buckets and their rendering.  A bucket is printed as the range
 * between the bound of the previous bucket and its own bound; bounds that
 * are plain numbers one apart collapse to "[v]".  Bounds printed with a
 * K/M/G... suffix never collapse, which is why "[2, 4)" stays a range.
 */
#include "runtime/hist.h"

#include <stdio.h>
#include <string.h>

#define BAR_WIDTH	52

static int log2_floor(uint64_t v)
{
	return 63 - __builtin_clzll(v);
}

int hist_bucket(int64_t v, int bits)
{
	uint64_t n = 1ULL << bits;
	int p;

	if (v < 0)
		return 0;
	if ((uint64_t)v < 2 * n)
		return (int)v + 1;
	p = log2_floor((uint64_t)v);
	return ((p - bits + 1) << bits) + (int)(((uint64_t)v >> (p - bits)) - n) + 1;
}

int hist_nbuckets(int bits)
{
	return (65 - bits) * (1 << bits) + 1;
}

int lhist_bucket(int64_t v, int64_t min, int64_t max, int64_t step)
{
	if (v < min)
		return 0;
	if (v >= max || step <= 0)
		return lhist_nbuckets(min, max, step) - 1;
	return (int)((v - min) / step) + 1;
}

int lhist_nbuckets(int64_t min, int64_t max, int64_t step)
{
	if (step <= 0 || max <= min)
		return 2;
	return (int)((max - min) / step) + 2;
}

/* The upper bound of a bucket, as bpftrace labels it. */
struct bound {
	bool present;		/* lhist's overflow bucket has none */
	bool symbolic;		/* printed with a suffix: never collapses */
	int64_t v;		/* numeric value (JSON, adjacency) */
	char text[32];
};

static void hist_bound(struct bound *b, int i, int bits)
{
	uint32_t n = 1u << bits, interval, power, decade;
	uint64_t mult;

	b->present = true;
	b->symbolic = false;
	if (i <= (int)(2 * n)) {
		b->v = i;
		snprintf(b->text, sizeof(b->text), "%d", i);
		return;
	}
	interval = (uint32_t)i & (n - 1);
	power = ((uint32_t)i >> bits) - 1;
	mult = n + interval;
	/* The value saturates where it leaves int64; only the text matters there. */
	b->v = power < 63 - 6 ? (int64_t)((1ULL << power) * mult) : INT64_MAX;
	decade = power / 10;
	b->symbolic = true;
	if (decade)
		snprintf(b->text, sizeof(b->text), "%llu%c",
			 (unsigned long long)((1ULL << (power % 10)) * mult), "0KMGTPE"[decade]);
	else
		snprintf(b->text, sizeof(b->text), "%llu",
			 (unsigned long long)((1ULL << power) * mult));
}

static void lhist_bound(struct bound *b, int i, const struct mapinfo *m)
{
	const int64_t kilo = 1024, mega = 1024 * 1024;
	int64_t v, span;
	/* near INT64_MAX (lhist(x, 0, 9223372036854775807, ...)) the bound overflows */
	bool past = __builtin_mul_overflow((int64_t)i, m->lhist_step, &span) ||
		    __builtin_add_overflow(m->lhist_min, span, &v);

	if (past)
		v = INT64_MAX;
	b->present = !past && v <= m->lhist_max;
	b->v = v;
	b->symbolic = m->lhist_step % kilo == 0;
	if (b->symbolic && v != 0 && v % mega == 0)
		snprintf(b->text, sizeof(b->text), "%lldM", (long long)(v / mega));
	else if (b->symbolic && v != 0 && v % kilo == 0)
		snprintf(b->text, sizeof(b->text), "%lldK", (long long)(v / kilo));
	else
		snprintf(b->text, sizeof(b->text), "%lld", (long long)v);
}

static void bound_of(struct bound *b, int i, const struct mapinfo *m)
{
	if (m->agg == AGG_LHIST)
		lhist_bound(b, i, m);
	else
		hist_bound(b, i, m->hist_bits);
}

/* hist: bucket i's exclusive upper bound as a 128-bit value (no saturation). */
static unsigned __int128 hist_upper(int i, int bits)
{
	uint32_t n = 1u << bits;

	if (i <= (int)(2 * n))
		return (unsigned __int128)i;
	return ((unsigned __int128)1 << (((uint32_t)i >> bits) - 1)) * (n + ((uint32_t)i & (n - 1)));
}

bool hist_bucket_max(int i, const struct mapinfo *m, int64_t *max)
{
	if (m->agg == AGG_LHIST) {
		struct bound b;

		lhist_bound(&b, i, m);
		*max = b.v - 1;
		return b.present && i < m->nbuckets - 1;
	}
	if (i == 0) {
		*max = -1;
		return true;
	}
	if (hist_upper(i, m->hist_bits) > (unsigned __int128)INT64_MAX + 1)
		*max = INT64_MAX;
	else
		*max = (int64_t)(hist_upper(i, m->hist_bits) - 1);
	return true;
}

void hist_label(struct strbuf *out, int i, const struct mapinfo *m)
{
	struct bound lo, hi;

	bound_of(&hi, i, m);
	if (i == 0) {
		sb_addf(out, "(..., %s)", hi.text);
		return;
	}
	bound_of(&lo, i - 1, m);
	if (!hi.present)
		sb_addf(out, "[%s, ...)", lo.text);
	else if (!lo.symbolic && !hi.symbolic && lo.v + 1 == hi.v)
		sb_addf(out, "[%s]", lo.text);
	else
		sb_addf(out, "[%s, %s)", lo.text, hi.text);
}

/* First and last non-empty bucket; false when every bucket is empty. */
static bool nonzero_range(const uint64_t *counts, int nbuckets, int *first, int *last)
{
	*first = -1;
	*last = -1;
	for (int i = 0; i < nbuckets; i++) {
		if (!counts[i])
			continue;
		if (*first < 0)
			*first = i;
		*last = i;
	}
	return *first >= 0;
}

void hist_format(struct strbuf *out, const uint64_t *counts, int nbuckets,
		 const struct mapinfo *m)
{
	uint64_t max = 0;
	int first, last;

	if (!nonzero_range(counts, nbuckets, &first, &last))
		return;
	for (int i = first; i <= last; i++)
		max = MAX(max, counts[i]);
	for (int i = first; i <= last; i++) {
		struct strbuf label;
		/* Scaled in single precision and truncated, as bpftrace does. */
		int bar = (int)((float)counts[i] / (float)max * (float)BAR_WIDTH);
		char bars[BAR_WIDTH + 1];

		sb_init(&label);
		hist_label(&label, i, m);
		memset(bars, '@', bar);
		bars[bar] = '\0';
		sb_addf(out, "%-16s%8llu |%-*s|\n", label.buf, (unsigned long long)counts[i],
			BAR_WIDTH, bars);
		sb_free(&label);
	}
}

void hist_format_json(struct strbuf *out, const uint64_t *counts, int nbuckets,
		      const struct mapinfo *m)
{
	int first, last;

	sb_addc(out, '[');
	if (!nonzero_range(counts, nbuckets, &first, &last)) {
		sb_addc(out, ']');
		return;
	}
	for (int i = first; i <= last; i++) {
		struct bound lo, hi;

		bound_of(&hi, i, m);
		/* Arrays are unspaced in bpftrace's JSON, objects spaced. */
		if (i > first)
			sb_addc(out, ',');
		sb_addc(out, '{');
		if (i > 0) {
			bound_of(&lo, i - 1, m);
			sb_addf(out, "\"min\": %lld", (long long)lo.v);
			if (hi.present)
				sb_adds(out, ", ");
		}
		if (hi.present)
			sb_addf(out, "\"max\": %lld", (long long)(hi.v - 1));
		sb_addf(out, ", \"count\": %llu}", (unsigned long long)counts[i]);
	}
	sb_addc(out, ']');
}
