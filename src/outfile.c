// SPDX-License-Identifier: GPL-2.0
/*
 * Output files that cannot be redirected by another user (outfile.h).
 *
 * The danger is root writing a trace to /tmp/dir/out.txt where someone
 * else planted out.txt as a link to /etc/shadow.  The file is opened
 * relative to its directory, O_NOFOLLOW first.  A symbolic link as the
 * last component is followed only when it belongs to us (or root) and
 * sits in a directory that nobody else can change under our feet; an
 * existing file is truncated only after the checks, and only when it is
 * a regular file that others could not have linked there.
 */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "numparse.h"
#include "util.h"

#define OUTPUT_MODE_ENV "SONDE_OUTPUT_MODE"
#define OUTPUT_MODE_DEFAULT 0600

static bool uid_trusted(uid_t uid)
{
	return uid == 0 || uid == geteuid() || uid == getuid();
}

/* Someone other than us or root may add or rename entries in dir. */
static bool others_can_write(const struct stat *dir)
{
	return !uid_trusted(dir->st_uid) || (dir->st_mode & (S_IWGRP | S_IWOTH));
}

/*
 * An entry of ours in dir stays ours: nobody else can write dir, or its
 * sticky bit (set by us or root) stops them renaming or removing it.
 */
static bool entry_stays(const struct stat *dir)
{
	if (!others_can_write(dir))
		return true;
	return (dir->st_mode & S_ISVTX) && uid_trusted(dir->st_uid);
}

/* The creation mode: 0600, or SONDE_OUTPUT_MODE (then the umask applies). */
static int creation_mode(mode_t *mode)
{
	const char *v = getenv(OUTPUT_MODE_ENV);
	unsigned m;

	*mode = OUTPUT_MODE_DEFAULT;
	if (!v)
		return 0;
	if (num_parse_mode(v, &m) < 0) {
		fprintf(stderr, "ERROR: %s: '%.64s' is not a file mode: expected octal permission bits from 0 to 0777\n",
			OUTPUT_MODE_ENV, v);
		return -1;
	}
	*mode = m;
	return 0;
}

/* Refusals are said here and return -2; -1 leaves errno to the caller. */
static int refuse(const char *what, const char *path, const char *why)
{
	fprintf(stderr, "ERROR: %s %s: %s\n", what, path, why);
	return -2;
}

/* outfile_open_append: keep what the file holds, write after it */
static bool open_append;

/* The last component is a symbolic link: follow it only if it is safe to. */
static int open_symlink(const char *what, const char *path, int dfd, const char *base,
			const struct stat *dir, mode_t mode)
{
	struct stat link;
	char why[256];
	int err = errno;

	/* no link here: the kernel's answer stands */
	if (fstatat(dfd, base, &link, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISLNK(link.st_mode)) {
		errno = err;
		return -1;
	}
	if (!uid_trusted(link.st_uid)) {
		snprintf(why, sizeof(why), "is a symbolic link owned by another user (uid %u): "
			 "refusing to follow it; remove it or name its target",
			 (unsigned)link.st_uid);
		return refuse(what, path, why);
	}
	if (!entry_stays(dir))
		return refuse(what, path, "is a symbolic link in a directory other users can "
			      "write: refusing to follow it; name its target");
	return openat(dfd, base, O_WRONLY | O_CREAT | O_CLOEXEC | (open_append ? O_APPEND : 0), mode);
}

/* What we opened must not be a file planted for us to overwrite. */
static int check_opened(const char *what, const char *path, int fd, const struct stat *dir,
			bool followed)
{
	struct stat st;
	char why[256];

	if (fstat(fd, &st) < 0)
		return -1;
	if (!S_ISREG(st.st_mode))
		return 0;	/* /dev/null, a FIFO, a terminal: nothing to truncate */
	if (!followed && st.st_nlink > 1 && others_can_write(dir)) {
		snprintf(why, sizeof(why), "has %lu hard links in a directory other users can "
			 "write: refusing to overwrite it", (unsigned long)st.st_nlink);
		return refuse(what, path, why);
	}
	/* as fs.protected_regular: someone else's file in a shared sticky directory */
	if (!followed && (dir->st_mode & S_ISVTX) && (dir->st_mode & (S_IWGRP | S_IWOTH)) &&
	    !uid_trusted(st.st_uid) && st.st_uid != dir->st_uid) {
		snprintf(why, sizeof(why), "belongs to another user (uid %u) in a shared "
			 "directory: refusing to write to it", (unsigned)st.st_uid);
		return refuse(what, path, why);
	}
	return open_append ? 0 : ftruncate(fd, 0);
}

static int open_in_dir(const char *what, const char *path, int dfd, const char *base)
{
	struct stat dir;
	bool followed = false;
	mode_t mode;
	int fd, saved, err;

	if (creation_mode(&mode) < 0)
		return -2;
	if (fstat(dfd, &dir) < 0)
		return -1;
	fd = openat(dfd, base, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC |
		    (open_append ? O_APPEND : 0), mode);
	/* a link in a sticky directory gives EACCES rather than ELOOP */
	if (fd < 0 && (errno == ELOOP || errno == EACCES)) {
		fd = open_symlink(what, path, dfd, base, &dir, mode);
		followed = true;
	}
	if (fd < 0)
		return fd;
	err = check_opened(what, path, fd, &dir, followed);
	if (err < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return err;
	}
	return fd;
}

int outfile_open(const char *what, const char *path)
{
	char *dcopy = xstrdup(path), *bcopy = xstrdup(path);
	const char *base = basename(bcopy);
	int dfd, fd = -1;

	if (!*path) {
		fprintf(stderr, "ERROR: %s: an empty file name\n", what);
		return -1;
	}
	dfd = open(dirname(dcopy), O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		/* "out/" names a directory: let the kernel say so */
		fd = open_in_dir(what, path, dfd, path[strlen(path) - 1] == '/' ? "." : base);
		close(dfd);
	}
	if (fd == -1)
		fprintf(stderr, "ERROR: %s %s: %s\n", what, path, strerror(errno));
	free(dcopy);
	free(bcopy);
	return fd < 0 ? -1 : fd;
}

FILE *outfile_fopen_append(const char *what, const char *path)
{
	FILE *f;

	open_append = true;
	f = outfile_fopen(what, path);
	open_append = false;
	return f;
}

FILE *outfile_fopen(const char *what, const char *path)
{
	int fd = outfile_open(what, path);
	FILE *f;

	if (fd < 0)
		return NULL;
	f = fdopen(fd, open_append ? "a" : "w");
	if (!f) {
		fprintf(stderr, "ERROR: %s %s: %s\n", what, path, strerror(errno));
		close(fd);
	}
	return f;
}
