// SPDX-License-Identifier: GPL-2.0
/* File decoders: statx, getdents64, utimensat's times, renameat2's flags. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "strace/dec.h"

/* The aggregate names first: a mask that holds them prints them. */
FLAGSET(statx_mask, FLAG(STATX_ALL), FLAG(STATX_BASIC_STATS), FLAG(STATX_TYPE),
	FLAG(STATX_MODE), FLAG(STATX_NLINK), FLAG(STATX_UID), FLAG(STATX_GID), FLAG(STATX_ATIME),
	FLAG(STATX_MTIME), FLAG(STATX_CTIME), FLAG(STATX_INO), FLAG(STATX_SIZE),
	FLAG(STATX_BLOCKS), FLAG(STATX_BTIME), FLAG(STATX_MNT_ID), FLAG(STATX_DIOALIGN));
FLAGSET(statx_attrs, FLAG(STATX_ATTR_COMPRESSED), FLAG(STATX_ATTR_IMMUTABLE),
	FLAG(STATX_ATTR_APPEND), FLAG(STATX_ATTR_NODUMP), FLAG(STATX_ATTR_ENCRYPTED),
	FLAG(STATX_ATTR_AUTOMOUNT), FLAG(STATX_ATTR_MOUNT_ROOT), FLAG(STATX_ATTR_VERITY),
	FLAG(STATX_ATTR_DAX));
FLAGSET(statx_sync, FLAG(AT_STATX_SYNC_AS_STAT), FLAG(AT_STATX_FORCE_SYNC),
	FLAG(AT_STATX_DONT_SYNC));
FLAGSET(accessat_flags, FLAG(AT_SYMLINK_NOFOLLOW), FLAG(AT_EACCESS), FLAG(AT_EMPTY_PATH));
FLAGSET(rename_flags, FLAG(RENAME_NOREPLACE), FLAG(RENAME_EXCHANGE), FLAG(RENAME_WHITEOUT));

void dec_statx_flags(struct strbuf *sb, unsigned long long v)
{
	dec_named(sb, &statx_sync, v & AT_STATX_SYNC_TYPE, "AT_STATX_???");
	v &= ~(unsigned long long)AT_STATX_SYNC_TYPE;
	if (v) {
		sb_adds(sb, "|");
		print_flags(sb, &at_flags, v, NULL);
	}
}

void dec_statx(struct strbuf *sb, const struct call *c, int i)
{
	struct blob_ref b;
	struct statx st;

	if (!dec_fixed(c, i, BK_OUTFIX, sizeof(st), &b)) {
		dec_addr(sb, c, i);
		return;
	}
	memcpy(&st, b.data, sizeof(st));
	sb_adds(sb, "{stx_mask=");
	print_flags(sb, &statx_mask, st.stx_mask, "0");
	sb_adds(sb, ", stx_attributes=");
	print_flags(sb, &statx_attrs, st.stx_attributes, "0");
	sb_adds(sb, ", stx_mode=");
	dec_mode(sb, st.stx_mode);
	sb_addf(sb, ", stx_size=%llu, ...}", (unsigned long long)st.stx_size);
}

void dec_dirents(struct strbuf *sb, const struct call *c, int i)
{
	struct blob_ref b;
	unsigned n;

	dec_addr(sb, c, i);
	if (call_failed(c) || !dec_blob(c, i, BK_DIRENTS, 0, &b) || b.len < 4)
		return;
	memcpy(&n, b.data, 4);
	sb_addf(sb, " /* %u entries */", n);
}

/* One of utimensat's times, with the date it stands for. */
static void print_utime(struct strbuf *sb, const unsigned char *p)
{
	long long t[2];
	time_t sec;
	struct tm tm;
	char date[64];

	memcpy(t, p, 16);
	if (t[1] == UTIME_NOW || t[1] == UTIME_OMIT) {
		sb_adds(sb, t[1] == UTIME_NOW ? "UTIME_NOW" : "UTIME_OMIT");
		return;
	}
	sb_addf(sb, "{tv_sec=%lld, tv_nsec=%lld}", t[0], t[1]);
	sec = (time_t)t[0];
	if (!localtime_r(&sec, &tm))
		return;
	strftime(date, sizeof(date), "%FT%T", &tm);
	sb_addf(sb, " /* %s.%09lld", date, t[1]);
	strftime(date, sizeof(date), "%z", &tm);
	sb_addf(sb, "%s */", date);
}

void dec_utimes(struct strbuf *sb, const struct call *c, int i)
{
	struct blob_ref b;

	if (!dec_fixed(c, i, BK_INFIX, 32, &b)) {
		dec_addr(sb, c, i);
		return;
	}
	sb_adds(sb, "[");
	print_utime(sb, b.data);
	sb_adds(sb, ", ");
	print_utime(sb, b.data + 16);
	sb_adds(sb, "]");
}

bool dec_fs_flag(struct strbuf *sb, const struct call *c, int i)
{
	unsigned long long v = call_arg(c, i);

	switch (c->sys->arg[i]) {
	case F_STATXMASK: print_flags(sb, &statx_mask, v, "0"); return true;
	case F_RENAMEF: print_flags(sb, &rename_flags, v, NULL); return true;
	case F_ACCESSATF: print_flags(sb, &accessat_flags, v, NULL); return true;
	default: return false;
	}
}
