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

/*
 * Let the held command run and close go_fd: 0 once it has exec'd, or
 * -errno when the exec failed (the child has said why and exits 127).
 */
int child_release(int go_fd);

/*
 * Whether CMD names a program that can run: its first word a file that
 * exists, is regular and executable (looked up in $PATH without a '/').
 * 0, or -1 after printing "ERROR: -c: ..." .
 */
int child_check_command(const char *cmd);

/* The highest pid Linux allows (PID_MAX_LIMIT on 64-bit). */
#define PID_MAX_LIMIT 4194304

/*
 * A pid option (WHAT, e.g. "-p"): a number from 1 to PID_MAX_LIMIT naming
 * a process that exists.  0 with *pid set, or -1 after printing the error.
 */
int pid_arg(const char *what, const char *s, int *pid);

#endif
