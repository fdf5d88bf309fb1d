// SPDX-License-Identifier: GPL-2.0
/*
 * `sonde heatmap FILE`: the latency heat map of a recording's slices
 * (syscalls from entry to exit, script spans from begin to end) as an SVG.
 * Columns are equal slices of time, each a round duration (1, 2 or 5 times
 * a power of ten); rows are powers of two of latency; a cell's colour grows
 * with the log of its count, so rare slow calls stay visible next to a
 * million fast ones.  A slice counts in the column where it ended.
 *
 * With --subsecond the same grid shows CPU samples (record --profile):
 * columns are wall-clock seconds, rows the offset within the second, so
 * work that recurs at the same point of every second draws a line.
 */
#include "record/heatmap.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "numparse.h"
#include "record/export.h"
#include "record/heatmap_js.h"
#include "record/reader.h"
#include "record/record.h"
#include "outfile.h"

#define TARGET_COLUMNS	120
#define MAX_ROWS	64
#define LEFT		100	/* room for the latency labels */
#define TOP		56
#define ROW_H		14

struct slice {
	uint64_t end, lat;
};

typedef VEC(struct slice) slicelist;

struct hm_thread {
	uint64_t since, nr;
	bool in_syscall;
	int depth;
	struct { uint64_t sid, since; } spans[16];
};

/* ---- collecting the slices ------------------------------------------------------ */

static bool wanted(const struct heatmap_opts *o, const char *name)
{
	return !o->only || (name && strcmp(o->only, name) == 0);
}

static void syscall_slice(const struct heatmap_opts *o, struct hm_thread *t,
			  const struct rec_event *ev, slicelist *out)
{
	if (ev->kind == RK_SYS_ENTER) {
		t->in_syscall = true;
		t->since = ev->ts;
		t->nr = ev->f[1];
		return;
	}
	if (t->in_syscall && t->nr == ev->f[1] && ev->ts >= t->since &&
	    wanted(o, rec_syscall_name(t->nr)))
		vec_push(out, ((struct slice){ ev->ts, ev->ts - t->since }));
	t->in_syscall = false;
}

static void span_slice(const struct rec_file *f, const struct heatmap_opts *o,
		       struct hm_thread *t, const struct rec_event *ev, slicelist *out)
{
	if (ev->kind == RK_BEGIN) {
		if (t->depth < (int)ARRAY_SIZE(t->spans)) {
			t->spans[t->depth].sid = ev->f[1];
			t->spans[t->depth].since = ev->ts;
		}
		t->depth++;
		return;
	}
	if (t->depth == 0)
		return;
	t->depth--;
	if (t->depth < (int)ARRAY_SIZE(t->spans) && ev->ts >= t->spans[t->depth].since &&
	    wanted(o, recf_string(f, t->spans[t->depth].sid)))
		vec_push(out, ((struct slice){ ev->ts, ev->ts - t->spans[t->depth].since }));
}

/* Script spans when the recording has any (they are what the script marked), else syscalls. */
static void collect(const struct rec_file *f, const struct heatmap_opts *o, slicelist *out,
		    bool *spans)
{
	struct hm_thread *threads = xcalloc(f->threads_cap ? f->threads_cap : 1, sizeof(*threads));
	struct rec_event ev;

	*spans = false;
	for (int i = 0; i < f->refs.n && !*spans; i++)
		*spans = f->data[f->refs.v[i].off] == RK_BEGIN;
	for (int i = 0; i < f->refs.n; i++) {
		int slot;

		if (!recf_event(f, i, &ev) || (slot = recf_thread_slot(f, (uint32_t)ev.f[0])) < 0)
			continue;
		if (!*spans && (ev.kind == RK_SYS_ENTER || ev.kind == RK_SYS_EXIT))
			syscall_slice(o, &threads[slot], &ev, out);
		else if (*spans && (ev.kind == RK_BEGIN || ev.kind == RK_END))
			span_slice(f, o, &threads[slot], &ev, out);
	}
	free(threads);
}

/* ---- the grid ------------------------------------------------------------------------ */

