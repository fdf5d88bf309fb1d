/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What sonde strace knows of each system call: the name strace prints,
 * how each argument and the return value print, the classes of
 * `-e trace=%CLASS`.  Calls not in the table print their arguments
 * raw, counted and typed from the kernel's syscall tracepoint formats.
 */
#ifndef SONDE_STRACE_SYSENT_H
#define SONDE_STRACE_SYSENT_H

#include <stdbool.h>
#include <stdint.h>

#include "strace/record.h"

enum argfmt {
	F_INT, F_UINT, F_HEX, F_PTR, F_FD, F_DIRFD, F_PATH, F_STR,
	F_BUFIN, F_BUFOUT, F_OFLAGS, F_MODE, F_PROT, F_MMAPF, F_WHENCE,
	F_ATFLAGS, F_STAT, F_ARGV, F_ENVP, F_SIG, F_FAMILY, F_SOCKTYPE,
	F_PROTO, F_SOCKADDR, F_SOCKADDR_OUT, F_SOCKLENP, F_PIPEFDS, F_WSTATUS,
	F_CLONEF, F_ACCESS, F_WAITOPTS, F_OCTAL, F_FDFLAGS, F_LONG,
	F_ARCHPRCTL, F_CLOCKID, F_TIMESPEC, F_TIMESPEC_OUT, F_UTSNAME, F_CWD,
	F_SIGHOW, F_SIGSET, F_SIGSET_OUT, F_TIMERFLAGS,
	F_COUNT
};

enum retfmt { R_INT, R_HEX, R_NONE };

enum trace_class {
	TC_FILE = 1 << 0, TC_DESC = 1 << 1, TC_PROCESS = 1 << 2, TC_NETWORK = 1 << 3,
	TC_SIGNAL = 1 << 4, TC_IPC = 1 << 5, TC_MEMORY = 1 << 6, TC_CREDS = 1 << 7,
	TC_STAT = 1 << 8, TC_CLOCK = 1 << 9,
};

struct sysent {
	const char *name;
	int nargs;
	uint8_t arg[6];		/* enum argfmt */
	uint8_t ret;		/* enum retfmt */
	uint32_t classes;
	bool decoded;		/* from our table, not the tracepoint format */
};

/* The entry of syscall nr (never NULL for 0 <= nr < ARCH_SYSCALLS_MAX). */
const struct sysent *sysent_get(int nr);
/* Syscall number by strace's name, or -1. */
int sysent_find(const char *name);
/* Whether argument fmt is filled in by the kernel (printed at exit). */
bool argfmt_at_exit(enum argfmt f);
/* The capture plan of nr for the kernel programs. */
void sysent_spec(int nr, struct strace_spec *s);
/* For the docs and tests: whether nr decodes from our table. */
bool sysent_decoded(int nr);
void sysent_free(void);

#endif
