/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which system calls to show: `-e trace=` sets (names, strace's %classes,
 * `all`, `none`, a leading `!` for the complement), `-e status=` and
 * `-e signal=`.
 */
#ifndef SONDE_STRACE_SELECT_H
#define SONDE_STRACE_SELECT_H

#include <stdbool.h>

#include "arch/syscalls.h"

#define SELECT_SIGNALS	65	/* signals 1..64 */

struct selection {
	bool nr[ARCH_SYSCALLS_MAX];
	bool only_failed, only_successful;
	bool signal[SELECT_SIGNALS];	/* -e signal=: whose --- lines print */
};

/* Everything selected, every status. */
void select_all(struct selection *s);
/* Apply "trace=SPEC" or "SPEC"; 0, or -1 after printing the error. */
int select_trace(struct selection *s, const char *spec);
/* Apply "status=SPEC" (failed, successful, all); 0 or -1. */
int select_status(struct selection *s, const char *spec);
/* Apply "signal=SPEC": names (SIG optional), numbers, all, none, a leading !. */
int select_signal(struct selection *s, const char *spec);
/* One -e argument: trace=, status=, signal=, or a bare trace set. */
int select_expr(struct selection *s, const char *expr);

#endif
