// SPDX-License-Identifier: GPL-2.0
/*
 * The exporter without a kernel: histogram bounds exact for every integer,
 * counters that never go backwards across clears and deleted keys, the
 * series limit, the exposition bytes, the HTTP request parser, the web
 * config file and basic auth.
 */
#include <crypt.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "export/expo.h"
#include "export/family.h"
#include "export/http.h"
#include "export/tls.h"
#include "lang/types.h"
#include "runtime/hist.h"
#include "test.h"

static struct mapinfo agg_map(const char *name, enum agg_kind agg, struct type *key)
{
	struct mapinfo m = { .name = (char *)name, .agg = agg, .key = key, .keyed = key != NULL,
			     .value = type_int(8, false), .max_entries = 4096 };

	return m;
}

/* Every value lands in a bucket whose le is >= it and whose previous le is < it. */
static void test_bounds_exact(void)
{
	static const int64_t probes[] = { 0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 100, 1000, 1023,
					  1024, 1025, 65535, 65536, 1LL << 40, (1LL << 40) + 1,
					  INT64_MAX / 2, INT64_MAX - 1, INT64_MAX };
	int bad = 0;

	for (int bits = 0; bits <= HIST_MAX_BITS; bits++) {
		struct mapinfo m = agg_map("@h", AGG_HIST, NULL);

		m.hist_bits = bits;
		m.nbuckets = hist_nbuckets(bits);
		for (size_t i = 0; i < ARRAY_SIZE(probes); i++) {
			int64_t v = probes[i], hi, lo;
			int b = hist_bucket(v, bits);

			if (!hist_bucket_max(b, &m, &hi) || v > hi)
				bad++;
			if (b > 0 && hist_bucket_max(b - 1, &m, &lo) && v <= lo)
				bad++;
		}
		for (int64_t v = -3; v < 5000; v++) {
			int64_t hi, lo;
			int b = hist_bucket(v, bits);

			hist_bucket_max(b, &m, &hi);
			if (v > hi || (b > 0 && hist_bucket_max(b - 1, &m, &lo) && v <= lo))
				bad++;
		}
	}
	CHECK_INT(bad, 0);
}

static void test_bounds_named(void)
{
	struct mapinfo h = agg_map("@h", AGG_HIST, NULL), l = agg_map("@l", AGG_LHIST, NULL);
	int64_t v;

	h.nbuckets = hist_nbuckets(0);
	CHECK(hist_bucket_max(0, &h, &v) && v == -1);	/* (..., 0) */
	CHECK(hist_bucket_max(1, &h, &v) && v == 0);	/* [0] */
	CHECK(hist_bucket_max(2, &h, &v) && v == 1);	/* [1] */
	CHECK(hist_bucket_max(3, &h, &v) && v == 3);	/* [2, 4) */
	CHECK(hist_bucket_max(4, &h, &v) && v == 7);	/* [4, 8) holds 4...7 */
	CHECK(hist_bucket_max(64, &h, &v) && v == INT64_MAX);
	l.lhist_min = 0;
	l.lhist_max = 100;
	l.lhist_step = 10;
	l.nbuckets = lhist_nbuckets(0, 100, 10);
	CHECK(hist_bucket_max(0, &l, &v) && v == -1);	/* below min */
	CHECK(hist_bucket_max(1, &l, &v) && v == 9);	/* [0, 10) */
	CHECK(hist_bucket_max(10, &l, &v) && v == 99);
	CHECK(!hist_bucket_max(11, &l, &v));		/* [100, ...): +Inf only */
}

static struct family_limits lim = { .max_series = 3, .ttl_ns = 1000 };

/* One count() entry keyed by an int. */
static void add_count(struct map_entries *es, const struct mapinfo *m, int64_t key, uint64_t n)
{
	struct map_entry *e = map_entries_add(es, m, &key, NULL);

	e->count = n;
}

static char *written(const struct family *f, enum expo_format fmt)
{
	struct strbuf sb;

	sb_init(&sb);
	family_write(f, &sb, fmt);
	return sb_steal(&sb);
}

