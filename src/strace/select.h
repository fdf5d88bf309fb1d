/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which system calls to show: `-e trace=` sets (names, strace's %classes,
 * `all`, `none`, a leading `!` for the complement) and `-e status=`.
 */
#ifndef SONDE_STRACE_SELECT_H
#define SONDE_STRACE_SELECT_H

#include <stdbool.h>

#include "arch/syscalls.h"

struct selection {
	bool nr[ARCH_SYSCALLS_MAX];
	bool only_failed, only_successful;
};

/* Everything selected, every status. */
void select_all(struct selection *s);
/* Apply "trace=SPEC" or "SPEC"; 0, or -1 after printing the error. */
int select_trace(struct selection *s, const char *spec);
/* Apply "status=SPEC" (failed, successful, all); 0 or -1. */
int select_status(struct selection *s, const char *spec);
/* One -e argument: trace=, status=, or a bare trace set. */
int select_expr(struct selection *s, const char *expr);

#endif
