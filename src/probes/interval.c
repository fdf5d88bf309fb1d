// SPDX-License-Identifier: GPL-2.0
/*
 * interval:s:N, interval:ms:N, interval:us:N, interval:hz:N and the short
 * interval:100ms / interval:N (nanoseconds): a timer that fires on one CPU.
 * It is a cpu-clock perf event on CPU 0: the event counts CPU 0's clock
 * whether it is busy or idle, so it fires at the asked rate.
 */
#include <stdlib.h>

#include "perf.h"

#define NSEC_PER_SEC 1000000000ULL

static struct type *interval_args_type(void *target)
{
	return NULL;
}

static int interval_attach(void *target, const char *probe, int prog_fd, fdlist *fds)
{
	const struct perf_timer *t = target;
	uint64_t period = t->period_ns;

	/* An interval is a fixed period; frequency mode would let the
	 * kernel adjust it. */
	if (t->freq_hz)
		period = t->freq_hz >= NSEC_PER_SEC ? 1 : NSEC_PER_SEC / t->freq_hz;
	return perf_attach_event(probe, perf_open_cpu_clock(0, period, 0), prog_fd, 0, fds);
}

static void interval_list(const char *pattern, bool verbose, FILE *out)
{
	perf_timer_list("interval", pattern, out);
}

static void interval_free_target(void *target)
{
	free(target);
}

const struct provider provider_interval = {
	.name = "interval",
	.aliases = (const char *const[]){ "i", NULL },
	.kind = PROV_ATTACHED,
	.prog_type = BPF_PROG_TYPE_PERF_EVENT,
	.expand = perf_timer_expand,
	.args_type = interval_args_type,
	.attach = interval_attach,
	.list = interval_list,
	.free_target = interval_free_target,
};
