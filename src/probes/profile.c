// SPDX-License-Identifier: GPL-2.0
/*
 * profile:hz:N, profile:s|ms|us:N, profile:N[unit]: timed sampling on
 * every online CPU.  One cpu-clock perf event per CPU, in frequency mode
 * for hz (the kernel keeps the rate) and period mode for time units.
 */
#include <stdlib.h>
#include <string.h>

#include "perf.h"

static struct type *profile_args_type(void *target)
{
	return NULL;
}

static int profile_attach(void *target, const char *probe, int prog_fd, fdlist *fds)
{
	const struct perf_timer *t = target;
	cpulist cpus = { 0 };
	int err;

	/* -p PID: one event that follows the process, as bpftrace attaches it */
	if (t->pid > 0)
		return perf_attach_event(probe, perf_open_cpu_clock_pid(t->pid, -1, t->period_ns,
									t->freq_hz),
					 prog_fd, 0, fds);
	err = perf_online_cpus(&cpus);
	if (err) {
		fprintf(stderr, "ERROR: %s: cannot read the online CPUs: %s\n", probe,
			strerror(-err));
		return err;
	}
	for (int i = 0; i < cpus.n && !err; i++) {
		int fd = perf_open_cpu_clock(cpus.v[i], t->period_ns, t->freq_hz);

		err = perf_attach_event(probe, fd, prog_fd, 0, fds);
	}
	vec_free(&cpus);
	return err;
}

static void profile_list(const char *pattern, bool verbose, FILE *out)
{
	perf_timer_list("profile", pattern, out);
}

static void profile_free_target(void *target)
{
	free(target);
}

const struct provider provider_profile = {
	.name = "profile",
	.aliases = (const char *const[]){ "p", NULL },
	.kind = PROV_ATTACHED,
	.prog_type = BPF_PROG_TYPE_PERF_EVENT,
	.expand = perf_timer_expand,
	.args_type = profile_args_type,
	.attach = profile_attach,
	.list = profile_list,
	.free_target = profile_free_target,
};
