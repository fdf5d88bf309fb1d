/* SPDX-License-Identifier: GPL-2.0 */
/* The compiler driver: AST in, maps + programs + events out. */
#ifndef SONDE_COMPILE_H
#define SONDE_COMPILE_H

#include <regex.h>

#include "lang/program.h"

struct compile_opts {
	uint64_t start_ns;	/* CLOCK_MONOTONIC at start (elapsed) */
	uint32_t cpid;		/* -c child pid, or 0 */
	int pid;		/* -p PID, or 0 */
	const regex_t *probe_filter;	/* --probe-filter: only the probes whose
					 * name it matches (BEGIN/END always) */
	bool no_attach;		/* --dump: expand probes without checking the
				 * kernel features attaching needs (expand_ctx) */
	bool bench;		/* --mode bench: keep the bench: probes */
};

/* "bpftrace", "perf", "raw", "build_id": the stack_mode value, or -1. */
int compile_stack_mode(const char *name);

/* prog->src, ->ast, ->cfg and ->pos must be set.  0, or -1 after errors. */
int compile_program(struct program *prog, const struct compile_opts *opts);
/*
 * For `sonde record -e`: every printf record also carries its time, thread
 * and CPU (program.h, REC_HIDDEN_FIELDS).  Off by default.
 */
void compile_record_events(bool on);
void program_free(struct program *prog);

#endif
