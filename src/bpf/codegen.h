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
	uint32_t filter_pid;	/* -p PID (providers with pid_filter), or 0 */
	bool record_events;	/* sonde record: printf records carry REC_HIDDEN_FIELDS */
	const struct sema_anns *anns;	/* the probe's typed layer (lang/ann.h) */
};

/* Generate ps->insns for ps->node (already checked by sema for this probe). */
int codegen_probe(struct program *prog, struct prog_spec *ps, const struct codegen_opts *opts);

/*
 * Where a record keeps a copy of the user registers and of the top of the
 * user stack (program.h's ustack sample, the DWARF profiler's sample):
 * byte offsets in the record, and how many stack bytes it has room for.
 */
struct ustack_layout {
	int16_t regs;		/* struct pt_regs, ARCH_SAMPLE_NREGS words */
	int16_t stack;		/* the stack bytes, from sp up */
	int16_t stack_len;	/* u64: how many were copied */
	uint32_t stack_bytes;	/* a multiple of the page size */
};

/* The DWARF profiler's sample record (profile/dwarf_bpf.h), by offsets. */
struct sampler_layout {
	struct ustack_layout u;
	int16_t tid;		/* u64: bpf_get_current_pid_tgid() */
	int16_t comm;		/* char[16] */
	int16_t kstack_bytes;	/* s64: bpf_get_stack()'s result */
	int16_t kstack;		/* kstack_max u64 frames */
	uint32_t kstack_max;
	uint32_t size;		/* the whole record */
};

/*
 * The perf_event program of `sonde profile --unwind dwarf`: per sample, a
 * record reserved in the ring buffer map_fd with the thread, its comm, its
 * kernel stack, its user registers and user stack (the same copy as the
 * ustack samples of unwind = dwarf programs).  pid > 0: only its threads.
 * Returns the instruction count and *insns (free() it), or -1.
 */
int codegen_sampler(const struct sampler_layout *l, int map_fd, int pid, struct bpf_insn **insns);

#endif
