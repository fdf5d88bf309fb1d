// SPDX-License-Identifier: GPL-2.0
/*
 * Aggregations at exit in dtrace(1)'s layout: each aggregation after a
 * blank line, its entries sorted by value ascending (ties by key), keys
 * left ("  %-50s" for strings, " %16lld"/" %8d"... for integers), values
 * right-aligned (" %16lld"), and quantize/lquantize as DTrace's
 * "value  --- Distribution --- count" graphs of 40 '@'.
 */
#include <stdlib.h>
#include <string.h>

#include "dt_internal.h"
#include <bpf/libbpf.h>

#include "../runtime/maps.h"
#include "../runtime/stackfmt.h"
#include "../sym/ksyms.h"
#include "../sym/usyms.h"

#define DT_BAR_WIDTH 40

/* llquantize(): the bounds of the map being printed, or NULL */
static const struct dt_llq *cur_llq;

/* qsort has no context argument */
static const struct mapinfo *sort_map;
static bool sort_by_key, sort_reverse;
static int sort_keypos;			/* aggsortkeypos: the key compared first */
/* aggsortpos: printa()'s aggregation whose values sort the rows (NULL: the first) */
static const struct mapinfo *sort_vmap;
static const struct map_entries *sort_vall;

static uint64_t total_count(const struct mapinfo *m, const struct map_entry *e)
{
	uint64_t t = 0;

	for (int i = 0; i < m->nbuckets; i++)
		t += e->buckets[i];
	return t;
}

static long long entry_value(const struct mapinfo *m, const struct map_entry *e);

static long double sort_value(const struct mapinfo *m, const struct map_entry *e)
{
	switch (m->agg) {
	case AGG_STATS: return (long double)entry_value(m, e);
	case AGG_COUNT: return (long double)e->count;
	case AGG_AVG: return e->count ? (long double)e->num / e->count : 0;
	case AGG_HIST: case AGG_LHIST: return (long double)total_count(m, e);
	default: return (long double)e->num;
	}
}

static int64_t read_int(const uint8_t *p, const struct type *t);

/* Keys compare field by field: strings as strings, integers as numbers. */
static int cmp_keys(const struct type *t, const uint8_t *a, const uint8_t *b)
{
	int64_t x, y;
	int c;

	switch (t->kind) {
	case TY_STR:
		return strncmp((const char *)a, (const char *)b, t->size);
	case TY_TUPLE:
		for (int i = 0; i < t->nfields; i++) {
			c = cmp_keys(t->fields[i].type, a + t->fields[i].offset,
				     b + t->fields[i].offset);
			if (c)
				return c;
		}
		return 0;
	case TY_INT: case TY_BOOL: case TY_ENUM:
		x = read_int(a, t);
		y = read_int(b, t);
		return x < y ? -1 : x > y;
	default:
		return memcmp(a, b, t->size);
	}
}

static const struct map_entry *find_entry(const struct map_entries *es, const uint8_t *key,
					  size_t size);

/* The value a row sorts by: its own, or aggsortpos' aggregation's for its key (0 without). */
static long double row_value(const struct map_entry *e)
{
	const struct map_entry *o;

	if (!sort_vall)
		return sort_value(sort_map, e);
	if (sort_map->key)
		o = find_entry(sort_vall, e->key, sort_map->key->size);
	else
		o = sort_vall->n ? &sort_vall->v[0] : NULL;
	return o ? sort_value(sort_vmap, o) : 0;
}

/* aggsortkeypos: the key at that position first, then all of them in order. */
static int cmp_sort_keys(const struct type *t, const uint8_t *a, const uint8_t *b)
{
	if (t->kind == TY_TUPLE && sort_keypos > 0 && sort_keypos < t->nfields) {
		const struct type *ft = t->fields[sort_keypos].type;
		size_t off = t->fields[sort_keypos].offset;
		int c = cmp_keys(ft, a + off, b + off);

		if (c)
			return c;
	}
	return cmp_keys(t, a, b);
}

static int cmp_values(const struct map_entry *a, const struct map_entry *b)
{
	long double va = row_value(a), vb = row_value(b);

	return va < vb ? -1 : va > vb;
}

