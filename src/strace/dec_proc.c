// SPDX-License-Identifier: GPL-2.0
/*
 * Process, credential and timer decoders: waitid and rt_sigtimedwait's
 * siginfo, sigaltstack, getres[ug]id, group lists, sysinfo, itimers.
 */
#include <signal.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/wait.h>

#include "strace/dec.h"

FLAGSET(idtype_names, FLAG(P_ALL), FLAG(P_PID), FLAG(P_PGID), FLAG(P_PIDFD));
FLAGSET(ss_flags, FLAG(SS_ONSTACK), FLAG(SS_DISABLE));
FLAGSET(rusage_who, FLAG(RUSAGE_SELF), FLAG(RUSAGE_CHILDREN), FLAG(RUSAGE_THREAD));
FLAGSET(persona_types, FLAG(PER_LINUX), FLAG(PER_SVR4), FLAG(PER_SVR3), FLAG(PER_SCOSVR3),
	FLAG(PER_WYSEV386), FLAG(PER_ISCR4), FLAG(PER_BSD), FLAG(PER_XENIX), FLAG(PER_LINUX32),
	FLAG(PER_IRIX32), FLAG(PER_IRIXN32), FLAG(PER_IRIX64), FLAG(PER_RISCOS), FLAG(PER_SOLARIS),
	FLAG(PER_UW7), FLAG(PER_OSF4), FLAG(PER_HPUX));
FLAGSET(persona_flags, FLAG(UNAME26), FLAG(ADDR_NO_RANDOMIZE), FLAG(FDPIC_FUNCPTRS),
	FLAG(MMAP_PAGE_ZERO), FLAG(ADDR_COMPAT_LAYOUT), FLAG(READ_IMPLIES_EXEC),
	FLAG(ADDR_LIMIT_32BIT), FLAG(SHORT_INODE), FLAG(WHOLE_SECONDS), FLAG(STICKY_TIMEOUTS),
	FLAG(ADDR_LIMIT_3GB));
FLAGSET(itimer_names, FLAG(ITIMER_REAL), FLAG(ITIMER_VIRTUAL), FLAG(ITIMER_PROF));

/* A siginfo the kernel filled: {} when it found nothing (waitid with WNOHANG). */
static void print_siginfo_out(struct strbuf *sb, const struct call *c, int i)
{
	struct blob_ref b;
	int signo;

	if (!dec_fixed(c, i, BK_OUTFIX, 48, &b)) {
		dec_addr(sb, c, i);
		return;
	}
	memcpy(&signo, b.data, 4);
	if (!signo)
		sb_adds(sb, "{}");
	else
		dec_siginfo(sb, b.data);
}

static void print_stack(struct strbuf *sb, const struct call *c, int i, int kind)
{
	struct blob_ref b;
	unsigned long long sp, size;
	int flags;

	if (!dec_fixed(c, i, kind, 24, &b)) {
		dec_addr(sb, c, i);
		return;
	}
	memcpy(&sp, b.data, 8);
	memcpy(&flags, b.data + 8, 4);
	memcpy(&size, b.data + 16, 8);
	sb_adds(sb, "{ss_sp=");
	dec_ptr(sb, sp);
	sb_adds(sb, ", ss_flags=");
	print_flags(sb, &ss_flags, (unsigned)flags, "0");
	sb_addf(sb, ", ss_size=%llu}", size);
}

static void print_id_out(struct strbuf *sb, const struct call *c, int i)
{
	struct blob_ref b;
	unsigned id;

	if (!dec_fixed(c, i, BK_OUTFIX, 4, &b)) {
		dec_addr(sb, c, i);
		return;
	}
	memcpy(&id, b.data, 4);
	sb_addf(sb, "[%u]", id);
}

/* getgroups: the groups returned; setgroups: the count given. */
static void print_gids(struct strbuf *sb, const struct call *c, int i, bool out)
{
	struct blob_ref b;
	long long n = out ? call_ret(c) : (long long)call_arg(c, 0);

	if (!call_arg(c, i) && !out) {
		dec_addr(sb, c, i);
		return;
	}
	if (!dec_blob(c, i, out ? BK_OUTFIX : BK_INFIX, 0, &b) || b.len < 0 ||
	    (out && call_failed(c))) {
		dec_addr(sb, c, i);
		return;
	}
	if (out && !call_arg(c, 0))
		n = 0;		/* a count only: nothing written */
	sb_adds(sb, "[");
	for (long long k = 0; k < n; k++) {
		unsigned g;

		if (dec_array_cut(sb, c, k))
			break;
		if ((k + 1) * 4 > b.len) {
			sb_adds(sb, ", ...");
			break;
		}
		memcpy(&g, b.data + 4 * k, 4);
		sb_addf(sb, "%s%u", k ? ", " : "", g);
	}
	sb_adds(sb, "]");
}

