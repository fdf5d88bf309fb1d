// SPDX-License-Identifier: GPL-2.0
/*
 * SVG flame graphs.  The frame tree is laid out depth first: a frame's
 * width is its share of the total, its children sit side by side above it
 * (below it in an icicle graph) in name order.  Colours come from a hash of
 * the frame name, so the same function has the same colour in every graph.
 */
#include "profile/flamegraph.h"

#include <stdlib.h>
#include <string.h>

#include "profile/flamegraph_js.h"
#include "profile/outbuf.h"

void fg_options_init(struct fg_options *o)
{
	memset(o, 0, sizeof(*o));
	o->countname = "samples";
	o->width = 1200;
	o->frame_height = 16;
	o->font_size = 12;
	o->minwidth = 0.1;
	o->palette = FG_HOT;
}

static const char *const palette_names[FG_PALETTE_COUNT] = {
	[FG_HOT] = "hot", [FG_MEM] = "mem", [FG_IO] = "io", [FG_KERNEL] = "kernel",
};

int fg_palette_parse(const char *name)
{
	for (int i = 0; i < FG_PALETTE_COUNT; i++)
		if (strcmp(name, palette_names[i]) == 0)
			return i;
	return -1;
}

/* Three stable numbers in [0, 1) from a name. */
static void name_hash(const char *name, double v[3])
{
	uint32_t h = fnv32_str(name);

	v[0] = (h & 0x3ff) / 1024.0;
	v[1] = ((h >> 10) & 0x3ff) / 1024.0;
	v[2] = ((h >> 20) & 0x3ff) / 1024.0;
}

static double absd(double d)
{
	return d < 0 ? -d : d;
}

static bool is_kernel_frame(const char *name)
{
	size_t n = strlen(name);

	return n >= 4 && strcmp(name + n - 4, "_[k]") == 0;
}

struct rgb {
	int r, g, b;
};

static struct rgb frame_colour(const struct fg_options *o, const char *name)
{
	double v[3];

	name_hash(name, v);
	switch (o->palette) {
	case FG_MEM:
		return (struct rgb){ 0, 190 + (int)(50 * v[1]), (int)(210 * v[0]) };
	case FG_IO:
		return (struct rgb){ 80 + (int)(60 * v[0]), 80 + (int)(60 * v[0]),
				     190 + (int)(55 * v[1]) };
	case FG_KERNEL:
		if (is_kernel_frame(name))	/* kernel: orange; user: aqua-green */
			return (struct rgb){ 220 + (int)(35 * v[0]), 120 + (int)(60 * v[1]), 30 };
		return (struct rgb){ 50 + (int)(60 * v[0]), 180 + (int)(55 * v[1]),
				     160 + (int)(60 * v[2]) };
	default:
		return (struct rgb){ 205 + (int)(50 * v[2]), (int)(230 * v[0]), (int)(55 * v[1]) };
	}
}

/* Differential colour: red when the frame's share grew, blue when it shrank. */
static struct rgb diff_colour(const struct folded *f, const struct fnode *n, double maxdelta)
{
	double before = f->total ? (double)n->value / f->total : 0;
	double after = f->total2 ? (double)n->value2 / f->total2 : 0;
	double d = after - before;
	int shade = maxdelta > 0 ? (int)(210 * (1 - absd(d) / maxdelta)) : 210;

	if (d > 0)
		return (struct rgb){ 255, shade, shade };
	if (d < 0)
		return (struct rgb){ shade, shade, 255 };
	return (struct rgb){ 250, 250, 250 };
}

static void put_rgb(struct outbuf *b, struct rgb c)
{
	ob_puts(b, "rgb(");
	ob_int(b, c.r);
	ob_putc(b, ',');
	ob_int(b, c.g);
	ob_putc(b, ',');
	ob_int(b, c.b);
	ob_putc(b, ')');
}

static void put_xml(struct outbuf *b, const char *s)
{
	ob_xml(b, s, strlen(s));
}