/* By value, ties by key (aggsortkey: by key, ties by value); aggsortrev reverses. */
static int cmp_entries(const void *pa, const void *pb)
{
	const struct map_entry *a = pa, *b = pb;
	int by_key = sort_map->key ? cmp_sort_keys(sort_map->key, a->key, b->key) : 0;
	int by_value = cmp_values(a, b);
	int c = sort_by_key ? (by_key ? by_key : by_value) : (by_value ? by_value : by_key);

	return sort_reverse ? -c : c;
}

static int64_t read_int(const uint8_t *p, const struct type *t)
{
	switch (t->size) {
	case 1: return t->is_signed ? *(int8_t *)p : *p;
	case 2: return t->is_signed ? *(int16_t *)p : *(uint16_t *)p;
	case 4: return t->is_signed ? (int64_t)*(int32_t *)p : (int64_t)*(uint32_t *)p;
	default: return *(int64_t *)p;
	}
}

#define DT_STACK_INDENT 14

/* "module`symbol+0xoffset" after indent spaces; at the symbol itself no "+0x0", as dtrace(1). */
static void print_frame(FILE *f, int indent, const char *module, const char *name, uint64_t off)
{
	if (off)
		fprintf(f, "%*s%s`%s+0x%llx\n", indent, "", module, name, (unsigned long long)off);
	else
		fprintf(f, "%*s%s`%s\n", indent, "", module, name);
}

/* A user frame as DTrace prints it: "file`symbol+0xoffset", else the address. */
static void user_frame(FILE *f, int pid, uint64_t addr, int indent)
{
	struct usym_info info = { 0 };
	const char *file;

	if (!usyms_resolve(usyms_get(), pid, addr, &info) || !info.name) {
		fprintf(f, "%*s0x%llx\n", indent, "", (unsigned long long)addr);
		return;
	}
	file = info.path ? strrchr(info.path, '/') : NULL;
	file = file ? file + 1 : info.path ? info.path : "?";
	print_frame(f, indent, file, info.name, info.offset);
}

/*
 * stack()/ustack() keys as DTrace prints them: a newline, then one
 * "module`func+0xoff" frame a line, after indent spaces.
 */
static void print_stack(FILE *f, const struct program *prog, const struct type *t,
			const uint8_t *p, int indent)
{
	uint64_t frames[STACK_MAX_FRAMES], id, pid = 0;
	int n;

	memcpy(&id, p, 8);
	if (t->kind == TY_USTACK)
		memcpy(&pid, p + 8, 8);
	n = stack_frames(prog, id, frames, STACK_MAX_FRAMES);
	if (t->stack_limit > 0 && n > t->stack_limit)
		n = t->stack_limit;	/* stack(nframes) */
	fputc('\n', f);
	for (int i = 0; i < n; i++) {
		const struct ksym *s = t->kind == TY_KSTACK ?
			ksyms_find(ksyms_kernel(), frames[i]) : NULL;

		if (t->kind == TY_USTACK) {
			user_frame(f, (int)pid, frames[i], indent);
		} else if (s) {
			print_frame(f, indent, s->module ? s->module : "vmlinux", s->name,
				    frames[i] - s->addr);
		} else {
			fprintf(f, "%*s0x%llx\n", indent, "", (unsigned long long)frames[i]);
		}
	}
}

/* D's width of key field i of m (see dt_keywidths), 0 when unknown. */
static const struct dt_keywidths *key_widths;

static int d_width(int field)
{
	return key_widths && field < key_widths->n ? key_widths->width[field] : 0;
}

