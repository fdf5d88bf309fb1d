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
	/* dec.c and its families */
	F_SIGACTION, F_SIGACTION_OUT, F_SIGFRAME, F_SFDFLAGS,
	F_FCNTLCMD, F_FCNTLARG, F_IOCTLCMD, F_IOCTLARG,
	F_POLLFDS, F_TSPEC_IO, F_FDSET, F_TIMEVAL_IO, F_PSELSIG,
	F_EPOLLCTL, F_EPOLLEV, F_EPOLLEVS_OUT, F_EPOLLFLAGS,
	F_EFDFLAGS, F_TFDFLAGS, F_TFDSETFLAGS, F_ITIMERSPEC, F_ITIMERSPEC_OUT,
	F_INFLAGS, F_INMASK, F_MFDFLAGS, F_IOV, F_IOV_OUT, F_OFFP, F_OFFP_IO, F_SPLICEF,
	F_STATXFLAGS, F_STATXMASK, F_STATX, F_DIRENTS, F_RENAMEF, F_UTIMES,
	F_MADV, F_MREMAPF, F_RLIMIT, F_RLIM, F_RLIM_OUT, F_RANDBUF, F_GRNDFLAGS,
	F_FUTEXOP, F_FUTEXARG3, F_FUTEXVAL3, F_CPUSET_OUT, F_PRCTLOP, F_PRCTLARG,
	F_MSGFLAGS, F_SOCKADDR_RET, F_SOCKLEN_IO, F_SHUTHOW, F_SOCKLEVEL, F_SOCKOPT,
	F_SOCKOPTVAL, F_SOCKOPTVAL_OUT, F_MSGHDR, F_MSGHDR_OUT, F_CLONE3, F_SOCKFLAGS,
	F_ACCESSATF, F_FADV, F_STATFS, F_XBUF_OUT, F_XATTRF, F_GIDS_OUT, F_GIDS_IN, F_SYSINFO,
	F_IDTYPE, F_SIGINFO_OUT, F_STACK_IN, F_STACK_OUT, F_IDP_OUT, F_MSF, F_MCL, F_OPENHOW,
	F_FLOCKOP, F_FALLOCF, F_ITIMERWHICH, F_ITIMERVAL, F_ITIMERVAL_OUT, F_CPUSET_IN, F_PIDFDF,
	F_CAPBSET, F_MMSGS, F_RUSAGEWHO, F_RUSAGE, F_PERSONA, F_MPOLMODE, F_MPOLMODE_OUT,
	F_NODEMASK, F_NODEMASK_OUT, F_MPOLGETF,
	F_COUNT
};

enum retfmt { R_INT, R_HEX, R_NONE, R_OCTAL };

/* Calls whose arguments depend on one another (dec.c). */
enum call_hook { H_NONE, H_FCNTL, H_IOCTL, H_FUTEX, H_PRCTL, H_POLL, H_SELECT, H_MREMAP, H_SIGNUM, H_MMSG, H_PERSONA };

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
	uint8_t hook;		/* enum call_hook */
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