static void test_counter_resets(void)
{
	struct mapinfo m = agg_map("@opens", AGG_COUNT, type_int(8, true));
	struct map_entries es = { 0 };
	struct family f;
	char why[64], *out, **names = xcalloc(1, sizeof(char *));

	names[0] = xstrdup("pid");
	CHECK_INT(family_init(&f, "sonde_", "t", NULL, &m, names, 1, why, sizeof(why)), 0);
	CHECK_STR(f.name, "sonde_opens");
	add_count(&es, &m, 7, 10);
	family_update(&f, &es, 1, &lim);
	/* the script clears the map: the values are banked first */
	family_bank(&f, &es, 2, &lim);
	map_entries_free(&es);
	add_count(&es, &m, 7, 3);
	family_update(&f, &es, 3, &lim);
	out = written(&f, EXPO_TEXT);
	CHECK_STR(out, "# HELP sonde_opens_total map @opens of t\n# TYPE sonde_opens_total counter\n"
		       "sonde_opens_total{pid=\"7\"} 13\n");
	free(out);
	/* the key deleted and created again: a smaller value is a reset */
	map_entries_free(&es);
	add_count(&es, &m, 7, 1);
	family_update(&f, &es, 4, &lim);
	out = written(&f, EXPO_OPENMETRICS);
	CHECK_STR(out, "# HELP sonde_opens map @opens of t\n# TYPE sonde_opens counter\n"
		       "sonde_opens_total{pid=\"7\"} 14\n");
	free(out);
	map_entries_free(&es);
	family_free(&f);
}

/* Label values from another map: @name[0] = "read". */
static void test_label_values(void)
{
	struct mapinfo m = agg_map("@count", AGG_COUNT, type_int(8, true));
	struct mapinfo names = agg_map("@name", AGG_NONE, type_int(8, true));
	struct map_entries es = { 0 }, ns = { 0 };
	struct family f;
	char why[64], *out, **labels = xcalloc(1, sizeof(char *)), text[16] = "read";
	int64_t k = 0;

	names.value = type_str(16);
	labels[0] = xstrdup("syscall");
	family_init(&f, "sonde_", "t", NULL, &m, labels, 1, why, sizeof(why));
	family_set_label_map(&f, 0, &names);
	map_entries_add(&ns, &names, &k, text);
	family_fill_table(&f, 0, &ns);
	add_count(&es, &m, 0, 5);
	add_count(&es, &m, 7, 2);	/* no name: its number */
	family_update(&f, &es, 1, &lim);
	out = written(&f, EXPO_TEXT);
	CHECK(strstr(out, "sonde_count_total{syscall=\"read\"} 5\n") != NULL);
	CHECK(strstr(out, "sonde_count_total{syscall=\"7\"} 2\n") != NULL);
	free(out);
	map_entries_free(&es);
	map_entries_free(&ns);
	family_free(&f);
}

static void test_series_limit(void)
{
	struct mapinfo m = agg_map("@c", AGG_COUNT, type_int(8, true));
	struct map_entries es = { 0 };
	struct family f;
	char why[64], **names = xcalloc(1, sizeof(char *)), *out;

	names[0] = xstrdup("k");
	family_init(&f, "p_", "t", NULL, &m, names, 1, why, sizeof(why));
	for (int k = 1; k <= 5; k++)
		add_count(&es, &m, k, k);
	family_update(&f, &es, 10, &lim);
	CHECK_INT(f.nseries, 3);
	CHECK_INT(f.dropped, 2);
	/* keys 1..3 leave the kernel map: kept for the ttl, then forgotten */
	map_entries_free(&es);
	add_count(&es, &m, 4, 4);
	family_update(&f, &es, 500, &lim);
	CHECK_INT(f.nseries, 3);
	CHECK_INT(f.dropped, 1);
	family_update(&f, &es, 2000, &lim);
	CHECK_INT(f.nseries, 1);
	out = written(&f, EXPO_TEXT);
	CHECK(strstr(out, "p_c_total{k=\"4\"} 4\n") != NULL);
	free(out);
	map_entries_free(&es);
	family_free(&f);
}

static void test_histogram(void)
{
	struct mapinfo m = agg_map("@usecs", AGG_HIST, NULL);
	struct map_entries es = { 0 };
	struct map_entry *e;
	struct family f;
	char why[64], *out;

	m.nbuckets = hist_nbuckets(0);
	family_init(&f, "sonde_", "t", NULL, &m, NULL, 0, why, sizeof(why));
	e = map_entries_add(&es, &m, NULL, NULL);
	e->buckets[hist_bucket(4, 0)] = 2;	/* 4 and 7: [4, 8) */
	e->buckets[hist_bucket(20, 0)] = 1;	/* [16, 32) */
	family_update(&f, &es, 1, &lim);
	out = written(&f, EXPO_TEXT);
	CHECK_STR(out, "# HELP sonde_usecs map @usecs of t\n# TYPE sonde_usecs histogram\n"
		       "sonde_usecs_bucket{le=\"7\"} 2\nsonde_usecs_bucket{le=\"15\"} 2\n"
		       "sonde_usecs_bucket{le=\"31\"} 3\nsonde_usecs_bucket{le=\"+Inf\"} 3\n"
		       "sonde_usecs_count 3\n");
	free(out);
	family_free(&f);
	/* a program that keeps the sums (sonde serve's): _sum follows _count */
	{
		struct program prog = { .cfg = { .hist_sums = true } };

		family_init(&f, "sonde_", "t", &prog, &m, NULL, 0, why, sizeof(why));
		es.v[0].num = 4 + 7 + 20;
		family_update(&f, &es, 1, &lim);
		out = written(&f, EXPO_TEXT);
		CHECK(strstr(out, "sonde_usecs_count 3\nsonde_usecs_sum 31\n") != NULL);
		free(out);
		family_free(&f);
	}
	map_entries_free(&es);
}

