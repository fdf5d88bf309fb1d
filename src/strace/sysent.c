// SPDX-License-Identifier: GPL-2.0
/*
 * The syscall table.  Numbers come from Debian's <sys/syscall.h> at build
 * time; the argument formats say what strace prints for each call.  A
 * call missing here still prints, raw: its arity and which arguments are
 * pointers come from its tracepoint format file (read once, on first use).
 */
#include "strace/sysent.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "arch/syscalls.h"
#include "probes/tracefs.h"
#include "util.h"

#define TF TC_FILE
#define TD TC_DESC
#define TP TC_PROCESS
#define TN TC_NETWORK
#define TS TC_SIGNAL
#define TM TC_MEMORY
#define TCR TC_CREDS
#define TST TC_STAT
#define TCL TC_CLOCK

#define SC(nr, nm, n, r, cls, ...) \
	[nr] = { .name = nm, .nargs = n, .ret = r, .classes = cls, .arg = { __VA_ARGS__ }, .decoded = true }
/* A call with a hook (dec.c): which arguments print, how its result reads. */
#define SCH(nr, nm, n, r, cls, h, ...) \
	[nr] = { .name = nm, .nargs = n, .ret = r, .classes = cls, .hook = h, \
		 .arg = { __VA_ARGS__ }, .decoded = true }

