/* SPDX-License-Identifier: GPL-2.0 */
/* System call numbers of the architecture sonde was built for. */
#ifndef SONDE_ARCH_SYSCALLS_H
#define SONDE_ARCH_SYSCALLS_H

/* Numbers are below this (x86-64: 470 today). */
#define ARCH_SYSCALLS_MAX 512

/* The number of the system call whose tracepoint is sys_enter_NAME, or -1. */
int arch_syscall_nr(const char *name);

/* The ABI name of syscall nr (strace's: "stat", not "newstat"), or NULL. */
const char *arch_syscall_name(int nr);

#endif