struct grid {
	uint64_t t0, width;	/* ns: the first column's start, a column's width */
	int columns, row0, rows;	/* row r is latency [2^(row0+r), 2^(row0+r+1)) */
	uint64_t *counts;	/* columns x rows */
	uint64_t max, total;
	bool subsecond;		/* t0 is wall time; row r is offset [r, r+1) x row_ns */
	uint64_t row_ns;
	/* --hist: column c is the snapshot printed at col_end[c] (ns from the start) */
	uint64_t *col_end;
	const char **row_label;	/* row r is bucket row0 + r, so labelled */
};

#define SUBSECOND_ROWS	50
#define HIST_ROWS_MAX	4096	/* bucket indexes past this are not a map's */
#define HIST_COLUMNS_MAX	100000	/* prints drawn at most */

static void count_in(struct grid *g, int c, int r)
{
	uint64_t *n = &g->counts[(size_t)c * (size_t)g->rows + (size_t)r];

	++*n;
	g->max = MAX(g->max, *n);
	g->total++;
}

/*
 * Histogram maps printed by a recorded program (record -e, print(@h) on an
 * interval): a column per print, a row per bucket.
 */
static void build_hist(const struct rec_file *f, const char *only, struct grid *g)
{
	struct rec_event ev;
	int lo = INT32_MAX, hi = -1, c = 0;

	memset(g, 0, sizeof(*g));
	g->t0 = MIN(f->hdr.boot_ns, f->first_ts);	/* from the start of the recording */
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < f->refs.n; i++) {
			if (f->data[f->refs.v[i].off] != RK_HIST || !recf_event(f, i, &ev) ||
			    (only && strcmp(export_name(f, ev.f[1]), only) != 0))
				continue;
			for (int b = 0; b < ev.nhist; b++) {
				int idx = (int)ev.hist[b].index;

				if (ev.hist[b].index >= HIST_ROWS_MAX)
					continue;	/* no map has that many buckets */
				if (pass == 0) {
					lo = MIN(lo, idx);
					hi = MAX(hi, idx);
					continue;
				}
				g->row_label[idx - lo] = export_name(f, ev.hist[b].label);
				g->counts[(size_t)c * (size_t)g->rows + (size_t)(idx - lo)] += ev.hist[b].count;
				g->max = MAX(g->max, g->counts[(size_t)c * (size_t)g->rows + (size_t)(idx - lo)]);
				g->total += ev.hist[b].count;
			}
			if (pass == 0)
				g->columns++;
			else
				g->col_end[c++] = ev.ts - g->t0;
			if (pass == 0 && g->columns == HIST_COLUMNS_MAX)
				break;
			if (pass == 1 && c == g->columns)
				break;
		}
		if (pass == 0) {
			if (hi < lo)
				lo = hi = 0;
			g->row0 = lo;
			g->rows = hi - lo + 1;
			g->columns = MAX(g->columns, 1);
			g->counts = xcalloc((size_t)g->columns * (size_t)g->rows, sizeof(uint64_t));
			g->col_end = xcalloc((size_t)g->columns, sizeof(uint64_t));
			g->row_label = xcalloc((size_t)g->rows, sizeof(char *));
		}
	}
	for (int r = 0; r < g->rows; r++)
		if (!g->row_label[r])
			g->row_label[r] = "";
}

/* CPU samples (not of the idle tasks) by wall-clock second and offset in it. */
static void build_subsecond(const struct rec_file *f, struct grid *g)
{
	uint64_t first = recf_wall_ns(f, f->first_ts), last = recf_wall_ns(f, f->last_ts);
	struct rec_event ev;

	memset(g, 0, sizeof(*g));
	g->subsecond = true;
	g->width = 1000000000;
	g->t0 = first / g->width * g->width;
	g->columns = (int)MIN((last - g->t0) / g->width + 1, 100000);
	g->rows = SUBSECOND_ROWS;
	g->row_ns = g->width / SUBSECOND_ROWS;
	g->counts = xcalloc((size_t)g->columns * (size_t)g->rows, sizeof(uint64_t));
	for (int i = 0; i < f->refs.n; i++) {
		uint64_t wall;

		if (f->data[f->refs.v[i].off] != RK_SAMPLE || !recf_event(f, i, &ev) || !ev.f[0])
			continue;
		wall = recf_wall_ns(f, ev.ts);
		count_in(g, (int)MIN((wall - g->t0) / g->width, (uint64_t)g->columns - 1),
			 (int)(wall % g->width / g->row_ns));
	}
}