/* A count with thousands separators, as tooltips show it. */
static void put_count(struct outbuf *b, uint64_t v)
{
	char digits[24];
	int n = 0;

	do {
		digits[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (n--) {
		ob_putc(b, digits[n]);
		if (n && n % 3 == 0)
			ob_putc(b, ',');
	}
}

struct layout {
	const struct folded *f;
	const struct fg_options *o;
	double scale;		/* pixels per count */
	double maxdelta;
	uint64_t total;
	int height;
	int ypad_top, ypad_bottom;
	struct outbuf *out;
};

static uint64_t shape_value(const struct layout *l, const struct fnode *n)
{
	return l->o->diff ? n->value2 : n->value;
}

static void label(struct outbuf *out, const char *name, double w, int fs)
{
	int fit = (int)((w - 6) / (fs * 0.59));
	size_t len = strlen(name);

	if (fit < 3)
		return;
	if (len <= (size_t)fit) {
		ob_xml(out, name, len);
		return;
	}
	ob_xml(out, name, fit - 2);
	ob_write(out, "..", 2);
}

/* An attribute: ' NAME="' value '"'. */
static void put_attr_fixed(struct outbuf *out, const char *name, double v, int decimals)
{
	ob_puts(out, name);
	ob_fixed(out, v, decimals, false);
	ob_putc(out, '"');
}

static void tooltip(const struct layout *l, const struct fnode *n)
{
	struct outbuf *out = l->out;
	uint64_t v = shape_value(l, n);

	put_xml(out, n->name);
	ob_write(out, " (", 2);
	put_count(out, v);
	ob_putc(out, ' ');
	ob_puts(out, l->o->countname);
	ob_write(out, ", ", 2);
	ob_fixed(out, l->total ? 100.0 * v / l->total : 0.0, 2, false);
	ob_putc(out, '%');
	if (l->o->diff) {
		double before = l->f->total ? 100.0 * n->value / l->f->total : 0;
		double after = l->f->total2 ? 100.0 * n->value2 / l->f->total2 : 0;

		ob_write(out, "; ", 2);
		ob_fixed(out, after - before, 2, true);
		ob_putc(out, '%');
	}
	ob_putc(out, ')');
}

static struct rgb fill_of(const struct layout *l, const struct fnode *n)
{
	if (l->o->diff)
		return diff_colour(l->f, n, l->maxdelta);
	if (n->parent < 0)
		return (struct rgb){ 240, 140, 120 };
	return frame_colour(l->o, n->name);
}

static void draw_frame(const struct layout *l, const struct fnode *n, double x, double w)
{
	const struct fg_options *o = l->o;
	struct outbuf *out = l->out;
	double y = o->inverted ? l->ypad_top + n->depth * o->frame_height
			       : l->height - l->ypad_bottom - (n->depth + 1) * o->frame_height;

	ob_puts(out, "<g class=\"f\"");
	put_attr_fixed(out, " data-x=\"", x, 2);
	put_attr_fixed(out, " data-w=\"", w, 2);
	ob_puts(out, " data-d=\"");
	ob_int(out, n->depth);
	ob_puts(out, "\" data-v=\"");
	ob_uint(out, shape_value(l, n));
	ob_puts(out, "\" data-n=\"");
	put_xml(out, n->name);
	ob_puts(out, "\"><title>");
	tooltip(l, n);
	ob_puts(out, "</title><rect");
	put_attr_fixed(out, " x=\"", x, 2);
	put_attr_fixed(out, " y=\"", y, 1);
	put_attr_fixed(out, " width=\"", w, 2);
	ob_puts(out, " height=\"");
	ob_int(out, o->frame_height - 1);
	ob_puts(out, "\" fill=\"");
	put_rgb(out, fill_of(l, n));
	ob_puts(out, "\" rx=\"2\" ry=\"2\"/><text");
	put_attr_fixed(out, " x=\"", x + 3, 2);
	put_attr_fixed(out, " y=\"", y + o->frame_height - 5, 1);
	ob_putc(out, '>');
	label(out, n->name, w, o->font_size);
	ob_puts(out, "</text></g>\n");
}

/*
 * The frames come from the stacks sorted as frame sequences: in that order
 * each frame is one run of consecutive stacks sharing a prefix, so one pass
 * with the current path open lays out the whole graph, children in name
 * order, without building a tree (200,000 stacks of 40 frames would make
 * millions of nodes, nearly all too narrow to draw).
 */
struct open_frame {
	const char *name;
	uint64_t start;		/* shape count before it */
	uint64_t before_start;	/* differential: the first profile's count before it */
};

/*
 * The running sums of the pass: a frame's counts are the sums at its close
 * minus the sums at its open.
 */
struct sums {
	uint64_t x;		/* shape count */
	uint64_t before;	/* the first profile's count */
};

static void close_frame(const struct layout *l, const struct open_frame *o, int depth,
			const struct sums *sum)
{
	struct fnode n = { .name = o->name, .depth = depth, .parent = 0 };
	double w = (sum->x - o->start) * l->scale;

	if (w < l->o->minwidth)
		return;
	if (l->o->diff) {
		n.value = sum->before - o->before_start;
		n.value2 = sum->x - o->start;
	} else {
		n.value = sum->x - o->start;
	}
	draw_frame(l, &n, 10 + o->start * l->scale, w);
}

/*
 * The stacks come out of memory order: fetch the ones ahead early.  Always
 * inlined: as a function of its own gcc finds it pure and drops the calls.
 */
static inline __attribute__((always_inline)) void prefetch_ahead(const struct fstack **order,
								 int i, int n)
{
	if (i + 8 < n)
		__builtin_prefetch(order[i + 8]);
	if (i + 4 < n) {
		__builtin_prefetch(order[i + 4]->frames);
		__builtin_prefetch(order[i + 4]->frames + order[i + 4]->nframes - 1);
	}
}

static void draw_sorted(const struct layout *l, const struct fstack **order, int n,
			int max_depth)
{
	struct open_frame *path = xcalloc(max_depth + 1, sizeof(*path));
	bool reverse = l->o->reverse;
	struct sums sum = { 0 };
	int open = 0;

	for (int i = 0; i < n; i++) {
		const struct fstack *s = order[i];
		int k = 0;

		prefetch_ahead(order, i, n);
		while (k < open && k < s->nframes && path[k].name == fstack_frame(s, k, reverse))
			k++;
		while (open > k) {
			open--;
			close_frame(l, &path[open], open + 1, &sum);
		}
		for (; open < s->nframes; open++)
			path[open] = (struct open_frame){ fstack_frame(s, open, reverse), sum.x,
							  sum.before };
		sum.x += l->o->diff ? s->count2 : s->count;
		sum.before += s->count;
	}
	while (open > 0) {
		open--;
		close_frame(l, &path[open], open + 1, &sum);
	}
	free(path);
}

static void draw_root(const struct layout *l)
{
	struct fnode root = { .name = "all", .parent = -1, .value = l->f->total,
			      .value2 = l->f->total2 };

	draw_frame(l, &root, 10, l->total * l->scale);
}

/* How many leading frames a and b share (0 when either is missing). */
static int common_prefix(const struct fstack *a, const struct fstack *b, bool reverse)
{
	int k = 0;

	while (a && b && k < a->nframes && k < b->nframes &&
	       fstack_frame(a, k, reverse) == fstack_frame(b, k, reverse))
		k++;
	return k;
}

/* The change of a frame's share from the first profile to the second. */
static double share_change(const struct folded *f, uint64_t after, uint64_t before)
{
	return (f->total2 ? (double)after / f->total2 : 0) -
	       (f->total ? (double)before / f->total : 0);
}

/* The largest change of any frame's share: frames are prefixes of runs. */
static double max_delta(const struct folded *f, const struct fstack **order, int n,
			int max_depth, bool reverse)
{
	struct sums *start = xcalloc(max_depth + 1, sizeof(*start)), sum = { 0 };
	const struct fstack *prev = NULL;
	double m = 0;

	for (int i = 0; i <= n; i++) {
		const struct fstack *s = i < n ? order[i] : NULL;
		int k = common_prefix(prev, s, reverse);

		prefetch_ahead(order, i, n);
		for (int j = prev ? prev->nframes - 1 : -1; j >= k; j--)
			m = MAX(m, absd(share_change(f, sum.x - start[j].x,
						     sum.before - start[j].before)));
		for (int j = k; s && j < s->nframes; j++)
			start[j] = sum;
		if (s) {
			sum.x += s->count2;
			sum.before += s->count;
		}
		prev = s;
	}
	free(start);
	return m;
}

static void header(const struct layout *l)
{
	const struct fg_options *o = l->o;
	struct outbuf *out = l->out;
	const char *title = o->title ? o->title : o->inverted ? "Icicle Graph" : "Flame Graph";
	int w = o->width, fs = o->font_size;

	ob_printf(out, "<?xml version=\"1.0\" standalone=\"no\"?>\n"
		  "<svg version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
		  "xmlns=\"http://www.w3.org/2000/svg\" onload=\"init(evt)\" data-width=\"%d\" "
		  "data-pad=\"10\" data-fs=\"%d\" data-total=\"%llu\">\n", w, l->height, w,
		  l->height, w, fs, (unsigned long long)l->total);
	ob_printf(out, "<style>text { font-family: Verdana, sans-serif; font-size: %dpx; "
		  "fill: #000; }\n#title { text-anchor: middle; font-size: %dpx; }\n"
		  "#subtitle { text-anchor: middle; }\n"
		  "g.f:hover rect { stroke: #000; stroke-width: 0.5; cursor: pointer; }\n"
		  "g.f text { pointer-events: none; }\n#search, #reset { cursor: pointer; }\n"
		  "#reset { opacity: 0; }</style>\n", fs, fs + 5);
	ob_puts(out, "<script type=\"text/ecmascript\"><![CDATA[\n");
	ob_puts(out, flamegraph_js);
	ob_puts(out, "]]></script>\n");
	ob_printf(out, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#f8f8f0\"/>\n",
		  w, l->height);
	ob_printf(out, "<text id=\"title\" x=\"%d\" y=\"%d\">", w / 2, fs * 2);
	put_xml(out, title);
	ob_puts(out, "</text>\n");
	if (o->subtitle) {
		ob_printf(out, "<text id=\"subtitle\" x=\"%d\" y=\"%d\">", w / 2, fs * 3 + 4);
		put_xml(out, o->subtitle);
		ob_puts(out, "</text>\n");
	}
	ob_printf(out, "<text id=\"details\" x=\"10\" y=\"%d\"> </text>\n",
		  l->height - fs / 2 - 2);
	ob_printf(out, "<text id=\"reset\" x=\"10\" y=\"%d\">Reset Zoom</text>\n", fs * 2);
	ob_printf(out, "<text id=\"search\" x=\"%d\" y=\"%d\">Search</text>\n", w - 110, fs * 2);
	ob_printf(out, "<text id=\"matched\" x=\"%d\" y=\"%d\"> </text>\n", w - 110,
		  l->height - fs / 2 - 2);
}

int flamegraph_write(const struct folded *f, const struct fg_options *o, FILE *out)
{
	struct outbuf buf;
	struct layout l = { .f = f, .o = o, .out = &buf };
	int n = f->stacks.n, max_depth = 0;
	const struct fstack **order;

	l.total = o->diff ? f->total2 : f->total;
	if (!l.total)
		return -1;
	for (int i = 0; i < n; i++)
		max_depth = MAX(max_depth, f->stacks.v[i].nframes);
	order = folded_sorted(f, o->reverse);
	l.scale = (o->width - 20) / (double)l.total;
	l.ypad_top = o->font_size * 3 + (o->subtitle ? o->font_size + 8 : 0);
	l.ypad_bottom = o->font_size * 2 + 10;
	l.height = l.ypad_top + l.ypad_bottom + (max_depth + 1) * o->frame_height;
	if (o->diff)
		l.maxdelta = max_delta(f, order, n, max_depth, o->reverse);
	ob_init(&buf, out);
	header(&l);
	ob_puts(&buf, "<g id=\"frames\">\n");
	draw_root(&l);
	draw_sorted(&l, order, n, max_depth);
	ob_puts(&buf, "</g>\n</svg>\n");
	free(order);
	ob_finish(&buf);
	return 0;
}
