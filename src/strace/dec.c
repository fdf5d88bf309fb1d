// SPDX-License-Identifier: GPL-2.0
/* See dec.h: the formats of the decoder families, and the call hooks. */
#include "strace/dec.h"

void dec_arg(struct strbuf *sb, const struct call *c, int i)
{
	unsigned long long v = call_arg(c, i);

	switch (c->sys->arg[i]) {
	case F_SIGACTION: dec_sigaction(sb, c, i, BK_INFIX); break;
	case F_SIGACTION_OUT: dec_sigaction(sb, c, i, BK_OUTFIX); break;
	case F_SIGFRAME: dec_sigmask_frame(sb, c, i); break;
	case F_FCNTLCMD: case F_FCNTLARG: dec_fcntl_arg(sb, c, i); break;
	case F_IOCTLCMD: dec_ioctl_cmd(sb, v); break;
	case F_IOCTLARG: dec_ioctl_arg(sb, c, i); break;
	case F_POLLFDS: dec_pollfds(sb, c, i); break;
	case F_FDSET: dec_fdset(sb, c, i); break;
	case F_EPOLLEV: dec_epoll_event(sb, c, i); break;
	case F_EPOLLEVS_OUT: dec_epoll_events_out(sb, c, i); break;
	case F_ITIMERSPEC: dec_itimerspec(sb, c, i, BK_INFIX); break;
	case F_ITIMERSPEC_OUT: dec_itimerspec(sb, c, i, BK_OUTFIX); break;
	case F_IOV: dec_iov(sb, c, i, false); break;
	case F_IOV_OUT: dec_iov(sb, c, i, true); break;
	case F_OFFP: case F_OFFP_IO: dec_offp(sb, c, i); break;
	case F_STATX: dec_statx(sb, c, i); break;
	case F_STATXFLAGS: dec_statx_flags(sb, v); break;
	case F_DIRENTS: dec_dirents(sb, c, i); break;
	case F_UTIMES: dec_utimes(sb, c, i); break;
	case F_RLIM: dec_rlimit(sb, c, i, BK_INFIX); break;
	case F_RLIM_OUT: dec_rlimit(sb, c, i, BK_OUTFIX); break;
	case F_RANDBUF: dec_randbuf(sb, c, i); break;
	case F_FUTEXOP: dec_futex_op(sb, v); break;
	case F_FUTEXARG3: case F_FUTEXVAL3: dec_futex_arg(sb, c, i); break;
	case F_CPUSET_OUT: dec_cpuset(sb, c, i); break;
	case F_PRCTLOP: case F_PRCTLARG: dec_prctl_arg(sb, c, i); break;
	case F_CLONE3: dec_clone3(sb, c, i); break;
	case F_SOCKADDR_RET: dec_sockaddr_ret(sb, c, i); break;
	case F_SOCKLEN_IO: dec_socklen_io(sb, c, i); break;
	case F_SOCKLEVEL: case F_SOCKOPT: dec_sockopt_name(sb, c, i); break;
	case F_SOCKOPTVAL: dec_sockopt_val(sb, c, i, false); break;
	case F_SOCKOPTVAL_OUT: dec_sockopt_val(sb, c, i, true); break;
	case F_MSGHDR: dec_msghdr(sb, c, i, false); break;
	case F_MSGHDR_OUT: dec_msghdr(sb, c, i, true); break;
	case F_MMSGS: dec_mmsghdrs(sb, c, i); break;
	default:
		if (!dec_signal_flag(sb, c, i) && !dec_desc_flag(sb, c, i) &&
		    !dec_fs_flag(sb, c, i) && !dec_mem_flag(sb, c, i) &&
		    !dec_net_flag(sb, c, i) && !dec_proc_arg(sb, c, i) &&
		    !dec_mempolicy(sb, c, i))
			sb_addf(sb, "%#llx", v);
		break;
	}
}

unsigned dec_shown(const struct call *c)
{
	if (!c->sys->decoded)
		return 0x3f;
	switch (c->sys->hook) {
	case H_FCNTL: return dec_fcntl_shown(c);
	case H_IOCTL: return dec_ioctl_shown(c);
	case H_FUTEX: return dec_futex_shown(c);
	case H_PRCTL: return dec_prctl_shown(c);
	case H_MREMAP: return dec_mremap_shown(c);
	default: return 0x3f;
	}
}

bool dec_return(struct strbuf *sb, const struct call *c)
{
	if (!c->sys->decoded)
		return false;
	switch (c->sys->hook) {
	case H_FCNTL: return dec_fcntl_return(sb, c);
	case H_PRCTL: return dec_prctl_return(sb, c);
	case H_POLL: return dec_poll_return(sb, c);
	case H_SELECT: return dec_select_return(sb, c);
	case H_SIGNUM: return dec_signum_return(sb, c);
	case H_MMSG: return dec_mmsg_return(sb, c);
	case H_PERSONA: return dec_persona_return(sb, c);
	default: return false;
	}
}
