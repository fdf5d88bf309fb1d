// SPDX-License-Identifier: GPL-2.0
/*
 * The workload of dwarf_unwind.sh: main -> spin -> inner_loop, burning
 * CPU for argv[1] milliseconds.  Built with and without frame pointers;
 * every function stays a real frame (noinline, no tail calls at -O1).
 */
#include <stdlib.h>
#include <time.h>

static volatile unsigned long sink;

__attribute__((noinline)) void publish(unsigned long v)
{
	sink = v & 1;
}

/* Not a leaf: gcc sets up no frame pointer in leaf functions. */
__attribute__((noinline)) unsigned long inner_loop(unsigned long n)
{
	unsigned long acc = 0;

	for (unsigned long i = 0; i < n; i++)
		acc += i * i ^ sink;
	publish(acc);
	return acc;
}

static long elapsed_ms(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) * 1000 + (now.tv_nsec - start->tv_nsec) / 1000000;
}

__attribute__((noinline)) unsigned long spin(long ms)
{
	struct timespec start;
	unsigned long total = 0;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (elapsed_ms(&start) < ms)
		total += inner_loop(2000000);
	return total;
}

int main(int argc, char **argv)
{
	long ms = argc > 1 ? atol(argv[1]) : 1000;

	sink = spin(ms);
	return 0;
}
