// SPDX-License-Identifier: GPL-2.0
/*
 * Descriptor decoders: fcntl, ioctl, poll/select, epoll, the fd-making
 * calls' flags (eventfd, timerfd, inotify, memfd), iovecs, file offsets.
 */
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <termios.h>

#include "strace/dec.h"

FLAGSET(fcntl_cmds, FLAG(F_DUPFD), FLAG(F_GETFD), FLAG(F_SETFD), FLAG(F_GETFL), FLAG(F_SETFL),
	FLAG(F_GETLK), FLAG(F_SETLK), FLAG(F_SETLKW), FLAG(F_SETOWN), FLAG(F_GETOWN),
	FLAG(F_SETSIG), FLAG(F_GETSIG), FLAG(F_SETOWN_EX), FLAG(F_GETOWN_EX), FLAG(F_OFD_GETLK),
	FLAG(F_OFD_SETLK), FLAG(F_OFD_SETLKW), FLAG(F_SETLEASE), FLAG(F_GETLEASE),
	FLAG(F_NOTIFY), FLAG(F_DUPFD_CLOEXEC), FLAG(F_SETPIPE_SZ), FLAG(F_GETPIPE_SZ),
	FLAG(F_ADD_SEALS), FLAG(F_GET_SEALS));
FLAGSET(fd_flags, FLAG(FD_CLOEXEC));
FLAGSET(lock_types, FLAG(F_RDLCK), FLAG(F_WRLCK), FLAG(F_UNLCK));
FLAGSET(whence, FLAG(SEEK_SET), FLAG(SEEK_CUR), FLAG(SEEK_END));
FLAGSET(ioctl_cmds, FLAG(TCGETS), FLAG(TCSETS), FLAG(TCSETSW), FLAG(TCSETSF), FLAG(TCGETA),
	FLAG(TCSETA), FLAG(TCSETAW), FLAG(TCSETAF), FLAG(TCSBRK), FLAG(TCXONC), FLAG(TCFLSH),
	FLAG(TIOCEXCL), FLAG(TIOCNXCL), FLAG(TIOCSCTTY), FLAG(TIOCGPGRP), FLAG(TIOCSPGRP),
	FLAG(TIOCOUTQ), FLAG(TIOCSTI), FLAG(TIOCGWINSZ), FLAG(TIOCSWINSZ), FLAG(TIOCMGET),
	FLAG(TIOCMSET), FLAG(TIOCGSID), FLAG(TIOCNOTTY), FLAG(TIOCGPTN), FLAG(TIOCSPTLCK),
	FLAG(FIONREAD), FLAG(FIONBIO), FLAG(FIOASYNC), FLAG(FIOCLEX), FLAG(FIONCLEX));
FLAGSET(poll_events, FLAG(POLLIN), FLAG(POLLPRI), FLAG(POLLOUT), FLAG(POLLERR),
	FLAG(POLLHUP), FLAG(POLLNVAL), FLAG(POLLRDNORM), FLAG(POLLRDBAND), FLAG(POLLWRNORM),
	FLAG(POLLWRBAND), FLAG(POLLMSG), FLAG(POLLREMOVE), FLAG(POLLRDHUP));
FLAGSET(epoll_ops, FLAG(EPOLL_CTL_ADD), FLAG(EPOLL_CTL_DEL), FLAG(EPOLL_CTL_MOD));
FLAGSET(epoll_events, FLAG(EPOLLIN), FLAG(EPOLLPRI), FLAG(EPOLLOUT), FLAG(EPOLLERR),
	FLAG(EPOLLHUP), FLAG(EPOLLRDNORM), FLAG(EPOLLRDBAND), FLAG(EPOLLWRNORM),
	FLAG(EPOLLWRBAND), FLAG(EPOLLMSG), FLAG(EPOLLRDHUP), FLAG(EPOLLEXCLUSIVE),
	FLAG(EPOLLWAKEUP), FLAG(EPOLLONESHOT), FLAG(EPOLLET));