static int bucket(uint64_t lat)
{
	return lat ? 63 - __builtin_clzll(lat) : 0;
}

/* The smallest 1, 2 or 5 x 10^k ns at least span / target. */
static uint64_t nice_width(uint64_t span, int target)
{
	uint64_t want = span / (uint64_t)target + 1, w = 1000;

	while (w < want) {
		if (w * 2 >= want)
			return w * 2;
		if (w * 5 >= want)
			return w * 5;
		w *= 10;
	}
	return w;
}

static void build_grid(const struct rec_file *f, const slicelist *s, int columns, struct grid *g)
{
	int lo = 63, hi = 0;

	memset(g, 0, sizeof(*g));
	g->t0 = f->first_ts;
	g->width = nice_width(f->last_ts - f->first_ts, columns > 0 ? columns : TARGET_COLUMNS);
	g->columns = (int)((f->last_ts - f->first_ts) / g->width) + 1;
	for (int i = 0; i < s->n; i++) {
		lo = MIN(lo, bucket(s->v[i].lat));
		hi = MAX(hi, bucket(s->v[i].lat));
	}
	if (!s->n)
		lo = hi = 0;
	g->row0 = lo;
	g->rows = hi - lo + 1;
	g->counts = xcalloc((size_t)g->columns * (size_t)g->rows, sizeof(uint64_t));
	for (int i = 0; i < s->n; i++) {
		uint64_t at = s->v[i].end >= g->t0 ? s->v[i].end - g->t0 : 0;
		int c = (int)MIN(at / g->width, (uint64_t)g->columns - 1);

		count_in(g, c, bucket(s->v[i].lat) - g->row0);
	}
}

/* ---- the SVG -------------------------------------------------------------------------- */

static void fmt_dur(char *buf, size_t len, uint64_t ns)
{
	static const struct { const char *unit; double div; } units[] = {
		{ "s", 1e9 }, { "ms", 1e6 }, { "us", 1e3 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		if ((double)ns >= units[i].div) {
			snprintf(buf, len, "%.3g%s", (double)ns / units[i].div, units[i].unit);
			return;
		}
	}
	snprintf(buf, len, "%" PRIu64 "ns", ns);
}

/* A wall-clock time of day, UTC. */
static void fmt_clock(char *buf, size_t len, uint64_t wall_ns)
{
	time_t t = (time_t)(wall_ns / 1000000000u);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%H:%M:%S", &tm);
}

static void xml_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			fputs("&lt;", out);
		else if (*s == '>')
			fputs("&gt;", out);
		else if (*s == '&')
			fputs("&amp;", out);
		else if (*s == '"')
			fputs("&quot;", out);
		else if ((unsigned char)*s >= 0x20)
			fputc(*s, out);
	}
}

/* log2 with a linear mantissa: enough for a colour scale, no libm. */
static double log2_approx(uint64_t x)
{
	int e = 63 - __builtin_clzll(x);

	return e + ((double)x / (double)(1ull << e) - 1.0);
}

static void cell(FILE *out, const struct grid *g, int c, int r, int cw)
{
	uint64_t n = g->counts[(size_t)c * (size_t)g->rows + (size_t)r];
	double t = g->max > 1 ? log2_approx(n + 1) / log2_approx(g->max + 1) : 1.0;
	uint64_t lo = g->subsecond ? r * g->row_ns : 1ull << (g->row0 + r);
	uint64_t hi = g->subsecond ? lo + g->row_ns : lo << 1;
	uint64_t t0 = (g->subsecond ? g->t0 : 0) + (uint64_t)c * g->width, t1 = t0 + g->width;
	char a[16], b[16], x[16], y[16], tip[96];

	if (!n)
		return;
	fmt_dur(a, sizeof(a), lo);
	fmt_dur(b, sizeof(b), hi);
	if (g->row_label) {
		t0 = c ? g->col_end[c - 1] : 0;
		t1 = g->col_end[c];
		lo = hi = (uint64_t)(g->row0 + r);
		fmt_dur(x, sizeof(x), t0);
		fmt_dur(y, sizeof(y), t1);
		snprintf(tip, sizeof(tip), "bucket %.40s, printed in [%s, %s)", g->row_label[r], x, y);
	} else if (g->subsecond) {
		fmt_clock(x, sizeof(x), t0);
		snprintf(tip, sizeof(tip), "second %s, offset [%s, %s)", x, lo ? a : "0", b);
	} else {
		fmt_dur(x, sizeof(x), t0);
		fmt_dur(y, sizeof(y), t1);
		snprintf(tip, sizeof(tip), "latency [%s, %s), time [%s, %s)", a, b, x, y);
	}
	fprintf(out, "<rect class=\"c\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
		"fill=\"rgb(%d,%d,%d)\" data-c=\"%d\" data-r=\"%d\" data-n=\"%" PRIu64 "\" "
		"data-t0=\"%" PRIu64 "\" data-t1=\"%" PRIu64 "\" data-lo=\"%" PRIu64 "\" "
		"data-hi=\"%" PRIu64 "\"><title>%s: %" PRIu64 " %s%s</title></rect>\n",
		LEFT + c * cw, TOP + (g->rows - 1 - r) * ROW_H, cw, ROW_H,
		255 - (int)(75 * t), 235 - (int)(235 * t), 190 - (int)(190 * t),
		c, r, n, t0, t1, lo, hi, tip, n,
		g->subsecond ? "sample" : g->row_label ? "value" : "slice", n == 1 ? "" : "s");
}

