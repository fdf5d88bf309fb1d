/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `sonde profile --unwind dwarf`: timed samples of registers and stack
 * copies (dwarf_bpf.h), unwound in user space (dwarf_unwind.h) as they
 * arrive, counted by distinct stack, and folded at the end.
 */
#ifndef SONDE_PROFILE_DWARF_PROFILE_H
#define SONDE_PROFILE_DWARF_PROFILE_H

#include <stdbool.h>

#include "profile/collect.h"

struct dwarf_profile_opts {
	int hz;
	int pid;		/* only this process (0: all) */
	const char *cmd;	/* run it and profile it until it exits */
	int duration;		/* seconds, 0: until Ctrl-C or the process ends */
	bool user_only, kernel_only;
	int group;		/* root: 0 comm, 1 comm-PID, 2 comm-TID */
};

/* Sample until the end, folding into c.  Returns the exit status. */
int dwarf_profile_run(const struct dwarf_profile_opts *o, struct collect *c);

#endif