FLAGSET(epoll_flags, FLAG(EPOLL_CLOEXEC));
FLAGSET(efd_flags, FLAG(EFD_SEMAPHORE), FLAG(EFD_CLOEXEC), FLAG(EFD_NONBLOCK));
FLAGSET(tfd_flags, FLAG(TFD_CLOEXEC), FLAG(TFD_NONBLOCK));
FLAGSET(tfd_set_flags, FLAG(TFD_TIMER_ABSTIME), FLAG(TFD_TIMER_CANCEL_ON_SET));
FLAGSET(in_flags, FLAG(IN_NONBLOCK), FLAG(IN_CLOEXEC));
FLAGSET(in_mask, FLAG(IN_ACCESS), FLAG(IN_MODIFY), FLAG(IN_ATTRIB), FLAG(IN_CLOSE_WRITE),
	FLAG(IN_CLOSE_NOWRITE), FLAG(IN_OPEN), FLAG(IN_MOVED_FROM), FLAG(IN_MOVED_TO),
	FLAG(IN_CREATE), FLAG(IN_DELETE), FLAG(IN_DELETE_SELF), FLAG(IN_MOVE_SELF),
	FLAG(IN_UNMOUNT), FLAG(IN_Q_OVERFLOW), FLAG(IN_IGNORED), FLAG(IN_ONLYDIR),
	FLAG(IN_DONT_FOLLOW), FLAG(IN_EXCL_UNLINK), FLAG(IN_MASK_CREATE), FLAG(IN_MASK_ADD),
	FLAG(IN_ISDIR), FLAG(IN_ONESHOT));
FLAGSET(mfd_flags, FLAG(MFD_CLOEXEC), FLAG(MFD_ALLOW_SEALING), FLAG(MFD_HUGETLB));
FLAGSET(fadv_names, FLAG(POSIX_FADV_NORMAL), FLAG(POSIX_FADV_RANDOM),
	FLAG(POSIX_FADV_SEQUENTIAL), FLAG(POSIX_FADV_WILLNEED), FLAG(POSIX_FADV_DONTNEED),
	FLAG(POSIX_FADV_NOREUSE));
FLAGSET(pidfd_flags, { O_NONBLOCK, "PIDFD_NONBLOCK" });
FLAGSET(splice_flags, FLAG(SPLICE_F_MOVE), FLAG(SPLICE_F_NONBLOCK), FLAG(SPLICE_F_MORE),
	FLAG(SPLICE_F_GIFT));

/* fcntl(fd, cmd): the commands that take no third argument. */
static bool fcntl_no_arg(unsigned long long cmd)
{
	switch (cmd) {
	case F_GETFD: case F_GETFL: case F_GETOWN: case F_GETSIG: case F_GETLEASE:
	case F_GETPIPE_SZ: case F_GET_SEALS:
		return true;
	}
	return false;
}

unsigned dec_fcntl_shown(const struct call *c)
{
	return fcntl_no_arg(call_arg(c, 1)) ? 0x3 : 0x7;
}

static void print_flock(struct strbuf *sb, const struct call *c, int i, bool out)
{
	struct blob_ref b;
	short type, wh;
	long long start, len;
	int pid;

	if (!(out ? dec_fixed(c, i, BK_INOUT_AGAIN, 32, &b) : dec_fixed(c, i, BK_INOUT, 32, &b)) ||
	    (out && call_failed(c))) {
		dec_addr(sb, c, i);
		return;
	}
	memcpy(&type, b.data, 2);
	memcpy(&wh, b.data + 2, 2);
	memcpy(&start, b.data + 8, 8);
	memcpy(&len, b.data + 16, 8);
	memcpy(&pid, b.data + 24, 4);
	sb_adds(sb, "{l_type=");
	dec_named(sb, &lock_types, (unsigned short)type, "F_???");
	sb_adds(sb, ", l_whence=");
	dec_named(sb, &whence, (unsigned short)wh, "SEEK_???");
	sb_addf(sb, ", l_start=%lld, l_len=%lld", start, len);
	if (out)
		sb_addf(sb, ", l_pid=%d", pid);
	sb_adds(sb, "}");
}

