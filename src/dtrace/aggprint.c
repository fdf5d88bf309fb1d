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
#include "../runtime/maps.h"
#include "../runtime/stackfmt.h"
#include "../sym/ksyms.h"
#include "../sym/usyms.h"

#define DT_BAR_WIDTH 40

/* qsort has no context argument */
static const struct mapinfo *sort_map;
static bool sort_by_key, sort_reverse;

static uint64_t total_count(const struct mapinfo *m, const struct map_entry *e)
{
	uint64_t t = 0;

	for (int i = 0; i < m->nbuckets; i++)
		t += e->buckets[i];
	return t;
}

static long double sort_value(const struct mapinfo *m, const struct map_entry *e)
{
	switch (m->agg) {
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

static int cmp_values(const struct map_entry *a, const struct map_entry *b)
{
	long double va = sort_value(sort_map, a), vb = sort_value(sort_map, b);

	return va < vb ? -1 : va > vb;
}

/* By value, ties by key (aggsortkey: by key, ties by value); aggsortrev reverses. */
static int cmp_entries(const void *pa, const void *pb)
{
	const struct map_entry *a = pa, *b = pb;
	int by_key = sort_map->key ? cmp_keys(sort_map->key, a->key, b->key) : 0;
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

/* A user frame as DTrace prints it: "file`symbol+0xoffset", else the address. */
static void user_frame(FILE *f, int pid, uint64_t addr)
{
	struct usym_info info = { 0 };
	const char *file;

	if (!usyms_resolve(usyms_get(), pid, addr, &info) || !info.name) {
		fprintf(f, "%*s0x%llx\n", DT_STACK_INDENT, "", (unsigned long long)addr);
		return;
	}
	file = info.path ? strrchr(info.path, '/') : NULL;
	file = file ? file + 1 : info.path ? info.path : "?";
	fprintf(f, "%*s%s`%s+0x%llx\n", DT_STACK_INDENT, "", file, info.name,
		(unsigned long long)info.offset);
}

/* stack()/ustack() keys as DTrace prints them: one "module`func+0xoff" frame a line. */
static void print_stack(FILE *f, const struct program *prog, const struct type *t,
			const uint8_t *p)
{
	uint64_t frames[STACK_MAX_FRAMES], id, pid = 0;
	int n;

	memcpy(&id, p, 8);
	if (t->kind == TY_USTACK)
		memcpy(&pid, p + 8, 8);
	n = stack_frames(prog, id, frames, STACK_MAX_FRAMES);
	fputc('\n', f);
	for (int i = 0; i < n; i++) {
		const struct ksym *s = t->kind == TY_KSTACK ?
			ksyms_find(ksyms_kernel(), frames[i]) : NULL;

		if (t->kind == TY_USTACK) {
			user_frame(f, (int)pid, frames[i]);
		} else if (s) {
			fprintf(f, "%*s%s`%s+0x%llx\n", DT_STACK_INDENT, "",
				s->module ? s->module : "vmlinux", s->name,
				(unsigned long long)(frames[i] - s->addr));
		} else {
			fprintf(f, "%*s0x%llx\n", DT_STACK_INDENT, "", (unsigned long long)frames[i]);
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
		print_stack(f, prog, t, p);
		return;
	case TY_STR:
		fprintf(f, "  %-50.*s", (int)strnlen((const char *)p, t->size), p);
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
	fprintf(f, "%16s |%s%*s %llu\n", label, bar, DT_BAR_WIDTH - (int)ats, "",
		(unsigned long long)count);
}

/* The label of bucket i: what DTrace prints in the value column. */
static void bucket_label(const struct mapinfo *m, int i, char *buf, size_t size)
{
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

static void print_graph(FILE *f, const struct mapinfo *m, const struct map_entry *e)
{
	int first = 0, last = m->nbuckets - 1;
	uint64_t total = total_count(m, e);
	char label[32];

	while (first < last && !e->buckets[first])
		first++;
	while (last > first && !e->buckets[last])
		last--;
	if (first > 0)
		first--;
	if (last < m->nbuckets - 1)
		last++;
	fprintf(f, "\n%16s %41s %-9s\n", "value", "------------- Distribution -------------",
		"count");
	for (int i = first; i <= last; i++) {
		bucket_label(m, i, label, sizeof(label));
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

/* The value DTrace prints for a scalar aggregation. */
static long long entry_value(const struct mapinfo *m, const struct map_entry *e)
{
	long long v;

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

/* The index of m in printa's list, or -1. */
static int printa_index(const struct dtrace_ctx *dc, const struct mapinfo *m)
{
	for (int i = dc->printa_maps.n - 1; i >= 0; i--)
		if (!strcmp(dc->printa_maps.v[i], m->name))
			return i;
	return -1;
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
		print_graph(f, m, e);
		return;
	}
	snprintf(full, sizeof(full), "%sll%c", spec, conv == 'i' ? 'd' : conv);
	fprintf(f, full, v);
}

static void print_key_spec(FILE *f, const struct type *t, const uint8_t *p, const char *spec,
			   char conv)
{
	char full[48];

	if (t->kind == TY_STR) {
		snprintf(full, sizeof(full), "%s.*s", spec);
		fprintf(f, full, (int)strnlen((const char *)p, t->size), p);
		return;
	}
	snprintf(full, sizeof(full), "%sll%c", spec, conv == 's' || conv == 'i' ? 'd' : conv);
	fprintf(f, full, (long long)read_int(p, t));
}

/* One entry through printa's format: conversions take the keys in order, %@ the value. */
static void print_formatted(FILE *f, const char *fmt, const struct mapinfo *m,
			    const struct map_entry *e)
{
	const struct type *key = m->key;
	int field = 0;

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
			print_value_spec(f, m, e, spec, conv);
		} else if (key && key->kind == TY_TUPLE && field < key->nfields) {
			print_key_spec(f, key->fields[field].type, e->key + key->fields[field].offset,
				       spec, conv);
			field++;
		} else if (key && key->kind != TY_TUPLE && field++ == 0) {
			print_key_spec(f, key, e->key, spec, conv);
		}
	}
}

static void print_sorted(const struct dtrace_ctx *dc, const struct program *prog,
			 const struct mapinfo *m, struct map_entries *es, const char *fmt)
{
	FILE *f = dc->out;

	sort_map = m;
	norm_div = find_div(dc, m);
	key_widths = NULL;
	for (int i = 0; i < dc->keywidths.n; i++)
		if (!strcmp(dc->keywidths.v[i].map, m->name))
			key_widths = &dc->keywidths.v[i];
	sort_by_key = dc->aggsortkey;
	sort_reverse = dc->aggsortrev;
	qsort(es->v, es->n, sizeof(es->v[0]), cmp_entries);
	if (!fmt)
		fputc('\n', f);
	for (int i = 0; i < es->n; i++) {
		if (fmt)
			print_formatted(f, fmt, m, &es->v[i]);
		else
			print_entry(f, prog, m, &es->v[i]);
	}
	fflush(f);
}

/* printa(): the aggregation now, in the default layout or through its format. */
void dt_printa(const struct program *prog, const struct mapinfo *m, struct map_entries *es,
	       const struct loc *site, void *arg)
{
	struct dtrace_ctx *dc = arg;
	int i = printa_index(dc, m);

	(void)site;

	print_sorted(dc, prog, m, es, i >= 0 ? dc->printa_fmts.v[i] : NULL);
}

/* At exit: what printa() has not printed. */
void dt_print_aggregation(const struct program *prog, const struct mapinfo *m,
			  struct map_entries *es, void *arg)
{
	struct dtrace_ctx *dc = arg;

	if (m->agg == AGG_NONE || !es->n || printa_index(dc, m) >= 0)
		return;	/* D variables (globals, self->) are not printed */
	print_sorted(dc, prog, m, es, NULL);
}
