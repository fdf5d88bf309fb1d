// SPDX-License-Identifier: GPL-2.0
/*
 * tseries maps: combining the CPUs' slots, and the chart bpftrace prints
 * for each key (a column per value between the smallest and the largest,
 * a row per interval, "-" for an interval without a value).
 */
#include "runtime/tseries.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "runtime/format.h"

#define CHART_WIDTH	53	/* columns between the two bars, bars included */
#define CHART_PAD	21	/* the smallest value's column at the top and bottom */

struct slot {
	int64_t value;
	uint64_t meta;
	uint64_t epoch;
};

static bool less(const struct mapinfo *m, int64_t a, int64_t b)
{
	return m->value && m->value->is_signed ? a < b : (uint64_t)a < (uint64_t)b;
}

void tseries_reduce(const struct mapinfo *m, const uint8_t *buf, int ncpus, size_t stride,
		    uint64_t *epoch, int64_t *value)
{
	struct slot s, acc = { 0 };
	uint64_t latest = 0;
	bool first = true;

	for (int cpu = 0; cpu < ncpus; cpu++) {
		memcpy(&s, buf + cpu * stride, sizeof(s));
		if (s.epoch > latest)
			latest = s.epoch;
	}
	*epoch = latest;
	*value = 0;
	if (!latest)
		return;	/* never written (epoch 0 reads as unused, as in bpftrace) */
	for (int cpu = 0; cpu < ncpus; cpu++) {
		memcpy(&s, buf + cpu * stride, sizeof(s));
		if (s.epoch != latest)
			continue;
		if (first) {
			acc = s;
			first = false;
			continue;
		}
		switch (m->ts_agg) {
		case TS_LAST:	/* the latest write wins */
			if (s.meta > acc.meta)
				acc = s;
			break;
		case TS_AVG:
			acc.value += s.value;
			acc.meta += s.meta;
			break;
		case TS_SUM:
			acc.value += s.value;
			break;
		case TS_MIN:
		case TS_MAX:
			if (less(m, s.value, acc.value) == (m->ts_agg == TS_MIN))
				acc.value = s.value;
			break;
		}
	}
	if (m->ts_agg == TS_AVG && acc.meta)
		acc.value = m->value && m->value->is_signed ?
			    acc.value / (int64_t)acc.meta : (int64_t)((uint64_t)acc.value / acc.meta);
	*value = acc.value;
}

uint64_t tseries_latest(const struct mapinfo *m, const struct map_entry *e)
{
	uint64_t latest = 0;

	for (int i = 0; i < m->nbuckets; i++)
		if (e->buckets[2 * i] != TSERIES_ABSENT && e->buckets[2 * i] > latest)
			latest = e->buckets[2 * i];
	return latest;
}

/* One row of the chart: an interval and its value, if it has one. */
struct row {
	uint64_t epoch;
	int64_t value;
	bool has_value;
};

/*
 * The rows of one key between first and last: from the oldest interval the
 * key has in that range (an unused slot counts as interval 0).
 */
static int key_rows(const struct mapinfo *m, const struct map_entry *e, uint64_t first,
		    uint64_t last, struct row **out)
{
	uint64_t from = last;
	struct row *rows;
	int n = 0;

	if (first > last) {
		*out = NULL;
		return 0;
	}
	for (int i = 0; i < m->nbuckets; i++)
		if (e->buckets[2 * i] >= first && e->buckets[2 * i] < from)	/* absent: > last */
			from = e->buckets[2 * i];
	rows = xcalloc(last - from + 1, sizeof(*rows));
	for (uint64_t ep = from; ep <= last; ep++, n++) {
		rows[n].epoch = ep;
		/* the first slot holding ep gives its value (unused slots: 0 at 0) */
		for (int i = 0; i < m->nbuckets; i++) {
			if (e->buckets[2 * i] == ep) {
				rows[n].value = (int64_t)e->buckets[2 * i + 1];
				rows[n].has_value = true;
				break;
			}
		}
	}
	*out = rows;
	return n;
}