static struct sysent table[ARCH_SYSCALLS_MAX] = {
#ifdef __x86_64__
	SC(SYS_read, "read", 3, R_INT, TD, F_FD, F_BUFOUT, F_UINT),
	SC(SYS_write, "write", 3, R_INT, TD, F_FD, F_BUFIN, F_UINT),
	SC(SYS_open, "open", 3, R_INT, TD | TF, F_PATH, F_OFLAGS, F_MODE),
	SC(SYS_close, "close", 1, R_INT, TD, F_FD),
	SC(SYS_stat, "stat", 2, R_INT, TF | TST, F_PATH, F_STAT),
	SC(SYS_fstat, "fstat", 2, R_INT, TD | TST, F_FD, F_STAT),
	SC(SYS_lstat, "lstat", 2, R_INT, TF | TST, F_PATH, F_STAT),
	SC(SYS_lseek, "lseek", 3, R_INT, TD, F_FD, F_LONG, F_WHENCE),
	SC(SYS_mmap, "mmap", 6, R_HEX, TD | TM, F_PTR, F_UINT, F_PROT, F_MMAPF, F_FD, F_HEX),
	SC(SYS_mprotect, "mprotect", 3, R_INT, TM, F_PTR, F_UINT, F_PROT),
	SC(SYS_munmap, "munmap", 2, R_INT, TM, F_PTR, F_UINT),
	SC(SYS_brk, "brk", 1, R_HEX, TM, F_PTR),
	SC(SYS_pread64, "pread64", 4, R_INT, TD, F_FD, F_BUFOUT, F_UINT, F_LONG),
	SC(SYS_pwrite64, "pwrite64", 4, R_INT, TD, F_FD, F_BUFIN, F_UINT, F_LONG),
	SC(SYS_access, "access", 2, R_INT, TF, F_PATH, F_ACCESS),
	SC(SYS_pipe, "pipe", 1, R_INT, TD, F_PIPEFDS),
	SC(SYS_pipe2, "pipe2", 2, R_INT, TD, F_PIPEFDS, F_FDFLAGS),
	SC(SYS_dup, "dup", 1, R_INT, TD, F_FD),
	SC(SYS_dup2, "dup2", 2, R_INT, TD, F_FD, F_FD),
	SC(SYS_dup3, "dup3", 3, R_INT, TD, F_FD, F_FD, F_FDFLAGS),
	SC(SYS_getpid, "getpid", 0, R_INT, 0),
	SC(SYS_getppid, "getppid", 0, R_INT, 0),
	SC(SYS_gettid, "gettid", 0, R_INT, 0),
	SC(SYS_getuid, "getuid", 0, R_INT, TCR),
	SC(SYS_geteuid, "geteuid", 0, R_INT, TCR),
	SC(SYS_getgid, "getgid", 0, R_INT, TCR),
	SC(SYS_getegid, "getegid", 0, R_INT, TCR),
	SC(SYS_getpgrp, "getpgrp", 0, R_INT, 0),
	SC(SYS_setsid, "setsid", 0, R_INT, 0),
	SC(SYS_sched_yield, "sched_yield", 0, R_INT, 0),
	SC(SYS_sync, "sync", 0, R_INT, 0),
	SC(SYS_pause, "pause", 0, R_INT, TS),
	SC(SYS_fork, "fork", 0, R_INT, TP),
	SC(SYS_vfork, "vfork", 0, R_INT, TP),
	SC(SYS_clone, "clone", 5, R_INT, TP, F_CLONEF, F_PTR, F_PTR, F_PTR, F_HEX),
	SC(SYS_execve, "execve", 3, R_INT, TF | TP, F_PATH, F_ARGV, F_ENVP),
	SC(SYS_exit, "exit", 1, R_NONE, TP, F_INT),
	SC(SYS_exit_group, "exit_group", 1, R_NONE, TP, F_INT),
	SC(SYS_wait4, "wait4", 4, R_INT, TP, F_INT, F_WSTATUS, F_WAITOPTS, F_PTR),
	SC(SYS_kill, "kill", 2, R_INT, TS | TP, F_INT, F_SIG),
	SC(SYS_tkill, "tkill", 2, R_INT, TS | TP, F_INT, F_SIG),
	SC(SYS_tgkill, "tgkill", 3, R_INT, TS | TP, F_INT, F_INT, F_SIG),
	SC(SYS_socket, "socket", 3, R_INT, TN, F_FAMILY, F_SOCKTYPE, F_PROTO),
	SC(SYS_connect, "connect", 3, R_INT, TN, F_FD, F_SOCKADDR, F_UINT),
	SC(SYS_bind, "bind", 3, R_INT, TN, F_FD, F_SOCKADDR, F_UINT),
	SC(SYS_listen, "listen", 2, R_INT, TN, F_FD, F_INT),
	SC(SYS_getsockname, "getsockname", 3, R_INT, TN, F_FD, F_SOCKADDR_RET, F_SOCKLEN_IO),
	SC(SYS_getpeername, "getpeername", 3, R_INT, TN, F_FD, F_SOCKADDR_RET, F_SOCKLEN_IO),
	SC(SYS_shutdown, "shutdown", 2, R_INT, TN, F_FD, F_SHUTHOW),
	SC(SYS_openat, "openat", 4, R_INT, TD | TF, F_DIRFD, F_PATH, F_OFLAGS, F_MODE),
	SC(SYS_newfstatat, "newfstatat", 4, R_INT, TD | TF | TST, F_DIRFD, F_PATH, F_STAT, F_ATFLAGS),
	SC(SYS_unlink, "unlink", 1, R_INT, TF, F_PATH),
	SC(SYS_unlinkat, "unlinkat", 3, R_INT, TD | TF, F_DIRFD, F_PATH, F_ATFLAGS),
	SC(SYS_mkdir, "mkdir", 2, R_INT, TF, F_PATH, F_OCTAL),
	SC(SYS_mkdirat, "mkdirat", 3, R_INT, TD | TF, F_DIRFD, F_PATH, F_OCTAL),
	SC(SYS_rmdir, "rmdir", 1, R_INT, TF, F_PATH),
	SC(SYS_chdir, "chdir", 1, R_INT, TF, F_PATH),
	SC(SYS_fchdir, "fchdir", 1, R_INT, TD, F_FD),
	SC(SYS_rename, "rename", 2, R_INT, TF, F_PATH, F_PATH),
	SC(SYS_chmod, "chmod", 2, R_INT, TF, F_PATH, F_OCTAL),
	SC(SYS_fchmod, "fchmod", 2, R_INT, TD, F_FD, F_OCTAL),
	SC(SYS_umask, "umask", 1, R_OCTAL, 0, F_OCTAL),
	SC(SYS_faccessat, "faccessat", 3, R_INT, TD | TF, F_DIRFD, F_PATH, F_ACCESS),
	SC(SYS_fsync, "fsync", 1, R_INT, TD, F_FD),
	SC(SYS_ftruncate, "ftruncate", 2, R_INT, TD, F_FD, F_LONG),
	SC(SYS_truncate, "truncate", 2, R_INT, TF, F_PATH, F_INT),
	SC(SYS_getcwd, "getcwd", 2, R_INT, TF, F_CWD, F_UINT),
	SC(SYS_readlink, "readlink", 3, R_INT, TF, F_PATH, F_BUFOUT, F_UINT),
	SC(SYS_nanosleep, "nanosleep", 2, R_INT, 0, F_TIMESPEC, F_PTR),
	SC(SYS_clock_nanosleep, "clock_nanosleep", 4, R_INT, TCL, F_CLOCKID, F_TIMERFLAGS,
	   F_TIMESPEC, F_PTR),
	SC(SYS_clock_gettime, "clock_gettime", 2, R_INT, TCL, F_CLOCKID, F_TIMESPEC_OUT),
	SC(SYS_clock_getres, "clock_getres", 2, R_INT, TCL, F_CLOCKID, F_TIMESPEC_OUT),
	SC(SYS_arch_prctl, "arch_prctl", 2, R_INT, 0, F_ARCHPRCTL, F_HEX),
	SC(SYS_set_tid_address, "set_tid_address", 1, R_INT, 0, F_PTR),
	SC(SYS_set_robust_list, "set_robust_list", 2, R_INT, 0, F_PTR, F_UINT),
	SC(SYS_rseq, "rseq", 4, R_INT, 0, F_PTR, F_HEX, F_HEX, F_HEX),
	SC(SYS_uname, "uname", 1, R_INT, 0, F_UTSNAME),
	SC(SYS_rt_sigprocmask, "rt_sigprocmask", 4, R_INT, TS, F_SIGHOW, F_SIGSET, F_SIGSET_OUT,
	   F_UINT),
	SC(SYS_alarm, "alarm", 1, R_INT, 0, F_UINT),
	/* signals (dec_signal.c) */
	SC(SYS_rt_sigaction, "rt_sigaction", 4, R_INT, TS, F_SIG, F_SIGACTION, F_SIGACTION_OUT,
	   F_UINT),
	SC(SYS_rt_sigreturn, "rt_sigreturn", 1, R_INT, TS, F_SIGFRAME),
	SC(SYS_signalfd4, "signalfd4", 4, R_INT, TD | TS, F_FD, F_SIGSET, F_UINT, F_SFDFLAGS),
	/* descriptors (dec_desc.c) */
	SCH(SYS_fcntl, "fcntl", 3, R_INT, TD, H_FCNTL, F_FD, F_FCNTLCMD, F_FCNTLARG),
	SCH(SYS_ioctl, "ioctl", 3, R_INT, TD, H_IOCTL, F_FD, F_IOCTLCMD, F_IOCTLARG),
	SCH(SYS_poll, "poll", 3, R_INT, TD, H_POLL, F_POLLFDS, F_UINT, F_INT),
	SCH(SYS_ppoll, "ppoll", 5, R_INT, TD, H_POLL, F_POLLFDS, F_UINT, F_TSPEC_IO, F_SIGSET,
	    F_UINT),
	SCH(SYS_select, "select", 5, R_INT, TD, H_SELECT, F_INT, F_FDSET, F_FDSET, F_FDSET,
	    F_TIMEVAL_IO),
	SCH(SYS_pselect6, "pselect6", 6, R_INT, TD, H_SELECT, F_INT, F_FDSET, F_FDSET, F_FDSET,
	    F_TSPEC_IO, F_PSELSIG),
	SC(SYS_epoll_create1, "epoll_create1", 1, R_INT, TD, F_EPOLLFLAGS),
	SC(SYS_epoll_create, "epoll_create", 1, R_INT, TD, F_INT),
	SC(SYS_epoll_ctl, "epoll_ctl", 4, R_INT, TD, F_FD, F_EPOLLCTL, F_FD, F_EPOLLEV),
	SC(SYS_epoll_wait, "epoll_wait", 4, R_INT, TD, F_FD, F_EPOLLEVS_OUT, F_INT, F_INT),
	SC(SYS_epoll_pwait, "epoll_pwait", 6, R_INT, TD, F_FD, F_EPOLLEVS_OUT, F_INT, F_INT,
	   F_SIGSET, F_UINT),
	SC(SYS_eventfd2, "eventfd2", 2, R_INT, TD, F_UINT, F_EFDFLAGS),
	SC(SYS_timerfd_create, "timerfd_create", 2, R_INT, TD, F_CLOCKID, F_TFDFLAGS),
	SC(SYS_timerfd_settime, "timerfd_settime", 4, R_INT, TD, F_FD, F_TFDSETFLAGS,
	   F_ITIMERSPEC, F_ITIMERSPEC_OUT),
	SC(SYS_timerfd_gettime, "timerfd_gettime", 2, R_INT, TD, F_FD, F_ITIMERSPEC_OUT),
	SC(SYS_inotify_init1, "inotify_init1", 1, R_INT, TD, F_INFLAGS),
	SC(SYS_inotify_add_watch, "inotify_add_watch", 3, R_INT, TD | TF, F_FD, F_PATH, F_INMASK),
	SC(SYS_inotify_rm_watch, "inotify_rm_watch", 2, R_INT, TD, F_FD, F_INT),
	SC(SYS_memfd_create, "memfd_create", 2, R_INT, TD, F_STR, F_MFDFLAGS),
	SC(SYS_readv, "readv", 3, R_INT, TD, F_FD, F_IOV_OUT, F_UINT),
	SC(SYS_writev, "writev", 3, R_INT, TD, F_FD, F_IOV, F_UINT),
	SC(SYS_sendfile, "sendfile", 4, R_INT, TD | TN, F_FD, F_FD, F_OFFP_IO, F_UINT),
	SC(SYS_copy_file_range, "copy_file_range", 6, R_INT, TD, F_FD, F_OFFP, F_FD, F_OFFP,
	   F_UINT, F_UINT),
	SC(SYS_splice, "splice", 6, R_INT, TD, F_FD, F_OFFP, F_FD, F_OFFP, F_UINT, F_SPLICEF),
	/* files (dec_fs.c) */
	SC(SYS_statx, "statx", 5, R_INT, TD | TF | TST, F_DIRFD, F_PATH, F_STATXFLAGS,
	   F_STATXMASK, F_STATX),
	SC(SYS_getdents64, "getdents64", 3, R_INT, TD, F_FD, F_DIRENTS, F_UINT),
	SC(SYS_readlinkat, "readlinkat", 4, R_INT, TD | TF, F_DIRFD, F_PATH, F_BUFOUT, F_UINT),
	SC(SYS_renameat, "renameat", 4, R_INT, TD | TF, F_DIRFD, F_PATH, F_DIRFD, F_PATH),
	SC(SYS_renameat2, "renameat2", 5, R_INT, TD | TF, F_DIRFD, F_PATH, F_DIRFD, F_PATH,
	   F_RENAMEF),
	SC(SYS_faccessat2, "faccessat2", 4, R_INT, TD | TF, F_DIRFD, F_PATH, F_ACCESS, F_ACCESSATF),
	SC(SYS_fchmodat, "fchmodat", 3, R_INT, TD | TF, F_DIRFD, F_PATH, F_OCTAL),
	SC(SYS_fchownat, "fchownat", 5, R_INT, TD | TF, F_DIRFD, F_PATH, F_INT, F_INT, F_ATFLAGS),
	SC(SYS_fchown, "fchown", 3, R_INT, TD, F_FD, F_INT, F_INT),
	SC(SYS_chown, "chown", 3, R_INT, TF, F_PATH, F_INT, F_INT),
	SC(SYS_lchown, "lchown", 3, R_INT, TF, F_PATH, F_INT, F_INT),
	SC(SYS_symlink, "symlink", 2, R_INT, TF, F_PATH, F_PATH),
	SC(SYS_symlinkat, "symlinkat", 3, R_INT, TD | TF, F_PATH, F_DIRFD, F_PATH),
	SC(SYS_link, "link", 2, R_INT, TF, F_PATH, F_PATH),
	SC(SYS_linkat, "linkat", 5, R_INT, TD | TF, F_DIRFD, F_PATH, F_DIRFD, F_PATH, F_ATFLAGS),
	SC(SYS_utimensat, "utimensat", 4, R_INT, TD | TF, F_DIRFD, F_PATH, F_UTIMES, F_ATFLAGS),
	/* memory, limits, futexes (dec_mem.c) */
	SC(SYS_madvise, "madvise", 3, R_INT, TM, F_PTR, F_UINT, F_MADV),
	SCH(SYS_mremap, "mremap", 5, R_HEX, TM, H_MREMAP, F_PTR, F_UINT, F_UINT, F_MREMAPF, F_PTR),
	SC(SYS_prlimit64, "prlimit64", 4, R_INT, 0, F_INT, F_RLIMIT, F_RLIM, F_RLIM_OUT),
	SC(SYS_getrlimit, "getrlimit", 2, R_INT, 0, F_RLIMIT, F_RLIM_OUT),
	SC(SYS_setrlimit, "setrlimit", 2, R_INT, 0, F_RLIMIT, F_RLIM),
	SC(SYS_getrandom, "getrandom", 3, R_INT, 0, F_RANDBUF, F_UINT, F_GRNDFLAGS),
	SCH(SYS_futex, "futex", 6, R_INT, 0, H_FUTEX, F_PTR, F_FUTEXOP, F_INT, F_FUTEXARG3, F_PTR,
	    F_FUTEXVAL3),
	SC(SYS_sched_getaffinity, "sched_getaffinity", 3, R_INT, 0, F_INT, F_UINT, F_CPUSET_OUT),
	SCH(SYS_prctl, "prctl", 5, R_INT, 0, H_PRCTL, F_PRCTLOP, F_PRCTLARG, F_HEX, F_HEX, F_HEX),
	SC(SYS_clone3, "clone3", 2, R_INT, TP, F_CLONE3, F_UINT),
	SC(SYS_fadvise64, "fadvise64", 4, R_INT, TD, F_FD, F_LONG, F_LONG, F_FADV),
	SC(SYS_flock, "flock", 2, R_INT, TD, F_FD, F_FLOCKOP),
	SC(SYS_fallocate, "fallocate", 4, R_INT, TD, F_FD, F_FALLOCF, F_LONG, F_LONG),
	SC(SYS_preadv, "preadv", 4, R_INT, TD, F_FD, F_IOV_OUT, F_UINT, F_LONG),
	SC(SYS_pwritev, "pwritev", 4, R_INT, TD, F_FD, F_IOV, F_UINT, F_LONG),
	SC(SYS_pidfd_open, "pidfd_open", 2, R_INT, TD | TP, F_INT, F_PIDFDF),
	SC(SYS_openat2, "openat2", 4, R_INT, TD | TF, F_DIRFD, F_PATH, F_OPENHOW, F_UINT),
	SC(SYS_statfs, "statfs", 2, R_INT, TF, F_PATH, F_STATFS),
	SC(SYS_fstatfs, "fstatfs", 2, R_INT, TD, F_FD, F_STATFS),
	SC(SYS_getxattr, "getxattr", 4, R_INT, TF, F_PATH, F_STR, F_XBUF_OUT, F_UINT),
	SC(SYS_lgetxattr, "lgetxattr", 4, R_INT, TF, F_PATH, F_STR, F_XBUF_OUT, F_UINT),
	SC(SYS_fgetxattr, "fgetxattr", 4, R_INT, TD, F_FD, F_STR, F_XBUF_OUT, F_UINT),
	SC(SYS_setxattr, "setxattr", 5, R_INT, TF, F_PATH, F_STR, F_BUFIN, F_UINT, F_XATTRF),
	SC(SYS_lsetxattr, "lsetxattr", 5, R_INT, TF, F_PATH, F_STR, F_BUFIN, F_UINT, F_XATTRF),
	SC(SYS_fsetxattr, "fsetxattr", 5, R_INT, TD, F_FD, F_STR, F_BUFIN, F_UINT, F_XATTRF),
	SC(SYS_listxattr, "listxattr", 3, R_INT, TF, F_PATH, F_XBUF_OUT, F_UINT),
	SC(SYS_llistxattr, "llistxattr", 3, R_INT, TF, F_PATH, F_XBUF_OUT, F_UINT),
	SC(SYS_flistxattr, "flistxattr", 3, R_INT, TD, F_FD, F_XBUF_OUT, F_UINT),
	SC(SYS_removexattr, "removexattr", 2, R_INT, TF, F_PATH, F_STR),
	SC(SYS_lremovexattr, "lremovexattr", 2, R_INT, TF, F_PATH, F_STR),
	SC(SYS_fremovexattr, "fremovexattr", 2, R_INT, TD, F_FD, F_STR),
	SC(SYS_execveat, "execveat", 5, R_INT, TD | TF | TP, F_DIRFD, F_PATH, F_ARGV, F_ENVP,
	   F_ATFLAGS),
	SC(SYS_mlock, "mlock", 2, R_INT, TM, F_PTR, F_UINT),
	SC(SYS_munlock, "munlock", 2, R_INT, TM, F_PTR, F_UINT),
	SC(SYS_msync, "msync", 3, R_INT, TM, F_PTR, F_UINT, F_MSF),
	SC(SYS_mlockall, "mlockall", 1, R_INT, TM, F_MCL),
	SC(SYS_munlockall, "munlockall", 0, R_INT, TM),
	SC(SYS_sched_setaffinity, "sched_setaffinity", 3, R_INT, 0, F_INT, F_UINT, F_CPUSET_IN),
	SC(SYS_get_mempolicy, "get_mempolicy", 5, R_INT, TM, F_MPOLMODE_OUT, F_NODEMASK_OUT,
	   F_UINT, F_PTR, F_MPOLGETF),
	SC(SYS_set_mempolicy, "set_mempolicy", 3, R_INT, TM, F_MPOLMODE, F_NODEMASK, F_UINT),
	/* processes, credentials, timers (dec_proc.c) */
	SC(SYS_waitid, "waitid", 5, R_INT, TP, F_IDTYPE, F_INT, F_SIGINFO_OUT, F_WAITOPTS, F_PTR),
	SCH(SYS_rt_sigtimedwait, "rt_sigtimedwait", 4, R_INT, TS, H_SIGNUM, F_SIGSET,
	    F_SIGINFO_OUT, F_TIMESPEC, F_UINT),
	SC(SYS_rt_sigsuspend, "rt_sigsuspend", 2, R_INT, TS, F_SIGSET, F_UINT),
	SC(SYS_sigaltstack, "sigaltstack", 2, R_INT, TS, F_STACK_IN, F_STACK_OUT),
	SC(SYS_getresuid, "getresuid", 3, R_INT, TCR, F_IDP_OUT, F_IDP_OUT, F_IDP_OUT),
	SC(SYS_getresgid, "getresgid", 3, R_INT, TCR, F_IDP_OUT, F_IDP_OUT, F_IDP_OUT),
	SC(SYS_setuid, "setuid", 1, R_INT, TCR, F_INT),
	SC(SYS_setgid, "setgid", 1, R_INT, TCR, F_INT),
	SC(SYS_setreuid, "setreuid", 2, R_INT, TCR, F_INT, F_INT),
	SC(SYS_setregid, "setregid", 2, R_INT, TCR, F_INT, F_INT),
	SC(SYS_setresuid, "setresuid", 3, R_INT, TCR, F_INT, F_INT, F_INT),
	SC(SYS_setresgid, "setresgid", 3, R_INT, TCR, F_INT, F_INT, F_INT),
	SC(SYS_getgroups, "getgroups", 2, R_INT, TCR, F_INT, F_GIDS_OUT),
	SC(SYS_setgroups, "setgroups", 2, R_INT, TCR, F_INT, F_GIDS_IN),
	SC(SYS_sysinfo, "sysinfo", 1, R_INT, 0, F_SYSINFO),
	SC(SYS_getrusage, "getrusage", 2, R_INT, 0, F_RUSAGEWHO, F_RUSAGE),
	SCH(SYS_personality, "personality", 1, R_INT, 0, H_PERSONA, F_PERSONA),
	SC(SYS_getcpu, "getcpu", 3, R_INT, 0, F_IDP_OUT, F_IDP_OUT, F_PTR),
	SC(SYS_setitimer, "setitimer", 3, R_INT, 0, F_ITIMERWHICH, F_ITIMERVAL, F_ITIMERVAL_OUT),
	SC(SYS_getitimer, "getitimer", 2, R_INT, 0, F_ITIMERWHICH, F_ITIMERVAL_OUT),
	/* sockets (dec_net.c) */
	SC(SYS_socketpair, "socketpair", 4, R_INT, TN, F_FAMILY, F_SOCKTYPE, F_PROTO, F_PIPEFDS),
	SC(SYS_accept, "accept", 3, R_INT, TD | TN, F_FD, F_SOCKADDR_RET, F_SOCKLEN_IO),
	SC(SYS_accept4, "accept4", 4, R_INT, TD | TN, F_FD, F_SOCKADDR_RET, F_SOCKLEN_IO,
	   F_SOCKFLAGS),
	SC(SYS_sendto, "sendto", 6, R_INT, TD | TN, F_FD, F_BUFIN, F_UINT, F_MSGFLAGS, F_SOCKADDR,
	   F_INT),
	SC(SYS_recvfrom, "recvfrom", 6, R_INT, TD | TN, F_FD, F_BUFOUT, F_UINT, F_MSGFLAGS,
	   F_SOCKADDR_RET, F_SOCKLEN_IO),
	SC(SYS_sendmsg, "sendmsg", 3, R_INT, TD | TN, F_FD, F_MSGHDR, F_MSGFLAGS),
	SC(SYS_recvmsg, "recvmsg", 3, R_INT, TD | TN, F_FD, F_MSGHDR_OUT, F_MSGFLAGS),
	SC(SYS_sendmmsg, "sendmmsg", 4, R_INT, TD | TN, F_FD, F_MMSGS, F_UINT, F_MSGFLAGS),
	SCH(SYS_recvmmsg, "recvmmsg", 5, R_INT, TD | TN, H_MMSG, F_FD, F_MMSGS, F_UINT, F_MSGFLAGS,
	    F_TSPEC_IO),
	SC(SYS_setsockopt, "setsockopt", 5, R_INT, TD | TN, F_FD, F_SOCKLEVEL, F_SOCKOPT,
	   F_SOCKOPTVAL, F_INT),
	SC(SYS_getsockopt, "getsockopt", 5, R_INT, TD | TN, F_FD, F_SOCKLEVEL, F_SOCKOPT,
	   F_SOCKOPTVAL_OUT, F_SOCKLEN_IO),
#endif
};

