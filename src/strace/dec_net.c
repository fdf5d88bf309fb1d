// SPDX-License-Identifier: GPL-2.0
/* Socket decoders: addresses with their lengths, socket options, struct msghdr. */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

#include "strace/dec.h"

FLAGSET(sol_names, FLAG(SOL_SOCKET), FLAG(SOL_IP), FLAG(SOL_TCP),
	FLAG(SOL_IPV6), FLAG(SOL_RAW), FLAG(SOL_PACKET), FLAG(SOL_NETLINK));
FLAGSET(so_names, FLAG(SO_DEBUG), FLAG(SO_REUSEADDR), FLAG(SO_TYPE), FLAG(SO_ERROR),
	FLAG(SO_DONTROUTE), FLAG(SO_BROADCAST), FLAG(SO_SNDBUF), FLAG(SO_RCVBUF),
	FLAG(SO_KEEPALIVE), FLAG(SO_OOBINLINE), FLAG(SO_NO_CHECK), FLAG(SO_PRIORITY),
	FLAG(SO_LINGER), FLAG(SO_BSDCOMPAT), FLAG(SO_REUSEPORT), FLAG(SO_PASSCRED),
	FLAG(SO_PEERCRED), FLAG(SO_RCVLOWAT), FLAG(SO_SNDLOWAT), FLAG(SO_BINDTODEVICE),
	FLAG(SO_TIMESTAMP), FLAG(SO_ACCEPTCONN), FLAG(SO_SNDBUFFORCE), FLAG(SO_RCVBUFFORCE),
	FLAG(SO_PROTOCOL), FLAG(SO_DOMAIN), FLAG(SO_MARK), FLAG(SO_BUSY_POLL),
	FLAG(SO_INCOMING_CPU));
FLAGSET(tcp_names, FLAG(TCP_NODELAY), FLAG(TCP_MAXSEG), FLAG(TCP_CORK), FLAG(TCP_KEEPIDLE),
	FLAG(TCP_KEEPINTVL), FLAG(TCP_KEEPCNT), FLAG(TCP_SYNCNT), FLAG(TCP_LINGER2),
	FLAG(TCP_DEFER_ACCEPT), FLAG(TCP_WINDOW_CLAMP), FLAG(TCP_INFO), FLAG(TCP_QUICKACK),
	FLAG(TCP_CONGESTION), FLAG(TCP_USER_TIMEOUT), FLAG(TCP_FASTOPEN),
	FLAG(TCP_NOTSENT_LOWAT));
FLAGSET(ip_names, FLAG(IP_TOS), FLAG(IP_TTL), FLAG(IP_HDRINCL), FLAG(IP_OPTIONS),
	FLAG(IP_RECVERR), FLAG(IP_MTU_DISCOVER), FLAG(IP_MULTICAST_TTL), FLAG(IP_MULTICAST_LOOP),
	FLAG(IP_FREEBIND), FLAG(IP_TRANSPARENT));
FLAGSET(ipv6_names, FLAG(IPV6_V6ONLY), FLAG(IPV6_UNICAST_HOPS), FLAG(IPV6_MULTICAST_LOOP),
	FLAG(IPV6_RECVERR), FLAG(IPV6_MTU_DISCOVER));
FLAGSET(msg_names, FLAG(MSG_OOB), FLAG(MSG_PEEK), FLAG(MSG_DONTROUTE), FLAG(MSG_CTRUNC),
	FLAG(MSG_PROXY), FLAG(MSG_TRUNC), FLAG(MSG_DONTWAIT), FLAG(MSG_EOR), FLAG(MSG_WAITALL),
	FLAG(MSG_FIN), FLAG(MSG_SYN), FLAG(MSG_CONFIRM), FLAG(MSG_RST), FLAG(MSG_ERRQUEUE),
	FLAG(MSG_NOSIGNAL), FLAG(MSG_MORE), FLAG(MSG_WAITFORONE), FLAG(MSG_FASTOPEN),
	FLAG(MSG_CMSG_CLOEXEC));
FLAGSET(shut_names, FLAG(SHUT_RD), FLAG(SHUT_WR), FLAG(SHUT_RDWR));

/* A socklen_t the call reads and writes: [16], or [128 => 16] when it changed. */
void dec_socklen_io(struct strbuf *sb, const struct call *c, int i)
{
	struct blob_ref in, out;
	int a, b;

	if (!dec_fixed(c, i, BK_INOUT, 4, &in)) {
		dec_addr(sb, c, i);
		return;
	}
	memcpy(&a, in.data, 4);
	if (call_failed(c) || !dec_fixed(c, i, BK_INOUT_AGAIN, 4, &out)) {
		sb_addf(sb, "[%d]", a);
		return;
	}
	memcpy(&b, out.data, 4);
	if (a == b)
		sb_addf(sb, "[%d]", a);
	else
		sb_addf(sb, "[%d => %d]", a, b);
}

/* An address the kernel wrote, as long as the length after it (argument i + 1) says. */
void dec_sockaddr_ret(struct strbuf *sb, const struct call *c, int i)
{
	struct blob_ref b, len;
	int n = 0;

	if (call_failed(c) || !dec_fixed(c, i, BK_OUTFIX, 2, &b) ||
	    !dec_fixed(c, i + 1, BK_INOUT_AGAIN, 4, &len)) {
		dec_addr(sb, c, i);
		return;
	}
	memcpy(&n, len.data, 4);
	if (n <= 0) {
		dec_addr(sb, c, i);
		return;
	}
	dec_sockaddr_val(sb, b.data, n < b.len ? n : b.len);
}

