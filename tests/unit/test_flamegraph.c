// SPDX-License-Identifier: GPL-2.0
/* Folded stacks, the frame tree, the SVG renderer, collapse, pprof, speedscope. */
#include <stdlib.h>
#include <string.h>

#include "profile/collapse.h"
#include "profile/flamegraph.h"
#include "profile/folded.h"
#include "profile/profile.h"
#include "profile/writers.h"
#include "test.h"

static char *capture(void (*fn)(const struct folded *, FILE *), const struct folded *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	fn(f, m);
	fclose(m);
	return buf;
}

static void write_folded(const struct folded *f, FILE *out)
{
	folded_write(f, out);
}

static void write_svg(const struct folded *f, FILE *out)
{
	struct fg_options o;

	fg_options_init(&o);
	o.title = "T <1>";
	flamegraph_write(f, &o, out);
}

static void write_speedscope(const struct folded *f, FILE *out)
{
	speedscope_write(f, "cpu", "none", out);
}

static void test_parse(void)
{
	struct folded f = { 0 };
	int bad = 0;
	char *text;

	folded_parse(&f, "main;a;b 3\nmain;a 2\n\nno count here\nmain;a;b 4\nx y;z 1\n", false,
		     &bad);
	CHECK_INT(bad, 1);
	CHECK_INT(f.stacks.n, 4);
	CHECK_INT(f.total, 10);
	CHECK_STR(f.stacks.v[3].frames[0], "x y");
	text = capture(write_folded, &f);
	CHECK_STR(text, "main;a 2\nmain;a;b 7\nx y;z 1\n");
	free(text);
	folded_free(&f);
}

static void test_tree(void)
{
	struct folded f = { 0 };
	struct ftree t;
	int a;

	folded_parse(&f, "main;b 1\nmain;a;c 2\nmain;a 3\nother 4\n", false, NULL);
	ftree_build(&t, &f, false);
	CHECK_INT(t.nodes.v[0].value, 10);
	CHECK_INT(t.max_depth, 3);
	/* children of the root in name order: main, other */
	CHECK_STR(t.nodes.v[t.nodes.v[0].first_child].name, "main");
	a = t.nodes.v[t.nodes.v[0].first_child].first_child;
	CHECK_STR(t.nodes.v[a].name, "a");
	CHECK_INT(t.nodes.v[a].value, 5);
	CHECK_INT(t.nodes.v[a].self, 3);
	ftree_free(&t);
	ftree_build(&t, &f, true);		/* reversed: leaves at depth 1 */
	CHECK_STR(t.nodes.v[t.nodes.v[0].first_child].name, "a");
	ftree_free(&t);
	folded_free(&f);
}

static void test_svg(void)
{
	struct folded f = { 0 };
	char *svg;

	folded_parse(&f, "main;spin 90\nmain;idle<&> 10\n", false, NULL);
	svg = capture(write_svg, &f);
	CHECK(strstr(svg, "<svg version=\"1.1\" width=\"1200\"") != NULL);
	CHECK(strstr(svg, "T &lt;1&gt;") != NULL);
	CHECK(strstr(svg, "spin (90 samples, 90.00%)") != NULL);
	CHECK(strstr(svg, "idle&lt;&amp;&gt; (10 samples, 10.00%)") != NULL);
	CHECK(strstr(svg, "all (100 samples, 100.00%)") != NULL);
	CHECK(strstr(svg, "function search(") != NULL);
	CHECK(strstr(svg, "</svg>\n") != NULL);
	free(svg);
	folded_free(&f);
}

static void test_diff(void)
{
	struct folded f = { 0 };
	struct fg_options o;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	folded_parse(&f, "main;a 50\nmain;b 50\n", false, NULL);
	folded_parse(&f, "main;a 80\nmain;b 20\n", true, NULL);
	fg_options_init(&o);
	o.diff = true;
	CHECK_INT(flamegraph_write(&f, &o, m), 0);
	fclose(m);
	CHECK(strstr(buf, "a (80 samples, 80.00%; +30.00%)") != NULL);
	CHECK(strstr(buf, "b (20 samples, 20.00%; -30.00%)") != NULL);
	CHECK(strstr(buf, "fill=\"rgb(255,0,0)\"") != NULL);	/* the largest growth */
	CHECK(strstr(buf, "fill=\"rgb(0,0,255)\"") != NULL);
	free(buf);
	folded_free(&f);
}

