/* SPDX-License-Identifier: GPL-2.0 */
/* --mode bench: timing the bench: programs and printing bpftrace's results. */
#ifndef SONDE_BENCH_H
#define SONDE_BENCH_H

#include <stdio.h>

#include "output.h"

struct bench_io {
	/* throw away what a timed run sent to the ring buffer */
	void (*discard)(void *arg);
	void *arg;
	volatile int *stop;	/* non-zero: a signal asked to stop */
};

/*
 * Time every bench: program in the order the script declares them and
 * print each result (text: bpftrace's table; JSON: one benchmark_result
 * record each).  0, or -1 when a program could not be run.
 */
int bench_run_all(struct program *prog, FILE *f, enum output_format format, struct bench_io *io);

#endif