static const struct flagset *sockopt_names(unsigned long long level)
{
	switch (level) {
	case SOL_SOCKET: return &so_names;
	case SOL_TCP: return &tcp_names;
	case SOL_IP: return &ip_names;
	case SOL_IPV6: return &ipv6_names;
	default: return NULL;
	}
}

void dec_sockopt_name(struct strbuf *sb, const struct call *c, int i)
{
	unsigned long long v = call_arg(c, i);
	const struct flagset *set = i == 1 ? &sol_names : sockopt_names(call_arg(c, 1));
	const char *n = set ? flag_name(set, v) : NULL;

	if (n)
		sb_adds(sb, n);
	else if (i == 1)
		sb_addf(sb, "%#llx /* SOL_??? */", v);
	else
		sb_addf(sb, "%llu", v);
}

/* An option's value: an int as [1], other sizes as their bytes. */
void dec_sockopt_val(struct strbuf *sb, const struct call *c, int i, bool out)
{
	struct blob_ref b, len;
	int n, v;

	if (out) {
		if (call_failed(c) || !dec_fixed(c, i, BK_OUTFIX, 1, &b) ||
		    !dec_fixed(c, i + 1, BK_INOUT_AGAIN, 4, &len)) {
			dec_addr(sb, c, i);
			return;
		}
		memcpy(&n, len.data, 4);
	} else {
		if (!dec_fixed(c, i, BK_INSZ, 0, &b)) {
			dec_addr(sb, c, i);
			return;
		}
		n = (int)call_arg(c, i + 1);
	}
	if (n == 4 && b.len >= 4) {
		memcpy(&v, b.data, 4);
		sb_addf(sb, "[%d]", v);
		return;
	}
	if (n < 0 || n > b.len) {
		dec_addr(sb, c, i);
		return;
	}
	fmt_quote(sb, b.data, n, c->strsize, n > c->strsize);
}

/*
 * The struct msghdr whose blobs carry tag, its buffers cut at left bytes
 * (left < 0: whole).
 */
static void print_msghdr(struct strbuf *sb, const struct call *c, int tag, const struct msghdr *mp,
			 bool out, long long left)
{
	struct blob_ref name, arr;
	struct msghdr m = *mp;

	sb_adds(sb, "{msg_name=");
	if (m.msg_name && m.msg_namelen &&
	    dec_blob(c, tag, out ? BK_MSG_NAME_OUT : BK_MSG_NAME, 0, &name) && name.len >= 2)
		dec_sockaddr_val(sb, name.data, name.len);
	else
		dec_ptr(sb, (unsigned long long)(uintptr_t)m.msg_name);
	sb_addf(sb, ", msg_namelen=%u, msg_iov=", m.msg_namelen);
	if (m.msg_iov && dec_blob(c, tag, out ? BK_IOV_OUT : BK_IOV, 0, &arr) && arr.len >= 0)
		dec_iov_items(sb, c, tag, &arr, m.msg_iovlen,
			      out ? BK_IOV_DATA_OUT : BK_IOV_DATA, left);
	else
		dec_ptr(sb, (unsigned long long)(uintptr_t)m.msg_iov);
	sb_addf(sb, ", msg_iovlen=%zu, ", m.msg_iovlen);
	if (m.msg_controllen)
		sb_addf(sb, "msg_control=%#llx, ", (unsigned long long)(uintptr_t)m.msg_control);
	sb_addf(sb, "msg_controllen=%zu, msg_flags=", m.msg_controllen);
	print_flags(sb, &msg_names, (unsigned)m.msg_flags, "0");
	sb_adds(sb, "}");
}

/* struct msghdr, with its name and iovecs; of recvmsg, what the kernel filled in. */
void dec_msghdr(struct strbuf *sb, const struct call *c, int i, bool out)
{
	struct blob_ref h;
	struct msghdr m;

	if ((out && call_failed(c)) ||
	    !dec_fixed(c, i, out ? BK_MSGHDR_OUT : BK_MSGHDR, sizeof(m), &h)) {
		dec_addr(sb, c, i);
		return;
	}
	memcpy(&m, h.data, sizeof(m));
	print_msghdr(sb, c, i, &m, out, out ? call_ret(c) : -1);
}

/* sendmmsg/recvmmsg: the messages handled, each with the bytes it moved. */
void dec_mmsghdrs(struct strbuf *sb, const struct call *c, int i)
{
	long long n = call_ret(c);

	if (call_failed(c) || !call_arg(c, i)) {
		dec_addr(sb, c, i);
		return;
	}
	sb_adds(sb, "[");
	for (long long j = 0; j < n; j++) {
		struct blob_ref h;
		struct msghdr m;
		unsigned len;

		if (dec_array_cut(sb, c, j))
			break;
		if (j)
			sb_adds(sb, ", ");
		if (j >= STRACE_MMSG_MAX ||
		    !dec_blob(c, MMSG_TAG(i, j), BK_MSGHDR_OUT, 0, &h) || h.len < 64) {
			sb_adds(sb, "...");
			break;
		}
		memcpy(&m, h.data, sizeof(m));
		memcpy(&len, h.data + 56, 4);
		sb_adds(sb, "{msg_hdr=");
		print_msghdr(sb, c, MMSG_TAG(i, j), &m, true, len);
		sb_addf(sb, ", msg_len=%u}", len);
	}
	sb_adds(sb, "]");
}

bool dec_net_flag(struct strbuf *sb, const struct call *c, int i)
{
	unsigned long long v = call_arg(c, i);

	switch (c->sys->arg[i]) {
	case F_MSGFLAGS: print_flags(sb, &msg_names, v, NULL); return true;
	case F_SHUTHOW: dec_named(sb, &shut_names, v, "SHUT_???"); return true;
	case F_SOCKFLAGS: print_flags(sb, &sock_type_flags, v, NULL); return true;
	default: return false;
	}
}