#undef SC

static const uint8_t capture[F_COUNT] = {
	[F_PATH] = BK_PATH,
	[F_STR] = BK_STR,
	[F_BUFIN] = BK_BUFIN,
	[F_BUFOUT] = BK_OUTBUF,
	[F_STAT] = BK_OUTFIX,
	[F_ARGV] = BK_ARGV,
	[F_ENVP] = BK_COUNT,
	[F_SOCKADDR] = BK_INSZ,
	[F_SOCKADDR_OUT] = BK_OUTFIX,
	[F_SOCKLENP] = BK_OUTFIX,
	[F_PIPEFDS] = BK_OUTFIX,
	[F_WSTATUS] = BK_OUTFIX,
	[F_TIMESPEC] = BK_INFIX,
	[F_TIMESPEC_OUT] = BK_OUTFIX,
	[F_UTSNAME] = BK_OUTFIX,
	[F_CWD] = BK_OUTSTR,
	[F_SIGSET] = BK_INFIX,
	[F_SIGSET_OUT] = BK_OUTFIX,
	[F_SIGACTION] = BK_INFIX,
	[F_SIGACTION_OUT] = BK_OUTFIX,
	[F_SIGFRAME] = BK_SIGMASK,
	[F_FCNTLARG] = BK_INOUT,
	[F_IOCTLARG] = BK_INOUT,
	[F_POLLFDS] = BK_INOUT,
	[F_TSPEC_IO] = BK_INOUT,
	[F_FDSET] = BK_INOUT,
	[F_TIMEVAL_IO] = BK_INOUT,
	[F_PSELSIG] = BK_INFIX,
	[F_EPOLLEV] = BK_INFIX,
	[F_EPOLLEVS_OUT] = BK_OUTFIX,
	[F_ITIMERSPEC] = BK_INFIX,
	[F_ITIMERSPEC_OUT] = BK_OUTFIX,
	[F_IOV] = BK_IOV,
	[F_IOV_OUT] = BK_IOV_OUT,
	[F_OFFP] = BK_INOUT,
	[F_OFFP_IO] = BK_INOUT,
	[F_STATX] = BK_OUTFIX,
	[F_DIRENTS] = BK_DIRENTS,
	[F_UTIMES] = BK_INFIX,
	[F_RLIM] = BK_INFIX,
	[F_RLIM_OUT] = BK_OUTFIX,
	[F_RANDBUF] = BK_OUTBUF,
	[F_FUTEXARG3] = BK_INFIX,
	[F_CPUSET_OUT] = BK_OUTFIX,
	[F_PRCTLARG] = BK_INOUT,
	[F_SOCKADDR_RET] = BK_OUTFIX,
	[F_SOCKLEN_IO] = BK_INOUT,
	[F_SOCKOPTVAL] = BK_INSZ,
	[F_SOCKOPTVAL_OUT] = BK_OUTFIX,
	[F_MSGHDR] = BK_MSGHDR,
	[F_MSGHDR_OUT] = BK_MSGHDR_OUT,
	[F_CLONE3] = BK_INSZ,
	[F_STATFS] = BK_OUTFIX,
	[F_XBUF_OUT] = BK_OUTBUF,
	[F_GIDS_OUT] = BK_OUTFIX,
	[F_GIDS_IN] = BK_INFIX,
	[F_SYSINFO] = BK_OUTFIX,
	[F_SIGINFO_OUT] = BK_OUTFIX,
	[F_STACK_IN] = BK_INFIX,
	[F_STACK_OUT] = BK_OUTFIX,
	[F_IDP_OUT] = BK_OUTFIX,
	[F_OPENHOW] = BK_INSZ,
	[F_ITIMERVAL] = BK_INFIX,
	[F_ITIMERVAL_OUT] = BK_OUTFIX,
	[F_CPUSET_IN] = BK_INFIX,
	[F_MMSGS] = BK_MMSG,
	[F_RUSAGE] = BK_OUTFIX,
	[F_MPOLMODE_OUT] = BK_OUTFIX,
	[F_NODEMASK] = BK_INFIX,
	[F_NODEMASK_OUT] = BK_OUTFIX,
};

