/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The -c command: forked at once, held on a pipe until the probes (or the
 * sampler) are attached, so that it is traced from its first instruction.
 */
#ifndef SONDE_RUNTIME_CHILD_H
#define SONDE_RUNTIME_CHILD_H

#include <sys/types.h>

/*
 * Fork CMD (split on blanks, '...' and "..." keep blanks) held until a
 * byte is written to *go_fd; closing *go_fd instead makes it exit 127
 * without running.  The pid, or -1.
 */
pid_t child_spawn_held(const char *cmd, int *go_fd);

#endif
