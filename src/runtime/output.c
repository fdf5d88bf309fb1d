// SPDX-License-Identifier: GPL-2.0
/*
 * Program output.  Ring buffer records are dispatched through a table by
 * event kind; maps are read into memory (maps.c), then sorted and printed
 * by format_map(), which needs no kernel.
 */
#include "runtime/output.h"

#include <errno.h>
#include <pthread.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "runtime/format.h"
#include "runtime/hist.h"
#include "runtime/printf.h"
#include "runtime/tseries.h"
#include "runtime/umaps.h"
#include "sym/usyms.h"

static output_map_sink map_sink;
static void *map_sink_arg;

static output_print_hook print_hook;
static void *print_hook_arg;

void output_set_print_hook(output_print_hook fn, void *arg)
{
	print_hook = fn;
	print_hook_arg = arg;
}

static output_fault_hook fault_hook;
static output_fault_after fault_after;
static void *fault_hook_arg;

void output_set_fault_hook(output_fault_hook fn, output_fault_after after, void *arg)
{
	fault_hook = fn;
	fault_after = after;
	fault_hook_arg = arg;
}

void output_set_map_sink(output_map_sink fn, void *arg)
{
	map_sink = fn;
	map_sink_arg = arg;
}

/* Whether values of t carry user addresses (ustack, usym). */
static bool type_has_user_addrs(const struct type *t)
{
	if (!t)
		return false;
	if (t->kind == TY_USTACK || t->kind == TY_USYM)
		return true;
	if (t->kind == TY_TUPLE)
		for (int i = 0; i < t->nfields; i++)
			if (type_has_user_addrs(t->fields[i].type))
				return true;
	return false;
}

static bool prog_has_user_addrs(const struct program *prog)
{
	for (int i = 0; i < prog->usermaps.n; i++)
		if (type_has_user_addrs(prog->usermaps.v[i]->key) ||
		    type_has_user_addrs(prog->usermaps.v[i]->value))
			return true;
	for (int i = 0; i < prog->events.n; i++)
		if (type_has_user_addrs(prog->events.v[i].args))
			return true;
	return false;
}

void output_init(struct output *o, FILE *f, enum output_format format,
		 const struct program *prog)
{
	int n = libbpf_num_possible_cpus();

	/*
	 * User stacks print by symbol even when their process exited before
	 * the output: remember every process's mappings from the start.
	 */
	if (prog && prog->uses_stacks && prog_has_user_addrs(prog))
		usyms_watch_start(usyms_get(), 100);

	memset(o, 0, sizeof(*o));
	o->f = f;
	o->format = format;
	o->prog = prog;
	o->ncpus = n > 0 ? n : 1;
	sb_init(&o->rec);
	sb_init(&o->json);
	if (prog && prog->events.n)
		o->plans = xcalloc(prog->events.n, sizeof(*o->plans));
}

/*
 * The stream's buffer: static, so that it outlives the run for the final
 * fclose(); the first stream set to full buffering gets it, later ones
 * (sonde serve runs programs in threads) a buffer of stdio's own.
 */
#define STREAM_BUFFER_SIZE (256 << 10)
static char stream_buffer[STREAM_BUFFER_SIZE];
static FILE *stream_buffer_user;
static pthread_mutex_t stream_lock = PTHREAD_MUTEX_INITIALIZER;

void output_stream(struct output *o, const char *name, int buffering)
{
	FILE *f = o->f;

	o->name = name;
	if (buffering == -1)
		buffering = isatty(fileno(f)) ? _IOLBF : _IOFBF;
	o->live = buffering != _IOFBF;
	pthread_mutex_lock(&stream_lock);
	/* a stream already written to (it has a buffer) keeps its buffering */
	if (__fbufsize(f) == 0) {
		if (buffering != _IOFBF) {
			setvbuf(f, NULL, buffering, 0);
		} else if (!stream_buffer_user) {
			setvbuf(f, stream_buffer, _IOFBF, sizeof(stream_buffer));
			stream_buffer_user = f;
		} else {
			setvbuf(f, NULL, _IOFBF, 0);
		}
	}
	pthread_mutex_unlock(&stream_lock);
}

