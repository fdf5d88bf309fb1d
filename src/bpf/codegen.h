/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BPF code generation for one concrete probe.
 *
 * Values, not registers: an expression yields a struct val that says where
 * its value lives — an immediate, one of the callee-saved registers r6..r9
 * (which survive helper calls), an 8-byte stack slot, or, for strings,
 * tuples and records, a memory area on the stack or in the per-CPU scratch
 * buffer.  r0..r5 are only used inside one emission step.  When r6..r9 are
 * all busy a value is spilled to the stack instead of failing.
 */
#ifndef SONDE_CODEGEN_H
#define SONDE_CODEGEN_H

#include "../lang/sema.h"

struct codegen_opts {
	uint64_t start_ns;	/* CLOCK_MONOTONIC at start: the elapsed builtin */
	uint32_t cpid;		/* child of -c, or 0 */
	bool record_events;	/* sonde record: printf records carry REC_HIDDEN_FIELDS */
};

/* Generate ps->insns for ps->node (already checked by sema for this probe). */
int codegen_probe(struct program *prog, struct prog_spec *ps, const struct codegen_opts *opts);

#endif