/* Formats read at entry but printed at exit: the kernel's answer decides. */
static const bool printed_late[F_COUNT] = {
	[F_FCNTLARG] = true, [F_IOCTLARG] = true, [F_SOCKLEN_IO] = true, [F_PRCTLARG] = true,
	[F_OFFP_IO] = true, [F_CLONE3] = true,
};

static const uint16_t capture_size[F_COUNT] = {
	[F_STAT] = 144,		/* struct stat on x86-64 */
	[F_SOCKADDR] = 128,	/* struct sockaddr_storage */
	[F_SOCKADDR_OUT] = 128,
	[F_SOCKLENP] = 4,
	[F_PIPEFDS] = 8,
	[F_WSTATUS] = 4,
	[F_TIMESPEC] = 16,
	[F_TIMESPEC_OUT] = 16,
	[F_UTSNAME] = 390,	/* struct utsname: 6 fields of 65 */
	[F_SIGSET] = 8,
	[F_SIGSET_OUT] = 8,
	[F_SIGACTION] = 32,	/* the kernel's struct sigaction: handler, flags, restorer, mask */
	[F_SIGACTION_OUT] = 32,
	[F_SIGFRAME] = 8,
	[F_FCNTLARG] = 32,	/* struct flock */
	[F_IOCTLARG] = 16,	/* an int, struct winsize, termios' four flag words */
	[F_POLLFDS] = 64,	/* 8 struct pollfd */
	[F_TSPEC_IO] = 16,
	[F_FDSET] = 128,	/* fd_set: 1024 descriptors */
	[F_TIMEVAL_IO] = 16,
	[F_PSELSIG] = 16,	/* pselect6's {sigset pointer, size} */
	[F_EPOLLEV] = 12,	/* packed struct epoll_event */
	[F_EPOLLEVS_OUT] = 192,
	[F_ITIMERSPEC] = 32,
	[F_ITIMERSPEC_OUT] = 32,
	[F_OFFP] = 8,
	[F_OFFP_IO] = 8,
	[F_STATX] = 256,
	[F_UTIMES] = 32,
	[F_RLIM] = 16,
	[F_RLIM_OUT] = 16,
	[F_FUTEXARG3] = 16,
	[F_CPUSET_OUT] = 128,
	[F_PRCTLARG] = 16,	/* TASK_COMM_LEN */
	[F_SOCKADDR_RET] = 128,
	[F_SOCKLEN_IO] = 4,
	[F_SOCKOPTVAL] = 16,
	[F_SOCKOPTVAL_OUT] = 16,
	[F_CLONE3] = 88,	/* struct clone_args up to cgroup */
	[F_STATFS] = 120,	/* struct statfs */
	[F_GIDS_OUT] = 256,	/* 64 groups */
	[F_GIDS_IN] = 256,
	[F_SYSINFO] = 112,	/* struct sysinfo */
	[F_SIGINFO_OUT] = 48,	/* siginfo_t up to si_stime */
	[F_STACK_IN] = 24,	/* stack_t */
	[F_STACK_OUT] = 24,
	[F_IDP_OUT] = 4,
	[F_OPENHOW] = 24,	/* struct open_how */
	[F_ITIMERVAL] = 32,
	[F_ITIMERVAL_OUT] = 32,
	[F_CPUSET_IN] = 128,
	[F_RUSAGE] = 32,	/* struct rusage's two times */
	[F_MPOLMODE_OUT] = 4,
	[F_NODEMASK] = 128,	/* 1024 nodes */
	[F_NODEMASK_OUT] = 128,
};