static void axes(FILE *out, const struct grid *g, int cw)
{
	char buf[16];
	int every = MAX(1, 80 / cw);

	for (int r = 0; r < g->rows; r++) {
		if (g->subsecond && r % 5)
			continue;
		fmt_dur(buf, sizeof(buf), g->subsecond ? r * g->row_ns : 1ull << (g->row0 + r));
		if (g->subsecond && !r)
			strcpy(buf, "0");
		fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", LEFT - 6,
			TOP + (g->rows - r) * ROW_H - 3);
		xml_text(out, g->row_label ? g->row_label[r] : buf);
		fputs("</text>\n", out);
	}
	for (int c = 0; c < g->columns; c += every) {
		if (g->row_label)
			fmt_dur(buf, sizeof(buf), g->col_end[c]);
		else if (g->subsecond)
			fmt_clock(buf, sizeof(buf), g->t0 + (uint64_t)c * g->width);
		else
			fmt_dur(buf, sizeof(buf), (uint64_t)c * g->width);
		fprintf(out, "<text x=\"%d\" y=\"%d\">%s</text>\n", LEFT + c * cw,
			TOP + g->rows * ROW_H + 16, c || g->subsecond ? buf : "0");
	}
}

static void write_svg(FILE *out, const struct grid *g, const char *title, const char *what)
{
	int cw = MAX(3, MIN(16, 1100 / g->columns));
	int width = LEFT + g->columns * cw + 30, height = TOP + g->rows * ROW_H + 70;
	char colw[16];

	fmt_dur(colw, sizeof(colw), g->width);
	fprintf(out, "<?xml version=\"1.0\" standalone=\"no\"?>\n"
		"<svg version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
		"xmlns=\"http://www.w3.org/2000/svg\" onload=\"init(evt)\" data-x0=\"%d\" "
		"data-cw=\"%d\" data-columns=\"%d\" data-total=\"%" PRIu64 "\" data-mode=\"%s\">\n"
		"<style>text { font-family: Verdana, sans-serif; font-size: 11px; fill: #000; }\n"
		"rect.c:hover { stroke: #000; stroke-width: 1; }\n"
		"#title { font-size: 16px; } #reset { cursor: pointer; fill: #1a0dab; }</style>\n"
		"<script type=\"text/ecmascript\"><![CDATA[\n%s]]></script>\n"
		"<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#fafafa\"/>\n"
		"<text id=\"title\" x=\"%d\" y=\"22\" text-anchor=\"middle\">",
		width, height, width, height, LEFT, cw, g->columns, g->total,
		g->subsecond ? "subsecond" : g->row_label ? "hist" : "latency", heatmap_js,
		width, height, width / 2);
	xml_text(out, title);
	fprintf(out, "</text>\n<text x=\"%d\" y=\"42\" text-anchor=\"middle\">%" PRIu64
		" %s; columns of %s; %s; darker: more</text>\n"
		"<text id=\"reset\" x=\"%d\" y=\"42\" text-anchor=\"end\">Reset zoom</text>\n"
		"<svg x=\"%d\" y=\"0\" width=\"%d\" height=\"%d\"><g id=\"grid\">\n",
		width / 2, g->total, what, colw,
		g->subsecond ? "rows: offset within the second (UTC)" :
		g->row_label ? "rows: the map's buckets" : "latency in powers of two",
		width - 10, 0, width, height);
	for (int c = 0; c < g->columns; c++)
		for (int r = 0; r < g->rows; r++)
			cell(out, g, c, r, cw);
	fputs("</g></svg>\n", out);
	axes(out, g, cw);
	fprintf(out, "<text id=\"details\" x=\"%d\" y=\"%d\"> </text>\n</svg>\n", LEFT,
		height - 12);
}