static void print_sysinfo(struct strbuf *sb, const struct call *c, int i)
{
	struct blob_ref b;
	struct sysinfo s;

	if (!dec_fixed(c, i, BK_OUTFIX, sizeof(s), &b)) {
		dec_addr(sb, c, i);
		return;
	}
	memcpy(&s, b.data, sizeof(s));
	sb_addf(sb, "{uptime=%ld, loads=[", s.uptime);
	for (int k = 0; k < 3 && !dec_array_cut(sb, c, k); k++)
		sb_addf(sb, "%s%lu", k ? ", " : "", s.loads[k]);
	sb_addf(sb, "], totalram=%lu, freeram=%lu, sharedram=%lu, bufferram=%lu, totalswap=%lu, "
		"freeswap=%lu, procs=%u, totalhigh=%lu, freehigh=%lu, mem_unit=%u}", s.totalram,
		s.freeram, s.sharedram, s.bufferram, s.totalswap, s.freeswap, (unsigned)s.procs,
		s.totalhigh, s.freehigh, s.mem_unit);
}

static void print_itimerval(struct strbuf *sb, const struct call *c, int i, int kind)
{
	struct blob_ref b;
	long long t[4];

	if (!dec_fixed(c, i, kind, 32, &b)) {
		dec_addr(sb, c, i);
		return;
	}
	memcpy(t, b.data, 32);
	sb_addf(sb, "{it_interval={tv_sec=%lld, tv_usec=%lld}, it_value={tv_sec=%lld, "
		"tv_usec=%lld}}", t[0], t[1], t[2], t[3]);
}

static void print_rusage(struct strbuf *sb, const struct call *c, int i)
{
	struct blob_ref b;
	long long t[4];

	if (!dec_fixed(c, i, BK_OUTFIX, 32, &b)) {
		dec_addr(sb, c, i);
		return;
	}
	memcpy(t, b.data, 32);
	sb_addf(sb, "{ru_utime={tv_sec=%lld, tv_usec=%lld}, ru_stime={tv_sec=%lld, tv_usec=%lld}, "
		"...}", t[0], t[1], t[2], t[3]);
}

/* PER_LINUX|ADDR_NO_RANDOMIZE: the execution domain, then its flags. */
static void print_persona(struct strbuf *sb, unsigned long long v)
{
	dec_named(sb, &persona_types, v & PER_MASK, "PER_???");
	v &= ~(unsigned long long)PER_MASK;
	if (v) {
		sb_adds(sb, "|");
		print_flags(sb, &persona_flags, v, NULL);
	}
}

/* personality returns the previous one: "= 0x40000 (PER_LINUX|ADDR_NO_RANDOMIZE)". */
bool dec_persona_return(struct strbuf *sb, const struct call *c)
{
	long long r = call_ret(c);

	if (r)
		sb_addf(sb, "= %#llx (", r);
	else
		sb_adds(sb, "= 0 (");
	print_persona(sb, (unsigned long long)r);
	sb_adds(sb, ")");
	return true;
}

/* rt_sigtimedwait returns the signal: "= 10 (SIGUSR1)". */
bool dec_signum_return(struct strbuf *sb, const struct call *c)
{
	sb_addf(sb, "= %lld (", call_ret(c));
	print_signal(sb, (int)call_ret(c));
	sb_adds(sb, ")");
	return true;
}

bool dec_proc_arg(struct strbuf *sb, const struct call *c, int i)
{
	unsigned long long v = call_arg(c, i);

	switch (c->sys->arg[i]) {
	case F_IDTYPE: dec_named(sb, &idtype_names, v, "P_???"); return true;
	case F_SIGINFO_OUT: print_siginfo_out(sb, c, i); return true;
	case F_STACK_IN: print_stack(sb, c, i, BK_INFIX); return true;
	case F_STACK_OUT: print_stack(sb, c, i, BK_OUTFIX); return true;
	case F_IDP_OUT: print_id_out(sb, c, i); return true;
	case F_GIDS_OUT: print_gids(sb, c, i, true); return true;
	case F_GIDS_IN: print_gids(sb, c, i, false); return true;
	case F_SYSINFO: print_sysinfo(sb, c, i); return true;
	case F_ITIMERWHICH: dec_named(sb, &itimer_names, v, "ITIMER_???"); return true;
	case F_RUSAGEWHO: dec_named(sb, &rusage_who, (unsigned long long)(long long)(int)v,
				    "RUSAGE_???"); return true;
	case F_RUSAGE: print_rusage(sb, c, i); return true;
	case F_PERSONA:
		if ((unsigned)v == 0xffffffffu)
			sb_adds(sb, "0xffffffff");	/* a query */
		else
			print_persona(sb, v);
		return true;
	case F_ITIMERVAL: print_itimerval(sb, c, i, BK_INFIX); return true;
	case F_ITIMERVAL_OUT: print_itimerval(sb, c, i, BK_OUTFIX); return true;
	default: return false;
	}
}
