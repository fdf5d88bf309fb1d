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
	uint32_t h = 2166136261u;

	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		h = (h ^ *p) * 16777619u;
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

static void frame_colour(const struct fg_options *o, const char *name, char *buf, size_t size)
{
	double v[3];
	int r, g, b;

	name_hash(name, v);
	switch (o->palette) {
	case FG_MEM:
		r = 0, g = 190 + (int)(50 * v[1]), b = (int)(210 * v[0]);
		break;
	case FG_IO:
		r = 80 + (int)(60 * v[0]), g = r, b = 190 + (int)(55 * v[1]);
		break;
	case FG_KERNEL:
		if (is_kernel_frame(name)) {	/* kernel: orange; user: aqua-green */
			r = 220 + (int)(35 * v[0]), g = 120 + (int)(60 * v[1]), b = 30;
		} else {
			r = 50 + (int)(60 * v[0]), g = 180 + (int)(55 * v[1]), b = 160 + (int)(60 * v[2]);
		}
		break;
	default:
		r = 205 + (int)(50 * v[2]), g = (int)(230 * v[0]), b = (int)(55 * v[1]);
		break;
	}
	snprintf(buf, size, "rgb(%d,%d,%d)", r, g, b);
}

/* Differential colour: red when the frame's share grew, blue when it shrank. */
static void diff_colour(const struct folded *f, const struct fnode *n, double maxdelta,
			char *buf, size_t size)
{
	double before = f->total ? (double)n->value / f->total : 0;
	double after = f->total2 ? (double)n->value2 / f->total2 : 0;
	double d = after - before;
	int shade = maxdelta > 0 ? (int)(210 * (1 - absd(d) / maxdelta)) : 210;

	if (d > 0)
		snprintf(buf, size, "rgb(255,%d,%d)", shade, shade);
	else if (d < 0)
		snprintf(buf, size, "rgb(%d,%d,255)", shade, shade);
	else
		snprintf(buf, size, "rgb(250,250,250)");
}

static void xml_escape(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		case '"': fputs("&quot;", out); break;
		default:
			/* Control bytes are not allowed in XML 1.0. */
			fputc((unsigned char)*s < 0x20 ? '?' : *s, out);
		}
	}
}

/* A count with thousands separators, as tooltips show it. */
static void put_count(FILE *out, uint64_t v)
{
	char digits[32];
	int n = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)v);

	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			fputc(',', out);
		fputc(digits[i], out);
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
	FILE *out;
};

static uint64_t shape_value(const struct layout *l, const struct fnode *n)
{
	return l->o->diff ? n->value2 : n->value;
}

static void label(FILE *out, const char *name, double w, int fs)
{
	int fit = (int)((w - 6) / (fs * 0.59));
	size_t len = strlen(name);

	if (fit < 3)
		return;
	if (len <= (size_t)fit) {
		xml_escape(out, name);
		return;
	}
	char *cut = xstrndup(name, fit - 2);

	xml_escape(out, cut);
	fputs("..", out);
	free(cut);
}

static void tooltip(const struct layout *l, const struct fnode *n)
{
	FILE *out = l->out;
	uint64_t v = shape_value(l, n);

	xml_escape(out, n->name);
	fputs(" (", out);
	put_count(out, v);
	fprintf(out, " %s, %.2f%%", l->o->countname, l->total ? 100.0 * v / l->total : 0.0);
	if (l->o->diff) {
		double before = l->f->total ? 100.0 * n->value / l->f->total : 0;
		double after = l->f->total2 ? 100.0 * n->value2 / l->f->total2 : 0;

		fprintf(out, "; %+.2f%%", after - before);
	}
	fputc(')', out);
}