static void test_kinds(void)
{
	struct mapinfo sum_signed = agg_map("@s", AGG_SUM, NULL), stats = agg_map("@st", AGG_STATS, NULL);
	struct mapinfo strs = agg_map("@n", AGG_NONE, type_int(8, true));
	struct map_entries es = { 0 };
	struct family f;
	char why[64], *out;

	sum_signed.value = type_int(8, true);
	family_init(&f, "x_", "t", NULL, &sum_signed, NULL, 0, why, sizeof(why));
	CHECK_INT(f.kind, MK_GAUGE);
	family_free(&f);
	family_init(&f, "x_", "t", NULL, &stats, NULL, 0, why, sizeof(why));
	CHECK_INT(f.kind, MK_SUMMARY);
	map_entries_add(&es, &stats, NULL, NULL)->count = 4;
	es.v[0].num = -10;
	family_update(&f, &es, 1, &lim);
	out = written(&f, EXPO_TEXT);
	CHECK(strstr(out, "x_st_count 4\nx_st_sum -10\n") != NULL);
	free(out);
	out = written(&f, EXPO_OPENMETRICS);	/* no negative sums in OpenMetrics */
	CHECK(strstr(out, "x_st_count 4\n") != NULL && !strstr(out, "_sum"));
	free(out);
	family_free(&f);
	map_entries_free(&es);
	strs.value = type_str(16);
	CHECK_INT(family_init(&f, "x_", "t", NULL, &strs, NULL, 0, why, sizeof(why)), -1);
	CHECK_STR(why, "its values are not numbers");
}

static void test_expo(void)
{
	struct strbuf sb;

	sb_init(&sb);
	expo_sanitize(&sb, "9a-b.c", false);
	CHECK_STR(sb.buf, "_9a_b_c");
	sb.len = 0;
	expo_sanitize(&sb, "__x", true);
	CHECK_STR(sb.buf, "_x");
	sb.len = 0;
	expo_label_value(&sb, "a\"b\\c\nd\xff", 8);
	CHECK_STR(sb.buf, "\"a\\\"b\\\\c\\nd?\"");
	sb_free(&sb);
	CHECK_INT(expo_negotiate(NULL), EXPO_TEXT);
	CHECK_INT(expo_negotiate("text/plain;version=0.0.4"), EXPO_TEXT);
	CHECK_INT(expo_negotiate("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"),
		  EXPO_OPENMETRICS);
	CHECK_INT(expo_negotiate("application/openmetrics-text;q=0.2,text/plain"), EXPO_TEXT);
}

static int parse(const char *s, struct http_request *r)
{
	return http_parse_request(s, strlen(s), r);
}