int output_flush(struct output *o)
{
	if (o->error)
		return -1;
	if (fflush(o->f) == 0 && !ferror(o->f))
		return 0;
	o->error = errno ? errno : EIO;
	return -1;
}

int output_flush_batch(struct output *o)
{
	FILE *f = o->f;

	/* glibc's FILE: the pending bytes end at _IO_write_ptr */
	if (!o->error && __fpending(f) && f->_IO_write_ptr[-1] != '\n')
		return 0;
	return output_flush(o);
}

void output_report_error(struct output *o)
{
	if (!o->error || o->error == EPIPE || o->error_reported)
		return;
	o->error_reported = true;
	fprintf(stderr, "ERROR: writing the output to %s failed: %s; the output is incomplete\n",
		o->name ? o->name : "stdout", strerror(o->error));
}

void output_fini(struct output *o)
{
	if (o->f)
		output_flush(o);
	if (o->plans)
		for (int i = 0; i < o->prog->events.n; i++)
			printf_plan_free(o->plans[i]);
	free(o->plans);
	o->plans = NULL;
	sb_free(&o->rec);
	sb_free(&o->json);
}

/* Into the stream's buffer; a failure is noticed at the next flush. */
static void emit(struct output *o, struct strbuf *sb)
{
	if (sb->len && !o->error)
		fwrite_unlocked(sb->buf, 1, sb->len, o->f);
}

/* {"type": "TYPE", "data": ...}: the opening; the caller adds data and "}\n". */
static void json_open(struct strbuf *sb, const char *type)
{
	sb_adds(sb, "{\"type\": \"");
	sb_adds(sb, type);
	sb_adds(sb, "\", \"data\": ");
}

/* ---- sorting ---- */

static bool value_signed(const struct mapinfo *m)
{
	return m->value && m->value->is_signed;
}

static uint64_t hist_total(const struct mapinfo *m, const struct map_entry *e)
{
	uint64_t total = 0;

	for (int i = 0; i < m->nbuckets; i++)
		total += e->buckets[i];
	return total;
}

/* Average of avg/stats, in the signedness of the aggregated values. */
static int64_t average(const struct mapinfo *m, const struct map_entry *e)
{
	if (!e->count)
		return 0;
	if (value_signed(m))
		return e->num / (int64_t)e->count;
	return (int64_t)((uint64_t)e->num / e->count);
}

enum sort_by { BY_UNSIGNED, BY_SIGNED, BY_KEY };

/* What an entry sorts by, and how to compare it. */
static enum sort_by sort_value(const struct mapinfo *m, const struct map_entry *e,
			       int64_t *v)
{
	switch (m->agg) {
	case AGG_COUNT:
		*v = (int64_t)e->count;
		return BY_UNSIGNED;
	case AGG_SUM:
		*v = e->num;
		return value_signed(m) ? BY_SIGNED : BY_UNSIGNED;
	case AGG_MIN:
	case AGG_MAX:
		/* bpftrace compares min/max as unsigned whatever their sign. */
		*v = e->num;
		return BY_UNSIGNED;
	case AGG_AVG:
	case AGG_STATS:
		*v = average(m, e);
		return value_signed(m) ? BY_SIGNED : BY_UNSIGNED;
	case AGG_HIST:
	case AGG_LHIST:
		*v = (int64_t)hist_total(m, e);
		return BY_UNSIGNED;
	case AGG_TSERIES:	/* least recently updated first */
		*v = (int64_t)tseries_latest(m, e);
		return BY_UNSIGNED;
	case AGG_NONE:
		if (m->value && m->value->kind == TY_INT && e->value) {
			*v = format_read_int(m->value, e->value);
			return m->value->is_signed ? BY_SIGNED : BY_UNSIGNED;
		}
		return BY_KEY;
	}
	return BY_KEY;
}

