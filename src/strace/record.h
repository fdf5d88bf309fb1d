/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What sonde strace's kernel programs send to userspace, and the
 * per-syscall capture plan they follow.  A record is a fixed header then
 * blobs: {s32 len, u16 arg, u16 kind} and len bytes (len < 0: the read
 * failed with that errno; for BK_COUNT blobs len is a count, no bytes).
 */
#ifndef SONDE_STRACE_RECORD_H
#define SONDE_STRACE_RECORD_H

#include <stdint.h>

enum strace_rec_type { REC_ENTER = 1, REC_EXIT, REC_PROC_EXIT, REC_SIGNAL, REC_EXEC, REC_STACK };

/*
 * REC_STACK (-k), sent just before a call's REC_ENTER (nr is the call's)
 * or a delivered signal's REC_SIGNAL (nr is -1),
 * a[0] the bytes of stack copied; the header is followed by the user
 * registers (struct pt_regs) and STRACE_STACK_BYTES from their sp up.
 */
#define STRACE_REGS_BYTES	168
#define STRACE_STACK_BYTES	16384

struct strace_rec {
	uint32_t type;
	uint32_t tid;
	uint32_t pid;		/* thread group id */
	uint32_t size;		/* header and blobs */
	uint64_t ts;		/* CLOCK_MONOTONIC ns */
	int64_t nr;		/* syscall number; the signal for REC_SIGNAL */
	int64_t ret;		/* return value; exit_code for REC_PROC_EXIT */
	uint64_t a[6];		/* arguments; the siginfo for REC_SIGNAL; argc, envc for REC_EXEC */
};

struct strace_blob {
	int32_t len;
	uint16_t arg;
	uint16_t kind;
};

/*
 * How an argument's memory is captured.  Kinds below BK_EXIT are read at
 * entry, the others at exit (when the kernel has filled them in).
 */
enum blob_kind {
	BK_NONE,
	BK_PATH,	/* NUL-terminated, up to PATH_MAX */
	BK_STR,		/* NUL-terminated, up to -s + 1 */
	BK_BUFIN,	/* next argument bytes, up to -s + 1 */
	BK_ARGV,	/* NULL-terminated array of strings, one blob each */
	BK_COUNT,	/* NULL-terminated array: how many entries */
	BK_INFIX,	/* size[] bytes */
	BK_INSZ,	/* next argument bytes, up to size[] */
	BK_INOUT,	/* size[] bytes at entry, again at exit as BK_INOUT_AGAIN */
	BK_IOV,		/* iovec array, count in the next argument: the array, then
			 * each buffer (BK_IOV_DATA, up to -s + 1 bytes), IOV_MAX of them */
	BK_MSGHDR,	/* struct msghdr: itself, its name (BK_MSG_NAME), its iovecs */
	BK_SIGMASK,	/* rt_sigreturn: the signal frame's uc_sigmask, at the user sp */
	BK_IOV_DATA,	/* (tags of the blobs above, never in a plan) */
	BK_MSG_NAME,
	BK_EXIT,
	BK_OUTBUF = BK_EXIT,	/* return value bytes, up to -s + 1 */
	BK_OUTFIX,	/* size[] bytes */
	BK_OUTSTR,	/* NUL-terminated, up to PATH_MAX */
	BK_PATH_AGAIN,	/* a BK_PATH read again at exit: the kernel has faulted it in */
	BK_EXEC_FILE,	/* REC_EXEC: the file the kernel opened */
	BK_EXEC_ARGS,	/* REC_EXEC: the new image's argument strings, NUL-separated */
	BK_INOUT_AGAIN,	/* a BK_INOUT read again at exit */
	BK_DIRENTS,	/* linux_dirent64 records in the return value's bytes: a u32 count */
	BK_IOV_OUT,	/* BK_IOV read at exit (readv) */
	BK_MSGHDR_OUT,	/* BK_MSGHDR read at exit (recvmsg) */
	BK_IOV_DATA_OUT,
	BK_MSG_NAME_OUT,
	BK_MMSG,	/* struct mmsghdr array at exit: BK_MSGHDR_OUT blobs and theirs per
			 * message, tagged MMSG_TAG(arg, message) */
	BK_KINDS
};

struct strace_spec {
	uint8_t kind[6];
	uint8_t pad[2];
	uint16_t size[6];
	uint8_t pad2[4];
};

#define STRACE_PATH_MAX		4096
#define STRACE_ARGV_MAX		32
#define STRACE_ENV_MAX		1024
#define STRACE_SCRATCH		(32 * 1024)	/* the largest per-CPU value */
#define STRACE_SIGINFO		48
#define STRACE_EXEC_ARGS	4096
#define STRACE_IOV_MAX		8	/* iovecs captured per call (strace prints them all) */
#define STRACE_DIRENTS_MAX	1024	/* directory records counted per getdents64 */
#define STRACE_MMSG_MAX		8	/* messages captured per sendmmsg/recvmmsg */
#define MMSG_TAG(arg, j)	((arg) | ((j) + 1) << 8)

#endif
