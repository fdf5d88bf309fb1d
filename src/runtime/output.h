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

#include "program.h"
#include "runtime/maps.h"
#include "util.h"

enum output_format { OUT_TEXT, OUT_JSON };

struct output {
	FILE *f;
	enum output_format format;
	const struct program *prog;
	int ncpus;		/* libbpf_num_possible_cpus() */
};

void output_init(struct output *o, FILE *f, enum output_format format,
		 const struct program *prog);
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
/* And of the losses output_lost() reports (they are still printed). */
typedef void (*output_loss_sink)(uint64_t lost, void *arg);
void output_set_loss_sink(output_loss_sink fn, void *arg);

/*
 * A printer for print(@m) in place of bpftrace's layout (sonde dtrace's
 * printa): while set, output_map() hands it the entries.  NULL removes it.
 */
void output_set_print_hook(output_map_sink fn, void *arg);

/* At exit: two newlines (text), then every user map in name order. */
void output_all_maps(struct output *o);
int output_map(struct output *o, const struct mapinfo *m, int64_t top, int64_t div);
void output_lost(struct output *o, uint64_t lost);
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
