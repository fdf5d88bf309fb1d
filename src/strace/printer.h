/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Records in, strace's lines out: pairs each thread's entry and exit,
 * closes a line with <unfinished ...> when another thread's event comes
 * first and reopens it as <... NAME resumed>, prints +++ exited +++ and
 * --- SIGNAL --- lines, and counts calls for -c.
 */
#ifndef SONDE_STRACE_PRINTER_H
#define SONDE_STRACE_PRINTER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "strace/record.h"
#include "strace/select.h"

enum ts_mode { TS_NONE, TS_SEC, TS_USEC, TS_EPOCH };

struct printer_opts {
	FILE *out;
	bool follow;		/* -f */
	bool pid_always;	/* -o FILE with -f: "PID  " on every line */
	bool summary;		/* -c */
	bool summary_and_calls;	/* -C */
	bool durations;		/* -T */
	bool relative;		/* -r */
	bool fd_paths;		/* -y */
	bool known_only;	/* signals only of tasks seen in a call (--cgroup) */
	bool stacks;		/* -k: each call's stack after its line */
	const char *ff_base;	/* -ff -o FILE: each thread's lines in FILE.TID */
	enum ts_mode ts;
	int strsize;
	const struct selection *sel;
};

struct printer;

struct printer *printer_new(const struct printer_opts *o);
void printer_record(struct printer *p, const struct strace_rec *r);
/*
 * The held command: its records are dropped until it calls execve (its
 * wait for sonde and the exec are sonde's, not the program's).
 */
void printer_until_exec(struct printer *p, int tid);
/* Threads and processes seen and not yet exited. */
int printer_live(const struct printer *p);
/* Whether task id has exited (its +++ line printed). */
bool printer_exited(const struct printer *p, int tid);
/* Counts the kernel kept (-c alone), added to the table's. */
void printer_add_counts(struct printer *p, int nr, uint64_t calls, uint64_t errors, uint64_t ns);
/* Flush what is written (every -ff file). */
void printer_flush(struct printer *p);
/* Close any open line; print the -c table. */
void printer_finish(struct printer *p);
void printer_free(struct printer *p);

#endif