/* bpftrace orders integer key parts as signed and strings bytewise. */
static int cmp_key_part(const struct type *t, const uint8_t *a, const uint8_t *b)
{
	if (t->kind == TY_INT) {
		int64_t x = format_read_int(&(struct type){ .kind = TY_INT, .size = t->size,
							    .is_signed = true }, a);
		int64_t y = format_read_int(&(struct type){ .kind = TY_INT, .size = t->size,
							    .is_signed = true }, b);

		return (x > y) - (x < y);
	}
	if (t->kind == TY_STR)
		return memcmp(a, b, t->size);
	return 0;
}

static int cmp_keys(const struct type *t, const uint8_t *a, const uint8_t *b)
{
	int r = 0;

	if (!t || !a || !b)
		return 0;
	if (t->kind == TY_TUPLE) {
		for (int i = 0; i < t->nfields && !r; i++)
			if (t->fields[i].type)
				r = cmp_key_part(t->fields[i].type, a + t->fields[i].offset,
						 b + t->fields[i].offset);
	} else {
		r = cmp_key_part(t, a, b);
	}
	/* Ties in what bpftrace compares fall back to the raw bytes: stable output. */
	return r ? r : memcmp(a, b, t->size);
}

static int cmp_entries(const void *pa, const void *pb, void *ctx)
{
	const struct mapinfo *m = ctx;
	const struct map_entry *a = pa, *b = pb;
	int64_t va = 0, vb = 0;
	enum sort_by by = sort_value(m, a, &va);

	sort_value(m, b, &vb);
	if (by == BY_SIGNED && va != vb)
		return va < vb ? -1 : 1;
	if (by == BY_UNSIGNED && va != vb)
		return (uint64_t)va < (uint64_t)vb ? -1 : 1;
	return cmp_keys(m->key, a->key, b->key);
}

/* ---- values ---- */

static void add_num(struct strbuf *sb, int64_t v, bool is_signed, int64_t div)
{
	if (is_signed)
		sb_addf(sb, "%lld", (long long)(v / div));
	else
		sb_addf(sb, "%llu", (unsigned long long)((uint64_t)v / (uint64_t)div));
}

/* The same number as JSON (quoted past what a double holds exactly). */
static void add_json_num(struct strbuf *sb, int64_t v, bool is_signed, int64_t div)
{
	if (is_signed)
		json_int(sb, v / div, true);
	else
		json_int(sb, (int64_t)((uint64_t)v / (uint64_t)div), false);
}

static void add_value(struct strbuf *sb, int64_t v, bool is_signed, int64_t div, bool json)
{
	if (json)
		add_json_num(sb, v, is_signed, div);
	else
		add_num(sb, v, is_signed, div);
}

static void stats_value(struct strbuf *sb, const struct mapinfo *m, const struct map_entry *e,
			int64_t div, bool json)
{
	const char *fmt = json ? "{\"count\": %llu, \"average\": " :
				 "{ .count = %llu, .average = ";

	sb_addf(sb, fmt, (unsigned long long)e->count);
	add_value(sb, average(m, e), value_signed(m), div, json);
	sb_adds(sb, json ? ", \"total\": " : ", .total = ");
	add_value(sb, e->num, value_signed(m), 1, json);
	sb_adds(sb, json ? "}" : " }");
}

