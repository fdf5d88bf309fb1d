// SPDX-License-Identifier: GPL-2.0
/*
 * `sonde record -e PROGRAM` (or a script file): the program runs as usual
 * through sonde_main(), but each printf becomes a record instead of text.
 * The code generator appends the event's time, thread, CPU and thread name
 * to every printf record (program.h, REC_HIDDEN_FIELDS); the output's event
 * sink hands the records here.  A printf is an instant event (the probe's
 * name, the formatted message, the arguments as typed values), unless its
 * message starts with one of the span markers (docs/record.md):
 *
 *	@begin NAME	a span named NAME begins on the thread
 *	@end NAME	the thread's innermost span ends
 *	@counter NAME	the counter NAME takes the printf's first integer
 *
 * The same script under bpftrace, or sonde without record, prints these
 * lines as text.
 */
#include "record/script.h"

#include <bpf/libbpf.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compile.h"
#include "record/recfile.h"
#include "runtime/hist.h"
#include "runtime/maps.h"
#include "runtime/output.h"
#include "runtime/printf.h"
#include "tools/tools.h"

struct marker {
	const char *prefix;
	unsigned kind;
};

static const struct marker markers[] = {
	{ "@begin ", RK_BEGIN },
	{ "@end ", RK_END },
	{ "@counter ", RK_COUNTER },
};

static int64_t read_int(const uint8_t *p, const struct type *t)
{
	int64_t v = 0;

	switch (t->size) {
	case 1: v = t->is_signed ? (int64_t)(int8_t)p[0] : (int64_t)p[0]; break;
	case 2: { uint16_t x; memcpy(&x, p, 2); v = t->is_signed ? (int64_t)(int16_t)x : (int64_t)x; break; }
	case 4: { uint32_t x; memcpy(&x, p, 4); v = t->is_signed ? (int64_t)(int32_t)x : (int64_t)x; break; }
	case 8: memcpy(&v, p, 8); break;
	}
	return v;
}

/* The printf's own arguments: integers and strings as typed values. */
static int typed_args(const struct type *layout, int nargs, const uint8_t *payload,
		      struct recw_arg *out, int max)
{
	int n = 0;

	for (int i = 0; i < nargs && n < max; i++) {
		const struct field *f = &layout->fields[i];
		const struct type *t = f->type;

		if (t->kind == TY_INT || t->kind == TY_BOOL || t->kind == TY_ENUM) {
			out[n].type = t->is_signed ? RA_INT : RA_UINT;
			out[n++].ival = read_int(payload + f->offset, t);
		} else if (t->kind == TY_STR) {
			out[n].type = RA_STR;
			out[n].sval = (const char *)payload + f->offset;
			out[n].slen = strnlen(out[n].sval, t->size);
			n++;
		}
	}
	return n;
}

/* The span or counter name after a marker: up to the next blank. */
static void marker_name(const char *s, char *name, size_t len)
{
	size_t n = strcspn(s, " \t\n");

	snprintf(name, len, "%.*s", (int)MIN(n, len - 1), s);
}

static void on_printf(const struct program *prog, const struct event_spec *ev,
		      const void *payload, void *arg)
{
	struct rec_writer *w = arg;
	const struct type *layout = ev->args;
	const uint8_t *p = payload;
	struct recw_arg args[8];
	struct krec who = { 0 };
	uint64_t pid_tgid;
	uint32_t cpu;
	struct strbuf sb;
	int nargs;

	if (!ev->recorded || !layout || layout->nfields < REC_HIDDEN_FIELDS)
		return;
	nargs = layout->nfields - REC_HIDDEN_FIELDS;
	memcpy(&who.ts, p + layout->fields[nargs].offset, 8);
	memcpy(&pid_tgid, p + layout->fields[nargs + 1].offset, 8);
	memcpy(&cpu, p + layout->fields[nargs + 2].offset, 4);
	memcpy(who.comm, p + layout->fields[nargs + 3].offset, 16);
	who.tid = (uint32_t)pid_tgid;
	who.pid = (uint32_t)(pid_tgid >> 32);
	sb_init(&sb);
	format_printf(&sb, ev->fmt, layout, payload, prog);
	while (sb.len && sb.buf[sb.len - 1] == '\n')
		sb.buf[--sb.len] = 0;
	nargs = typed_args(layout, nargs, p, args, 8);
	for (size_t i = 0; i < ARRAY_SIZE(markers); i++) {
		size_t n = strlen(markers[i].prefix);
		char name[128];

		if (strncmp(sb.buf, markers[i].prefix, n) != 0)
			continue;
		marker_name(sb.buf + n, name, sizeof(name));
		recw_script(w, (int)cpu, &who, markers[i].kind, recw_string(w, who.ts, name),
			    NULL, NULL, 0, nargs && args[0].type != RA_STR ? args[0].ival : 0);
		sb_free(&sb);
		return;
	}
	const char *probe = ev->probe_index >= 0 && ev->probe_index < prog->probe_names.n ?
			    prog->probe_names.v[ev->probe_index] : "printf";

	recw_script(w, (int)cpu, &who, RK_INSTANT, recw_string(w, who.ts, probe), sb.buf, args,
		    nargs, 0);
	sb_free(&sb);
}

