// SPDX-License-Identifier: GPL-2.0
/*
 * The -c table.  Time is each call's latency (entry to exit), what
 * strace -c -w reports: a BPF program sees when a call starts and ends,
 * not the CPU time it used.  Rows are sorted by time, then by number.
 */
#include "strace/summary.h"

#include <stdlib.h>

#include "strace/sysent.h"

void summary_add(struct summary *s, int nr, uint64_t ns, bool failed)
{
	if (nr < 0 || nr >= ARCH_SYSCALLS_MAX)
		return;
	s->calls[nr]++;
	s->ns[nr] += ns;
	if (failed)
		s->errors[nr]++;
}

static const struct summary *sorting;

static int by_time(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	if (sorting->ns[x] != sorting->ns[y])
		return sorting->ns[x] > sorting->ns[y] ? -1 : 1;
	return x - y;
}

static void rule(FILE *out)
{
	fputs("------ ----------- ----------- --------- --------- ----------------\n", out);
}

static void row(FILE *out, double pct, uint64_t ns, uint64_t calls, uint64_t errors,
		const char *name)
{
	fprintf(out, "%6.2f %11.6f %11llu %9llu ", pct, ns / 1e9,
		(unsigned long long)(calls ? ns / 1000 / calls : 0), (unsigned long long)calls);
	if (errors)
		fprintf(out, "%9llu %s\n", (unsigned long long)errors, name);
	else
		fprintf(out, "%9s %s\n", "", name);
}

void summary_print(const struct summary *s, FILE *out)
{
	int order[ARCH_SYSCALLS_MAX], n = 0;
	uint64_t ns = 0, calls = 0, errors = 0;

	for (int nr = 0; nr < ARCH_SYSCALLS_MAX; nr++) {
		if (!s->calls[nr])
			continue;
		order[n++] = nr;
		ns += s->ns[nr];
		calls += s->calls[nr];
		errors += s->errors[nr];
	}
	sorting = s;
	qsort(order, (size_t)n, sizeof(order[0]), by_time);
	fputs("% time     seconds  usecs/call     calls    errors syscall\n", out);
	rule(out);
	for (int i = 0; i < n; i++) {
		int nr = order[i];

		row(out, ns ? 100.0 * (double)s->ns[nr] / (double)ns : 0, s->ns[nr], s->calls[nr],
		    s->errors[nr], sysent_get(nr)->name);
	}
	rule(out);
	row(out, 100.0, ns, calls, errors, "total");
}