static void print_key_field(FILE *f, const struct program *prog, const struct type *t,
			    const uint8_t *p, int field)
{
	int size = t->size == 8 && d_width(field) == 4 ? 4 : (int)t->size;

	switch (t->kind) {
	case TY_KSTACK: case TY_USTACK:
		print_stack(f, prog, t, p, DT_STACK_INDENT);
		return;
	case TY_STR:
		fprintf(f, "  %-50.*s", (int)strnlen((const char *)p, t->size), p);
		return;
	case TY_KSYM: case TY_USYM:
		dt_print_sym_key(f, t, p, "  %-50s");
		return;
	case TY_INT: case TY_BOOL: case TY_ENUM: case TY_PROBE: case TY_USERNAME:
		switch (size) {
		case 1: fprintf(f, " %3d", (int)read_int(p, t)); return;
		case 2: fprintf(f, " %5d", (int)read_int(p, t)); return;
		case 4: fprintf(f, " %8d", (int)read_int(p, t)); return;
		default: fprintf(f, " %16lld", (long long)read_int(p, t)); return;
		}
	case TY_TUPLE:
		for (int i = 0; i < t->nfields; i++)
			print_key_field(f, prog, t->fields[i].type, p + t->fields[i].offset, i);
		return;
	default:
		fprintf(f, "  0x%llx", (unsigned long long)*(uint64_t *)p);
	}
}

/* One graph row: label, bar of round(count * 40 / total) '@', count. */
static void graph_row(FILE *f, const char *label, uint64_t count, uint64_t total)
{
	unsigned ats = total ? (unsigned)((count * 2 * DT_BAR_WIDTH + total) / (2 * total)) : 0;
	char bar[DT_BAR_WIDTH + 1];

	memset(bar, '@', ats);
	bar[ats] = '\0';
	fprintf(f, "%16s |%s%*s %-9llu\n", label, bar, DT_BAR_WIDTH - (int)ats, "",
		(unsigned long long)count);
}

/*
 * The label of quantize's or llquantize's bucket idx (see struct dt_llq);
 * first: the first row printed (llquantize names the bucket of small
 * values "abs() < N" when negative rows are shown, "< N" when not).
 */
static void signed_label(const struct dt_llq *q, int idx, int first, char *buf, size_t size)
{
	int n = q->nbounds;

	if (q->pow2) {
		long long v = idx < DT_QUANT_ZERO ? -(1ll << (DT_QUANT_ZERO - 1 - idx)) :
			      idx == DT_QUANT_ZERO ? 0 : 1ll << (idx - DT_QUANT_ZERO - 1);

		snprintf(buf, size, "%lld", v);
	} else if (idx == 0) {
		snprintf(buf, size, "<= -%lld", (long long)q->bounds[n - 1]);
	} else if (idx < n) {
		snprintf(buf, size, "-%lld", (long long)q->bounds[n - 1 - idx]);
	} else if (idx == n && q->bounds[0] == 1) {
		snprintf(buf, size, "0");
	} else if (idx == n) {
		snprintf(buf, size, first < n ? "abs() < %lld" : "< %lld", (long long)q->bounds[0]);
	} else if (idx < 2 * n) {
		snprintf(buf, size, "%lld", (long long)q->bounds[idx - n - 1]);
	} else {
		snprintf(buf, size, ">= %lld", (long long)q->bounds[n - 1]);
	}
}

/*
 * The label of bucket i: what DTrace prints in the value column.  A
 * quantize or llquantize map is an lhist of DTrace's bucket index: its
 * bucket i holds index i - 1.
 */
static void bucket_label(const struct mapinfo *m, int i, int first, char *buf, size_t size)
{
	if (cur_llq) {
		signed_label(cur_llq, i - 1, first - 1, buf, size);
		return;
	}
	if (m->agg == AGG_HIST) {
		long long v = i == 0 ? -1 : i == 1 ? 0 : 1ll << (i - 2);

		snprintf(buf, size, "%lld", v);
		return;
	}
	if (i == 0)
		snprintf(buf, size, "< %lld", (long long)m->lhist_min);
	else if (i == m->nbuckets - 1)
		snprintf(buf, size, ">= %lld", (long long)m->lhist_max);
	else
		snprintf(buf, size, "%lld", (long long)(m->lhist_min + (i - 1) * m->lhist_step));
}

/*
 * The rows DTrace shows: from the bucket before the first non-empty one to
 * the one after the last; with no counts, the buckets around 0 (the first
 * three of lquantize).
 */