/* The value of a non-histogram entry. */
static void entry_value(struct strbuf *sb, const struct mapinfo *m, const struct map_entry *e,
			int64_t div, bool json, const struct program *prog)
{
	switch (m->agg) {
	case AGG_COUNT:
		add_value(sb, (int64_t)e->count, false, div, json);
		break;
	case AGG_SUM:
	case AGG_MIN:
	case AGG_MAX:
		add_value(sb, e->num, value_signed(m), div, json);
		break;
	case AGG_AVG:
		add_value(sb, average(m, e), value_signed(m), div, json);
		break;
	case AGG_STATS:
		stats_value(sb, m, e, div, json);
		break;
	default:
		if (!m->value || !e->value)
			break;
		if (m->value->kind == TY_INT)
			add_value(sb, format_read_int(m->value, e->value), m->value->is_signed,
				  div, json);
		else if (json)
			format_value_json(sb, m->value, e->value, prog);
		else
			format_value(sb, m->value, e->value, prog);
		break;
	}
}

static void entry_hist(struct strbuf *sb, const struct mapinfo *m, const struct map_entry *e,
		       int64_t div, bool json)
{
	uint64_t *counts = xcalloc(m->nbuckets > 0 ? m->nbuckets : 1, sizeof(*counts));

	/* div scales hist counts; lhist ignores it, as in bpftrace. */
	for (int i = 0; i < m->nbuckets; i++)
		counts[i] = m->agg == AGG_HIST ? e->buckets[i] / (uint64_t)div : e->buckets[i];
	if (json)
		hist_format_json(sb, counts, m->nbuckets, m);
	else
		hist_format(sb, counts, m->nbuckets, m);
	free(counts);
}

static bool is_hist(const struct mapinfo *m)
{
	return m->agg == AGG_HIST || m->agg == AGG_LHIST;
}

static void text_entry(struct strbuf *sb, const struct mapinfo *m, const struct map_entry *e,
		       int64_t div, const struct program *prog)
{
	sb_adds(sb, m->name);
	if (m->key && e->key) {
		sb_addc(sb, '[');
		format_key(sb, m->key, e->key, prog);
		sb_addc(sb, ']');
	}
	if (is_hist(m)) {
		sb_adds(sb, ":\n");
		entry_hist(sb, m, e, div, false);
		sb_addc(sb, '\n');
		return;
	}
	sb_adds(sb, ": ");
	entry_value(sb, m, e, div, false, prog);
	sb_addc(sb, '\n');
}

static void json_entry_value(struct strbuf *sb, const struct mapinfo *m,
			     const struct map_entry *e, int64_t div,
			     const struct program *prog)
{
	if (is_hist(m))
		entry_hist(sb, m, e, div, true);
	else
		entry_value(sb, m, e, div, true, prog);
}

static void json_map(struct strbuf *sb, const struct mapinfo *m, struct map_entries *es,
		     int first, int64_t div, const struct program *prog)
{
	/* bpftrace types avg maps "stats" too, though they print one number */
	json_open(sb, is_hist(m) ? "hist" :
		  m->agg == AGG_STATS || m->agg == AGG_AVG ? "stats" : "map");
	sb_addc(sb, '{');
	json_string(sb, m->name, strlen(m->name));
	sb_adds(sb, ": ");
	if (!m->key) {
		json_entry_value(sb, m, &es->v[first], div, prog);
	} else {
		sb_addc(sb, '{');
		for (int i = first; i < es->n; i++) {
			if (i > first)
				sb_adds(sb, ", ");
			format_key_json(sb, m->key, es->v[i].key, prog);
			sb_adds(sb, ": ");
			json_entry_value(sb, m, &es->v[i], div, prog);
		}
		sb_addc(sb, '}');
	}
	sb_adds(sb, "}}\n");
}

void format_map(struct strbuf *out, enum output_format format, const struct mapinfo *m,
		struct map_entries *es, int64_t top, int64_t div,
		const struct program *prog)
{
	int first = 0;

	if (!m || !es->n)
		return;
	if (div < 1)
		div = 1;
	qsort_r(es->v, es->n, sizeof(*es->v), cmp_entries, (void *)m);
	if (top > 0 && es->n > top)
		first = es->n - (int)top;
	if (m->agg == AGG_TSERIES) {
		tseries_format_map(out, format, m, es, first, prog);
		return;
	}
	if (format == OUT_JSON) {
		json_map(out, m, es, first, div, prog);
		return;
	}
	for (int i = first; i < es->n; i++)
		text_entry(out, m, &es->v[i], div, prog);
}

