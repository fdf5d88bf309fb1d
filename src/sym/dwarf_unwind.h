/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DWARF unwinding of copied user stacks with libdwfl (.eh_frame and
 * .debug_frame), for code built without frame pointers.  A sample is the
 * thread's user registers and a copy of the top of its stack; the
 * unwinder keeps one libdwfl session per process (its modules read from
 * /proc/PID/maps when the process is first seen), so that later samples,
 * and samples of a process that has exited since, cost no set-up.
 */
#ifndef SONDE_PROFILE_DWARF_UNWIND_H
#define SONDE_PROFILE_DWARF_UNWIND_H

#include <stdbool.h>
#include <stdint.h>

/* One sample to unwind. */
struct dwarf_sample {
	int pid, tid;
	const uint64_t *regs;		/* x86-64 struct pt_regs (21 words), user mode */
	const uint8_t *stack;		/* a copy of memory from regs' sp upward */
	uint64_t stack_len;
};

struct dwarf_unwinder;

struct dwarf_unwinder *dwarf_unwinder_new(void);
void dwarf_unwinder_free(struct dwarf_unwinder *u);
/* Read pid's mappings and report its modules now; false when that found none. */
bool dwarf_unwinder_prepare(struct dwarf_unwinder *u, int pid);

/*
 * The user frames of s, leaf first, into pcs (at most max): the
 * interrupted pc, then return addresses, as frame-pointer stacks hold
 * them.  Returns the number of frames: 0 when the registers are not
 * user-mode ones (a kernel thread), 1 when nothing beyond the leaf
 * unwinds (no CFI, the process's mappings unknown).
 */
int dwarf_unwind(struct dwarf_unwinder *u, const struct dwarf_sample *s, uint64_t *pcs, int max);

#endif
