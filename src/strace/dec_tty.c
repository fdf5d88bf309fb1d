// SPDX-License-Identifier: GPL-2.0
/* Terminal ioctls: struct termios as strace abbreviates it, the requests' other names. */
#include <linux/soundcard.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>

#include "strace/dec.h"

FLAGSET(iflags, FLAG(IGNBRK), FLAG(BRKINT), FLAG(IGNPAR), FLAG(PARMRK), FLAG(INPCK),
	FLAG(ISTRIP), FLAG(INLCR), FLAG(IGNCR), FLAG(ICRNL), FLAG(IUCLC), FLAG(IXON),
	FLAG(IXANY), FLAG(IXOFF), FLAG(IMAXBEL), FLAG(IUTF8));
FLAGSET(oflags, FLAG(OPOST), FLAG(OLCUC), FLAG(ONLCR), FLAG(OCRNL), FLAG(ONOCR),
	FLAG(ONLRET), FLAG(OFILL), FLAG(OFDEL));
FLAGSET(cflags, FLAG(CSTOPB), FLAG(CREAD), FLAG(PARENB), FLAG(PARODD), FLAG(HUPCL),
	FLAG(CLOCAL), FLAG(CMSPAR), FLAG(CRTSCTS));
/* strace's order, learned from its output: TOSTOP after PENDIN. */
FLAGSET(lflags, FLAG(ISIG), FLAG(ICANON), FLAG(XCASE), FLAG(ECHO), FLAG(ECHOE), FLAG(ECHOK),
	FLAG(ECHONL), FLAG(NOFLSH), FLAG(IEXTEN), FLAG(ECHOCTL), FLAG(ECHOPRT), FLAG(ECHOKE),
	FLAG(FLUSHO), FLAG(PENDIN), FLAG(TOSTOP), FLAG(EXTPROC));
FLAGSET(bauds, FLAG(B0), FLAG(B50), FLAG(B75), FLAG(B110), FLAG(B134), FLAG(B150), FLAG(B200),
	FLAG(B300), FLAG(B600), FLAG(B1200), FLAG(B1800), FLAG(B2400), FLAG(B4800), FLAG(B9600),
	FLAG(B19200), FLAG(B38400), FLAG(B57600), FLAG(B115200), FLAG(B230400), FLAG(B460800),
	FLAG(B500000), FLAG(B576000), FLAG(B921600), FLAG(B1000000), FLAG(B1152000),
	FLAG(B1500000), FLAG(B2000000), FLAG(B2500000), FLAG(B3000000), FLAG(B3500000),
	FLAG(B4000000));
FLAGSET(csizes, FLAG(CS5), FLAG(CS6), FLAG(CS7), FLAG(CS8));
FLAGSET(nl_dly, FLAG(NL0), FLAG(NL1));
FLAGSET(cr_dly, FLAG(CR0), FLAG(CR1), FLAG(CR2), FLAG(CR3));
FLAGSET(tab_dly, FLAG(TAB0), FLAG(TAB1), FLAG(TAB2), FLAG(XTABS));
FLAGSET(bs_dly, FLAG(BS0), FLAG(BS1));
FLAGSET(vt_dly, FLAG(VT0), FLAG(VT1));
FLAGSET(ff_dly, FLAG(FF0), FLAG(FF1));
/* Requests that share their number with the sound timer's (linux/soundcard.h). */
FLAGSET(tty_aliases, { SNDCTL_TMR_START, "SNDCTL_TMR_START or TCSETS" },
	{ SNDCTL_TMR_STOP, "SNDCTL_TMR_STOP or TCSETSW" },
	{ SNDCTL_TMR_CONTINUE, "SNDCTL_TMR_CONTINUE or TCSETSF" });

const char *dec_tty_alias(unsigned long long cmd)
{
	return flag_name(&tty_aliases, cmd);
}

/* A flag set that prints nothing at all when empty, as strace's termios does. */
static void flags_or_empty(struct strbuf *sb, const struct flagset *set, unsigned v)
{
	if (v)
		print_flags(sb, set, v, NULL);
}

static void print_oflag(struct strbuf *sb, unsigned v)
{
	static const struct { const struct flagset *set; unsigned mask; } dly[] = {
		{ &nl_dly, NLDLY }, { &cr_dly, CRDLY }, { &tab_dly, TABDLY }, { &bs_dly, BSDLY },
		{ &vt_dly, VTDLY }, { &ff_dly, FFDLY },
	};

	for (size_t k = 0; k < sizeof(dly) / sizeof(dly[0]); k++) {
		dec_named(sb, dly[k].set, v & dly[k].mask, "?");
		sb_adds(sb, "|");
		v &= ~dly[k].mask;
	}
	flags_or_empty(sb, &oflags, v);
}

static void print_cflag(struct strbuf *sb, unsigned v)
{
	unsigned ibshift = (unsigned)__builtin_ctz(CIBAUD);

	dec_named(sb, &bauds, v & CBAUD, "B???");
	if (v & CIBAUD) {
		sb_adds(sb, "|");
		dec_named(sb, &bauds, (v & CIBAUD) >> ibshift, "B???");
		sb_adds(sb, "<<IBSHIFT");
	}
	sb_adds(sb, "|");
	dec_named(sb, &csizes, v & CSIZE, "CS?");
	sb_adds(sb, "|");
	flags_or_empty(sb, &cflags, v & ~(unsigned)(CBAUD | CIBAUD | CSIZE));
}

/* struct termios at the start of blob b: the four flag words, then "...". */
void dec_termios(struct strbuf *sb, const unsigned char *p)
{
	unsigned w[4];

	memcpy(w, p, sizeof(w));
	sb_adds(sb, "{c_iflag=");
	flags_or_empty(sb, &iflags, w[0]);
	sb_adds(sb, ", c_oflag=");
	print_oflag(sb, w[1]);
	sb_adds(sb, ", c_cflag=");
	print_cflag(sb, w[2]);
	sb_adds(sb, ", c_lflag=");
	flags_or_empty(sb, &lflags, w[3]);
	sb_adds(sb, ", ...}");
}
