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
	SC(SYS_getsockname, "getsockname", 3, R_INT, TN, F_FD, F_SOCKADDR_OUT, F_SOCKLENP),
	SC(SYS_getpeername, "getpeername", 3, R_INT, TN, F_FD, F_SOCKADDR_OUT, F_SOCKLENP),
	SC(SYS_shutdown, "shutdown", 2, R_INT, TN, F_FD, F_INT),
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
	SC(SYS_umask, "umask", 1, R_INT, 0, F_OCTAL),
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
};

static char *raw_names[ARCH_SYSCALLS_MAX];

/* The -e trace=%CLASS membership of calls that print raw. */
static const struct { const char *name; uint32_t classes; } raw_classes[] = {
	{ "clone3", TP }, { "execveat", TD | TF | TP }, { "waitid", TP }, { "exit", TP },
	{ "faccessat2", TD | TF }, { "statx", TD | TF | TST }, { "readlinkat", TD | TF },
	{ "fchmodat", TD | TF }, { "fchownat", TD | TF }, { "chown", TF }, { "lchown", TF },
	{ "renameat", TD | TF }, { "renameat2", TD | TF }, { "linkat", TD | TF },
	{ "link", TF }, { "symlink", TF }, { "symlinkat", TD | TF }, { "utimensat", TD | TF },
	{ "statfs", TF }, { "fstatfs", TD }, { "mount", TF }, { "umount2", TF },
	{ "inotify_add_watch", TD | TF }, { "openat2", TD | TF }, { "getdents64", TD },
	{ "fcntl", TD }, { "ioctl", TD }, { "readv", TD }, { "writev", TD }, { "sendfile", TD | TN },
	{ "poll", TD }, { "ppoll", TD }, { "select", TD }, { "pselect6", TD },
	{ "epoll_wait", TD }, { "epoll_pwait", TD }, { "epoll_ctl", TD }, { "epoll_create1", TD },
	{ "eventfd2", TD }, { "memfd_create", TD }, { "pidfd_open", TD | TP },
	{ "sendto", TD | TN }, { "recvfrom", TD | TN }, { "sendmsg", TD | TN }, { "recvmsg", TD | TN },
	{ "accept", TD | TN }, { "accept4", TD | TN }, { "socketpair", TN },
	{ "setsockopt", TD | TN }, { "getsockopt", TD | TN },
	{ "rt_sigaction", TS }, { "rt_sigreturn", TS }, { "rt_sigsuspend", TS },
	{ "rt_sigtimedwait", TS }, { "rt_sigqueueinfo", TS | TP }, { "sigaltstack", TS },
	{ "mremap", TM }, { "madvise", TM }, { "mlock", TM }, { "munlock", TM }, { "msync", TM },
	{ "setuid", TCR }, { "setgid", TCR }, { "setresuid", TCR }, { "setresgid", TCR },
	{ "getresuid", TCR }, { "getresgid", TCR }, { "setgroups", TCR }, { "getgroups", TCR },
	{ "capget", TCR }, { "capset", TCR }, { "gettimeofday", TCL }, { "settimeofday", TCL },
	{ "clock_settime", TCL }, { "adjtimex", TCL }, { "clock_adjtime", TCL }, { "time", TCL },
	{ "shmget", TC_IPC }, { "shmat", TC_IPC | TM }, { "shmdt", TC_IPC | TM }, { "shmctl", TC_IPC },
	{ "semget", TC_IPC }, { "semop", TC_IPC }, { "semctl", TC_IPC }, { "msgget", TC_IPC },
	{ "msgsnd", TC_IPC }, { "msgrcv", TC_IPC }, { "msgctl", TC_IPC },
};

bool argfmt_at_exit(enum argfmt f)
{
	return capture[f] >= BK_EXIT;
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
