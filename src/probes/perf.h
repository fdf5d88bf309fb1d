/* SPDX-License-Identifier: GPL-2.0 */
/*
 * perf_event helpers shared by the providers that attach through a perf
 * event (tracepoint, interval, profile, later uprobe and software): open
 * the event, attach a loaded program to it by a BPF link, parse the time
 * specs of timer probes, read the online CPUs.
 */
#ifndef SONDE_PERF_H
#define SONDE_PERF_H

#include <stdbool.h>
#include <stdint.h>

#include "provider.h"

struct perf_event_attr;

/* perf_event_open(2) with close-on-exec; fd or -errno. */
int perf_open(struct perf_event_attr *attr, int pid, int cpu);

/*
 * A sampling counter (software, hardware): one sample every period
 * events, disabled until attached.  fd or -errno.
 */
int perf_open_counter(uint32_t type, uint64_t config, uint64_t period, int pid, int cpu);

/* A tracepoint perf event (config = tracefs id) on cpu; fd or -errno. */
int perf_open_tracepoint(int tp_id, int cpu);

/*
 * A uprobe PMU event on the instruction at file offset of path (a return
 * probe when retprobe), incrementing the USDT semaphore at file offset
 * ref_ctr_off while attached (0: none).  pid > 0 limits it to that
 * process, else it fires in every process.  fd or -errno (-ENOSYS when the
 * kernel has no uprobe PMU).
 */
int perf_open_uprobe(const char *path, uint64_t offset, uint64_t ref_ctr_off, bool retprobe,
		     int pid);

/*
 * A cpu-clock sampling event on cpu: every period_ns nanoseconds, or
 * freq_hz times a second when freq_hz is non-zero.  fd or -errno.
 */
int perf_open_cpu_clock(int cpu, uint64_t period_ns, uint64_t freq_hz);
/* The same for one process (pid > 0, any CPU: cpu -1) or every one (pid -1). */
int perf_open_cpu_clock_pid(int pid, int cpu, uint64_t period_ns, uint64_t freq_hz);

/*
 * Attach prog_fd to the (disabled) perf event by a BPF link carrying
 * cookie, then enable the event.  Kernels without perf links (before 5.15)
 * get the older ioctl attachment, which cannot carry a cookie.  Pushes the
 * link fd (when a link was made) onto fds; the caller owns perf_fd.
 * 0 or -errno.
 */
int perf_attach_prog(int perf_fd, int prog_fd, uint64_t cookie, fdlist *fds);

/*
 * Open-and-attach for one CPU's worth: takes a perf fd or -errno from an
 * open function, pushes it and its link onto fds, and prints
 * "ERROR: <probe>: <why>" on failure.  0 or -errno.
 */
int perf_attach_event(const char *probe, int perf_fd, int prog_fd, uint64_t cookie,
		      fdlist *fds);

/* A timer probe's rate: interval:s:1, profile:hz:99, interval:100ms ... */
struct perf_timer {
	uint64_t period_ns;	/* non-zero unless freq_hz is set */
	uint64_t freq_hz;	/* hz unit */
	int pid;		/* -p PID: profile samples only that process (0: all) */
};

/*
 * Parse "UNIT:N" or "N[UNIT]" (UNIT: s ms us ns hz; no unit: ns).  0, or -1
 * with *why set to a static message.
 */
int perf_parse_timer(const char *spec, struct perf_timer *out, const char **why);

/*
 * expand() of the timer providers (interval, profile): one probe named
 * "PROVIDER:SPEC" whose target is a struct perf_timer.
 */
int perf_timer_expand(const struct provider *prov, const char *spec,
		      const struct expand_ctx *ctx, probelist *out);
/* list() of the timer providers: "PROVIDER:hz:", "PROVIDER:ms:", ... */
void perf_timer_list(const char *prov_name, const char *pattern, FILE *out);

typedef VEC(int) cpulist;

/* Parse a CPU list such as "0-3,5,7-8"; 0 or -1. */
int perf_parse_cpulist(const char *text, cpulist *out);
/* The online CPUs (/sys/devices/system/cpu/online); 0 or -errno. */
int perf_online_cpus(cpulist *out);

#endif