void dec_fcntl_arg(struct strbuf *sb, const struct call *c, int i)
{
	unsigned long long cmd = call_arg(c, 1), v = call_arg(c, i);

	if (i == 1) {
		dec_named(sb, &fcntl_cmds, cmd, "F_???");
		return;
	}
	switch (cmd) {
	case F_SETFD: print_flags(sb, &fd_flags, v, "0"); break;
	case F_SETFL: dec_oflags(sb, v); break;
	case F_SETLK: case F_SETLKW: case F_OFD_SETLK: case F_OFD_SETLKW:
		print_flock(sb, c, i, false); break;
	case F_GETLK: case F_OFD_GETLK: print_flock(sb, c, i, true); break;
	case F_SETSIG: print_signal(sb, (int)v); break;
	case F_DUPFD: case F_DUPFD_CLOEXEC: case F_SETOWN: case F_SETPIPE_SZ:
		sb_addf(sb, "%d", (int)v); break;
	default: sb_addf(sb, "%#llx", v); break;
	}
}

bool dec_fcntl_return(struct strbuf *sb, const struct call *c)
{
	unsigned long long cmd = call_arg(c, 1), r = (unsigned long long)call_ret(c);

	if (cmd == F_GETFD && r) {
		sb_addf(sb, "= %#llx (flags ", r);
		print_flags(sb, &fd_flags, r, NULL);
		sb_adds(sb, ")");
		return true;
	}
	if (cmd == F_GETFL) {
		sb_addf(sb, "= %#llx (flags ", r);
		dec_oflags(sb, r);
		sb_adds(sb, ")");
		return true;
	}
	return false;
}

/* ioctl(fd, cmd): requests without an argument. */
unsigned dec_ioctl_shown(const struct call *c)
{
	unsigned long long cmd = call_arg(c, 1);

	return cmd == FIOCLEX || cmd == FIONCLEX || cmd == TIOCNOTTY || cmd == TIOCEXCL ||
	       cmd == TIOCNXCL ? 0x3 : 0x7;
}

void dec_ioctl_cmd(struct strbuf *sb, unsigned long long cmd)
{
	static const char *const dir[] = { "_IOC_NONE", "_IOC_WRITE", "_IOC_READ",
					   "_IOC_READ|_IOC_WRITE" };
	const char *n = dec_tty_alias(cmd & 0xffffffffULL);

	if (!n)
		n = flag_name(&ioctl_cmds, cmd & 0xffffffffULL);
	if (n) {
		sb_adds(sb, n);
		return;
	}
	sb_addf(sb, "_IOC(%s, %#llx, %#llx, %#llx)", dir[(cmd >> 30) & 3], (cmd >> 8) & 0xff,
		cmd & 0xff, (cmd >> 16) & 0x3fff);
}

void dec_ioctl_arg(struct strbuf *sb, const struct call *c, int i)
{
	unsigned long long cmd = call_arg(c, 1);
	struct blob_ref b;
	int v;

	switch (cmd) {
	case TCGETS: case TCSETS: case TCSETSW: case TCSETSF:
		if ((cmd == TCGETS && call_failed(c)) ||
		    !dec_fixed(c, i, cmd == TCGETS ? BK_INOUT_AGAIN : BK_INOUT, 16, &b))
			break;
		dec_termios(sb, b.data);
		return;
	case FIONBIO: case FIOASYNC: case TIOCSPGRP: case TIOCSPTLCK:
		if (!dec_fixed(c, i, BK_INOUT, 4, &b))
			break;
		memcpy(&v, b.data, 4);
		sb_addf(sb, "[%d]", v);
		return;
	case FIONREAD: case TIOCOUTQ: case TIOCGPGRP: case TIOCGPTN: case TIOCGSID:
		if (call_failed(c) || !dec_fixed(c, i, BK_INOUT_AGAIN, 4, &b))
			break;
		memcpy(&v, b.data, 4);
		sb_addf(sb, "[%d]", v);
		return;
	case TIOCGWINSZ: case TIOCSWINSZ: {
		unsigned short w[4];

		if ((cmd == TIOCGWINSZ && call_failed(c)) ||
		    !dec_fixed(c, i, cmd == TIOCGWINSZ ? BK_INOUT_AGAIN : BK_INOUT, 8, &b))
			break;
		memcpy(w, b.data, 8);
		sb_addf(sb, "{ws_row=%u, ws_col=%u, ws_xpixel=%u, ws_ypixel=%u}", w[0], w[1], w[2],
			w[3]);
		return;
	}
	}
	if (flag_name(&ioctl_cmds, cmd & 0xffffffffULL))
		dec_addr(sb, c, i);
	else
		sb_addf(sb, "%#llx", call_arg(c, i));
}