static char *raw_names[ARCH_SYSCALLS_MAX];

/* The -e trace=%CLASS membership of calls that print raw. */
static const struct { const char *name; uint32_t classes; } raw_classes[] = {
	{ "mount", TF }, { "umount2", TF }, { "rt_sigqueueinfo", TS | TP }, { "capget", TCR },
	{ "capset", TCR }, { "gettimeofday", TCL }, { "settimeofday", TCL }, { "clock_settime", TCL },
	{ "adjtimex", TCL }, { "clock_adjtime", TCL }, { "time", TCL }, { "shmget", TC_IPC },
	{ "shmat", TC_IPC | TM }, { "shmdt", TC_IPC | TM }, { "shmctl", TC_IPC },
	{ "semget", TC_IPC }, { "semop", TC_IPC }, { "semctl", TC_IPC }, { "msgget", TC_IPC },
	{ "msgsnd", TC_IPC }, { "msgrcv", TC_IPC }, { "msgctl", TC_IPC },
};

bool argfmt_at_exit(enum argfmt f)
{
	return capture[f] >= BK_EXIT || printed_late[f];
}

/* Arity and pointer arguments from syscalls/sys_enter_NAME/format. */
static void fill_raw(int nr, struct sysent *e)
{
	char *text, *want;
	tracefs_fieldlist fields = { 0 };

	e->name = arch_syscall_name(nr);
	for (size_t i = 0; e->name && i < sizeof(raw_classes) / sizeof(raw_classes[0]); i++)
		if (strcmp(raw_classes[i].name, e->name) == 0)
			e->classes = raw_classes[i].classes;
	if (!e->name) {
		raw_names[nr] = xasprintf("syscall_%#x", nr);
		e->name = raw_names[nr];
		e->nargs = 6;
		for (int i = 0; i < 6; i++)
			e->arg[i] = F_HEX;
		return;
	}
	/* the tracepoint may keep the kernel's name (newuname, sendfile64) */
	static const char *const forms[] = { "sys_enter_%s", "sys_enter_new%s", "sys_enter_%s64" };

	text = NULL;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]) && !text; i++) {
		want = xasprintf(forms[i], e->name);
		text = tracefs_read_format("syscalls", want);
		free(want);
	}
	if (!text)
		return;
	tracefs_parse_fields(text, &fields);
	for (int i = 0; i < fields.n && e->nargs < 6; i++) {
		struct tracefs_field *f = &fields.v[i];

		if (f->common || strcmp(f->name, "__syscall_nr") == 0)
			continue;
		e->arg[e->nargs++] = strchr(f->ctype, '*') ? F_PTR :
				     strstr(f->ctype, "unsigned") || strstr(f->ctype, "size_t") ?
				     F_UINT : F_INT;
	}
	tracefs_fields_free(&fields);
	free(text);
}