static void draw_frame(const struct layout *l, const struct fnode *n, double x, double w)
{
	const struct fg_options *o = l->o;
	FILE *out = l->out;
	double y = o->inverted ? l->ypad_top + n->depth * o->frame_height
			       : l->height - l->ypad_bottom - (n->depth + 1) * o->frame_height;
	char fill[32];

	if (o->diff)
		diff_colour(l->f, n, l->maxdelta, fill, sizeof(fill));
	else if (n->parent < 0)
		snprintf(fill, sizeof(fill), "rgb(240,140,120)");
	else
		frame_colour(o, n->name, fill, sizeof(fill));
	fprintf(out, "<g class=\"f\" data-x=\"%.2f\" data-w=\"%.2f\" data-d=\"%d\" data-v=\"%llu\" "
		"data-n=\"", x, w, n->depth, (unsigned long long)shape_value(l, n));
	xml_escape(out, n->name);
	fputs("\"><title>", out);
	tooltip(l, n);
	fprintf(out, "</title><rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%d\" fill=\"%s\" "
		"rx=\"2\" ry=\"2\"/><text x=\"%.2f\" y=\"%.1f\">", x, y, w, o->frame_height - 1,
		fill, x + 3, y + o->frame_height - 5);
	label(out, n->name, w, o->font_size);
	fputs("</text></g>\n", out);
}

/*
 * The frames come from the stacks sorted as frame sequences: in that order
 * each frame is one run of consecutive stacks sharing a prefix, so one pass
 * with the current path open lays out the whole graph, children in name
 * order, without building a tree (200,000 stacks of 40 frames would make
 * millions of nodes, nearly all too narrow to draw).
 */
struct sorted_ctx {
	bool reverse;
};

static const char *frame_at(const struct fstack *s, int i, bool reverse)
{
	return s->frames[reverse ? s->nframes - 1 - i : i];
}

static int cmp_stack_frames(const void *a, const void *b, void *arg)
{
	const struct fstack *x = *(const struct fstack *const *)a;
	const struct fstack *y = *(const struct fstack *const *)b;
	bool rev = ((const struct sorted_ctx *)arg)->reverse;

	for (int i = 0; i < x->nframes && i < y->nframes; i++) {
		const char *p = frame_at(x, i, rev), *q = frame_at(y, i, rev);
		int r;

		/* Names are interned: equal names are the same pointer. */
		if (p != q && (r = strcmp(p, q)))
			return r;
	}
	return x->nframes - y->nframes;
}

struct open_frame {
	const char *name;
	uint64_t start;		/* shape count before it */
	uint64_t before;	/* differential: the first profile's count */
};

static void close_frame(const struct layout *l, const struct open_frame *o, int depth,
			uint64_t end)
{
	struct fnode n = { .name = o->name, .depth = depth, .parent = 0 };
	double w = (end - o->start) * l->scale;

	if (w < l->o->minwidth)
		return;
	if (l->o->diff) {
		n.value = o->before;
		n.value2 = end - o->start;
	} else {
		n.value = end - o->start;
	}
	draw_frame(l, &n, 10 + o->start * l->scale, w);
}

static void draw_sorted(const struct layout *l, struct fstack **order, int n, int max_depth)
{
	struct open_frame *path = xcalloc(max_depth + 1, sizeof(*path));
	int open = 0;
	uint64_t x = 0;

	for (int i = 0; i < n; i++) {
		const struct fstack *s = order[i];
		uint64_t v = l->o->diff ? s->count2 : s->count;
		int k = 0;

		while (k < open && k < s->nframes && path[k].name == frame_at(s, k, l->o->reverse))
			k++;
		while (open > k) {
			open--;
			close_frame(l, &path[open], open + 1, x);
		}
		for (; open < s->nframes; open++)
			path[open] = (struct open_frame){ frame_at(s, open, l->o->reverse), x, 0 };
		for (int j = 0; j < s->nframes; j++)
			path[j].before += s->count;
		x += v;
	}
	while (open > 0) {
		open--;
		close_frame(l, &path[open], open + 1, x);
	}
	free(path);
}

static void draw_root(const struct layout *l)
{
	struct fnode root = { .name = "all", .parent = -1, .value = l->f->total,
			      .value2 = l->f->total2 };

	draw_frame(l, &root, 10, l->total * l->scale);
}

static double max_delta(const struct folded *f, struct fstack **order, int n, bool reverse)
{
	/* The largest change of any frame's share: frames are prefixes of runs. */
	double m = 0;
	int depth = 0;

	for (int i = 0; i < n; i++)
		depth = MAX(depth, order[i]->nframes);
	{
		uint64_t *b = xcalloc(depth + 1, sizeof(*b)), *a = xcalloc(depth + 1, sizeof(*a));
		const struct fstack *prev = NULL;

		for (int i = 0; i <= n; i++) {
			const struct fstack *s = i < n ? order[i] : NULL;
			int k = 0;

			while (prev && s && k < prev->nframes && k < s->nframes &&
			       frame_at(prev, k, reverse) == frame_at(s, k, reverse))
				k++;
			for (int j = prev ? prev->nframes - 1 : -1; j >= k; j--) {
				double d = (f->total2 ? (double)a[j] / f->total2 : 0) -
					   (f->total ? (double)b[j] / f->total : 0);

				m = MAX(m, absd(d));
				a[j] = b[j] = 0;
			}
			for (int j = 0; s && j < s->nframes; j++)
				a[j] += s->count2, b[j] += s->count;
			prev = s;
		}
		free(a);
		free(b);
	}
	return m;
}