static void graph_rows(const struct mapinfo *m, const struct map_entry *e, int *first, int *last)
{
	int lo = cur_llq ? 1 : 0;
	int hi = cur_llq ? (cur_llq->pow2 ? 2 * DT_QUANT_ZERO + 1 : 2 * cur_llq->nbounds + 1) :
			   m->nbuckets - 1;
	int f = lo, l = hi;

	while (f <= hi && !e->buckets[f])
		f++;
	if (f > hi) {
		int zero = cur_llq ? 1 + (cur_llq->pow2 ? DT_QUANT_ZERO : cur_llq->nbounds) :
				     m->agg == AGG_HIST ? 1 : 1;

		*first = zero - 1;
		*last = zero + 1;
		if (cur_llq && !cur_llq->pow2) {	/* Oracle's: the zero bucket and two above */
			*first = zero;
			*last = zero + 2;
		}
		return;
	}
	while (l > f && !e->buckets[l])
		l--;
	*first = f > lo ? f - 1 : f;
	*last = l < hi ? l + 1 : l;
}

static void print_graph(FILE *f, const struct mapinfo *m, const struct map_entry *e)
{
	int first, last;
	uint64_t total = total_count(m, e);
	char label[32];

	graph_rows(m, e, &first, &last);
	fprintf(f, "\n%16s %41s %-9s\n", "value", "------------- Distribution -------------",
		"count");
	for (int i = first; i <= last; i++) {
		bucket_label(m, i, first, label, sizeof(label));
		graph_row(f, label, e->buckets[i], total);
	}
}

/* normalize(): the divisor of m's values (1: none). */
static int64_t norm_div;

static int64_t find_div(const struct dtrace_ctx *dc, const struct mapinfo *m)
{
	for (int i = 0; i < dc->norm_maps.n; i++)
		if (!strcmp(dc->norm_maps.v[i], m->name))
			return dc->norm_divs.v[i];
	return 1;
}

/* normalize() / denormalize() ran: m prints divided by div from now on. */
static void set_div(struct dtrace_ctx *dc, const struct mapinfo *m, int64_t div)
{
	for (int i = 0; i < dc->norm_maps.n; i++)
		if (!strcmp(dc->norm_maps.v[i], m->name)) {
			dc->norm_divs.v[i] = div;
			return;
		}
	vec_push(&dc->norm_maps, xstrdup(m->name));
	vec_push(&dc->norm_divs, div);
}

/* stddev(): the squares of the map being printed, sorted by key, or NULL */
static const struct map_entries *cur_squares;
static size_t cur_key_size;

static int cmp_entry_keys(const void *a, const void *b)
{
	return memcmp(((const struct map_entry *)a)->key, ((const struct map_entry *)b)->key,
		      cur_key_size);
}

/* The integer square root (floor), without libm. */
static uint64_t isqrt(uint64_t v)
{
	uint64_t lo = 0, hi = v < 2 ? v : (v >> 1) + 1;

	if (hi > 4294967295ULL)
		hi = 4294967295ULL;
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo + 1) / 2;

		if (mid * mid <= v)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/* The population standard deviation from count, total and the sum of squares. */
static long long stddev_of(const struct mapinfo *m, const struct map_entry *e)
{
	const struct map_entry *sq = NULL;
	long double n = (long double)e->count, mean, var;

	if (!cur_squares || !e->count)
		return 0;
	if (!m->key) {
		sq = cur_squares->n ? &cur_squares->v[0] : NULL;
	} else {
		struct map_entry probe = { .key = e->key };

		cur_key_size = m->key->size;
		sq = bsearch(&probe, cur_squares->v, cur_squares->n, sizeof(probe), cmp_entry_keys);
	}
	if (!sq)
		return 0;
	mean = (long double)e->num / n;
	var = (long double)sq->num / n - mean * mean;
	return var > 0 ? (long long)isqrt((uint64_t)var) : 0;
}

/* The value DTrace prints for a scalar aggregation (NULL: an absent key, 0). */
static long long entry_value(const struct mapinfo *m, const struct map_entry *e)
{
	long long v;

	if (!e)
		return 0;
	if (m->agg == AGG_STATS && cur_squares)
		return stddev_of(m, e) / norm_div;
	switch (m->agg) {
	case AGG_COUNT: v = (long long)e->count; break;
	case AGG_AVG: v = e->count ? e->num / (long long)e->count : 0; break;
	default: v = e->num;
	}
	return v / norm_div;
}

