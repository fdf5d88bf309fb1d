/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel features the kprobe providers depend on, found by trying: also
 * what `sonde --info` reports.
 */
#ifndef SONDE_KPROBE_H
#define SONDE_KPROBE_H

#include <stdbool.h>

/* The kprobe PMU's perf type (/sys/bus/event_source/devices/kprobe/type), or -errno. */
int kprobe_pmu_type(void);
/* Whether BPF_TRACE_KPROBE_MULTI links work (a link to a bogus symbol fails with ENOENT/ESRCH). */
bool kprobe_multi_supported(void);

#endif
