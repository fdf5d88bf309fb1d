// SPDX-License-Identifier: GPL-2.0
/*
 * The traced program of bench/flood.sh: COUNT system calls, as fast as it
 * can or paced at RATE per second.  It writes to TIMEFILE the loop's own
 * duration, so the slowdown under a tracer is measured without the
 * tracer's start and stop, and its CPU seconds (user + system, which
 * include the tracer's BPF programs), which the tracer's CPU figures,
 * taken by a parent that waits for this process, must leave out.
 *
 *   flood_gen getppid COUNT RATE TIMEFILE
 *   flood_gen open PATH COUNT RATE TIMEFILE   (openat of PATH, which need not exist)
 *
 * RATE 0 means no pacing.  Pacing issues RATE/1000 calls each millisecond,
 * then sleeps to the next millisecond.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void one_call(const char *path)
{
	if (path) {
		int fd = open(path, O_RDONLY);

		if (fd >= 0)
			close(fd);
	} else {
		syscall(SYS_getppid);
	}
}

int main(int argc, char **argv)
{
	const char *path = NULL, *timefile;
	long count, rate, done = 0;
	double start, elapsed;
	struct rusage ru;
	FILE *f;

	if (argc == 6 && !strcmp(argv[1], "open")) {
		path = argv[2];
		argv++;
	} else if (argc != 5 || strcmp(argv[1], "getppid")) {
		fprintf(stderr, "usage: flood_gen getppid COUNT RATE TIMEFILE\n"
			"       flood_gen open PATH COUNT RATE TIMEFILE\n");
		return 2;
	}
	count = atol(argv[2]);
	rate = atol(argv[3]);
	timefile = argv[4];
	start = now();
	while (done < count) {
		long burst = rate > 0 ? (rate + 999) / 1000 : count;
		double due = start + (double)(done + burst) / (rate > 0 ? rate : 1);

		for (long i = 0; i < burst && done < count; i++, done++)
			one_call(path);
		while (rate > 0 && now() < due) {
			struct timespec ts = { 0, 200000 };

			nanosleep(&ts, NULL);
		}
	}
	elapsed = now() - start;
	getrusage(RUSAGE_SELF, &ru);
	f = fopen(timefile, "w");
	if (!f)
		return 1;
	fprintf(f, "%.4f %.4f\n", elapsed,
		ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
		ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6);
	return fclose(f) ? 1 : 0;
}