/* poll's and ppoll's array: at entry fd and events, in the result the revents. */
static int npollfds(const struct call *c, int i, int kind, struct blob_ref *b)
{
	unsigned long long n = call_arg(c, i + 1);

	if (!dec_blob(c, i, kind, 0, b) || b->len < 0)
		return -1;
	return n * 8 > (unsigned long long)b->len ? -1 : (int)n;
}

void dec_pollfds(struct strbuf *sb, const struct call *c, int i)
{
	struct blob_ref b;
	int n = npollfds(c, i, BK_INOUT, &b);

	if (n < 0 || !call_arg(c, i)) {
		dec_addr(sb, c, i);
		return;
	}
	sb_adds(sb, "[");
	for (int k = 0; k < n; k++) {
		struct pollfd p;

		if (dec_array_cut(sb, c, k))
			break;
		memcpy(&p, b.data + 8 * k, 8);
		sb_addf(sb, "%s{fd=%d, events=", k ? ", " : "", p.fd);
		print_flags(sb, &poll_events, (unsigned short)p.events, "0");
		sb_adds(sb, "}");
	}
	sb_adds(sb, "]");
}

/* " left {tv_sec=0, tv_nsec=0}" of a timeout the kernel wrote back. */
static void print_left(struct strbuf *sb, const struct call *c, int i, bool usec, bool comma)
{
	struct blob_ref b;
	long long t[2];

	if (!call_arg(c, i) || !dec_fixed(c, i, BK_INOUT_AGAIN, 16, &b))
		return;
	memcpy(t, b.data, 16);
	sb_addf(sb, "%sleft {tv_sec=%lld, %s=%lld}", comma ? ", " : "", t[0],
		usec ? "tv_usec" : "tv_nsec", t[1]);
}

/* recvmmsg's timeout: "= 2 (left {...})". */
bool dec_mmsg_return(struct strbuf *sb, const struct call *c)
{
	if (!call_arg(c, 4))
		return false;
	sb_addf(sb, "= %lld (", call_ret(c));
	print_left(sb, c, 4, false, false);
	sb_adds(sb, ")");
	return true;
}

bool dec_poll_return(struct strbuf *sb, const struct call *c)
{
	struct blob_ref b;
	long long r = call_ret(c);
	int n = npollfds(c, 0, BK_INOUT_AGAIN, &b), shown = 0;
	bool ppoll = c->sys->nargs == 5;

	if (r == 0) {
		sb_adds(sb, "= 0 (Timeout)");
		return true;
	}
	if (n < 0)
		return false;
	sb_addf(sb, "= %lld ([", r);
	for (int k = 0; k < n; k++) {
		struct pollfd p;

		memcpy(&p, b.data + 8 * k, 8);
		if (!p.revents)
			continue;
		if (dec_array_cut(sb, c, shown))
			break;
		sb_addf(sb, "%s{fd=%d, revents=", shown++ ? ", " : "", p.fd);
		print_flags(sb, &poll_events, (unsigned short)p.revents, "0");
		sb_adds(sb, "}");
	}
	sb_adds(sb, "]");
	if (ppoll)
		print_left(sb, c, 2, false, true);
	sb_adds(sb, ")");
	return true;
}

static void print_fdbits(struct strbuf *sb, const unsigned char *bits, int nfds)
{
	bool first = true;

	sb_adds(sb, "[");
	for (int fd = 0; fd < nfds && fd < 1024; fd++) {
		if (!(bits[fd / 8] & (1 << (fd % 8))))
			continue;
		sb_addf(sb, "%s%d", first ? "" : " ", fd);
		first = false;
	}
	sb_adds(sb, "]");
}