static void print_entry(FILE *f, const struct program *prog, const struct mapinfo *m,
			const struct map_entry *e)
{
	if (m->key)
		print_key_field(f, prog, m->key, e->key, 0);
	switch (m->agg) {
	case AGG_HIST: case AGG_LHIST:
		print_graph(f, m, e);
		break;
	default:
		fprintf(f, " %16lld", entry_value(m, e));
	}
	fputc('\n', f);
}

/* Whether printa() prints m (then it is not printed at exit). */
static bool printa_prints(const struct dtrace_ctx *dc, const struct mapinfo *m)
{
	for (int i = 0; i < dc->printed.n; i++)
		if (!strcmp(dc->printed.v[i], m->name))
			return true;
	return false;
}

/* A printf conversion of fmt from *pp: copies it into spec without the '@'. */
static char parse_spec(const char **pp, char *spec, size_t size, bool *is_agg)
{
	const char *p = *pp + 1;
	size_t n = 0;

	*is_agg = false;
	spec[n++] = '%';
	while (*p && strchr("-+ #0@123456789.*", *p)) {
		if (*p == '@')
			*is_agg = true;
		else if (n + 4 < size)
			spec[n++] = *p;
		p++;
	}
	while (*p == 'l' || *p == 'h')
		p++;
	spec[n] = '\0';
	*pp = *p ? p + 1 : p;
	return *p;
}

static void print_value_spec(FILE *f, const struct mapinfo *m, const struct map_entry *e,
			     const char *spec, char conv)
{
	char full[48];
	long long v = entry_value(m, e);

	if (m->agg == AGG_HIST || m->agg == AGG_LHIST) {
		if (e)
			print_graph(f, m, e);
		return;
	}
	snprintf(full, sizeof(full), "%sll%c", spec, conv == 'i' ? 'd' : conv == 'p' ? 'x' : conv);
	fprintf(f, full, v);
}

/* The indent of %k's frames: the width of a left-aligned conversion (%-20k), else 0. */
static int stack_spec_indent(const char *spec)
{
	const char *w = strpbrk(spec, "123456789");

	return strchr(spec, '-') && w ? MIN(atoi(w), 64) : 0;
}

static void print_key_spec(FILE *f, const struct program *prog, const struct type *t,
			   const uint8_t *p, const char *spec, char conv)
{
	char full[48];

	if (t->kind == TY_KSTACK || t->kind == TY_USTACK) {	/* %k, %K (and %s) of a stack key */
		print_stack(f, prog, t, p, conv == 'k' || conv == 'K' ? stack_spec_indent(spec) :
					     DT_STACK_INDENT);
		return;
	}

	if (t->kind == TY_STR) {
		snprintf(full, sizeof(full), "%s.*s", spec);
		fprintf(f, full, (int)strnlen((const char *)p, t->size), p);
		return;
	}
	if (t->kind == TY_KSYM || t->kind == TY_USYM) {	/* %s, %a, %A... of func() keys */
		snprintf(full, sizeof(full), "%ss", spec);
		dt_print_sym_key(f, t, p, full);
		return;
	}
	if (conv == 'a' || conv == 'A') {	/* an integer key as a kernel symbol (a user one: its pid is not known) */
		struct type sym = { .kind = TY_KSYM, .size = 8, .stack_mode = SYM_D_ADDR };
		uint64_t addr = (uint64_t)read_int(p, t);

		snprintf(full, sizeof(full), "%ss", spec);
		if (conv == 'a') {
			dt_print_sym_key(f, &sym, (const uint8_t *)&addr, full);
		} else {
			char hex[24];

			snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)addr);
			fprintf(f, full, hex);
		}
		return;
	}
	snprintf(full, sizeof(full), "%sll%c", spec,
		 conv == 's' || conv == 'i' ? 'd' : conv == 'p' ? 'x' : conv);
	fprintf(f, full, (long long)read_int(p, t));
}

