// SPDX-License-Identifier: GPL-2.0
/*
 * The strace cost workload: N one-byte read()s from /dev/zero, then the
 * loop's own wall time in ns on stderr (so a tracer's start and end do
 * not count).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	int fd = open("/dev/zero", O_RDONLY);
	long long start;
	char c;

	if (fd < 0)
		return 1;
	start = now_ns();
	for (long i = 0; i < n; i++)
		if (read(fd, &c, 1) != 1)
			return 1;
	fprintf(stderr, "loop_ns %lld\n", now_ns() - start);
	return 0;
}
