// SPDX-License-Identifier: GPL-2.0
/*
 * The workload of dwarf_program.sh: main -> spin -> inner_loop exactly
 * argv[1] times (with i = 0 .. n-1), then main -> inner_loop twice, from
 * two call sites (with 1 and 2).  Built without frame pointers; every
 * function stays a real frame (noinline).  It lingers a moment before
 * exiting so that the tracer unwinds its last samples while it lives,
 * unless argv[2] is "quick".
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile unsigned long sink;

__attribute__((noinline)) void inner_loop(unsigned long i)
{
	sink += i;
}

__attribute__((noinline)) void spin(long n)
{
	for (long i = 0; i < n; i++)
		inner_loop(i);
	sink++;		/* no tail call */
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 10;

	spin(n);
	inner_loop(1);
	inner_loop(2);
	sink++;
	if (argc <= 2 || strcmp(argv[2], "quick") != 0)
		usleep(300000);
	return 0;
}