const struct sysent *sysent_get(int nr)
{
	struct sysent *e = &table[nr];

	if (!e->name)
		fill_raw(nr, e);
	if (!e->name)
		e->name = "?";
	return e;
}

int sysent_find(const char *name)
{
	for (int nr = 0; nr < ARCH_SYSCALLS_MAX; nr++) {
		const char *n = table[nr].name ? table[nr].name : arch_syscall_name(nr);

		if (n && strcmp(n, name) == 0)
			return nr;
	}
	return -1;
}

bool sysent_decoded(int nr)
{
	return nr >= 0 && nr < ARCH_SYSCALLS_MAX && table[nr].decoded;
}

void sysent_spec(int nr, struct strace_spec *s)
{
	const struct sysent *e = &table[nr];

	memset(s, 0, sizeof(*s));
	if (!e->decoded)
		return;
	for (int i = 0; i < e->nargs; i++) {
		s->kind[i] = capture[e->arg[i]];
		s->size[i] = capture_size[e->arg[i]];
	}
}

void sysent_free(void)
{
	for (int nr = 0; nr < ARCH_SYSCALLS_MAX; nr++) {
		if (raw_names[nr]) {
			free(raw_names[nr]);
			raw_names[nr] = NULL;
		}
		if (!table[nr].decoded)
			memset(&table[nr], 0, sizeof(table[nr]));
	}
}