static void test_collapse(void)
{
	struct folded f = { 0 };
	char *text;

	collapse_perf(&f,
		      "my prog 1234/1235 [000] 12.5:    1000 cpu-clock:\n"
		      "\tffffffff81000010 do_sys+0x10 ([kernel.kallsyms])\n"
		      "\t7f0000001000 spin+0x4 (/usr/bin/w)\n"
		      "\t7f0000002000 [unknown] (/usr/lib/libc.so.6)\n"
		      "\n"
		      "my prog 1234/1235 [000] 12.6:    1000 cpu-clock:\n"
		      "\t7f0000001000 spin+0x8 (/usr/bin/w)\n"
		      "\t7f0000002000 [unknown] (/usr/lib/libc.so.6)\n", false);
	text = capture(write_folded, &f);
	CHECK_STR(text, "my prog;[libc.so.6];spin 1\nmy prog;[libc.so.6];spin;do_sys_[k] 1\n");
	free(text);
	folded_free(&f);
}

/* Reads a varint; returns bytes used. */
static int varint(const unsigned char *p, uint64_t *v)
{
	int i = 0;

	*v = 0;
	do {
		*v |= (uint64_t)(p[i] & 0x7f) << (7 * i);
	} while (p[i++] & 0x80);
	return i;
}

static void test_pprof(void)
{
	struct folded f = { 0 };
	struct strbuf pb;
	uint64_t key, len;
	const unsigned char *p;
	int samples = 0, strings = 0;

	folded_parse(&f, "main;spin 7\nmain 1\n", false, NULL);
	sb_init(&pb);
	pprof_encode(&f, "samples", "count", &pb);
	p = (const unsigned char *)pb.buf;
	/* Walk the top-level fields: every one is a varint or bytes. */
	while (p < (const unsigned char *)pb.buf + pb.len) {
		p += varint(p, &key);
		if ((key & 7) == 0) {
			p += varint(p, &len);
			continue;
		}
		CHECK_INT(key & 7, 2);
		p += varint(p, &len);
		samples += (key >> 3) == 2;
		strings += (key >> 3) == 6;
		p += len;
	}
	CHECK(p == (const unsigned char *)pb.buf + pb.len);
	CHECK_INT(samples, 2);
	CHECK_INT(strings, 5);	/* "", samples, count, main, spin */
	sb_free(&pb);
	folded_free(&f);
}

static void test_speedscope(void)
{
	struct folded f = { 0 };
	char *json;

	folded_parse(&f, "main;spin 7\nmain 1\n", false, NULL);
	json = capture(write_speedscope, &f);
	CHECK(strstr(json, "\"frames\": [{\"name\": \"main\"}, {\"name\": \"spin\"}]") != NULL);
	CHECK(strstr(json, "\"samples\": [[0, 1], [0]], \"weights\": [7, 1]") != NULL);
	free(json);
	folded_free(&f);
}

static void test_formats(void)
{
	CHECK_INT(prof_format_for_path("a.svg"), PF_SVG);
	CHECK_INT(prof_format_for_path("a.pb.gz"), PF_PPROF);
	CHECK_INT(prof_format_for_path("a.json"), PF_SPEEDSCOPE);
	CHECK_INT(prof_format_for_path("a.folded"), PF_FOLDED);
	CHECK_INT(prof_format_for_path(NULL), PF_FOLDED);
	CHECK_INT(prof_format_parse("speedscope"), PF_SPEEDSCOPE);
	CHECK_INT(prof_format_parse("nope"), -1);
	CHECK_INT(fg_palette_parse("kernel"), FG_KERNEL);
	CHECK(profile_wants("flamegraph"));
	CHECK(!profile_wants("execsnoop"));
}

int main(void)
{
	test_parse();
	test_tree();
	test_svg();
	test_diff();
	test_collapse();
	test_pprof();
	test_speedscope();
	test_formats();
	return test_done("flamegraph");
}
