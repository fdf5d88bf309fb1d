/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One system call's arguments and result in strace's words, from the
 * records taken at its entry and exit.
 */
#ifndef SONDE_STRACE_FMT_H
#define SONDE_STRACE_FMT_H

#include <stdbool.h>

#include "strace/record.h"
#include "strace/sysent.h"
#include "util.h"

struct call {
	const struct sysent *sys;
	const struct strace_rec *enter;	/* NULL when the entry was not seen */
	const struct strace_rec *exit;
	const struct strace_rec *exec;	/* REC_EXEC of a successful execve */
	int strsize;			/* -s */
	bool fd_paths;			/* -y */
};

/* The arguments known at entry, ending in ", " when more follow at exit. */
void fmt_enter(struct strbuf *sb, const struct call *c);
/* The arguments filled in at exit and the closing parenthesis. */
void fmt_exit(struct strbuf *sb, const struct call *c);
/* "= 3", "= -1 ENOENT (No such file or directory)", "= ?" */
void fmt_return(struct strbuf *sb, const struct call *c);
/* "SIGCHLD {si_signo=SIGCHLD, ...}" of a REC_SIGNAL record. */
void fmt_signal(struct strbuf *sb, const struct strace_rec *r);
/* -x (HEX_NON_ASCII), -xx (HEX_ALL): strings in \xHH. */
enum fmt_hex { HEX_NONE, HEX_NON_ASCII, HEX_ALL };
void fmt_set_hex(enum fmt_hex mode);
/* A string as strace quotes it: at most max bytes of len, "..." after a cut. */
void fmt_quote(struct strbuf *sb, const unsigned char *s, long len, long max, bool cut);

#endif