/* What printing an aggregation needs beyond its entries. */
struct dt_aggctx {
	const struct dt_llq *llq;
	struct map_entries squares;	/* stddev: the sums of squares, by key */
	bool has_squares;
};

static void load_ctx(const struct dtrace_ctx *dc, const struct program *prog,
		     const struct mapinfo *m, struct dt_aggctx *c);

static void use_ctx(struct dt_aggctx *c)
{
	cur_llq = c->llq;
	cur_squares = c->has_squares ? &c->squares : NULL;
}

static void free_ctx(struct dt_aggctx *c)
{
	map_entries_free(&c->squares);
	memset(c, 0, sizeof(*c));
	cur_llq = NULL;
	cur_squares = NULL;
}

/*
 * One row through printa's format: conversions take the keys in order,
 * the k-th %@ conversion the value of the k-th aggregation (es[k], NULL
 * when it has no such key).
 */
struct agg_row {
	int n;
	const struct mapinfo **maps;
	const struct map_entry **es;
	const int64_t *divs;
	struct dt_aggctx *ctx;	/* per aggregation: llquantize bounds, stddev squares */
};

static void print_formatted(FILE *f, const struct program *prog, const char *fmt,
			    const struct type *key,
			    const uint8_t *keyp, const struct agg_row *row)
{
	int field = 0, agg = 0;

	for (const char *p = fmt; *p;) {
		char spec[32], conv;
		bool is_agg;

		if (*p != '%') {
			fputc(*p++, f);
			continue;
		}
		if (p[1] == '%') {
			fputc('%', f);
			p += 2;
			continue;
		}
		conv = parse_spec(&p, spec, sizeof(spec), &is_agg);
		if (!conv)
			break;
		if (is_agg) {
			if (agg < row->n) {
				norm_div = row->divs[agg];
				use_ctx(&row->ctx[agg]);
				print_value_spec(f, row->maps[agg], row->es[agg], spec, conv);
			}
			agg++;
		} else if (key && key->kind == TY_TUPLE && field < key->nfields) {
			print_key_spec(f, prog, key->fields[field].type,
				       keyp + key->fields[field].offset, spec, conv);
			field++;
		} else if (key && key->kind != TY_TUPLE && field++ == 0) {
			print_key_spec(f, prog, key, keyp, spec, conv);
		}
	}
}

static void sort_entries(const struct dtrace_ctx *dc, const struct mapinfo *m,
			 struct map_entries *es, bool by_key, bool reverse)
{
	sort_map = m;
	sort_by_key = by_key;
	sort_reverse = reverse;
	sort_keypos = dc->aggsortkeypos;
	qsort(es->v, es->n, sizeof(es->v[0]), cmp_entries);
}

static void use_key_widths(const struct dtrace_ctx *dc, const struct mapinfo *m)
{
	key_widths = NULL;
	for (int i = 0; i < dc->keywidths.n; i++)
		if (!strcmp(dc->keywidths.v[i].map, m->name))
			key_widths = &dc->keywidths.v[i];
}

static void print_sorted(const struct dtrace_ctx *dc, const struct program *prog,
			 const struct mapinfo *m, struct map_entries *es, const char *fmt)
{
	FILE *f = dc->out;
	int64_t div = find_div(dc, m);
	struct dt_aggctx ctx;

	dt_merge_sym_keys(m, es);
	load_ctx(dc, prog, m, &ctx);
	use_ctx(&ctx);
	norm_div = div;
	use_key_widths(dc, m);
	sort_entries(dc, m, es, dc->aggsortkey, dc->aggsortrev);
	if (!fmt)
		fputc('\n', f);
	for (int i = 0; i < es->n; i++) {
		const struct map_entry *e = &es->v[i];
		struct agg_row row = { 1, &m, &e, &div, &ctx };

		norm_div = div;
		if (fmt)
			print_formatted(f, prog, fmt, m->key, e->key, &row);
		else
			print_entry(f, prog, m, e);
	}
	fflush(f);
	free_ctx(&ctx);
}

static const struct mapinfo *find_map(const struct program *prog, const char *name)
{
	for (int i = 0; i < prog->usermaps.n; i++)
		if (!strcmp(prog->usermaps.v[i]->name, name))
			return prog->usermaps.v[i];
	return NULL;
}

