/* SPDX-License-Identifier: GPL-2.0 */
/* -c: calls, errors and time per system call, and strace's table of them. */
#ifndef SONDE_STRACE_SUMMARY_H
#define SONDE_STRACE_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "arch/syscalls.h"

struct summary {
	uint64_t calls[ARCH_SYSCALLS_MAX];
	uint64_t errors[ARCH_SYSCALLS_MAX];
	uint64_t ns[ARCH_SYSCALLS_MAX];
};

void summary_add(struct summary *s, int nr, uint64_t ns, bool failed);
void summary_print(const struct summary *s, FILE *out);

#endif
