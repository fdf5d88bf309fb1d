/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading a recording: the file is mapped, its header and every block
 * checked before use (a truncated or hostile file gives an error or, for a
 * recording cut short, the blocks that are whole), the metadata (threads,
 * strings, losses) gathered, and the events of all CPUs visited in time
 * order.
 */
#ifndef SONDE_RECORD_READER_H
#define SONDE_RECORD_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record/recfile.h"
#include "util.h"

#define REC_MAX_ARGS	8
#define REC_MAX_HIST	256	/* buckets of a histogram record */
#define REC_MAX_FIELDS	6

struct rec_arg {
	int type;		/* RA_* */
	int64_t i;
	const char *s;
	size_t slen;
};

/* One decoded event.  f[] follows the kind's layout; f[0] is the tid. */
struct rec_event {
	unsigned kind;
	int cpu;
	uint64_t ts;
	uint64_t f[REC_MAX_FIELDS];
	int nf;
	const char *str;	/* the layout's 'S' field */
	size_t slen;
	int nargs;
	struct rec_arg args[REC_MAX_ARGS];
	int nhist;		/* RK_HIST: its non-empty buckets */
	struct { uint64_t index, label, count; } hist[REC_MAX_HIST];
};

struct rec_thread {
	uint32_t tid, pid;
	char comm[17];
	bool used;
	uint64_t ts;		/* of the record that named it: the latest wins */
};

struct rec_loss {
	int cpu;
	uint64_t ts, count;
};

/* Where one event is, for the time-ordered visit. */
struct rec_ref {
	uint64_t ts;
	uint64_t off;		/* of its kind byte in the file */
	uint32_t cpu;
};

struct rec_file {
	const uint8_t *data;
	size_t size;
	struct rec_header hdr;
	bool complete, truncated;
	struct rec_thread *threads;	/* open addressing by tid */
	uint32_t threads_cap, threads_n;
	VEC(char *) strings;		/* by id - 1; NULL where unknown */
	VEC(struct rec_loss) losses;
	VEC(struct rec_ref) refs;	/* every event, sorted by time */
	uint64_t *cpu_events, *cpu_lost;	/* from the END block (or counted) */
	uint64_t first_ts, last_ts;
};

/* 0, or -1 with "ERROR: PATH: why" printed. */
int recf_open(struct rec_file *f, const char *path);
void recf_close(struct rec_file *f);

/* Decode the event refs.v[i]; false when the file lies (cannot happen after open). */
bool recf_event(const struct rec_file *f, int i, struct rec_event *ev);
/* The thread by tid, or NULL. */
const struct rec_thread *recf_thread(const struct rec_file *f, uint32_t tid);
/* A thread's name ("swapper" for tid 0, "<tid>" when unknown), in buf. */
const char *recf_comm(const struct rec_file *f, uint32_t tid, char buf[24]);
/* The thread's slot in f->threads (for per-thread arrays of threads_cap), or -1. */
int recf_thread_slot(const struct rec_file *f, uint32_t tid);
/* The pid of a thread (the tid itself when unknown). */
uint32_t recf_pid(const struct rec_file *f, uint32_t tid);
/* A string by id, or NULL. */
const char *recf_string(const struct rec_file *f, uint64_t sid);
/* The wall-clock time of a timestamp, in ns since the epoch. */
uint64_t recf_wall_ns(const struct rec_file *f, uint64_t ts);

#endif
