// SPDX-License-Identifier: GPL-2.0
/* Resolve N addresses spread over this process's own text and libc's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sym/usyms.h"

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000, resolved = 0;
	uint64_t bases[] = { (uint64_t)(uintptr_t)main, (uint64_t)(uintptr_t)memcpy,
			     (uint64_t)(uintptr_t)printf, (uint64_t)(uintptr_t)usyms_resolve };
	struct usyms *u = usyms_get();
	struct timespec a, b;
	struct usym_info info;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++)
		resolved += usyms_resolve(u, getpid(), bases[i & 3] + (i % 64), &info);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%ld frames, %ld resolved, %.3f s\n", n, resolved,
	       (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9);
	usyms_reset();
	return 0;
}