/*
 * print(@m) of a key-less map nothing wrote yet shows its zero value
 * ("@: 0", stats of nothing), as bpftrace does; at exit such a map stays
 * silent.
 */
static void zero_if_empty(const struct mapinfo *m, struct map_entries *es)
{
	void *zero;

	if (es->n || m->key || is_hist(m) || !m->value)
		return;
	zero = xcalloc(1, m->value->size ? m->value->size : 1);
	map_entries_add(es, m, NULL, zero);
	free(zero);
}

/* site: the print() statement (NULL at exit), for the print hook. */
static int print_map(struct output *o, const struct mapinfo *m, int64_t top, int64_t div,
		     bool explicit, const struct loc *site, const int64_t *value)
{
	struct map_entries es = { 0 };
	struct strbuf sb;
	int err = maps_read(o->prog, m, o->ncpus, &es);

	if (err) {
		fprintf(stderr, "ERROR: cannot read map %s: %s\n", m->name, strerror(-err));
		map_entries_free(&es);
		return err;
	}
	if (print_hook) {
		print_hook(o->prog, m, &es, site, value, print_hook_arg);
		map_entries_free(&es);
		return 0;
	}
	if (explicit)
		zero_if_empty(m, &es);
	sb_init(&sb);
	format_map(&sb, o->format, m, &es, top, div, o->prog);
	emit(o, &sb);
	sb_free(&sb);
	map_entries_free(&es);
	return 0;
}

int output_map(struct output *o, const struct mapinfo *m, int64_t top, int64_t div)
{
	return print_map(o, m, top, div, false, NULL, NULL);
}

