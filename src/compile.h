/* SPDX-License-Identifier: GPL-2.0 */
/* The compiler driver: AST in, maps + programs + events out. */
#ifndef SONDE_COMPILE_H
#define SONDE_COMPILE_H

#include "lang/program.h"

struct compile_opts {
	uint64_t start_ns;	/* CLOCK_MONOTONIC at start (elapsed) */
	uint32_t cpid;		/* -c child pid, or 0 */
	int pid;		/* -p PID, or 0 */
};

/* prog->src, ->ast, ->cfg and ->pos must be set.  0, or -1 after errors. */
int compile_program(struct program *prog, const struct compile_opts *opts);
void program_free(struct program *prog);

#endif