static void load_ctx(const struct dtrace_ctx *dc, const struct program *prog,
		     const struct mapinfo *m, struct dt_aggctx *c)
{
	memset(c, 0, sizeof(*c));
	for (int i = 0; i < dc->llqs.n; i++)
		if (!strcmp(dc->llqs.v[i].map, m->name))
			c->llq = &dc->llqs.v[i];
	for (int i = 0; m->agg == AGG_STATS && i < dc->stddevs.n; i++) {
		char name[256];
		const struct mapinfo *sq;
		int ncpus = libbpf_num_possible_cpus();

		if (strcmp(dc->stddevs.v[i], m->name))
			continue;
		snprintf(name, sizeof(name), "%s__dt_sq", m->name);
		sq = find_map(prog, name);
		if (!sq || maps_read(prog, sq, ncpus > 0 ? ncpus : 1, &c->squares) < 0)
			break;
		if (m->key) {
			cur_key_size = m->key->size;
			qsort(c->squares.v, c->squares.n, sizeof(c->squares.v[0]), cmp_entry_keys);
		}
		c->has_squares = true;
	}
}

static size_t cmp_key_size;

static int cmp_key_bytes(const void *a, const void *b)
{
	return memcmp(((const struct map_entry *)a)->key, ((const struct map_entry *)b)->key,
		      cmp_key_size);
}

static const struct map_entry *find_entry(const struct map_entries *es, const uint8_t *key,
					  size_t size)
{
	struct map_entry probe = { .key = (uint8_t *)key };

	cmp_key_size = size;
	return bsearch(&probe, es->v, es->n, sizeof(es->v[0]), cmp_key_bytes);
}

/*
 * printa("fmt", @a, @b, ...): one row per key of any of them, sorted by
 * @a's value (an absent key counts 0), each %@ taking the next
 * aggregation's value for the row's key.
 */
static void printa_several(struct dtrace_ctx *dc, const struct program *prog,
			   const struct dt_site *site, const struct mapinfo *m,
			   struct map_entries *es)
{
	int n = site->aggs.n;
	const struct mapinfo **maps = xcalloc(n, sizeof(*maps));
	struct map_entries *all = xcalloc(n, sizeof(*all));
	const struct map_entry **row_es = xcalloc(n, sizeof(*row_es));
	int64_t *divs = xcalloc(n, sizeof(*divs));
	struct dt_aggctx *ctx = xcalloc(n, sizeof(*ctx));
	size_t ksize = m->key ? m->key->size : 0;
	int ncpus = libbpf_num_possible_cpus();

	maps[0] = m;
	for (int k = 1; k < n; k++) {
		maps[k] = find_map(prog, site->aggs.v[k]);
		if (!maps[k] || !maps[k]->key != !m->key ||
		    (m->key && (maps[k]->key->size != ksize || maps[k]->key->kind != m->key->kind))) {
			fprintf(stderr, "dtrace: printa(): %s and %s have different keys\n",
				m->name, site->aggs.v[k]);
			goto out;
		}
		if (maps_read(prog, maps[k], ncpus > 0 ? ncpus : 1, &all[k]) < 0)
			goto out;
	}
	for (int k = 0; k < n; k++) {
		divs[k] = find_div(dc, maps[k]);
		load_ctx(dc, prog, maps[k], &ctx[k]);
	}
	/* the keys only the others have, with no value in @a */
	for (int k = 1; k < n && m->key; k++) {
		cmp_key_size = ksize;
		qsort(es->v, es->n, sizeof(es->v[0]), cmp_key_bytes);
		for (int i = 0; i < all[k].n; i++)
			if (!find_entry(es, all[k].v[i].key, ksize))
				map_entries_add(es, m, all[k].v[i].key, NULL)->count = 0;
	}
	for (int k = 1; k < n; k++) {
		cmp_key_size = ksize;
		qsort(all[k].v, all[k].n, sizeof(all[k].v[0]), cmp_key_bytes);
	}
	use_key_widths(dc, m);
	use_ctx(&ctx[0]);
	norm_div = divs[0];
	if (dc->aggsortpos > 0 && dc->aggsortpos < n) {
		sort_vmap = maps[dc->aggsortpos];
		sort_vall = &all[dc->aggsortpos];
		cmp_key_size = ksize;
	}
	sort_entries(dc, m, es, dc->aggsortkey, dc->aggsortrev);
	sort_vmap = NULL;
	sort_vall = NULL;
	for (int i = 0; i < es->n; i++) {
		struct agg_row row = { n, maps, row_es, divs, ctx };

		row_es[0] = &es->v[i];
		for (int k = 1; k < n; k++)
			row_es[k] = m->key ? find_entry(&all[k], es->v[i].key, ksize) :
					     all[k].n ? &all[k].v[0] : NULL;
		print_formatted(dc->out, prog, site->fmt, m->key, es->v[i].key, &row);
	}
	fflush(dc->out);
out:
	for (int k = 0; k < n; k++)
		free_ctx(&ctx[k]);
	free(ctx);
	for (int k = 1; k < n; k++)
		map_entries_free(&all[k]);
	free(all);
	free(maps);
	free(row_es);
	free(divs);
}