/* ---- entry points -------------------------------------------------------------------- */

static int heatmap_of(const struct rec_file *f, FILE *out, const struct heatmap_opts *o)
{
	slicelist slices = { 0 };
	struct grid g;
	bool spans;
	char title[256];

	if (o->hist) {
		build_hist(f, o->only, &g);
		snprintf(title, sizeof(title), "%s%s", o->title ? o->title : "Histogram heat map ",
			 o->title ? "" : o->only ? o->only : "");
		write_svg(out, &g, title, "values");
		free(g.counts);
		free(g.col_end);
		free(g.row_label);
		return ferror(out) ? -1 : 0;
	}
	if (o->subsecond) {
		build_subsecond(f, &g);
		snprintf(title, sizeof(title), "%s", o->title ? o->title :
			 "CPU samples: subsecond offset heat map");
		write_svg(out, &g, title, "samples");
		free(g.counts);
		return ferror(out) ? -1 : 0;
	}
	collect(f, o, &slices, &spans);
	build_grid(f, &slices, o->columns, &g);
	snprintf(title, sizeof(title), "%s", o->title ? o->title :
		 spans ? "Span latency heat map" : "Syscall latency heat map");
	if (o->only && !o->title)
		snprintf(title, sizeof(title), "%s latency heat map", o->only);
	write_svg(out, &g, title, spans ? "spans" : "syscalls");
	free(g.counts);
	vec_free(&slices);
	return ferror(out) ? -1 : 0;
}

int heatmap_write_file(const char *in, const char *svg, const struct heatmap_opts *o)
{
	static const struct heatmap_opts defaults;
	struct rec_file f;
	FILE *out = stdout;
	int err;

	if (recf_open(&f, in))
		return -1;
	if (strcmp(svg, "-") != 0 && !(out = outfile_fopen("-o", svg))) {
		recf_close(&f);
		return -1;
	}
	err = heatmap_of(&f, out, o ? o : &defaults);
	if (out != stdout ? fclose(out) : fflush(out))
		err = -1;
	if (err)
		fprintf(stderr, "ERROR: %s: write failed\n", svg);
	recf_close(&f);
	return err;
}

int heatmap_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "columns", required_argument, NULL, 'C' },
		{ "title", required_argument, NULL, 't' },
		{ "subsecond", no_argument, NULL, 'S' },
		{ "hist", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct heatmap_opts o = { 0 };
	const char *out = "-";
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "o:n:t:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'n': o.only = optarg; break;
		case 't': o.title = optarg; break;
		case 'S': o.subsecond = true; break;
		case 'H': o.hist = true; break;
		case 'C':
			if (num_arg_int("heatmap: --columns", optarg, 1, 2000, NULL, &o.columns) < 0)
				return 1;
			break;
		case 'h':
			printf("USAGE: sonde heatmap FILE [-o OUT.svg] [-n NAME] [--columns N] [--title T]\n"
			       "       sonde heatmap --subsecond FILE [-o OUT.svg]\n"
			       "The latency heat map of a recording's script spans (or, without\n"
			       "spans, its syscalls); -n keeps the slices of one syscall or span name.\n"
			       "--subsecond: CPU samples (record --profile HZ) by second and offset\n"
			       "within it.  --hist [-n @MAP]: the histogram maps a recorded program\n"
			       "printed (print(@h) on an interval), a column per print.\n");
			return 0;
		default:
			return 1;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "ERROR: heatmap: one recording expected (sonde heatmap FILE -o OUT.svg)\n");
		return 1;
	}
	return heatmap_write_file(argv[optind], out, &o) ? 1 : 0;
}
