// SPDX-License-Identifier: GPL-2.0
/*
 * cat("/proc/%d/status", pid) prints a file while the probes run, in the
 * one thread that also drains the ring buffer, so it must not stall:
 *
 * - at most cat_bytes_max bytes (10 KiB by default, as bpftrace): a
 *   device such as /dev/zero never ends, and a huge file is not an event;
 * - opened O_NONBLOCK: a FIFO without a writer opens at once and reads as
 *   empty, and a device or FIFO with nothing to read gives EAGAIN, which
 *   ends the copy instead of waiting;
 * - O_NOCTTY, so naming a terminal cannot make it ours.
 */
#include "catfile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static void cat_error(const char *where, const char *path, int err)
{
	fprintf(stderr, "%s: ERROR: cat: %s: %s\n", where, path, strerror(err));
}

/* Copy up to max bytes; true when the file had more. */
static bool copy_bounded(FILE *out, int fd, const char *path, uint64_t max, const char *where)
{
	char buf[4096];
	uint64_t done = 0;
	ssize_t n;

	while (done < max) {
		n = read(fd, buf, MIN(sizeof(buf), max - done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN)
			cat_error(where, path, errno);
		if (n <= 0)
			return false;
		fwrite(buf, 1, n, out);
		done += n;
	}
	/* one more byte says whether the file was cut */
	n = read(fd, buf, 1);
	return n > 0;
}

void cat_file(FILE *out, const char *path, uint64_t max, bool *warned, const char *where)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	if (fd < 0) {
		/* bpftrace's words, unlocated: the path names the call */
		fprintf(stderr, "ERROR: failed to open file '%s' (%s)\n", path, strerror(errno));
		return;
	}
	if (copy_bounded(out, fd, path, max, where) && !*warned) {
		*warned = true;
		fprintf(stderr, "%s: WARNING: cat: %s: printed only the first %llu bytes "
			"(config = { cat_bytes_max = N } prints more)\n", where, path,
			(unsigned long long)max);
	}
	close(fd);
}
