// SPDX-License-Identifier: GPL-2.0
/* Signal decoders: struct sigaction, the mask rt_sigreturn restores, signalfd flags. */
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>

#include "strace/dec.h"

/*
 * The kernel ABI's flag for a user-supplied return trampoline (x86's
 * <asm/signal.h>, which cannot be included beside the C library's).
 */
#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000
#endif

/* In the order strace users see them. */
FLAGSET(sa_flags, FLAG(SA_RESTORER), FLAG(SA_ONSTACK), FLAG(SA_RESTART), FLAG(SA_INTERRUPT),
	FLAG(SA_NODEFER), FLAG(SA_RESETHAND), FLAG(SA_SIGINFO), FLAG(SA_NOCLDSTOP),
	FLAG(SA_NOCLDWAIT));
FLAGSET(sfd_flags, FLAG(SFD_NONBLOCK), FLAG(SFD_CLOEXEC));

/* The kernel's struct sigaction on x86-64. */
struct ksigaction {
	unsigned long long handler, flags, restorer, mask;
};

void dec_sigaction(struct strbuf *sb, const struct call *c, int i, int kind)
{
	struct blob_ref b;
	struct ksigaction sa;

	if (!dec_fixed(c, i, kind, sizeof(sa), &b)) {
		dec_addr(sb, c, i);
		return;
	}
	memcpy(&sa, b.data, sizeof(sa));
	sb_adds(sb, "{sa_handler=");
	if (sa.handler == (unsigned long long)(uintptr_t)SIG_DFL)
		sb_adds(sb, "SIG_DFL");
	else if (sa.handler == (unsigned long long)(uintptr_t)SIG_IGN)
		sb_adds(sb, "SIG_IGN");
	else
		sb_addf(sb, "%#llx", sa.handler);
	sb_adds(sb, ", sa_mask=");
	dec_sigset_val(sb, sa.mask);
	sb_adds(sb, ", sa_flags=");
	print_flags(sb, &sa_flags, sa.flags, NULL);
	if (sa.flags & SA_RESTORER)
		sb_addf(sb, ", sa_restorer=%#llx", sa.restorer);
	sb_adds(sb, "}");
}

void dec_sigmask_frame(struct strbuf *sb, const struct call *c, int i)
{
	struct blob_ref b;
	unsigned long long mask;

	if (!dec_blob(c, i, BK_SIGMASK, 0, &b) || b.len < 8) {
		sb_adds(sb, "{mask=?}");
		return;
	}
	memcpy(&mask, b.data, 8);
	sb_adds(sb, "{mask=");
	dec_sigset_val(sb, mask);
	sb_adds(sb, "}");
}

bool dec_signal_flag(struct strbuf *sb, const struct call *c, int i)
{
	if (c->sys->arg[i] != F_SFDFLAGS)
		return false;
	print_flags(sb, &sfd_flags, call_arg(c, i), NULL);
	return true;
}
