// SPDX-License-Identifier: GPL-2.0
/*
 * The fast paths of the profile writers against plain references: the
 * depth-wise rank sort against a frame-by-frame strcmp comparison, the
 * hand-made number formatting against printf, and the chunked parser
 * against lines longer than its buffer.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "profile/folded.h"
#include "profile/outbuf.h"
#include "test.h"

static bool reverse_ref;

/* The order folded_sorted() promises, the slow way. */
static int cmp_ref(const void *a, const void *b)
{
	const struct fstack *x = *(const struct fstack *const *)a;
	const struct fstack *y = *(const struct fstack *const *)b;

	for (int i = 0; i < x->nframes && i < y->nframes; i++) {
		int r = strcmp(fstack_frame(x, i, reverse_ref), fstack_frame(y, i, reverse_ref));

		if (r)
			return r;
	}
	return x->nframes - y->nframes;
}

/* Names that share long prefixes, differ in case, punctuation or length. */
static const char *const pool[] = {
	"a", "ab", "abc", "abcdefgh", "abcdefghi", "abcdefgh_", "abcdefgg", "B", "b",
	"zz", "z z", "", "x;y", "_[k]", "main", "main2", "\xc3\xa9t\xc3\xa9", "~", "0",
	"abcdefghijklmnop", "abcdefghijklmnoq", "abcdefghijklmno",
};

static void test_sort_order(void)
{
	struct folded f = { 0 };
	unsigned seed = 1;
	bool ok = true;

	for (int i = 0; i < 3000; i++) {
		char *frames[12];
		int n = 1 + (seed = seed * 1103515245 + 12345) % 12;

		for (int j = 0; j < n; j++) {
			seed = seed * 1103515245 + 12345;
			/* Deep frames from a smaller pool: long shared prefixes. */
			frames[j] = (char *)pool[(seed >> 8) % (j < 3 ? 4 : ARRAY_SIZE(pool))];
		}
		folded_add(&f, frames, n, 1 + seed % 7, 0);
	}
	for (int rev = 0; rev < 2; rev++) {
		const struct fstack **got = folded_sorted(&f, rev);
		const struct fstack **want = xmalloc(f.stacks.n * sizeof(*want));

		for (int i = 0; i < f.stacks.n; i++)
			want[i] = &f.stacks.v[i];
		reverse_ref = rev;
		qsort(want, f.stacks.n, sizeof(*want), cmp_ref);
		/* Equal stacks may come in any order: compare by the reference. */
		for (int i = 0; i < f.stacks.n; i++)
			ok = ok && cmp_ref(&got[i], &want[i]) == 0;
		CHECK(ok);
		free(got);
		free(want);
	}
	folded_free(&f);
}

static void test_ranks(void)
{
	struct folded f = { 0 };
	uint32_t *rank;

	folded_parse(&f, "abcdefgh1;abcdefgh 1\nabcdefgh0;b 1\nA 1\n", false, NULL);
	rank = folded_name_ranks(&f);
	/* names in first-seen order: abcdefgh1 abcdefgh abcdefgh0 b A */
	CHECK_INT(rank[4], 0);
	CHECK_INT(rank[1], 1);
	CHECK_INT(rank[2], 2);
	CHECK_INT(rank[0], 3);
	CHECK_INT(rank[3], 4);
	free(rank);
	folded_free(&f);
}

static void check_fixed(double v, int decimals, bool plus, bool *ok)
{
	char want[400];	/* 1e300 has 301 digits */
	struct outbuf b;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	snprintf(want, sizeof(want), plus ? "%+.*f" : "%.*f", decimals, v);
	ob_init(&b, m);
	ob_fixed(&b, v, decimals, plus);
	ob_finish(&b);
	fclose(m);
	if (strcmp(buf, want)) {
		fprintf(stderr, "ob_fixed(%.17g, %d): got %s, want %s\n", v, decimals, buf, want);
		*ok = false;
	}
	free(buf);
}

static void test_fixed(void)
{
	static const double special[] = { 0.0, -0.0, 0.125, 0.375, 2.5, 0.005, 0.015, 99.995,
					  -0.001, 1e17, 1e300, 1190.005, 4.0 / 3 };
	unsigned seed = 7;
	bool ok = true;

	for (size_t i = 0; i < ARRAY_SIZE(special); i++)
		for (int d = 0; d <= 4; d++)
			check_fixed(special[i], d, d & 1, &ok);
	for (int i = 0; i < 200000; i++) {
		seed = seed * 1103515245 + 12345;
		/* Exact ties (k/800) and pixel-like values. */
		check_fixed(i & 1 ? (seed % 1000000) / 800.0 : (seed % 1180000) * (1180.0 / 1179999),
			    1 + i % 2, i % 3 == 0, &ok);
	}
	CHECK(ok);
}

static void test_outbuf(void)
{
	static const char head[] = "18446744073709551615 -42 &lt;a&amp;&quot;b&quot;&gt;?x";
	struct outbuf b;
	char *buf = NULL, *big = xmalloc(1 << 20);
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	memset(big, 'x', 1 << 20);
	ob_init(&b, m);
	ob_uint(&b, UINT64_MAX);
	ob_putc(&b, ' ');
	ob_int(&b, -42);
	ob_putc(&b, ' ');
	ob_xml(&b, "<a&\"b\">\x01", 8);
	ob_write(&b, big, 1 << 20);	/* larger than the buffer */
	ob_printf(&b, "%s", "end");
	CHECK_INT(ob_finish(&b), 0);
	fclose(m);
	CHECK_INT(len, strlen(head) - 1 + (1 << 20) + 3);
	CHECK(strncmp(buf, head, strlen(head)) == 0);
	CHECK(strcmp(buf + len - 4, "xend") == 0);
	free(buf);
	free(big);
}

/* A line longer than the parser's read buffer, and no final newline. */
static void test_long_line(void)
{
	struct folded f = { 0 };
	char path[] = "/tmp/sonde-folded-XXXXXX";
	int fd = mkstemp(path), bad = 0;
	FILE *out = fdopen(fd, "w");

	for (int i = 0; i < 300000; i++)
		fprintf(out, "%sf%d", i ? ";" : "", i % 1000);
	fprintf(out, " 5\nbroken line\nmain 3");
	fclose(out);
	CHECK_INT(folded_read(&f, path, false, &bad), 0);
	unlink(path);
	CHECK_INT(bad, 1);
	CHECK_INT(f.stacks.n, 2);
	CHECK_INT(f.stacks.v[0].nframes, 300000);
	CHECK_INT(f.names.n, 1001);
	CHECK_INT(f.total, 8);
	CHECK_STR(f.stacks.v[1].frames[0], "main");
	CHECK_INT(folded_read(&f, "/nonexistent/x", false, &bad), -ENOENT);
	folded_free(&f);
}

int main(void)
{
	test_sort_order();
	test_ranks();
	test_fixed();
	test_outbuf();
	test_long_line();
	return test_done("folded_sort");
}
