// SPDX-License-Identifier: GPL-2.0
/* See flags.h.  Tables are in the order strace users see the names. */
#include "strace/flags.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <sched.h>
#include <time.h>
#include <asm/prctl.h>
#include <unistd.h>

#define F(x) { x, #x }
/*
 * The kernel's O_LARGEFILE (asm-generic/fcntl.h): the C library makes it 0
 * on 64-bit hosts, yet the kernel sets it in every file's flags (F_GETFL).
 */
#define KERNEL_O_LARGEFILE 0100000
#define SET(name, ...) \
	static const struct flagname name##_v[] = { __VA_ARGS__ }; \
	const struct flagset name = { name##_v, (int)(sizeof(name##_v) / sizeof(name##_v[0])) }

SET(open_flags, F(O_CREAT), F(O_EXCL), F(O_NOCTTY), F(O_TRUNC), F(O_APPEND), F(O_NONBLOCK),
    F(O_SYNC), F(O_DSYNC), F(O_DIRECT), { KERNEL_O_LARGEFILE, "O_LARGEFILE" }, F(O_NOFOLLOW),
    F(O_NOATIME), F(O_CLOEXEC), F(O_PATH), F(O_TMPFILE), F(O_DIRECTORY), { O_ASYNC, "FASYNC" });
SET(prot_flags, F(PROT_READ), F(PROT_WRITE), F(PROT_EXEC), F(PROT_GROWSDOWN), F(PROT_GROWSUP));
SET(mmap_flags, F(MAP_SHARED), F(MAP_PRIVATE), F(MAP_SHARED_VALIDATE), F(MAP_FIXED),
    F(MAP_ANONYMOUS), F(MAP_32BIT), F(MAP_GROWSDOWN), F(MAP_DENYWRITE), F(MAP_EXECUTABLE),
    F(MAP_LOCKED), F(MAP_NORESERVE), F(MAP_POPULATE), F(MAP_NONBLOCK), F(MAP_STACK),
    F(MAP_HUGETLB), F(MAP_SYNC), F(MAP_FIXED_NOREPLACE));
SET(at_flags, F(AT_SYMLINK_NOFOLLOW), F(AT_REMOVEDIR), F(AT_SYMLINK_FOLLOW),
    F(AT_NO_AUTOMOUNT), F(AT_EMPTY_PATH), F(AT_EACCESS));
SET(access_flags, F(R_OK), F(W_OK), F(X_OK));
SET(clone_flags, F(CLONE_VM), F(CLONE_FS), F(CLONE_FILES), F(CLONE_SIGHAND), F(CLONE_PIDFD),
    F(CLONE_PTRACE), F(CLONE_VFORK), F(CLONE_PARENT), F(CLONE_THREAD), F(CLONE_NEWNS),
    F(CLONE_SYSVSEM), F(CLONE_SETTLS), F(CLONE_PARENT_SETTID), F(CLONE_CHILD_CLEARTID),
    F(CLONE_DETACHED), F(CLONE_UNTRACED), F(CLONE_CHILD_SETTID), F(CLONE_NEWCGROUP),
    F(CLONE_NEWUTS), F(CLONE_NEWIPC), F(CLONE_NEWUSER), F(CLONE_NEWPID), F(CLONE_NEWNET),
    F(CLONE_IO));
SET(wait_flags, F(WNOHANG), F(WUNTRACED), F(WEXITED), F(WCONTINUED), F(WNOWAIT),
    F(__WNOTHREAD), F(__WALL), F(__WCLONE));
SET(sock_type_flags, F(SOCK_CLOEXEC), F(SOCK_NONBLOCK));
SET(whence_names, F(SEEK_SET), F(SEEK_CUR), F(SEEK_END), F(SEEK_DATA), F(SEEK_HOLE));
SET(family_names, F(AF_UNSPEC), F(AF_UNIX), F(AF_INET), F(AF_INET6), F(AF_NETLINK),
    F(AF_PACKET), F(AF_VSOCK), F(AF_BLUETOOTH), F(AF_ALG));
SET(sock_type_names, F(SOCK_STREAM), F(SOCK_DGRAM), F(SOCK_RAW), F(SOCK_RDM),
    F(SOCK_SEQPACKET), F(SOCK_DCCP), F(SOCK_PACKET));
SET(proto_names, F(IPPROTO_IP), F(IPPROTO_ICMP), F(IPPROTO_TCP), F(IPPROTO_UDP),
    F(IPPROTO_IPV6), F(IPPROTO_ICMPV6), F(IPPROTO_SCTP), F(IPPROTO_RAW));
SET(signal_names, F(SIGHUP), F(SIGINT), F(SIGQUIT), F(SIGILL), F(SIGTRAP), F(SIGABRT),
    F(SIGBUS), F(SIGFPE), F(SIGKILL), F(SIGUSR1), F(SIGSEGV), F(SIGUSR2), F(SIGPIPE),
    F(SIGALRM), F(SIGTERM), F(SIGSTKFLT), F(SIGCHLD), F(SIGCONT), F(SIGSTOP), F(SIGTSTP),
    F(SIGTTIN), F(SIGTTOU), F(SIGURG), F(SIGXCPU), F(SIGXFSZ), F(SIGVTALRM), F(SIGPROF),
    F(SIGWINCH), F(SIGIO), F(SIGPWR), F(SIGSYS));
SET(si_code_names, F(SI_USER), F(SI_KERNEL), F(SI_QUEUE), F(SI_TIMER), F(SI_MESGQ),
    F(SI_ASYNCIO), F(SI_SIGIO), F(SI_TKILL));
SET(arch_prctl_names, F(ARCH_SET_GS), F(ARCH_SET_FS), F(ARCH_GET_FS), F(ARCH_GET_GS),
    F(ARCH_GET_CPUID), F(ARCH_SET_CPUID));
SET(clock_names, F(CLOCK_REALTIME), F(CLOCK_MONOTONIC), F(CLOCK_PROCESS_CPUTIME_ID),
    F(CLOCK_THREAD_CPUTIME_ID), F(CLOCK_MONOTONIC_RAW), F(CLOCK_REALTIME_COARSE),
    F(CLOCK_MONOTONIC_COARSE), F(CLOCK_BOOTTIME), F(CLOCK_REALTIME_ALARM),
    F(CLOCK_BOOTTIME_ALARM), F(CLOCK_TAI));
SET(sighow_names, F(SIG_BLOCK), F(SIG_UNBLOCK), F(SIG_SETMASK));
SET(timer_flags, F(TIMER_ABSTIME));
SET(cld_code_names, F(CLD_EXITED), F(CLD_KILLED), F(CLD_DUMPED), F(CLD_TRAPPED),
    F(CLD_STOPPED), F(CLD_CONTINUED));

const char *flag_name(const struct flagset *set, unsigned long long val)
{
	for (int i = 0; i < set->n; i++)
		if (set->v[i].val == val)
			return set->v[i].name;
	return NULL;
}

void print_flags(struct strbuf *sb, const struct flagset *set, unsigned long long val,
		 const char *zero_name)
{
	bool first = true;

	if (val == 0) {
		sb_adds(sb, zero_name ? zero_name : "0");
		return;
	}
	for (int i = 0; i < set->n; i++) {
		unsigned long long f = set->v[i].val;

		if (f && (val & f) == f) {
			sb_addf(sb, "%s%s", first ? "" : "|", set->v[i].name);
			val &= ~f;
			first = false;
		}
	}
	if (val)
		sb_addf(sb, "%s%#llx", first ? "" : "|", val);
}

/*
 * The kernel's real-time signals (asm/signal.h): the C library's SIGRTMIN
 * is above the two it keeps for itself, strace names them from 32.
 */
#define KERNEL_SIGRTMIN 32
#define KERNEL_SIGRTMAX 64

void print_signal(struct strbuf *sb, int sig)
{
	const char *name = flag_name(&signal_names, (unsigned)sig);

	if (name)
		sb_adds(sb, name);
	else if (sig == KERNEL_SIGRTMIN)
		sb_adds(sb, "SIGRTMIN");
	else if (sig > KERNEL_SIGRTMIN && sig <= KERNEL_SIGRTMAX)
		sb_addf(sb, "SIGRT_%d", sig - KERNEL_SIGRTMIN);
	else
		sb_addf(sb, "%d", sig);
}

/* Errors the kernel uses inside and lets userspace see in traces. */
static const struct { int err; const char *name, *text; } kernel_errors[] = {
	{ 512, "ERESTARTSYS", "To be restarted if SA_RESTART is set" },
	{ 513, "ERESTARTNOINTR", "To be restarted" },
	{ 514, "ERESTARTNOHAND", "To be restarted if no handler" },
	{ 515, "ENOIOCTLCMD", "No ioctl command" },
	{ 516, "ERESTART_RESTARTBLOCK", "Interrupted by signal" },
};

const char *errno_name(int err)
{
	const char *n;

	for (size_t i = 0; i < sizeof(kernel_errors) / sizeof(kernel_errors[0]); i++)
		if (kernel_errors[i].err == err)
			return kernel_errors[i].name;
	n = strerrorname_np(err);
	return n ? n : NULL;
}

const char *errno_text(int err)
{
	for (size_t i = 0; i < sizeof(kernel_errors) / sizeof(kernel_errors[0]); i++)
		if (kernel_errors[i].err == err)
			return kernel_errors[i].text;
	return strerror(err);
}