/* CLOCK_TAI - CLOCK_REALTIME in whole seconds: intervals print in wall-clock time. */
static uint64_t tai_offset_ns(const struct program *prog)
{
	struct timespec tai, real;
	int64_t diff, secs;

	if (prog->tseries_clock)
		return 0;	/* a test clock counts from the epoch */
	if (clock_gettime(CLOCK_TAI, &tai) || clock_gettime(CLOCK_REALTIME, &real))
		return 0;
	diff = (int64_t)(tai.tv_sec - real.tv_sec) * 1000000000LL + (tai.tv_nsec - real.tv_nsec);
	secs = (diff + 500000000LL) / 1000000000LL;	/* a whole number of seconds */
	return secs > 0 ? (uint64_t)secs * 1000000000ULL : 0;
}

static void add_num(struct strbuf *sb, const struct mapinfo *m, int64_t v)
{
	if (m->value && m->value->is_signed)
		sb_addf(sb, "%lld", (long long)v);
	else
		sb_addf(sb, "%llu", (unsigned long long)v);
}

/* a - b as a signed distance, in the values' signedness */
static int64_t distance(const struct mapinfo *m, int64_t a, int64_t b)
{
	if (m->value && m->value->is_signed)
		return a - b;
	return (int64_t)((uint64_t)a - (uint64_t)b);
}

/* The decimal digits after the seconds for rows this far apart. */
static int time_digits(uint64_t step_ns)
{
	if (step_ns >= 1000000000ULL)
		return 0;
	if (step_ns >= 1000000ULL)
		return 3;
	if (step_ns >= 1000ULL)
		return 6;
	return 9;
}

static void add_time(struct strbuf *sb, uint64_t wall_ns, int digits)
{
	time_t secs = (time_t)(wall_ns / 1000000000ULL);
	uint64_t frac = wall_ns % 1000000000ULL;
	char buf[64];
	struct tm tm;

	localtime_r(&secs, &tm);
	strftime(buf, sizeof(buf), "%H:%M:%S", &tm);
	sb_adds(sb, buf);
	if (digits == 3)
		sb_addf(sb, ".%03llu", (unsigned long long)(frac / 1000000));
	else if (digits == 6)
		sb_addf(sb, ".%06llu", (unsigned long long)(frac / 1000));
	else if (digits == 9)
		sb_addf(sb, ".%09llu", (unsigned long long)frac);
}

/* "       min              max": the scale above and below the chart */
static void add_scale(struct strbuf *sb, const struct mapinfo *m, int indent, int64_t lo,
		      int64_t hi)
{
	struct strbuf num;

	sb_init(&num);
	add_num(&num, m, lo);
	sb_addf(sb, "%*s%-*s", indent, "", CHART_PAD, num.buf);
	num.len = 0;
	add_num(&num, m, hi);
	sb_addf(sb, "%*s\n", CHART_WIDTH - CHART_PAD, num.buf);
	sb_free(&num);
}

static void chart(struct strbuf *sb, const struct mapinfo *m, const struct row *rows, int n,
		  uint64_t offset)
{
	static const char *const units[] = { [0] = "", [3] = ".ms", [6] = ".\u03bcs", [9] = ".ns" };
	int64_t lo, hi;
	int digits, width, zero = 0;
	uint64_t step;
	char line[CHART_WIDTH + 1], head[32];

	if (!n) {
		sb_adds(sb, "<no data>\n");
		return;
	}
	lo = hi = rows[0].value;
	for (int i = 0; i < n; i++) {
		if (!rows[i].has_value)
			continue;
		if (less(m, rows[i].value, lo))
			lo = rows[i].value;
		if (less(m, hi, rows[i].value))
			hi = rows[i].value;
	}
	if (lo == hi) {	/* room on both sides, short of wrapping around */
		if (m->value && m->value->is_signed ? lo > INT64_MIN : lo != 0)
			lo--;
		if (m->value && m->value->is_signed ? hi < INT64_MAX : (uint64_t)hi != UINT64_MAX)
			hi++;
	}
	step = (rows[n - 1].epoch - rows[0].epoch) * (uint64_t)m->ts_interval /
	       (uint64_t)(n > 1 ? n - 1 : 1);
	digits = time_digits(step);
	width = 8 + (digits ? 1 + digits : 0);	/* hh:mm:ss[.fraction] */
	add_scale(sb, m, width + 1, lo, hi);
	snprintf(head, sizeof(head), "hh:mm:ss%s", units[digits]);
	sb_addf(sb, "%-*s|", width + 1, head);	/* padded in bytes, as bpftrace does */
	for (int i = 0; i < CHART_WIDTH - 2; i++)
		sb_addc(sb, '_');
	sb_adds(sb, "|\n");
	if (distance(m, lo, 0) < 0 && distance(m, 0, hi) < 0) {
		float w = CHART_WIDTH, d = (float)distance(m, 0, lo), r = (float)distance(m, hi, lo);

		zero = (int)(w * d / r);
	}
	for (int i = 0; i < n; i++) {
		memset(line, ' ', CHART_WIDTH);
		line[CHART_WIDTH] = 0;
		line[0] = line[CHART_WIDTH - 1] = '|';
		if (zero > 0)
			line[zero] = '.';
		add_time(sb, rows[i].epoch * (uint64_t)m->ts_interval - offset, digits);
		sb_addc(sb, ' ');
		if (!rows[i].has_value) {
			sb_addf(sb, "%s -\n", line);
			continue;
		}
		int at = CHART_WIDTH / 2;

		if (lo != hi) {
			float w = CHART_WIDTH - 1, d = (float)distance(m, rows[i].value, lo),
			      r = (float)distance(m, hi, lo);

			at = (int)(w * d / r);
		}
		line[at < 0 ? 0 : at > CHART_WIDTH - 1 ? CHART_WIDTH - 1 : at] = '*';
		sb_addf(sb, "%s ", line);
		add_num(sb, m, rows[i].value);
		sb_addc(sb, '\n');
	}
	sb_addf(sb, "%*s v", width, "");
	for (int i = 0; i < CHART_WIDTH - 2; i++)
		sb_addc(sb, '_');
	sb_adds(sb, "v\n");
	add_scale(sb, m, width + 1, lo, hi);
}

