/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Writing a recording: events encoded per CPU into blocks (recfile.h),
 * threads and strings interned into the metadata stream, losses noted
 * with their CPU and time.  Written to the file as blocks fill, or, in
 * flight-recorder mode, kept in memory (the newest blocks up to a size)
 * and written on recw_dump() and at close.
 */
#ifndef SONDE_RECORD_WRITER_H
#define SONDE_RECORD_WRITER_H

#include <stdbool.h>
#include <stdint.h>

#include "record/kprog.h"

struct rec_writer_opts {
	const char *path;
	int ncpus;
	uint64_t size_limit;	/* bytes; 0: none (ignored in flight mode) */
	uint64_t flight_bytes;	/* non-zero: flight recorder keeping this much */
};

struct rec_writer;

/* NULL with the error printed. */
struct rec_writer *recw_open(const struct rec_writer_opts *o);
/* One event from a program, as received on cpu. */
void recw_event(struct rec_writer *w, int cpu, const struct krec *r);
/* count events lost on cpu (or REC_ANY_CPU), noticed at ts. */
void recw_loss(struct rec_writer *w, uint32_t cpu, uint64_t ts, uint64_t count);
/* The id of a string, writing it to the metadata on first use. */
uint64_t recw_string(struct rec_writer *w, uint64_t ts, const char *s);

/*
 * A script event: kind RK_INSTANT/BEGIN/END/COUNTER with its name id; an
 * instant carries a message and typed arguments (RA_*: ints in ival,
 * strings in sval), a counter its value in ival[0].
 */
struct recw_arg {
	int type;
	int64_t ival;
	const char *sval;	/* RA_STR: slen bytes (at most REC_ARG_STR are kept) */
	size_t slen;
};

#define REC_MSG_MAX	512	/* bytes of an instant's message kept */
#define REC_ARG_STR	128	/* bytes of a string argument kept */
void recw_script(struct rec_writer *w, int cpu, const struct krec *who, unsigned kind,
		 uint64_t name_sid, const char *msg, const struct recw_arg *args, int nargs,
		 int64_t value);

/*
 * A histogram map as printed at ts: its non-empty buckets (at most
 * REC_HIST_MAX: bucket index, label string id, count), on CPU 0's stream.
 */
#define REC_HIST_MAX	256
void recw_hist(struct rec_writer *w, uint64_t ts, uint64_t name_sid, int n,
	       const uint64_t *index, const uint64_t *label_sid, const uint64_t *count);

/* The size limit was reached: nothing more is written. */
bool recw_full(const struct rec_writer *w);
/* Flight recorder: write what memory holds to the file now.  0 or -1. */
int recw_dump(struct rec_writer *w);
/* Totals so far. */
uint64_t recw_events(const struct rec_writer *w);
uint64_t recw_lost(const struct rec_writer *w);
uint64_t recw_cpu_lost(const struct rec_writer *w, int cpu);
uint64_t recw_bytes(const struct rec_writer *w);
/* Flush, write the totals, mark the file complete, free.  0 or -1. */
int recw_close(struct rec_writer *w);

#endif