void dec_fdset(struct strbuf *sb, const struct call *c, int i)
{
	struct blob_ref b;
	int nfds = (int)call_arg(c, 0);

	if (!call_arg(c, i) || !dec_blob(c, i, BK_INOUT, 0, &b) || b.len < (nfds + 7) / 8) {
		dec_addr(sb, c, i);
		return;
	}
	print_fdbits(sb, b.data, nfds);
}

bool dec_select_return(struct strbuf *sb, const struct call *c)
{
	static const char *const names[] = { "in", "out", "except" };
	long long r = call_ret(c);
	int nfds = (int)call_arg(c, 0), shown = 0;
	bool pselect = c->sys->nargs == 6;

	sb_addf(sb, "= %lld (", r);
	if (r == 0)
		sb_adds(sb, "Timeout");
	for (int i = 1; i <= 3 && r > 0; i++) {
		struct blob_ref b;

		if (!call_arg(c, i) || !dec_blob(c, i, BK_INOUT_AGAIN, 0, &b) ||
		    b.len < (nfds + 7) / 8)
			continue;
		bool any = false;

		for (int fd = 0; fd < nfds && fd < 1024; fd++)
			any |= (b.data[fd / 8] >> (fd % 8)) & 1;
		if (!any)
			continue;
		sb_addf(sb, "%s%s ", shown++ ? ", " : "", names[i - 1]);
		print_fdbits(sb, b.data, nfds);
	}
	if (r > 0)
		print_left(sb, c, 4, !pselect, shown > 0);
	sb_adds(sb, ")");
	return true;
}

static void print_epoll_event(struct strbuf *sb, const unsigned char *p)
{
	unsigned events;
	unsigned long long data;

	memcpy(&events, p, 4);
	memcpy(&data, p + 4, 8);
	sb_adds(sb, "{events=");
	print_flags(sb, &epoll_events, events, "0");
	sb_addf(sb, ", data={u32=%u, u64=%llu}}", (unsigned)data, data);
}

void dec_epoll_event(struct strbuf *sb, const struct call *c, int i)
{
	struct blob_ref b;

	if (!dec_fixed(c, i, BK_INFIX, 12, &b)) {
		dec_addr(sb, c, i);
		return;
	}
	print_epoll_event(sb, b.data);
}

void dec_epoll_events_out(struct strbuf *sb, const struct call *c, int i)
{
	struct blob_ref b;
	long long n = call_ret(c);

	if (!dec_fixed(c, i, BK_OUTFIX, 12, &b)) {
		dec_addr(sb, c, i);
		return;
	}
	sb_adds(sb, "[");
	for (long long k = 0; k < n; k++) {
		if (dec_array_cut(sb, c, k))
			break;
		if ((k + 1) * 12 > b.len) {
			sb_adds(sb, ", ...");
			break;
		}
		if (k)
			sb_adds(sb, ", ");
		print_epoll_event(sb, b.data + 12 * k);
	}
	sb_adds(sb, "]");
}

void dec_itimerspec(struct strbuf *sb, const struct call *c, int i, int kind)
{
	struct blob_ref b;

	if (!dec_fixed(c, i, kind, 32, &b)) {
		dec_addr(sb, c, i);
		return;
	}
	sb_adds(sb, "{it_interval=");
	dec_timespec_val(sb, b.data);
	sb_adds(sb, ", it_value=");
	dec_timespec_val(sb, b.data + 16);
	sb_adds(sb, "}");
}

/*
 * An iovec array: each buffer as a string, at most -s bytes of it; of
 * a read, only the bytes the call returned.
 */
void dec_iov(struct strbuf *sb, const struct call *c, int i, bool out)
{
	struct blob_ref arr;
	unsigned long long n = call_arg(c, i + 1);

	if (!call_arg(c, i) || !dec_blob(c, i, out ? BK_IOV_OUT : BK_IOV, 0, &arr) ||
	    arr.len < 0 || (out && call_failed(c))) {
		dec_addr(sb, c, i);
		return;
	}
	dec_iov_items(sb, c, i, &arr, n, out ? BK_IOV_DATA_OUT : BK_IOV_DATA,
		      out ? call_ret(c) : -1);
}