static void test_http_parse(void)
{
	struct http_request r;
	char big[HTTP_MAX_REQUEST + 10], v[64];
	const char *ok = "GET /metrics?a=1&seconds=3%30 HTTP/1.1\r\nHost: x\r\n"
			 "Accept: text/plain\r\nAuthorization: Basic eDp5\r\n\r\n";

	CHECK_INT(parse(ok, &r), (int)strlen(ok));
	CHECK_STR(r.path, "/metrics");
	CHECK_STR(r.query, "a=1&seconds=3%30");
	CHECK_STR(r.accept, "text/plain");
	CHECK_STR(r.authorization, "Basic eDp5");
	CHECK(!r.accept_gzip);
	CHECK(http_query_param(r.query, "seconds", v, sizeof(v)) && strcmp(v, "30") == 0);
	CHECK(!http_query_param(r.query, "second", v, sizeof(v)));
	CHECK_INT(parse("GET / HTTP/1.1\r\nAccept-Encoding: deflate, gzip;q=1\r\n\r\n", &r) > 0, 1);
	CHECK(r.accept_gzip);
	CHECK_INT(parse("GET / HTTP/1.1\r\nAccept-Encoding: x-gzipped\r\n\r\n", &r) > 0, 1);
	CHECK(!r.accept_gzip);
	CHECK_INT(parse("GET /metrics HTTP/1.1\r\nHost: x\r\n", &r), 0);	/* incomplete */
	CHECK_INT(parse("GET / HTTP/1.0\n\n", &r), 16);
	CHECK_INT(parse("POST /metrics HTTP/1.1\r\n\r\n", &r), -405);
	CHECK_INT(parse("HEAD /metrics HTTP/1.1\r\n\r\n", &r), -405);
	CHECK_INT(parse("GET metrics HTTP/1.1\r\n\r\n", &r), -400);
	CHECK_INT(parse("GET http://x/metrics HTTP/1.1\r\n\r\n", &r), -400);
	CHECK_INT(parse("GET /metrics HTTP/2.0\r\n\r\n", &r), -505);
	CHECK_INT(parse("GET /metrics FOO\r\n\r\n", &r), -400);
	CHECK_INT(parse("GET /metrics HTTP/1.1\r\nHost x\r\n\r\n", &r), -400);
	CHECK_INT(parse("GET /metrics HTTP/1.1\r\nHost : x\r\n\r\n", &r), -400);
	CHECK_INT(parse("GET /metrics HTTP/1.1\r\n folded\r\n\r\n", &r), -400);
	CHECK_INT(parse("GET /metrics HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", &r), -400);
	CHECK_INT(parse("GET /metrics HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", &r), -400);
	CHECK_INT(parse("GET /a\x01 HTTP/1.1\r\n\r\n", &r), -400);
	memset(big, 'a', sizeof(big));
	memcpy(big, "GET /", 5);
	big[sizeof(big) - 1] = 0;
	CHECK_INT(parse(big, &r), -431);	/* no end of head in 8 KiB */
	snprintf(big, sizeof(big), "GET /%0*d HTTP/1.1\r\n\r\n", HTTP_MAX_TARGET + 1, 0);
	CHECK_INT(parse(big, &r), -414);
}

static void test_auth(void)
{
	char salt[64], hdr[128];
	unsigned char b64[96];
	struct crypt_data *cd = calloc(1, sizeof(*cd));
	const char *hash;
	char *users;

	CHECK(crypt_gensalt_rn("$2b$", 4, NULL, 0, salt, sizeof(salt)) != NULL);
	hash = crypt_r("s3cret", salt, cd);
	users = xasprintf("prometheus:%s\n", hash);
	EVP_EncodeBlock(b64, (const unsigned char *)"prometheus:s3cret", 17);
	snprintf(hdr, sizeof(hdr), "Basic %s", b64);
	CHECK(auth_check(users, hdr));
	EVP_EncodeBlock(b64, (const unsigned char *)"prometheus:wrong", 16);
	snprintf(hdr, sizeof(hdr), "Basic %s", b64);
	CHECK(!auth_check(users, hdr));
	EVP_EncodeBlock(b64, (const unsigned char *)"nobody:s3cret", 13);
	snprintf(hdr, sizeof(hdr), "Basic %s", b64);
	CHECK(!auth_check(users, hdr));
	CHECK(!auth_check(users, "Basic !!!!"));
	CHECK(!auth_check(users, "Bearer x"));
	CHECK(!auth_check(users, ""));
	free(users);
	free(cd);
}

static void test_web_config(void)
{
	char path[] = "/tmp/sonde-webcfg.XXXXXX", err[256];
	struct web_config wc;
	int fd = mkstemp(path);
	const char *good = "# comment\ntls_server_config:\n  cert_file: /a.crt\n  key_file: \"/a.key\"\n"
			   "basic_auth_users:\n  alice: $2y$10$abc\n";
	const char *bad = "tls_server_config:\n  client_ca_file: /x\n";

	CHECK(write(fd, good, strlen(good)) == (ssize_t)strlen(good));
	close(fd);
	CHECK_INT(web_config_read(path, &wc, err, sizeof(err)), 0);
	CHECK_STR(wc.cert_file, "/a.crt");
	CHECK_STR(wc.key_file, "/a.key");
	CHECK_STR(wc.users, "alice:$2y$10$abc\n");
	web_config_free(&wc);
	fd = open(path, O_WRONLY | O_TRUNC);
	CHECK(write(fd, bad, strlen(bad)) == (ssize_t)strlen(bad));
	close(fd);
	CHECK_INT(web_config_read(path, &wc, err, sizeof(err)), -1);
	CHECK(strstr(err, "client_ca_file: not supported") != NULL);
	unlink(path);
}

int main(void)
{
	test_bounds_exact();
	test_bounds_named();
	test_counter_resets();
	test_series_limit();
	test_label_values();
	test_histogram();
	test_kinds();
	test_expo();
	test_http_parse();
	test_auth();
	test_web_config();
	return test_done("test_export");
}
