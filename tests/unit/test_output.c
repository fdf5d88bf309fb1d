// SPDX-License-Identifier: GPL-2.0
/*
 * Output formats, byte for byte: histogram labels and bars, lhist ends,
 * map printing with bpftrace's sort orders, stats/avg, printf conversions,
 * values by type.  Expected text was checked against bpftrace where its
 * format did not change since 0.17.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lang/types.h"
#include "runtime/format.h"
#include "runtime/hist.h"
#include "runtime/maps.h"
#include "runtime/output.h"
#include "runtime/printf.h"
#include "test.h"

#define BAR52 "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@"
#define NOBAR "                                                    "

static struct mapinfo hist_map(const char *name, int bits)
{
	struct mapinfo m = { .name = (char *)name, .agg = AGG_HIST, .hist_bits = bits,
			     .value = type_int(8, true) };

	m.nbuckets = hist_nbuckets(bits);
	return m;
}

static struct mapinfo lhist_map(const char *name, int64_t min, int64_t max, int64_t step)
{
	struct mapinfo m = { .name = (char *)name, .agg = AGG_LHIST, .lhist_min = min,
			     .lhist_max = max, .lhist_step = step, .value = type_int(8, true) };

	m.nbuckets = lhist_nbuckets(min, max, step);
	return m;
}

/* Adds each value of vals (n of them) to the buckets of e. */
static void hist_add(const struct mapinfo *m, struct map_entry *e, const int64_t *vals, int n)
{
	for (int i = 0; i < n; i++) {
		int b = m->agg == AGG_HIST ? hist_bucket(vals[i], m->hist_bits) :
			lhist_bucket(vals[i], m->lhist_min, m->lhist_max, m->lhist_step);

		e->buckets[b]++;
	}
}

static char *map_text(const struct mapinfo *m, struct map_entries *es, int64_t top, int64_t div,
		      enum output_format fmt)
{
	struct strbuf sb;

	sb_init(&sb);
	format_map(&sb, fmt, m, es, top, div, NULL);
	return sb_steal(&sb);
}

static void check_map(const struct mapinfo *m, struct map_entries *es, int64_t top,
		      int64_t div, const char *want)
{
	char *got = map_text(m, es, top, div, OUT_TEXT);

	CHECK_STR(got, want);
	free(got);
}

static void check_map_json(const struct mapinfo *m, struct map_entries *es, const char *want)
{
	char *got = map_text(m, es, 0, 0, OUT_JSON);

	CHECK_STR(got, want);
	free(got);
}

/* ---- hist ---- */

static void test_hist_bucket(void)
{
	CHECK_INT(hist_bucket(-5, 0), 0);
	CHECK_INT(hist_bucket(0, 0), 1);
	CHECK_INT(hist_bucket(1, 0), 2);
	CHECK_INT(hist_bucket(2, 0), 3);
	CHECK_INT(hist_bucket(3, 0), 3);
	CHECK_INT(hist_bucket(4, 0), 4);
	CHECK_INT(hist_bucket(1023, 0), 11);
	CHECK_INT(hist_bucket(1024, 0), 12);
	CHECK_INT(hist_bucket(INT64_MAX, 0), 64);
	CHECK_INT(hist_nbuckets(0), 66);
	/* bits = 2: values 0..7 one per bucket, then 4 sub-buckets per power */
	CHECK_INT(hist_bucket(7, 2), 8);
	CHECK_INT(hist_bucket(8, 2), 9);
	CHECK_INT(hist_bucket(9, 2), 9);
	CHECK_INT(hist_bucket(10, 2), 10);
	CHECK_INT(hist_bucket(15, 2), 12);
	CHECK_INT(hist_bucket(16, 2), 13);
	CHECK_INT(hist_bucket(19, 2), 13);
	CHECK_INT(hist_bucket(20, 2), 14);
	CHECK(hist_bucket(INT64_MAX, 5) < hist_nbuckets(5));
	CHECK_INT(lhist_bucket(-1, 0, 10, 2), 0);
	CHECK_INT(lhist_bucket(0, 0, 10, 2), 1);
	CHECK_INT(lhist_bucket(9, 0, 10, 2), 5);
	CHECK_INT(lhist_bucket(10, 0, 10, 2), 6);
	CHECK_INT(lhist_nbuckets(0, 10, 2), 7);
}

