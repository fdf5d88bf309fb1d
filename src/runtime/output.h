/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Program output: ring buffer records and maps, as bpftrace prints them in
 * text, or as JSON lines ({"type": ..., "data": ...}).
 */
#ifndef SONDE_OUTPUT_H
#define SONDE_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lang/program.h"
#include "runtime/maps.h"
#include "util.h"

enum output_format { OUT_TEXT, OUT_JSON };

struct printf_plan;

struct output {
	FILE *f;
	enum output_format format;
	const struct program *prog;
	int ncpus;		/* libbpf_num_possible_cpus() */
	const char *name;	/* for errors: the -o file, NULL for stdout */
	bool live;		/* each line written as it is printed (a terminal) */
	int error;		/* errno of the first failed write, else 0 */
	bool error_reported;
	uint64_t lost_said;	/* losses reported by output_lost() so far */
	struct strbuf rec;	/* the record being formatted (reused) */
	struct strbuf json;	/* the same, wrapped as a JSON record */
	struct printf_plan **plans;	/* per event id, made on first use */
};

void output_init(struct output *o, FILE *f, enum output_format format,
		 const struct program *prog);
/*
 * How the stream is buffered.  buffering is -B's mode (_IONBF, _IOLBF,
 * _IOFBF) or -1: line by line on a terminal, else a large buffer that the
 * runtime flushes at the end of every batch of records (output_flush), so
 * a pipe or a file gets large writes and still sees each event promptly.
 * name is the -o file (NULL: stdout), for error messages.
 */
void output_stream(struct output *o, const char *name, int buffering);
/*
 * Write out what is buffered.  Returns 0, or -1 when this or an earlier
 * write failed: o->error holds its errno and nothing more is written.
 */
int output_flush(struct output *o);
/*
 * The flush at the end of a batch: as output_flush, except that what ends
 * inside a line stays buffered until the line is complete (bpftrace's
 * stdout is line-buffered: a reader never sees half a line, so a program
 * whose probes fire on that reader's own reads does not feed itself).
 */
int output_flush_batch(struct output *o);
/* Say on stderr why the output failed (quiet for EPIPE); once. */
void output_report_error(struct output *o);
/* Flush and free what output_init and the records allocated. */
void output_fini(struct output *o);
/*
 * One ring buffer record: payload points after the u64 id, len bytes.
 * Handles EV_PRINTF, EV_PRINT_VALUE, EV_PRINT_MAP (reads the map from the
 * kernel), EV_CLEAR, EV_ZERO, EV_DELETE_KEYLESS, EV_TIME.  Returns 0, or -1
 * on a malformed record (a payload shorter than the event's layout).
 * EV_EXIT is handled by the caller.
 */
int output_event(struct output *o, const struct event_spec *ev, const void *payload,
		 size_t len);
/*
 * A receiver of the maps at exit, for commands that process the data
 * themselves (sonde profile): while set, output_all_maps() reads every
 * user map and hands its entries to fn (which must not keep them) instead
 * of printing.  The program's map fds are still open during the call.
 */
typedef void (*output_map_sink)(const struct program *prog, const struct mapinfo *m,
				struct map_entries *es, void *arg);
void output_set_map_sink(output_map_sink fn, void *arg);
/*
 * A receiver of records instead of the text (sonde record -e): while set,
 * output_event() hands every EV_PRINTF and EV_PRINT_MAP record to fn, and
 * prints only those fn returns false for.
 */
typedef bool (*output_event_sink)(const struct program *prog, const struct event_spec *ev,
				  const void *payload, size_t len, void *arg);
void output_set_event_sink(output_event_sink fn, void *arg);
/*
 * A front end's own words for lost events (sonde dtrace: "dtrace: N drops
 * on CPU M"): while set, output_lost() and output_lost_total() call fn,
 * which reads the program's loss counters itself, instead of printing.
 */
typedef void (*output_loss_text)(const struct program *prog, void *arg);
void output_set_loss_text(output_loss_text fn, void *arg);
/* And of the losses output_lost() reports (they are still printed). */
typedef void (*output_loss_sink)(uint64_t lost, void *arg);
void output_set_loss_sink(output_loss_sink fn, void *arg);

/*
 * A printer for print(@m) in place of bpftrace's layout (sonde dtrace's
 * printa and trunc): while set, print() statements hand it the entries
 * and the statement's location (site; NULL from output_map()), which
 * tells the front end which of its statements it was, and the integer the
 * record carries (value, NULL when none: D's normalize() by a factor known
 * when it runs).  NULL removes it.
 */
typedef void (*output_print_hook)(const struct program *prog, const struct mapinfo *m,
				  struct map_entries *es, const struct loc *site,
				  const int64_t *value, void *arg);
void output_set_print_hook(output_print_hook fn, void *arg);

/*
 * A front end's own report of a failed probe read (sonde dtrace: the
 * ERROR probe and dtrace(1)'s message): while set, EV_READ_FAULT records
 * go to fn with the helper's result, the address and the probe's index
 * instead of the -k warning; what it returns (static text, or NULL) goes
 * to the output stream.  NULL removes it.
 */
typedef const char *(*output_fault_hook)(const struct program *prog, const struct event_spec *ev,
					 int64_t ret, uint64_t addr, int probe, void *arg);
/* after: called once the text is out (the ERROR probe runs then), or NULL */
typedef void (*output_fault_after)(const struct program *prog, const struct event_spec *ev,
				   int64_t ret, uint64_t addr, int probe, void *arg);
void output_set_fault_hook(output_fault_hook fn, output_fault_after after, void *arg);

/*
 * A front end's own account of refused map updates (sonde dtrace: D's
 * dynamic variable drops, aggregation drops): while set, EV_MAP_FULL records
 * go to fn with their payload (the CPU, a u32, under cfg.map_full_cpu),
 * which returns true when it took the record (false: the warning as usual).
 */
typedef bool (*output_map_full_hook)(const struct program *prog, const struct event_spec *ev,
				     const uint8_t *payload, void *arg);
void output_set_map_full_hook(output_map_full_hook fn, void *arg);

/* At exit: two newlines (text), then every user map in name order. */
void output_all_maps(struct output *o);
int output_map(struct output *o, const struct mapinfo *m, int64_t top, int64_t div);
/* lost events since the last report: "Lost N events", as bpftrace. */
void output_lost(struct output *o, uint64_t lost);
/*
 * At exit, the whole run: "Lost N events (M% of K)", K the events the
 * probes produced (printed or not).
 */
void output_lost_total(struct output *o, uint64_t lost, uint64_t produced);
/* "Attached N probes" to stderr in text mode, a JSON line otherwise. */
void output_attached(struct output *o, int nprobes);

/*
 * The pure core of map printing: sort the entries as bpftrace does
 * (count/sum/integer values ascending, min/max by value, avg/stats by
 * average, hist/lhist by total count, anything else by key), keep the
 * `top` largest when top > 0, divide by div (when > 1) and print.  Sorts
 * es in place.
 */
void format_map(struct strbuf *out, enum output_format format, const struct mapinfo *m,
		struct map_entries *es, int64_t top, int64_t div,
		const struct program *prog);

#endif
