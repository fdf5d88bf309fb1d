// SPDX-License-Identifier: GPL-2.0
/* File decoders: statx, getdents64, utimensat's times, renameat2's flags. */
#include <fcntl.h>
#include <linux/falloc.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/xattr.h>
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
/*
 * statfs's f_flags: ST_VALID is the kernel's (include/linux/statfs.h, not
 * exported): the flags are valid.
 */
#define ST_VALID 0x0020
FLAGSET(statfs_flags, FLAG(ST_RDONLY), FLAG(ST_NOSUID), FLAG(ST_NODEV), FLAG(ST_NOEXEC),
	FLAG(ST_SYNCHRONOUS), FLAG(ST_VALID), FLAG(ST_MANDLOCK), FLAG(ST_NOATIME),
	FLAG(ST_NODIRATIME), FLAG(ST_RELATIME));
FLAGSET(fs_magics, FLAG(EXT2_SUPER_MAGIC), FLAG(TMPFS_MAGIC), FLAG(PROC_SUPER_MAGIC),
	FLAG(SYSFS_MAGIC), FLAG(OVERLAYFS_SUPER_MAGIC), FLAG(XFS_SUPER_MAGIC),
	FLAG(BTRFS_SUPER_MAGIC), FLAG(CGROUP2_SUPER_MAGIC), FLAG(CGROUP_SUPER_MAGIC),
	FLAG(DEVPTS_SUPER_MAGIC), FLAG(DEBUGFS_MAGIC), FLAG(TRACEFS_MAGIC),
	FLAG(SECURITYFS_MAGIC), FLAG(BPF_FS_MAGIC), FLAG(NFS_SUPER_MAGIC),
	FLAG(SQUASHFS_MAGIC), FLAG(RAMFS_MAGIC), FLAG(HUGETLBFS_MAGIC), FLAG(MSDOS_SUPER_MAGIC),
	FLAG(FUSE_SUPER_MAGIC), FLAG(SOCKFS_MAGIC), FLAG(PIPEFS_MAGIC), FLAG(ANON_INODE_FS_MAGIC),
	FLAG(NSFS_MAGIC), FLAG(SELINUX_MAGIC), FLAG(CODA_SUPER_MAGIC),
	FLAG(ISOFS_SUPER_MAGIC), FLAG(ZONEFS_MAGIC), FLAG(EFIVARFS_MAGIC), FLAG(PSTOREFS_MAGIC));
FLAGSET(xattr_flags, FLAG(XATTR_CREATE), FLAG(XATTR_REPLACE));
FLAGSET(flock_ops, FLAG(LOCK_SH), FLAG(LOCK_EX), FLAG(LOCK_NB), FLAG(LOCK_UN));
FLAGSET(falloc_flags, FLAG(FALLOC_FL_KEEP_SIZE), FLAG(FALLOC_FL_PUNCH_HOLE),
	FLAG(FALLOC_FL_NO_HIDE_STALE), FLAG(FALLOC_FL_COLLAPSE_RANGE), FLAG(FALLOC_FL_ZERO_RANGE),
	FLAG(FALLOC_FL_INSERT_RANGE), FLAG(FALLOC_FL_UNSHARE_RANGE));
FLAGSET(resolve_flags, FLAG(RESOLVE_NO_XDEV), FLAG(RESOLVE_NO_MAGICLINKS),
	FLAG(RESOLVE_NO_SYMLINKS), FLAG(RESOLVE_BENEATH), FLAG(RESOLVE_IN_ROOT),
	FLAG(RESOLVE_CACHED));
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

static void print_statfs(struct strbuf *sb, const struct call *c, int i)
{
	struct blob_ref b;
	struct statfs s;
	int fsid[2];

	if (!dec_fixed(c, i, BK_OUTFIX, sizeof(s), &b)) {
		dec_addr(sb, c, i);
		return;
	}
	memcpy(&s, b.data, sizeof(s));
	memcpy(fsid, &s.f_fsid, sizeof(fsid));
	sb_adds(sb, "{f_type=");
	dec_named(sb, &fs_magics, (unsigned long long)s.f_type, "???");
	sb_addf(sb, ", f_bsize=%ld, f_blocks=%lu, f_bfree=%lu, f_bavail=%lu, f_files=%lu, "
		"f_ffree=%lu, f_fsid={val=[%#x, %#x]}, f_namelen=%ld, f_frsize=%ld, f_flags=",
		(long)s.f_bsize, (unsigned long)s.f_blocks, (unsigned long)s.f_bfree,
		(unsigned long)s.f_bavail, (unsigned long)s.f_files, (unsigned long)s.f_ffree,
		fsid[0], fsid[1], (long)s.f_namelen, (long)s.f_frsize);
	print_flags(sb, &statfs_flags, (unsigned long long)s.f_flags, "0");
	sb_adds(sb, "}");
}

/* An xattr value or name list: the address when the call was only asked the size. */
static void print_xbuf(struct strbuf *sb, const struct call *c, int i)
{
	struct blob_ref b;
	long long n = call_ret(c);

	if (!call_arg(c, i + 1) || call_failed(c) || !dec_blob(c, i, BK_OUTBUF, 0, &b) ||
	    b.len < 0) {
		dec_addr(sb, c, i);
		return;
	}
	fmt_quote(sb, b.data, b.len < n ? b.len : (long)n, c->strsize, n > c->strsize);
}

static void print_open_how(struct strbuf *sb, const struct call *c, int i)
{
	struct blob_ref b;
	struct open_how h = { 0 };

	if (!dec_fixed(c, i, BK_INSZ, 8, &b)) {
		dec_addr(sb, c, i);
		return;
	}
	memcpy(&h, b.data, b.len < (long)sizeof(h) ? (size_t)b.len : sizeof(h));
	sb_adds(sb, "{flags=");
	dec_oflags(sb, h.flags);
	if (h.mode || (h.flags & O_CREAT) || (h.flags & O_TMPFILE) == O_TMPFILE)
		sb_addf(sb, ", mode=%#03llo", (unsigned long long)h.mode);
	if (h.resolve) {
		sb_adds(sb, ", resolve=");
		print_flags(sb, &resolve_flags, h.resolve, NULL);
	}
	sb_adds(sb, "}");
}

bool dec_fs_flag(struct strbuf *sb, const struct call *c, int i)
{
	unsigned long long v = call_arg(c, i);

	switch (c->sys->arg[i]) {
	case F_STATXMASK: print_flags(sb, &statx_mask, v, "0"); return true;
	case F_RENAMEF: print_flags(sb, &rename_flags, v, NULL); return true;
	case F_ACCESSATF: print_flags(sb, &accessat_flags, v, NULL); return true;
	case F_STATFS: print_statfs(sb, c, i); return true;
	case F_XBUF_OUT: print_xbuf(sb, c, i); return true;
	case F_XATTRF: print_flags(sb, &xattr_flags, v, "0"); return true;
	case F_OPENHOW: print_open_how(sb, c, i); return true;
	case F_FLOCKOP: print_flags(sb, &flock_ops, v, "0"); return true;
	case F_FALLOCF: print_flags(sb, &falloc_flags, v, "0"); return true;
	default: return false;
	}
}