static void test_hist_keyless(void)
{
	struct mapinfo m = hist_map("@h", 0);
	struct map_entries es = { 0 };
	int64_t vals[] = { 5, 0, -1, 1, 3000 };

	hist_add(&m, map_entries_add(&es, &m, NULL, NULL), vals, 5);
	/* Rows as bpftrace 0.17 prints them; the header lost its trailing space since. */
	check_map(&m, &es, 0, 0,
		  "@h:\n"
		  "(..., 0)               1 |" BAR52 "|\n"
		  "[0]                    1 |" BAR52 "|\n"
		  "[1]                    1 |" BAR52 "|\n"
		  "[2, 4)                 0 |" NOBAR "|\n"
		  "[4, 8)                 1 |" BAR52 "|\n"
		  "[8, 16)                0 |" NOBAR "|\n"
		  "[16, 32)               0 |" NOBAR "|\n"
		  "[32, 64)               0 |" NOBAR "|\n"
		  "[64, 128)              0 |" NOBAR "|\n"
		  "[128, 256)             0 |" NOBAR "|\n"
		  "[256, 512)             0 |" NOBAR "|\n"
		  "[512, 1K)              0 |" NOBAR "|\n"
		  "[1K, 2K)               0 |" NOBAR "|\n"
		  "[2K, 4K)               1 |" BAR52 "|\n"
		  "\n");
	check_map_json(&m, &es,
		       "{\"type\": \"hist\", \"data\": {\"@h\": [{\"max\": -1, \"count\": 1},"
		       "{\"min\": 0, \"max\": 0, \"count\": 1},{\"min\": 1, \"max\": 1, \"count\": 1},"
		       "{\"min\": 2, \"max\": 3, \"count\": 0},{\"min\": 4, \"max\": 7, \"count\": 1},"
		       "{\"min\": 8, \"max\": 15, \"count\": 0},{\"min\": 16, \"max\": 31, \"count\": 0},"
		       "{\"min\": 32, \"max\": 63, \"count\": 0},{\"min\": 64, \"max\": 127, \"count\": 0},"
		       "{\"min\": 128, \"max\": 255, \"count\": 0},{\"min\": 256, \"max\": 511, \"count\": 0},"
		       "{\"min\": 512, \"max\": 1023, \"count\": 0},{\"min\": 1024, \"max\": 2047, \"count\": 0},"
		       "{\"min\": 2048, \"max\": 4095, \"count\": 1}]}}\n");
	map_entries_free(&es);
}

