/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The decoders of system call arguments, one family per file (dec_signal.c,
 * dec_desc.c, dec_fs.c, dec_net.c, dec_mem.c), and the helpers of fmt.c they
 * share.  A decoder prints one argument (an F_* format of sysent.h) from the
 * call's registers and the memory its plan captured (record.h); a call hook
 * (H_*) decides, for calls whose arguments depend on one another (fcntl,
 * futex, prctl...), which arguments print and how the result reads.
 */
#ifndef SONDE_STRACE_DEC_H
#define SONDE_STRACE_DEC_H

#include <stdbool.h>

#include "strace/fmt.h"
#include "strace/flags.h"

struct blob_ref {
	long len;		/* < 0: unreadable */
	const unsigned char *data;
};

/* fmt.c */
/* The n-th blob of argument arg of that kind, in the entry or exit record the kind belongs to. */
bool dec_blob(const struct call *c, int arg, int kind, int n, struct blob_ref *out);
/* A blob of at least size bytes of argument arg (non-NULL; exit blobs of a successful call). */
bool dec_fixed(const struct call *c, int arg, int kind, long size, struct blob_ref *out);
unsigned long long call_arg(const struct call *c, int i);
long long call_ret(const struct call *c);
bool call_failed(const struct call *c);
void dec_ptr(struct strbuf *sb, unsigned long long p);
void dec_fd(struct strbuf *sb, const struct call *c, int fd);
void dec_named(struct strbuf *sb, const struct flagset *set, unsigned long long v,
	       const char *unknown);
void dec_oflags(struct strbuf *sb, unsigned long long v);
void dec_sigset_val(struct strbuf *sb, unsigned long long set);
void dec_timespec_val(struct strbuf *sb, const unsigned char *p);
void dec_sockaddr_val(struct strbuf *sb, const unsigned char *data, long len);
/* {si_signo=..., si_code=..., ...} of a 48-byte siginfo. */
void dec_siginfo(struct strbuf *sb, const unsigned char *info);
/* -s bounds arrays as it bounds strings: true (and ", ..." printed) at element k >= -s. */
bool dec_array_cut(struct strbuf *sb, const struct call *c, long long k);
/* A memory argument the decoder could not use: its address, as strace prints it. */
void dec_addr(struct strbuf *sb, const struct call *c, int i);

/* dec.c: F_* formats beyond fmt.c's, and the call hooks */
void dec_arg(struct strbuf *sb, const struct call *c, int i);
/* Bit i set: argument i prints. */
unsigned dec_shown(const struct call *c);
/* The "= ..." of a successful call when its hook prints it; false otherwise. */
bool dec_return(struct strbuf *sb, const struct call *c);

void dec_mode(struct strbuf *sb, unsigned mode);

/* the families; *_flag: formats that are a name or flag set, false if not theirs */
bool dec_signal_flag(struct strbuf *sb, const struct call *c, int i);
bool dec_desc_flag(struct strbuf *sb, const struct call *c, int i);
bool dec_fs_flag(struct strbuf *sb, const struct call *c, int i);
bool dec_mem_flag(struct strbuf *sb, const struct call *c, int i);
bool dec_net_flag(struct strbuf *sb, const struct call *c, int i);
bool dec_proc_arg(struct strbuf *sb, const struct call *c, int i);
bool dec_mempolicy(struct strbuf *sb, const struct call *c, int i);
bool dec_signum_return(struct strbuf *sb, const struct call *c);
bool dec_persona_return(struct strbuf *sb, const struct call *c);
void dec_sigaction(struct strbuf *sb, const struct call *c, int i, int kind);
void dec_sigmask_frame(struct strbuf *sb, const struct call *c, int i);
void dec_fcntl_arg(struct strbuf *sb, const struct call *c, int i);
unsigned dec_fcntl_shown(const struct call *c);
bool dec_fcntl_return(struct strbuf *sb, const struct call *c);
void dec_ioctl_cmd(struct strbuf *sb, unsigned long long cmd);
void dec_ioctl_arg(struct strbuf *sb, const struct call *c, int i);
void dec_termios(struct strbuf *sb, const unsigned char *p);
/* "SNDCTL_TMR_START or TCSETS": a request's two names, or NULL. */
const char *dec_tty_alias(unsigned long long cmd);
unsigned dec_ioctl_shown(const struct call *c);
void dec_futex_op(struct strbuf *sb, unsigned long long op);
void dec_futex_arg(struct strbuf *sb, const struct call *c, int i);
unsigned dec_futex_shown(const struct call *c);
void dec_prctl_arg(struct strbuf *sb, const struct call *c, int i);
unsigned dec_prctl_shown(const struct call *c);
unsigned dec_mremap_shown(const struct call *c);
bool dec_prctl_return(struct strbuf *sb, const struct call *c);
void dec_pollfds(struct strbuf *sb, const struct call *c, int i);
bool dec_poll_return(struct strbuf *sb, const struct call *c);
void dec_fdset(struct strbuf *sb, const struct call *c, int i);
bool dec_select_return(struct strbuf *sb, const struct call *c);
void dec_epoll_event(struct strbuf *sb, const struct call *c, int i);
void dec_epoll_events_out(struct strbuf *sb, const struct call *c, int i);
void dec_itimerspec(struct strbuf *sb, const struct call *c, int i, int kind);
void dec_iov(struct strbuf *sb, const struct call *c, int i, bool out);
/* The n iovecs of array arr (a blob of argument i), their data blobs of data_kind; left >= 0: bytes returned. */
void dec_iov_items(struct strbuf *sb, const struct call *c, int i, const struct blob_ref *arr,
		   unsigned long long n, int data_kind, long long left);
void dec_statx(struct strbuf *sb, const struct call *c, int i);
void dec_statx_flags(struct strbuf *sb, unsigned long long v);
void dec_dirents(struct strbuf *sb, const struct call *c, int i);
void dec_utimes(struct strbuf *sb, const struct call *c, int i);
void dec_offp(struct strbuf *sb, const struct call *c, int i);
void dec_rlimit(struct strbuf *sb, const struct call *c, int i, int kind);
void dec_randbuf(struct strbuf *sb, const struct call *c, int i);
void dec_cpuset(struct strbuf *sb, const struct call *c, int i);
void dec_clone3(struct strbuf *sb, const struct call *c, int i);
void dec_socklen_io(struct strbuf *sb, const struct call *c, int i);
void dec_sockaddr_ret(struct strbuf *sb, const struct call *c, int i);
void dec_sockopt_name(struct strbuf *sb, const struct call *c, int i);
void dec_sockopt_val(struct strbuf *sb, const struct call *c, int i, bool out);
void dec_msghdr(struct strbuf *sb, const struct call *c, int i, bool out);
void dec_mmsghdrs(struct strbuf *sb, const struct call *c, int i);
bool dec_mmsg_return(struct strbuf *sb, const struct call *c);

#endif