/*
 * trunc(@a, n): keep the n largest values (n < 0: the -n smallest),
 * deleting the other keys from the kernel's maps.
 */
static void trunc_agg(struct dtrace_ctx *dc, const struct program *prog,
		      const struct mapinfo *m, struct map_entries *es, int64_t keep)
{
	bool smallest = keep < 0;
	int64_t n = smallest ? -keep : keep;

	if (!m->key)
		return;	/* a key-less aggregation is one value: trunc keeps it */
	sort_entries(dc, m, es, false, !smallest);
	for (int64_t i = n; i < es->n; i++)
		if (maps_delete_key(prog, m, es->v[i].key) < 0) {
			fprintf(stderr, "dtrace: trunc(): cannot delete from %s\n", m->name);
			return;
		}
}

static const struct dt_site *find_site(const struct dtrace_ctx *dc, const struct loc *where)
{
	for (int i = 0; where && i < dc->sites.n; i++)
		if (dc->sites.v[i].loc.line == where->line && dc->sites.v[i].loc.col == where->col)
			return &dc->sites.v[i];
	return NULL;
}

/* The print hook: the D statement lowered to print(@m) at site. */
void dt_printa(const struct program *prog, const struct mapinfo *m, struct map_entries *es,
	       const struct loc *where, const int64_t *value, void *arg)
{
	struct dtrace_ctx *dc = arg;
	const struct dt_site *site = find_site(dc, where);

	if (!site) {
		print_sorted(dc, prog, m, es, NULL);
		return;
	}
	switch (site->kind) {
	case DT_TRUNC:
		trunc_agg(dc, prog, m, es, site->n);
		break;
	case DT_NORMALIZE:
		if (site->n)
			set_div(dc, m, site->n);
		else if (value && *value > 0)	/* by what the action found when it ran */
			set_div(dc, m, *value);
		else if (value)
			fprintf(stderr, "dtrace: normalize(): the factor %lld is not positive: %s unchanged\n",
				(long long)*value, m->name);
		break;
	case DT_DENORMALIZE:
		set_div(dc, m, 1);
		break;
	case DT_PRINTA:
		if (site->aggs.n > 1)
			printa_several(dc, prog, site, m, es);
		else
			print_sorted(dc, prog, m, es, site->fmt);
		break;
	}
}

/* At exit: what printa() has not printed. */
void dt_print_aggregation(const struct program *prog, const struct mapinfo *m,
			  struct map_entries *es, void *arg)
{
	struct dtrace_ctx *dc = arg;

	size_t len = strlen(m->name);

	dt_report_dyndrops(dc);	/* before the aggregations, as dtrace(1) at exit */
	dt_report_aggdrops(dc);

	if (m->agg == AGG_NONE || !es->n || printa_prints(dc, m))
		return;	/* D variables (globals, self->) are not printed */
	if (len > 7 && !strcmp(m->name + len - 7, "__dt_sq"))
		return;	/* stddev's squares: printed within the stddev */
	print_sorted(dc, prog, m, es, NULL);
}