/* Bar lengths: count / max * 52 in single precision, truncated. */
static void test_hist_bars(void)
{
	struct mapinfo m = hist_map("@hist", 0);
	struct map_entries es = { 0 };
	struct map_entry *e = map_entries_add(&es, &m, NULL, NULL);

	e->buckets[2] = 1;
	e->buckets[3] = 2;
	e->buckets[4] = 4;
	e->buckets[5] = 8;
	e->buckets[6] = 16;
	e->buckets[7] = 32;
	e->buckets[8] = 37;
	check_map(&m, &es, 0, 0,
		  "@hist:\n"
		  "[1]                    1 |@                                                   |\n"
		  "[2, 4)                 2 |@@                                                  |\n"
		  "[4, 8)                 4 |@@@@@                                               |\n"
		  "[8, 16)                8 |@@@@@@@@@@@                                         |\n"
		  "[16, 32)              16 |@@@@@@@@@@@@@@@@@@@@@@                              |\n"
		  "[32, 64)              32 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@        |\n"
		  "[64, 128)             37 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		  "\n");
	map_entries_free(&es);
}

static char *label(const struct mapinfo *m, int i)
{
	struct strbuf sb;

	sb_init(&sb);
	hist_label(&sb, i, m);
	return sb_steal(&sb);
}

static void check_label(const struct mapinfo *m, int64_t v, const char *want)
{
	int b = m->agg == AGG_HIST ? hist_bucket(v, m->hist_bits) :
		lhist_bucket(v, m->lhist_min, m->lhist_max, m->lhist_step);
	char *got = label(m, b);

	CHECK_STR(got, want);
	free(got);
}

static void test_hist_labels(void)
{
	struct mapinfo m = hist_map("@", 0), m2 = hist_map("@", 2);

	check_label(&m, -100, "(..., 0)");
	check_label(&m, 0, "[0]");
	check_label(&m, 1, "[1]");
	check_label(&m, 3, "[2, 4)");
	check_label(&m, 700, "[512, 1K)");
	check_label(&m, 1024, "[1K, 2K)");
	check_label(&m, 600000, "[512K, 1M)");
	check_label(&m, 1 << 20, "[1M, 2M)");
	check_label(&m, 3LL << 30, "[2G, 4G)");
	check_label(&m, 1LL << 40, "[1T, 2T)");
	check_label(&m, 1LL << 50, "[1P, 2P)");
	check_label(&m, 1LL << 60, "[1E, 2E)");
	check_label(&m, INT64_MAX, "[4E, 8E)");
	check_label(&m2, 0, "[0]");
	check_label(&m2, 7, "[7]");
	check_label(&m2, 8, "[8, 10)");
	check_label(&m2, 14, "[14, 16)");
	check_label(&m2, 17, "[16, 20)");
	check_label(&m2, 1100, "[1024, 1280)");
	check_label(&m2, 1300, "[1280, 1536)");
	check_label(&m2, 2047, "[1792, 2048)");
	check_label(&m2, 2048, "[2048, 2560)");
	check_label(&m2, 4096, "[4K, 5K)");
	check_label(&m2, 7 << 20, "[7M, 8M)");
}

/* A first non-empty bucket above [0] starts from the previous bound. */
static void test_hist_trim(void)
{
	struct mapinfo m = hist_map("@x", 0);
	struct map_entries es = { 0 };
	struct map_entry *e = map_entries_add(&es, &m, NULL, NULL);
	int64_t vals[] = { 100, 100, 300 };

	hist_add(&m, e, vals, 3);
	check_map(&m, &es, 0, 0,
		  "@x:\n"
		  "[64, 128)              2 |" BAR52 "|\n"
		  "[128, 256)             0 |" NOBAR "|\n"
		  "[256, 512)             1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
		  "\n");
	map_entries_free(&es);
}

static void test_lhist(void)
{
	struct mapinfo m = lhist_map("@l", 0, 10, 2);
	struct map_entries es = { 0 };
	int64_t vals[] = { 5, -1, 12 };

	hist_add(&m, map_entries_add(&es, &m, NULL, NULL), vals, 3);
	check_map(&m, &es, 0, 0,
		  "@l:\n"
		  "(..., 0)               1 |" BAR52 "|\n"
		  "[0, 2)                 0 |" NOBAR "|\n"
		  "[2, 4)                 0 |" NOBAR "|\n"
		  "[4, 6)                 1 |" BAR52 "|\n"
		  "[6, 8)                 0 |" NOBAR "|\n"
		  "[8, 10)                0 |" NOBAR "|\n"
		  "[10, ...)              1 |" BAR52 "|\n"
		  "\n");
	map_entries_free(&es);

	/* only the overflow bucket */
	struct map_entries es2 = { 0 };
	int64_t big[] = { 50 };

	hist_add(&m, map_entries_add(&es2, &m, NULL, NULL), big, 1);
	check_map(&m, &es2, 0, 0, "@l:\n[10, ...)              1 |" BAR52 "|\n\n");
	check_map_json(&m, &es2, "{\"type\": \"hist\", \"data\": {\"@l\": [{\"min\": 10, \"count\": 1}]}}\n");
	map_entries_free(&es2);

	/* step 1 buckets hold one value each; K/M labels when step is a multiple of 1024 */
	struct mapinfo one = lhist_map("@", 0, 5, 1), kb = lhist_map("@", 0, 4 << 20, 1 << 20);
	struct mapinfo k = lhist_map("@", 0, 8192, 1024), neg = lhist_map("@", -10, 10, 5);

	check_label(&one, 3, "[3]");
	check_label(&one, 5, "[5, ...)");
	check_label(&kb, 1 << 20, "[1M, 2M)");
	check_label(&kb, 5 << 20, "[4M, ...)");
	check_label(&k, 1000, "[0, 1K)");
	check_label(&k, 1500, "[1K, 2K)");
	check_label(&neg, -20, "(..., -10)");
	check_label(&neg, -7, "[-10, -5)");
	check_label(&neg, 3, "[0, 5)");
}

static void test_hist_keyed(void)
{
	struct mapinfo m = hist_map("@h", 0);
	struct map_entries es = { 0 };
	int64_t k0 = 0, k1 = 1, a[] = { 100 }, b[] = { 3, 3 };

	m.key = type_int(8, true);
	hist_add(&m, map_entries_add(&es, &m, &k1, NULL), b, 2);
	hist_add(&m, map_entries_add(&es, &m, &k0, NULL), a, 1);
	/* keyed hists sort by their total count */
	check_map(&m, &es, 0, 0,
		  "@h[0]:\n[64, 128)              1 |" BAR52 "|\n\n"
		  "@h[1]:\n[2, 4)                 2 |" BAR52 "|\n\n");
	check_map_json(&m, &es,
		       "{\"type\": \"hist\", \"data\": {\"@h\": {\"0\": [{\"min\": 64, \"max\": 127, \"count\": 1}], "
		       "\"1\": [{\"min\": 2, \"max\": 3, \"count\": 2}]}}}\n");
	/* div scales the counts */
	check_map(&m, &es, 1, 2, "@h[1]:\n[2, 4)                 1 |" BAR52 "|\n\n");
	map_entries_free(&es);
}

/* ---- scalar aggregations and plain maps ---- */

static struct map_entry *agg_entry(struct map_entries *es, const struct mapinfo *m,
				   const void *key, int64_t num, uint64_t count)
{
	struct map_entry *e = map_entries_add(es, m, key, NULL);

	e->num = num;
	e->count = count;
	return e;
}

static void test_scalars(void)
{
	struct map_entries es = { 0 };
	struct mapinfo count = { .name = "@a", .agg = AGG_COUNT };
	struct mapinfo sum = { .name = "@sm", .agg = AGG_SUM, .value = type_int(8, true) };
	struct mapinfo avg = { .name = "@av", .agg = AGG_AVG, .value = type_int(8, true) };
	struct mapinfo stats = { .name = "@s", .agg = AGG_STATS, .value = type_int(8, true) };
	struct mapinfo min = { .name = "@mn", .agg = AGG_MIN, .value = type_int(8, true) };
	struct mapinfo usum = { .name = "@u", .agg = AGG_SUM, .value = type_int(8, false) };

	agg_entry(&es, &count, NULL, 0, 1);
	check_map(&count, &es, 0, 0, "@a: 1\n");
	check_map_json(&count, &es, "{\"type\": \"map\", \"data\": {\"@a\": 1}}\n");
	map_entries_free(&es);
	agg_entry(&es, &sum, NULL, -5, 1);
	check_map(&sum, &es, 0, 0, "@sm: -5\n");
	map_entries_free(&es);
	agg_entry(&es, &usum, NULL, -1, 1);
	check_map(&usum, &es, 0, 0, "@u: 18446744073709551615\n");
	map_entries_free(&es);
	agg_entry(&es, &avg, NULL, 7, 2);
	check_map(&avg, &es, 0, 0, "@av: 3\n");
	map_entries_free(&es);
	agg_entry(&es, &avg, NULL, -7, 2);
	check_map(&avg, &es, 0, 0, "@av: -3\n");
	map_entries_free(&es);
	agg_entry(&es, &stats, NULL, 7, 2);
	check_map(&stats, &es, 0, 0, "@s: { .count = 2, .average = 3, .total = 7 }\n");
	check_map_json(&stats, &es,
		       "{\"type\": \"stats\", \"data\": {\"@s\": {\"count\": 2, \"average\": 3, \"total\": 7}}}\n");
	map_entries_free(&es);
	agg_entry(&es, &min, NULL, -3, 1);
	check_map(&min, &es, 0, 0, "@mn: -3\n");
	map_entries_free(&es);
	/* nothing read: nothing printed */
	check_map(&min, &es, 0, 0, "");
}

static void test_keyed_sorting(void)
{
	struct map_entries es = { 0 };
	struct type *mt[] = { type_int(8, true), type_str(4) };
	struct mapinfo plain = { .name = "@b", .agg = AGG_NONE, .key = type_tuple(mt, 2),
				 .value = type_int(8, true) };
	struct { int64_t n; char s[4]; char pad[4]; } k1 = { 1, "x" }, k2 = { 2, "y" }, k3 = { -4, "z" };
	int64_t v3 = 3, v1 = 1, v9 = -9;

	map_entries_add(&es, &plain, &k1, &v3);
	map_entries_add(&es, &plain, &k2, &v1);
	map_entries_add(&es, &plain, &k3, &v9);
	/* integer values sort ascending; tuple keys print without parens */
	check_map(&plain, &es, 0, 0, "@b[-4, z]: -9\n@b[2, y]: 1\n@b[1, x]: 3\n");
	check_map(&plain, &es, 2, 0, "@b[2, y]: 1\n@b[1, x]: 3\n");
	check_map_json(&plain, &es,
		       "{\"type\": \"map\", \"data\": {\"@b\": {\"-4,z\": -9, \"2,y\": 1, \"1,x\": 3}}}\n");
	map_entries_free(&es);

	/* counts by value, ties by key; div divides */
	struct mapinfo count = { .name = "@c", .agg = AGG_COUNT, .key = type_str(8) };
	char a[8] = "bash", b[8] = "awk", c[8] = "cat";

	agg_entry(&es, &count, a, 0, 10);
	agg_entry(&es, &count, b, 0, 10);
	agg_entry(&es, &count, c, 0, 2);
	check_map(&count, &es, 0, 0, "@c[cat]: 2\n@c[awk]: 10\n@c[bash]: 10\n");
	check_map(&count, &es, 0, 2, "@c[cat]: 1\n@c[awk]: 5\n@c[bash]: 5\n");
	map_entries_free(&es);

	/* avg/stats by average */
	struct mapinfo stats = { .name = "@s", .agg = AGG_STATS, .key = type_int(4, false),
				 .value = type_int(8, true) };
	uint32_t u1 = 1, u2 = 2;

	agg_entry(&es, &stats, &u1, 30, 3);
	agg_entry(&es, &stats, &u2, 5, 1);
	check_map(&stats, &es, 0, 0,
		  "@s[2]: { .count = 1, .average = 5, .total = 5 }\n"
		  "@s[1]: { .count = 3, .average = 10, .total = 30 }\n");
	map_entries_free(&es);

	/* non-integer values sort by key: ints as signed, strings bytewise */
	struct mapinfo strs = { .name = "@", .agg = AGG_NONE, .key = type_int(8, true),
				.value = type_str(4) };
	int64_t ka = 5, kb = -1;
	char sa[4] = "abc", sb[4] = "q";

	map_entries_add(&es, &strs, &ka, sa);
	map_entries_add(&es, &strs, &kb, sb);
	check_map(&strs, &es, 0, 0, "@[-1]: q\n@[5]: abc\n");
	map_entries_free(&es);
}

/* ---- values ---- */

static char *value_text(const struct type *t, const void *data)
{
	struct strbuf sb;

	sb_init(&sb);
	format_value(&sb, t, data, NULL);
	return sb_steal(&sb);
}

static void check_value(const struct type *t, const void *data, const char *want)
{
	char *got = value_text(t, data);

	CHECK_STR(got, want);
	free(got);
}

static void test_values(void)
{
	int8_t i8 = -3;
	uint8_t u8 = 250, yes = 1, no = 0;
	int16_t i16 = -300;
	int32_t i32 = -70000;
	uint32_t u32 = 4000000000u;
	uint64_t u64 = UINT64_MAX;
	char full[4] = { 'a', 'b', 'c', 'd' }, s[8] = "hi";

	check_value(type_int(1, true), &i8, "-3");
	check_value(type_int(1, false), &u8, "250");
	check_value(type_int(2, true), &i16, "-300");
	check_value(type_int(4, true), &i32, "-70000");
	check_value(type_int(4, false), &u32, "4000000000");
	check_value(type_int(8, false), &u64, "18446744073709551615");
	check_value(type_bool(), &yes, "true");
	check_value(type_bool(), &no, "false");
	check_value(type_str(8), s, "hi");
	/* a char array's characters may fill it: all of them, no trailer */
	check_value(type_str(4), full, "abcd");
	check_value(type_str_chars(4), full, "abcd");
	/* str() that filled its buffer (one byte over max_strlen) was cut */
	check_value(type_str_read(5), "abcd", "abcd..");

	struct type *inner_m[] = { type_int(8, true), type_int(8, true) };
	struct type *inner = type_tuple(inner_m, 2);
	struct type *m[] = { type_int(8, true), type_str(4), inner, type_bool() };
	struct type *t = type_tuple(m, 4);
	uint8_t buf[64] = { 0 };
	int64_t one = 1, two = 2, neg = -3;

	memcpy(buf + t->fields[0].offset, &one, 8);
	memcpy(buf + t->fields[1].offset, "a", 2);
	memcpy(buf + t->fields[2].offset, &two, 8);
	memcpy(buf + t->fields[2].offset + 8, &neg, 8);
	buf[t->fields[3].offset] = 1;
	check_value(t, buf, "(1, a, (2, -3), true)");

	struct field f[] = {
		{ .name = "a", .type = type_int(4, true), .offset = 0 },
		{ .name = "b", .type = type_int(4, false), .offset = 4 },
		{ .name = "flag", .type = type_int(4, false), .offset = 8, .bit_offset = 3, .bit_size = 2 },
	};
	struct type *r = type_record("struct foo", f, 3, 12, false);
	int32_t rec[3] = { -1, 2, 0x18 };

	check_value(r, rec, "{ .a = -1, .b = 2, .flag = 3 }");
	check_value(type_record("struct empty", NULL, 0, 0, false), rec, "{}");

	int32_t arr[3] = { 1, 2, 3 };

	check_value(type_array(type_int(4, true), 3), arr, "[1,2,3]");

	uint64_t root = 0, probe = 0;

	check_value(type_special(TY_USERNAME), &root, "root");
	check_value(type_special(TY_PROBE), &probe, "0");

	struct { uint32_t len; uint8_t data[8]; } b = { 3, { 'a', 0, 0xff } };

	check_value(type_buf(12), &b, "a\\x00\\xff");
}

static void test_format_key_json(void)
{
	struct strbuf sb;
	char s[8] = "a\"b";

	sb_init(&sb);
	format_value_json(&sb, type_str(8), s, NULL);
	CHECK_STR(sb.buf, "\"a\\\"b\"");
	sb_free(&sb);
}


/* ---- JSON, record by record (bpftrace's current schema) ---- */

static void check_json(const struct type *t, const void *data, const char *want)
{
	struct strbuf sb;

	sb_init(&sb);
	format_value_json(&sb, t, data, NULL);
	CHECK_STR(sb.buf, want);
	sb_free(&sb);
}

static void test_json_values(void)
{
	uint64_t big = UINT64_MAX, p2 = 1ULL << 60, odd = (1ULL << 53) + 1, ptr = 0xffff8880;
	int64_t neg = -5, min = INT64_MIN;
	char full[4] = { 'a', 'b', 'c', 'd' }, nl[8] = "a\nb\t";
	struct { uint32_t len; uint8_t data[4]; } b = { 3, { 'h', 'i', 0xff } };
	struct enum_value ev[] = { { "ONE", 1 }, { "TWO", 2 } };
	struct type *e = type_enum("enum num", 4, false, ev, 2);
	uint32_t two = 2, nine = 9;
	char comm[8] = "sh";
	struct field f[] = {
		{ .name = "comm", .type = type_array(type_char(true), 8), .offset = 0 },
		{ .name = "e", .type = e, .offset = 8 },
	};
	struct type *r = type_record("struct task", f, 2, 12, false);
	uint8_t rec[12] = { 's', 'h' };

	check_json(type_int(8, false), &big, "\"18446744073709551615\"");
	check_json(type_int(8, false), &p2, "1152921504606846976");
	check_json(type_int(8, false), &odd, "\"9007199254740993\"");
	check_json(type_int(8, true), &neg, "-5");
	check_json(type_int(8, true), &min, "-9223372036854775808");
	check_json(type_str(4), full, "\"abcd\"");
	check_json(type_str_read(5), "abcd", "\"abcd..\"");
	check_json(type_str(8), nl, "\"a\\nb\\t\"");
	check_json(type_buf(8), &b, "[104,105,-1]");
	check_json(type_ptr(NULL, AS_KERNEL), &ptr, "4294936704");
	check_json(e, &two, "2");
	check_value(e, &two, "TWO");
	check_value(e, &nine, "9");
	check_value(type_array(type_char(true), 8), comm, "sh");
	check_json(type_array(type_char(true), 8), comm, "\"sh\"");
	memcpy(rec + 8, &two, 4);
	check_value(r, rec, "{ .comm = sh, .e = TWO }");
	check_json(r, rec, "{\"comm\": \"sh\", \"e\": 2}");

	struct type *m[] = { type_int(8, true), type_str(4) };
	struct type *t = type_tuple(m, 2);
	uint8_t tb[16] = { 0 };

	memcpy(tb, &neg, 8);
	memcpy(tb + 8, "x y", 4);
	check_json(t, tb, "[-5,\"x y\"]");
}

static void check_key_json(const struct type *t, const void *data, const char *want)
{
	struct strbuf sb;

	sb_init(&sb);
	format_key_json(&sb, t, data, NULL);
	CHECK_STR(sb.buf, want);
	sb_free(&sb);
}

static void test_json_keys(void)
{
	struct type *inner_m[] = { type_int(8, true), type_int(8, true) };
	struct type *m[] = { type_str(8), type_int(8, true), type_tuple(inner_m, 2) };
	struct type *t = type_tuple(m, 3);
	uint8_t k[32] = { 0 };
	int64_t v = 2, a = 3, b = 4;

	memcpy(k, "a b", 4);
	memcpy(k + t->fields[1].offset, &v, 8);
	memcpy(k + t->fields[2].offset, &a, 8);
	memcpy(k + t->fields[2].offset + 8, &b, 8);
	/* Members joined by ",", no spaces outside strings. */
	check_key_json(t, k, "\"a b,2,(3,4)\"");
	check_key_json(type_str(8), "bpftrace", "\"bpftrace\"");	/* a full char array */
	check_key_json(type_str_read(9), "bpftrace", "\"bpftrace..\"");	/* 8 of 9 bytes */
	check_key_json(type_int(8, true), &v, "\"2\"");
}

static void test_json_maps(void)
{
	struct mapinfo m = lhist_map("@h", 0, 100, 10);
	struct mapinfo st = { .name = "@stats", .agg = AGG_STATS, .value = type_int(8, true),
			      .key = type_str(8) };
	struct mapinfo cnt = { .name = "@complex", .agg = AGG_COUNT };
	struct map_entries es = { 0 };
	int64_t vals[] = { 5, 55, 150 };
	struct type *km[] = { type_str(16), type_int(8, true) };
	uint8_t key[24] = { 0 };
	int64_t two = 2;

	hist_add(&m, map_entries_add(&es, &m, NULL, NULL), vals, 3);
	check_map_json(&m, &es,
		       "{\"type\": \"hist\", \"data\": {\"@h\": [{\"min\": 0, \"max\": 9, \"count\": 1},"
		       "{\"min\": 10, \"max\": 19, \"count\": 0},{\"min\": 20, \"max\": 29, \"count\": 0},"
		       "{\"min\": 30, \"max\": 39, \"count\": 0},{\"min\": 40, \"max\": 49, \"count\": 0},"
		       "{\"min\": 50, \"max\": 59, \"count\": 1},{\"min\": 60, \"max\": 69, \"count\": 0},"
		       "{\"min\": 70, \"max\": 79, \"count\": 0},{\"min\": 80, \"max\": 89, \"count\": 0},"
		       "{\"min\": 90, \"max\": 99, \"count\": 0},{\"min\": 100, \"count\": 1}]}}\n");
	map_entries_free(&es);

	char zsh[8] = "zsh", curl[8] = "curl";

	agg_entry(&es, &st, zsh, 10, 1);
	agg_entry(&es, &st, curl, 2, 1);
	check_map_json(&st, &es,
		       "{\"type\": \"stats\", \"data\": {\"@stats\": {"
		       "\"curl\": {\"count\": 1, \"average\": 2, \"total\": 2}, "
		       "\"zsh\": {\"count\": 1, \"average\": 10, \"total\": 10}}}}\n");
	map_entries_free(&es);

	cnt.key = type_tuple(km, 2);
	memcpy(key, "bpftrace", 9);
	memcpy(key + cnt.key->fields[1].offset, &two, 8);
	agg_entry(&es, &cnt, key, 0, 5);
	check_map_json(&cnt, &es,
		       "{\"type\": \"map\", \"data\": {\"@complex\": {\"bpftrace,2\": 5}}}\n");
	map_entries_free(&es);
}

static char *capture_events(struct output *o, const struct event_spec *ev, const void *payload,
			    size_t len)
{
	char *buf = NULL;
	size_t size = 0;

	o->f = open_memstream(&buf, &size);
	if (ev)
		output_event(o, ev, payload, len);
	else
		output_attached(o, 3), output_lost(o, 7);
	fclose(o->f);
	o->f = NULL;
	return buf;
}

static void test_json_events(void)
{
	struct output o;
	struct type *pm[] = { type_int(8, true) };
	struct type *pt = type_tuple(pm, 1);
	struct event_spec pf = { .kind = EV_PRINTF, .fmt = "x=%d\n", .args = pt };
	struct event_spec pv = { .kind = EV_PRINT_VALUE, .args = pt };
	int64_t v = 42;
	char *got;

	output_init(&o, NULL, OUT_JSON, NULL);
	got = capture_events(&o, NULL, NULL, 0);
	CHECK_STR(got, "{\"type\": \"attached_probes\", \"count\": 3, \"data\": {\"probes\": 3}}\n"
		  "{\"type\": \"lost_events\", \"count\": 7, \"data\": {\"events\": 7}}\n");
	free(got);
	got = capture_events(&o, &pf, &v, sizeof(v));
	CHECK_STR(got, "{\"type\": \"printf\", \"data\": \"x=42\\n\"}\n");
	free(got);
	got = capture_events(&o, &pv, &v, sizeof(v));
	CHECK_STR(got, "{\"type\": \"value\", \"data\": 42}\n");
	free(got);
	output_fini(&o);
}

static char *capture_lost_total(enum output_format format, uint64_t lost, uint64_t produced)
{
	struct output o;
	char *buf = NULL;
	size_t size = 0;

	output_init(&o, open_memstream(&buf, &size), format, NULL);
	output_lost_total(&o, lost, produced);
	fclose(o.f);
	o.f = NULL;
	output_fini(&o);
	return buf;
}

/* The total at exit: said once, with its share of what the probes produced. */
static void test_lost_total(void)
{
	char *got;

	got = capture_lost_total(OUT_TEXT, 655657, 1000000);
	CHECK_STR(got, "Lost 655657 events (65.6% of 1000000)\n");
	free(got);
	got = capture_lost_total(OUT_TEXT, 3, 1000000);
	CHECK_STR(got, "Lost 3 events (0.00030% of 1000000)\n");
	free(got);
	got = capture_lost_total(OUT_TEXT, 1, 3);
	CHECK_STR(got, "Lost 1 events (33.3% of 3)\n");
	free(got);
	got = capture_lost_total(OUT_TEXT, 1, 200);
	CHECK_STR(got, "Lost 1 events (0.50% of 200)\n");
	free(got);
	got = capture_lost_total(OUT_JSON, 5, 20);
	CHECK_STR(got, "{\"type\": \"lost_events\", \"count\": 5, \"data\": {\"events\": 5, "
		  "\"total\": true, \"of\": 20, \"percent\": 25.0}}\n");
	free(got);
}

/* ---- strftime, join ---- */

static void test_strftime_join(void)
{
	struct strbuf sb;
	uint8_t argv[4 * 8] = { 0 };

	setenv("TZ", "UTC", 1);
	tzset();
	sb_init(&sb);
	/* 2024-01-02 03:04:05.123456789 UTC */
	format_strftime(&sb, "%Y-%m-%d %H:%M:%S.%f %% %%f", 1704164645123456789ULL);
	CHECK_STR(sb.buf, "2024-01-02 03:04:05.123456 % %f");
	sb_free(&sb);
	sb_init(&sb);
	format_strftime(&sb, "%f", 999);
	CHECK_STR(sb.buf, "000000");
	sb_free(&sb);

	memcpy(argv, "ls", 3);
	memcpy(argv + 8, "-l", 3);
	memcpy(argv + 16, "/tmp/abc", 8);	/* fills its slot: no NUL */
	sb_init(&sb);
	format_join(&sb, argv, 4, 8, NULL);
	CHECK_STR(sb.buf, "ls -l /tmp/abc");
	sb_free(&sb);
	sb_init(&sb);
	format_join(&sb, argv, 2, 8, ",");
	CHECK_STR(sb.buf, "ls,-l");
	sb_free(&sb);
}

/* ---- printf ---- */

/* A tuple of the given members and a zeroed payload to fill. */
struct args {
	struct type *t;
	uint8_t data[256];
};

static void args_init(struct args *a, struct type **m, int n)
{
	a->t = type_tuple(m, n);
	memset(a->data, 0, sizeof(a->data));
}

static void set_int(struct args *a, int i, int64_t v)
{
	memcpy(a->data + a->t->fields[i].offset, &v, a->t->fields[i].type->size);
}

static void set_str(struct args *a, int i, const char *s)
{
	memcpy(a->data + a->t->fields[i].offset, s, strlen(s) + 1);
}

static void check_printf(const char *fmt, struct args *a, const char *want)
{
	struct strbuf sb;

	sb_init(&sb);
	format_printf(&sb, fmt, a ? a->t : NULL, a ? a->data : NULL, NULL);
	CHECK_STR(sb.buf ? sb.buf : "", want);
	sb_free(&sb);

	/* the plan the runtime formats records with prints the same bytes */
	struct printf_plan *plan = printf_plan_new(fmt, a ? a->t : NULL);

	sb_init(&sb);
	printf_plan_run(&sb, plan, a ? a->data : NULL, NULL);
	CHECK_STR(sb.buf ? sb.buf : "", want);
	sb_free(&sb);
	printf_plan_free(plan);
}

static void test_printf_ints(void)
{
	struct type *i64 = type_int(8, true);
	struct type *m[] = { i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64 };
	struct args a;

	args_init(&a, m, 11);
	set_int(&a, 0, 42);
	set_int(&a, 1, 42);
	set_int(&a, 2, 42);
	set_int(&a, 3, 255);
	set_int(&a, 4, 255);
	set_int(&a, 5, 8);
	set_int(&a, 6, 65);
	set_int(&a, 7, 7);
	set_int(&a, 8, 7);
	set_int(&a, 9, 300);
	set_int(&a, 10, 70000);
	/* same bytes as bpftrace 0.17 prints for this format */
	check_printf("[%5d|%-5d|%05d|%x|%X|%o|%c|%.3d|%10.4d|%%|%hhd|%hd]\n", &a,
		     "[   42|42   |00042|ff|FF|10|A|007|      0007|%|44|4464]\n");
	check_printf("%+d % d %#x %#o %i %lu %lld %zd %llu\n", &a,
		     "+42  42 0x2a 0377 255 8 65 7 7\n");

	struct type *m2[] = { i64, i64, type_int(4, true), type_int(1, false) };

	args_init(&a, m2, 4);
	set_int(&a, 0, 5000000000LL);
	set_int(&a, 1, -1);
	set_int(&a, 2, -2);
	set_int(&a, 3, 200);
	/* without a length modifier a value converts to a 32-bit int, as C's */
	check_printf("%d %u %d %d", &a, "705032704 4294967295 -2 200");
	check_printf("%x %u %u %c", &a, "2a05f200 4294967295 4294967294 \xc8");
	check_printf("%p %x", &a, "0x12a05f200 ffffffff");
	/* l, ll, j, z, t: all 64 bits */
	check_printf("%ld %lu %lld %jx", &a, "5000000000 18446744073709551615 -2 c8");
	check_printf("%zu %td %#lx %8x", &a, "5000000000 -1 0xfffffffffffffffe       c8");
	check_printf("%8x|%-12d|%hhu", &a, "2a05f200|-1          |254");

	struct type *m3[] = { i64, i64, i64, i64, i64, i64, i64 };

	args_init(&a, m3, 7);
	set_int(&a, 0, INT64_MIN);
	set_int(&a, 1, 0);
	for (int i = 2; i < 7; i++)
		set_int(&a, i, -129);
	check_printf("%d %d %hhd %hd %hhu %o %X\n", &a,
		     "0 0 127 -129 127 37777777577 FFFFFF7F\n");
	check_printf("%lld %ld %lo %lX\n", &a,
		     "-9223372036854775808 0 1777777777777777777577 FFFFFFFFFFFFFF7F\n");
}

/* %gr: GFP flags as the kernel's trace output names them */
static void test_printf_gfp(void)
{
	struct type *i64 = type_int(8, true);
	struct type *m[] = { i64, i64, i64, i64, i64, i64, i64, i64 };
	static const int64_t flags[] = { 0, 0x1, 0xcc0, 0xce0, 0x2c00, 0x21c24ca, 0x80000001, 0x100cc2 };
	struct args a;

	args_init(&a, m, 8);
	for (int i = 0; i < 8; i++)
		set_int(&a, i, flags[i]);
	check_printf("%gr %gr %gr %gr %gr", &a,
		     "0 GFP_DMA GFP_KERNEL GFP_KERNEL|__GFP_HIGH GFP_NOIO|__GFP_NOWARN");
	check_printf("%d %d %d %d %d %gr|%gr|%-14gr|", &a,
		     "0 1 3264 3296 11264 GFP_TRANSHUGE|GFP_DMA|0x80000000|GFP_HIGHUSER  |");
}

static void test_printf_strings(void)
{
	struct type *m[] = { type_str(16), type_str(16), type_str(16), type_bool(), type_int(8, true) };
	struct args a;

	args_init(&a, m, 5);
	set_str(&a, 0, "abcdef");
	set_str(&a, 1, "ab");
	set_str(&a, 2, "str");
	a.data[a.t->fields[3].offset] = 1;
	set_int(&a, 4, -12);
	check_printf("[%5.2s|%-10s|%s|%s|%s]", &a, "[   ab|ab        |str|true|-12]");
	check_printf("%10s|%-4s|%.1s|%d|%5s", &a, "    abcdef|ab  |s|1|  -12");
	/* a lone % or an unknown conversion prints as it is */
	check_printf("100% %k done", NULL, "100% %k done");
	check_printf("no args\n", NULL, "no args\n");
	/* more conversions than arguments: the rest print verbatim */
	struct type *one[] = { type_int(8, true) };
	struct args b;

	args_init(&b, one, 1);
	set_int(&b, 0, 9);
	check_printf("%d %d", &b, "9 %d");
}

static void test_printf_buffers(void)
{
	struct type *m[] = { type_buf(12) };
	struct args a;
	uint32_t len = 4;

	args_init(&a, m, 1);
	memcpy(a.data, &len, 4);
	memcpy(a.data + 4, "a\x01\xff" "b", 4);
	check_printf("%r", &a, "a\\x01\\xffb");
	check_printf("%rx", &a, "\\x61\\x01\\xff\\x62");
	check_printf("%rh", &a, "61 01 ff 62");
}

static void check_err(const char *fmt, struct type **types, int n, const char *want, int want_col)
{
	char err[256] = "";
	int col = -2;

	CHECK_INT(printf_check(fmt, types, n, err, sizeof(err), &col), want ? -1 : 0);
	if (want) {
		CHECK_STR(err, want);
		CHECK_INT(col, want_col);
	}
}

static void test_printf_check(void)
{
	struct type *i = type_int(8, true), *s = type_str(16);
	struct type *is[] = { i, s }, *si[] = { s, i }, *buf[] = { type_buf(8) }, *ii[] = { i, i };

	check_err("%d %s\n", is, 2, NULL, 0);
	check_err("%s %s\n", is, 2, NULL, 0);
	check_err("%%d %-5lu\n", is, 1, NULL, 0);
	check_err("%k\n", is, 1,
		  "printf: Too many arguments for format string (1 supplied, 0 expected)", -1);
	check_err("%d %d\n", is, 1,
		  "printf: Not enough arguments for format string (1 supplied, 2 expected)", -1);
	check_err("x %d %lx\n", si, 2,
		  "printf: %d specifier expects a value of type integer (string supplied)", 2);
	check_err("%r\n", buf, 1, NULL, 0);
	check_err("%d %r\n", ii, 2,
		  "printf: %r specifier expects a value of type buffer (integer supplied)", 3);
	check_err("%gr\n", si, 1,
		  "printf: %gr specifier expects a value of type integer (string supplied)", 0);
	CHECK_INT(printf_count("%d %% %s %5.2x %gr %"), 4);
}

int main(void)
{
	test_hist_bucket();
	test_hist_keyless();
	test_hist_bars();
	test_hist_labels();
	test_hist_trim();
	test_lhist();
	test_hist_keyed();
	test_scalars();
	test_keyed_sorting();
	test_values();
	test_format_key_json();
	test_json_values();
	test_json_keys();
	test_json_maps();
	test_json_events();
	test_lost_total();
	test_strftime_join();
	test_printf_ints();
	test_printf_gfp();
	test_printf_strings();
	test_printf_buffers();
	test_printf_check();
	types_free_all();
	return test_done("test_output");
}