/* [{"interval_start": "1970-01-01 00:00:00.500000000", "value": 9}, ...] in UTC */
static void json_rows(struct strbuf *sb, const struct mapinfo *m, const struct row *rows, int n,
		      uint64_t offset)
{
	bool first = true;

	sb_addc(sb, '[');
	for (int i = 0; i < n; i++) {
		uint64_t wall = rows[i].epoch * (uint64_t)m->ts_interval - offset;
		time_t secs = (time_t)(wall / 1000000000ULL);
		char buf[64];
		struct tm tm;

		if (!rows[i].has_value)
			continue;
		gmtime_r(&secs, &tm);
		strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
		sb_addf(sb, "%s{\"interval_start\": \"%s.%09llu\", \"value\": ", first ? "" : ", ",
			buf, (unsigned long long)(wall % 1000000000ULL));
		json_int(sb, rows[i].value, m->value && m->value->is_signed);
		sb_addc(sb, '}');
		first = false;
	}
	sb_addc(sb, ']');
}

void tseries_format_map(struct strbuf *out, enum output_format format,
			const struct mapinfo *m, const struct map_entries *es, int first,
			const struct program *prog)
{
	uint64_t last = 0, from, offset = tai_offset_ns(prog);
	bool json = format == OUT_JSON;

	/* every key is charted over the same intervals: the newest n of the map */
	for (int i = first; i < es->n; i++) {
		uint64_t l = tseries_latest(m, &es->v[i]);

		if (l > last)
			last = l;
	}
	from = last - (uint64_t)m->nbuckets + 1;	/* wraps when last < n - 1: no rows */
	if (json) {
		sb_addf(out, "{\"type\": \"tseries\", \"data\": {");
		json_string(out, m->name, strlen(m->name));
		sb_adds(out, m->key ? ": {" : ": ");
	}
	for (int i = first; i < es->n; i++) {
		struct row *rows;
		int n = key_rows(m, &es->v[i], from, last, &rows);

		if (json) {
			if (m->key) {
				if (i > first)
					sb_adds(out, ", ");
				format_key_json(out, m->key, es->v[i].key, prog);
				sb_adds(out, ": ");
			}
			json_rows(out, m, rows, n, offset);
		} else {
			sb_adds(out, m->name);
			if (m->key && es->v[i].key) {
				sb_addc(out, '[');
				format_key(out, m->key, es->v[i].key, prog);
				sb_addc(out, ']');
			}
			sb_adds(out, ":\n");
			chart(out, m, rows, n, offset);
			sb_addc(out, '\n');
		}
		free(rows);
	}
	if (json)
		sb_adds(out, m->key ? "}}}\n" : "}}\n");
}