void dec_iov_items(struct strbuf *sb, const struct call *c, int i, const struct blob_ref *arr,
		   unsigned long long n, int data_kind, long long left)
{
	sb_adds(sb, "[");
	for (unsigned long long k = 0; k < n; k++) {
		struct blob_ref data;
		unsigned long long iov[2];

		if (dec_array_cut(sb, c, (long long)k))
			break;
		if (k)
			sb_adds(sb, ", ");
		if ((long)(16 * (k + 1)) > arr->len) {
			sb_adds(sb, "...");
			break;
		}
		memcpy(iov, arr->data + 16 * k, 16);
		sb_adds(sb, "{iov_base=");
		long long want = left < 0 ? (long long)iov[1] :
				 left < (long long)iov[1] ? left : (long long)iov[1];

		if (!dec_blob(c, i, data_kind, (int)k, &data) || data.len < 0) {
			dec_ptr(sb, iov[0]);
		} else {
			long have = data.len < want ? data.len : (long)want;

			fmt_quote(sb, data.data, have, c->strsize, want > c->strsize);
		}
		if (left >= 0)
			left -= want;
		sb_addf(sb, ", iov_len=%llu}", iov[1]);
	}
	sb_adds(sb, "]");
}

/* An offset pointer: [value at entry], and "=> [value after]" for sendfile. */
void dec_offp(struct strbuf *sb, const struct call *c, int i)
{
	struct blob_ref b, a;
	long long v;

	if (!call_arg(c, i) || !dec_fixed(c, i, BK_INOUT, 8, &b)) {
		dec_addr(sb, c, i);
		return;
	}
	memcpy(&v, b.data, 8);
	sb_addf(sb, "[%lld]", v);
	if (c->sys->arg[i] == F_OFFP_IO && !call_failed(c) &&
	    dec_fixed(c, i, BK_INOUT_AGAIN, 8, &a)) {
		memcpy(&v, a.data, 8);
		sb_addf(sb, " => [%lld]", v);
	}
}

bool dec_desc_flag(struct strbuf *sb, const struct call *c, int i)
{
	unsigned long long v = call_arg(c, i);

	switch (c->sys->arg[i]) {
	case F_EPOLLCTL: dec_named(sb, &epoll_ops, v, "EPOLL_CTL_???"); return true;
	case F_EPOLLFLAGS: print_flags(sb, &epoll_flags, v, NULL); return true;
	case F_EFDFLAGS: print_flags(sb, &efd_flags, v, NULL); return true;
	case F_TFDFLAGS: print_flags(sb, &tfd_flags, v, NULL); return true;
	case F_TFDSETFLAGS: print_flags(sb, &tfd_set_flags, v, NULL); return true;
	case F_INFLAGS: print_flags(sb, &in_flags, v, NULL); return true;
	case F_INMASK: print_flags(sb, &in_mask, v, NULL); return true;
	case F_MFDFLAGS: print_flags(sb, &mfd_flags, v, NULL); return true;
	case F_SPLICEF: print_flags(sb, &splice_flags, v, NULL); return true;
	case F_FADV: dec_named(sb, &fadv_names, v, "POSIX_FADV_???"); return true;
	case F_PIDFDF: print_flags(sb, &pidfd_flags, v, NULL); return true;
	case F_TSPEC_IO: {
		struct blob_ref b;

		if (!dec_fixed(c, i, BK_INOUT, 16, &b))
			dec_addr(sb, c, i);
		else
			dec_timespec_val(sb, b.data);
		return true;
	}
	case F_TIMEVAL_IO: {
		struct blob_ref b;
		long long t[2];

		if (!dec_fixed(c, i, BK_INOUT, 16, &b)) {
			dec_addr(sb, c, i);
		} else {
			memcpy(t, b.data, 16);
			sb_addf(sb, "{tv_sec=%lld, tv_usec=%lld}", t[0], t[1]);
		}
		return true;
	}
	case F_PSELSIG: dec_addr(sb, c, i); return true;
	default: return false;
	}
}