static void header(const struct layout *l)
{
	const struct fg_options *o = l->o;
	FILE *out = l->out;
	const char *title = o->title ? o->title : o->inverted ? "Icicle Graph" : "Flame Graph";
	int w = o->width, fs = o->font_size;

	fprintf(out, "<?xml version=\"1.0\" standalone=\"no\"?>\n"
		"<svg version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
		"xmlns=\"http://www.w3.org/2000/svg\" onload=\"init(evt)\" data-width=\"%d\" "
		"data-pad=\"10\" data-fs=\"%d\" data-total=\"%llu\">\n", w, l->height, w, l->height,
		w, fs, (unsigned long long)l->total);
	fprintf(out, "<style>text { font-family: Verdana, sans-serif; font-size: %dpx; fill: #000; }\n"
		"#title { text-anchor: middle; font-size: %dpx; }\n#subtitle { text-anchor: middle; }\n"
		"g.f:hover rect { stroke: #000; stroke-width: 0.5; cursor: pointer; }\n"
		"g.f text { pointer-events: none; }\n#search, #reset { cursor: pointer; }\n"
		"#reset { opacity: 0; }</style>\n", fs, fs + 5);
	fprintf(out, "<script type=\"text/ecmascript\"><![CDATA[\n%s]]></script>\n", flamegraph_js);
	fprintf(out, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#f8f8f0\"/>\n",
		w, l->height);
	fprintf(out, "<text id=\"title\" x=\"%d\" y=\"%d\">", w / 2, fs * 2);
	xml_escape(out, title);
	fputs("</text>\n", out);
	if (o->subtitle) {
		fprintf(out, "<text id=\"subtitle\" x=\"%d\" y=\"%d\">", w / 2, fs * 3 + 4);
		xml_escape(out, o->subtitle);
		fputs("</text>\n", out);
	}
	fprintf(out, "<text id=\"details\" x=\"10\" y=\"%d\"> </text>\n", l->height - fs / 2 - 2);
	fprintf(out, "<text id=\"reset\" x=\"10\" y=\"%d\">Reset Zoom</text>\n", fs * 2);
	fprintf(out, "<text id=\"search\" x=\"%d\" y=\"%d\">Search</text>\n", w - 110, fs * 2);
	fprintf(out, "<text id=\"matched\" x=\"%d\" y=\"%d\"> </text>\n", w - 110,
		l->height - fs / 2 - 2);
}

int flamegraph_write(const struct folded *f, const struct fg_options *o, FILE *out)
{
	struct layout l = { .f = f, .o = o, .out = out };
	struct sorted_ctx ctx = { o->reverse };
	int n = f->stacks.n, max_depth = 0;
	struct fstack **order;

	l.total = o->diff ? f->total2 : f->total;
	if (!l.total)
		return -1;
	order = xmalloc((n ? n : 1) * sizeof(*order));
	for (int i = 0; i < n; i++) {
		order[i] = &f->stacks.v[i];
		max_depth = MAX(max_depth, order[i]->nframes);
	}
	qsort_r(order, n, sizeof(*order), cmp_stack_frames, &ctx);
	l.scale = (o->width - 20) / (double)l.total;
	l.ypad_top = o->font_size * 3 + (o->subtitle ? o->font_size + 8 : 0);
	l.ypad_bottom = o->font_size * 2 + 10;
	l.height = l.ypad_top + l.ypad_bottom + (max_depth + 1) * o->frame_height;
	if (o->diff)
		l.maxdelta = max_delta(f, order, n, o->reverse);
	header(&l);
	fputs("<g id=\"frames\">\n", out);
	draw_root(&l);
	draw_sorted(&l, order, n, max_depth);
	fputs("</g>\n</svg>\n", out);
	free(order);
	return 0;
}
