/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sampler of `sonde profile --unwind dwarf`: a hand-written perf_event
 * BPF program on a cpu-clock event of every CPU that copies, per sample,
 * the thread's user registers, the top of its user stack and its kernel
 * stack into a ring buffer, for the user-space DWARF unwinder.
 */
#ifndef SONDE_PROFILE_DWARF_BPF_H
#define SONDE_PROFILE_DWARF_BPF_H

#include <stdint.h>

#include "probes/provider.h"
#include "lang/program.h"

/* As the samples of programs with unwind = dwarf take them (program.h). */
#define DWARF_STACK_BYTES	USTACK_SAMPLE_BYTES	/* user stack copied above sp */
#define DWARF_KSTACK_MAX	64	/* kernel frames kept */
#define DWARF_NREGS		USTACK_SAMPLE_NREGS	/* struct pt_regs, in its order */

/* One sample as the program writes it into the ring buffer. */
struct dwarf_record {
	uint32_t tid, pid;		/* from bpf_get_current_pid_tgid() */
	char comm[16];
	int64_t kstack_bytes;		/* bpf_get_stack()'s result (<0: none) */
	uint64_t stack_len;		/* bytes of stack[] copied from regs' sp */
	uint64_t regs[DWARF_NREGS];	/* the user registers (task_pt_regs) */
	uint64_t kstack[DWARF_KSTACK_MAX];	/* kernel frames, leaf first */
	uint8_t stack[DWARF_STACK_BYTES];
};

struct dwarf_sampler {
	int map_fd;		/* the ring buffer */
	int prog_fd;
	fdlist fds;		/* perf events and links */
};

/*
 * Load the program (pid > 0: only that process's threads) and start it
 * hz times a second on every online CPU.  0, or -1 with the error printed;
 * dwarf_sampler_close() frees either way.
 */
int dwarf_sampler_open(struct dwarf_sampler *s, int hz, int pid);
void dwarf_sampler_close(struct dwarf_sampler *s);

#endif