static int cmp_map_names(const void *a, const void *b)
{
	const struct mapinfo *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

/* The maps go to the sink instead of the output. */
static void sink_all_maps(struct output *o)
{
	for (int i = 0; i < o->prog->usermaps.n; i++) {
		const struct mapinfo *m = o->prog->usermaps.v[i];
		struct map_entries es = { 0 };

		if (maps_read(o->prog, m, o->ncpus, &es) == 0)
			map_sink(o->prog, m, &es, map_sink_arg);
		map_entries_free(&es);
	}
}

void output_all_maps(struct output *o)
{
	int n = o->prog->usermaps.n;
	struct mapinfo **sorted;

	if (map_sink) {
		sink_all_maps(o);
		usyms_watch_stop(usyms_get());
		return;
	}
	if (o->format == OUT_TEXT && !o->error)
		fputs("\n\n", o->f);
	if (!n)
		return;
	sorted = xmalloc(n * sizeof(*sorted));
	memcpy(sorted, o->prog->usermaps.v, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_map_names);
	for (int i = 0; i < n; i++)
		output_map(o, sorted[i], 0, 0);
	free(sorted);
	usyms_watch_stop(usyms_get());
}

/*
 * attached_probes and lost_events carry their number twice: "count" (what
 * bpftrace 0.24 added) and "data" (the older form, kept for consumers).
 */
static output_loss_sink loss_sink;
static void *loss_sink_arg;

void output_set_loss_sink(output_loss_sink fn, void *arg)
{
	loss_sink = fn;
	loss_sink_arg = arg;
}

static output_loss_text loss_text;
static void *loss_text_arg;

void output_set_loss_text(output_loss_text fn, void *arg)
{
	loss_text = fn;
	loss_text_arg = arg;
}

void output_lost(struct output *o, uint64_t lost)
{
	if (loss_sink)
		loss_sink(lost, loss_sink_arg);
	o->lost_said += lost;
	if (o->error)
		return;
	if (loss_text) {
		loss_text(o->prog, loss_text_arg);
		return;
	}
	if (o->format == OUT_JSON)
		fprintf(o->f, "{\"type\": \"lost_events\", \"count\": %llu, "
			"\"data\": {\"events\": %llu}}\n",
			(unsigned long long)lost, (unsigned long long)lost);
	else
		fprintf(o->f, "Lost %llu events\n", (unsigned long long)lost);
}

/*
 * "65.6", "0.0012": below 1%, two significant digits, so that a loss
 * never reads as 0%; plain decimals, valid as a JSON number too.
 */
static void percent_text(char *buf, size_t size, uint64_t part, uint64_t whole)
{
	double p = whole ? 100.0 * (double)part / (double)whole : 0, scaled = p * 10;
	int decimals = 1;

	while (p > 0 && p < 1 && scaled < 10 && decimals < 9) {
		scaled *= 10;
		decimals++;
	}
	snprintf(buf, size, "%.*f", decimals, p);
}

void output_lost_total(struct output *o, uint64_t lost, uint64_t produced)
{
	char pct[32];

	/* a receiver of losses (sonde record) gets what was not said yet */
	if (loss_sink && lost > o->lost_said)
		loss_sink(lost - o->lost_said, loss_sink_arg);
	o->lost_said = lost;
	if (o->error)
		return;
	if (loss_text) {
		loss_text(o->prog, loss_text_arg);
		return;
	}
	percent_text(pct, sizeof(pct), lost, produced);
	if (o->format == OUT_JSON)
		fprintf(o->f, "{\"type\": \"lost_events\", \"count\": %llu, "
			"\"data\": {\"events\": %llu, \"total\": true, \"of\": %llu, "
			"\"percent\": %s}}\n",
			(unsigned long long)lost, (unsigned long long)lost,
			(unsigned long long)produced, pct);
	else
		fprintf(o->f, "Lost %llu events (%s%% of %llu)\n", (unsigned long long)lost,
			pct, (unsigned long long)produced);
}

void output_attached(struct output *o, int nprobes)
{
	if (o->format == OUT_JSON) {
		fprintf(o->f, "{\"type\": \"attached_probes\", \"count\": %d, "
			"\"data\": {\"probes\": %d}}\n", nprobes, nprobes);
		fflush(o->f);
		return;
	}
	fprintf(stderr, "Attached %d probe%s\n", nprobes, nprobes == 1 ? "" : "s");
}

/* ---- ring buffer events ---- */

typedef int (*event_handler)(struct output *o, const struct event_spec *ev,
			     const uint8_t *payload);

/* Text goes out as is; JSON wraps it as {"type": type, "data": "text"}. */
static void emit_text(struct output *o, const char *type, struct strbuf *text)
{
	struct strbuf *sb = &o->json;

	if (o->format == OUT_TEXT) {
		emit(o, text);
		return;
	}
	sb->len = 0;
	json_open(sb, type);
	json_string(sb, text->buf, text->len);
	sb_adds(sb, "}\n");
	emit(o, sb);
}

static const struct printf_plan *plan_of(struct output *o, const struct event_spec *ev)
{
	long id;

	if (!o->plans || !o->prog)
		return NULL;
	id = ev - o->prog->events.v;
	if (id < 0 || id >= o->prog->events.n)
		return NULL;
	if (!o->plans[id])
		o->plans[id] = printf_plan_new(ev->fmt, ev->args);
	return o->plans[id];
}

/* The hot path: one record, formatted into a reused buffer. */
static int ev_printf(struct output *o, const struct event_spec *ev, const uint8_t *payload)
{
	const struct printf_plan *plan = plan_of(o, ev);
	struct strbuf *sb = &o->rec;

	sb->len = 0;
	if (plan)
		printf_plan_run(sb, plan, payload, o->prog);
	else
		format_printf(sb, ev->fmt ? ev->fmt : "", ev->args, payload, o->prog);
	if (o->format == OUT_TEXT) {
		emit(o, sb);
		return 0;
	}
	emit_text(o, "printf", sb);
	return 0;
}

/* errorf/warnf: to stderr as a located message; the program goes on */
static int ev_errorf(struct output *o, const struct event_spec *ev, const uint8_t *payload)
{
	struct strbuf sb;

	sb_init(&sb);
	format_printf(&sb, ev->fmt ? ev->fmt : "", ev->args, payload, o->prog);
	if (sb.len && sb.buf[sb.len - 1] == '\n')
		sb.buf[--sb.len] = 0;
	fflush(o->f);	/* in order with the program's output */
	diag_located(o->prog->src, ev->loc, ev->kind == EV_ERRORF, "%s", sb.buf ? sb.buf : "");
	sb_free(&sb);
	return 0;
}

static int ev_print_value(struct output *o, const struct event_spec *ev,
			  const uint8_t *payload)
{
	const struct field *f;
	struct strbuf sb;

	if (!ev->args || ev->args->kind != TY_TUPLE || ev->args->nfields < 1)
		return -1;
	f = &ev->args->fields[0];
	sb_init(&sb);
	if (o->format == OUT_JSON) {
		json_open(&sb, "value");
		format_value_json(&sb, f->type, payload + f->offset, o->prog);
		sb_adds(&sb, "}\n");
	} else {
		format_value(&sb, f->type, payload + f->offset, o->prog);
		sb_addc(&sb, '\n');
	}
	emit(o, &sb);
	sb_free(&sb);
	return 0;
}

static int ev_print_map(struct output *o, const struct event_spec *ev, const uint8_t *payload)
{
	int64_t value;
	const struct field *f;

	if (!ev->map)
		return -1;
	if (!ev->args || ev->args->kind != TY_TUPLE || ev->args->nfields < 1) {
		print_map(o, ev->map, ev->top, ev->div, true, &ev->loc, NULL);
		return 0;
	}
	f = &ev->args->fields[0];	/* an integer the front end's hook takes */
	value = 0;
	memcpy(&value, payload + f->offset, f->type->size < 8 ? f->type->size : 8);
	print_map(o, ev->map, ev->top, ev->div, true, &ev->loc, &value);
	return 0;
}

static int ev_clear(struct output *o, const struct event_spec *ev, const uint8_t *payload)
{
	return ev->map ? (maps_clear(o->prog, ev->map), 0) : -1;
}

static int ev_zero(struct output *o, const struct event_spec *ev, const uint8_t *payload)
{
	return ev->map ? (maps_zero(o->prog, ev->map), 0) : -1;
}

/* A runtime warning at its source location, once per site (a probe may fire a million times). */
static int ev_warning(struct output *o, const struct event_spec *ev, const uint8_t *payload)
{
	struct event_spec *site = (struct event_spec *)ev;	/* the program's own table */

	if (site->said)
		return 0;
	site->said = true;
	diag_warning(o->prog->src, ev->loc, "%s", ev->fmt);
	return 0;
}

/* A hash map refused a new key: bpftrace's warning, each time, at the map. */
static output_map_full_hook map_full_hook;
static void *map_full_hook_arg;

void output_set_map_full_hook(output_map_full_hook fn, void *arg)
{
	map_full_hook = fn;
	map_full_hook_arg = arg;
}

static int ev_map_full(struct output *o, const struct event_spec *ev, const uint8_t *payload)
{
	if (map_full_hook && map_full_hook(o->prog, ev, payload, map_full_hook_arg))
		return 0;
	diag_warning(o->prog->src, ev->loc, "%s", ev->fmt);
	return 0;
}

/*
 * A probe read that failed (cfg.read_faults): the front end's report when
 * it has one (D), else bpftrace's -k warning, once per site: the error,
 * then the helper and its result, at the read's location (JSON: a
 * helper_error record).
 */
static int ev_read_fault(struct output *o, const struct event_spec *ev, const uint8_t *payload)
{
	struct event_spec *site = (struct event_spec *)ev;	/* the program's own table */
	int64_t ret;
	uint64_t addr, probe;
	struct strbuf *sb = &o->json;

	memcpy(&ret, payload, 8);
	memcpy(&addr, payload + 8, 8);
	memcpy(&probe, payload + 16, 8);
	if (fault_hook) {
		const char *text = fault_hook(o->prog, ev, ret, addr, (int)probe, fault_hook_arg);

		if (text) {
			o->rec.len = 0;
			sb_adds(&o->rec, text);
			emit_text(o, "printf", &o->rec);
		}
		if (fault_after)
			fault_after(o->prog, ev, ret, addr, (int)probe, fault_hook_arg);
		return 0;
	}
	if (site->said)
		return 0;
	site->said = true;
	if (o->format == OUT_TEXT) {
		fflush(o->f);
		diag_warning(o->prog->src, ev->loc, "%s\nAdditional Info - helper: %s, retcode: %lld",
			     strerror((int)-ret), ev->fmt, (long long)ret);
		return 0;
	}
	sb->len = 0;
	sb_adds(sb, "{\"type\": \"helper_error\", \"msg\": ");
	json_string(sb, strerror((int)-ret), strlen(strerror((int)-ret)));
	sb_addf(sb, ", \"helper\": \"%s\", \"retcode\": %lld, \"filename\": ", ev->fmt,
		  (long long)ret);
	json_string(sb, diag_source_of(o->prog->src, ev->loc)->name,
		    strlen(diag_source_of(o->prog->src, ev->loc)->name));
	sb_addf(sb, ", \"line\": %d, \"col\": %d}\n", ev->loc.line, ev->loc.col);
	emit(o, sb);
	return 0;
}

static int ev_map_update(struct output *o, const struct event_spec *ev, const uint8_t *payload)
{
	umap_update(o->prog, ev, payload);
	return 0;
}

static int ev_time(struct output *o, const struct event_spec *ev, const uint8_t *payload)
{
	struct strbuf sb;
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	sb_init(&sb);
	format_strftime_tm(&sb, ev->fmt ? ev->fmt : "%H:%M:%S\n", &tm);
	emit_text(o, "time", &sb);
	sb_free(&sb);
	return 0;
}

static const event_handler event_handlers[EV_KIND_COUNT] = {
	[EV_PRINTF] = ev_printf,
	[EV_ERRORF] = ev_errorf,
	[EV_WARNF] = ev_errorf,
	[EV_PRINT_VALUE] = ev_print_value,
	[EV_PRINT_MAP] = ev_print_map,
	[EV_CLEAR] = ev_clear,
	[EV_ZERO] = ev_zero,
	[EV_DELETE_KEYLESS] = ev_clear,
	[EV_TIME] = ev_time,
	[EV_MAP_UPDATE] = ev_map_update,
	[EV_WARNING] = ev_warning,
	[EV_READ_FAULT] = ev_read_fault,
	[EV_MAP_FULL] = ev_map_full,
};

static output_event_sink event_sink;
static void *event_sink_arg;

void output_set_event_sink(output_event_sink fn, void *arg)
{
	event_sink = fn;
	event_sink_arg = arg;
}

int output_event(struct output *o, const struct event_spec *ev, const void *payload,
		 size_t len)
{
	size_t need = ev->args ? ev->args->size : 0;

	if (ev->kind < 0 || ev->kind >= EV_KIND_COUNT || len < need || (need && !payload))
		return -1;
	if (event_sink && (ev->kind == EV_PRINTF || ev->kind == EV_PRINT_MAP) &&
	    event_sink(o->prog, ev, payload, len, event_sink_arg))
		return 0;
	if (!event_handlers[ev->kind])
		return 0;
	return event_handlers[ev->kind](o, ev, payload);
}