static uint64_t boot_now(void)
{
	struct timespec now;

	clock_gettime(CLOCK_BOOTTIME, &now);
	return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

/*
 * print(@h) of a hist or lhist map: its buckets, summed over its keys, at
 * the time it is printed (a script that prints and clears every interval
 * makes the columns of `sonde heatmap --hist`).
 */
static void on_print_hist(const struct program *prog, const struct mapinfo *m,
			  struct rec_writer *w)
{
	struct map_entries es = { 0 };
	uint64_t *sum, ts = boot_now();
	uint64_t index[REC_HIST_MAX], label[REC_HIST_MAX], count[REC_HIST_MAX];
	int n = 0;

	if (maps_read(prog, m, libbpf_num_possible_cpus(), &es) < 0)
		return;
	sum = xcalloc((size_t)m->nbuckets, sizeof(*sum));
	for (int i = 0; i < es.n; i++)
		for (int b = 0; es.v[i].buckets && b < m->nbuckets; b++)
			sum[b] += es.v[i].buckets[b];
	for (int b = 0; b < m->nbuckets && n < REC_HIST_MAX; b++) {
		struct strbuf sb;

		if (!sum[b])
			continue;
		sb_init(&sb);
		hist_label(&sb, b, m);
		index[n] = (uint64_t)b;
		label[n] = recw_string(w, ts, sb.buf);
		count[n++] = sum[b];
		sb_free(&sb);
	}
	recw_hist(w, ts, recw_string(w, ts, m->name), n, index, label, count);
	free(sum);
	map_entries_free(&es);
}

/* SIGUSR2 under --flight: written at the next record (the program's loop owns the thread). */
static volatile sig_atomic_t dump_requested;

static void on_usr2(int sig)
{
	dump_requested = 1;
}

static bool on_event(const struct program *prog, const struct event_spec *ev,
		     const void *payload, size_t len, void *arg)
{
	if (dump_requested) {
		dump_requested = 0;
		if (recw_dump(arg) == 0)
			fprintf(stderr, "Flight recorder written\n");
	}
	if (ev->kind == EV_PRINTF) {
		on_printf(prog, ev, payload, arg);
		return true;
	}
	if (ev->kind == EV_PRINT_MAP && ev->map &&
	    (ev->map->agg == AGG_HIST || ev->map->agg == AGG_LHIST)) {
		on_print_hist(prog, ev->map, arg);
		return true;
	}
	return false;	/* other maps print as usual */
}

/* The program's ring buffer is shared by the CPUs: its losses name none. */
static void on_lost(uint64_t lost, void *arg)
{
	struct timespec now;

	clock_gettime(CLOCK_BOOTTIME, &now);
	recw_loss(arg, REC_ANY_CPU, (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec,
		  lost);
}

int script_record(struct rec_writer *w, int argc, char **argv, bool tool, bool flight)
{
	struct sigaction sa = { .sa_handler = on_usr2 };
	int status;

	if (flight)
		sigaction(SIGUSR2, &sa, NULL);
	output_set_event_sink(on_event, w);
	output_set_loss_sink(on_lost, w);
	compile_record_events(true);
	status = tool ? tools_main(argc, argv) : sonde_main(argc, argv);
	compile_record_events(false);
	output_set_event_sink(NULL, NULL);
	output_set_loss_sink(NULL, NULL);
	return status;
}
