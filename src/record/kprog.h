/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The recorder's kernel side: one small hand-written tracepoint program
 * per event of the --sched and --syscalls sets.  Each copies the
 * tracepoint's fields it needs into a fixed record and copies it with
 * bpf_ringbuf_output() into the current CPU's ring buffer (an array of
 * ring buffers indexed by CPU), so every CPU has its own stream; what a
 * full buffer refuses is counted per CPU.
 */
#ifndef SONDE_RECORD_KPROG_H
#define SONDE_RECORD_KPROG_H

#include <stdbool.h>
#include <stdint.h>

#include "probes/provider.h"
#include "util.h"

/* Event sets, as bits. */
#define RS_SCHED	1u
#define RS_SYSCALLS	2u
#define RS_PROFILE	4u	/* CPU samples (cpu-clock) */

#define KREC_FIELDS	4
#define KREC_STR	64

/* One event as a program sends it (transport, not the file format). */
struct krec {
	uint64_t ts;		/* bpf_ktime_get_boot_ns() */
	uint32_t tid, pid;	/* of the current task */
	char comm[16];		/* of the current task */
	uint32_t kind;		/* enum rec_kind */
	uint32_t pad;
	uint64_t a[KREC_FIELDS];	/* the tracepoint's fields, signed ones sign-extended */
	char str[KREC_STR];	/* RK_EXEC: the file name; sent only by exec */
};

#define KREC_SIZE_NOSTR	((uint32_t)offsetof(struct krec, str))

struct rec_source;

struct kprog {
	int fd, tp_id;
	const struct rec_source *source;
};

struct kprog_set {
	int rings_map_fd;	/* BPF_MAP_TYPE_ARRAY_OF_MAPS: CPU -> its ring buffer */
	int *ring_fds;		/* the ring buffers, one per possible CPU */
	int nrings;
	int filter_map_fd;	/* tids traced with -p/-c (and their children); -1: all */
	int lost_map_fd;	/* per CPU: events a full buffer refused */
	fdlist fds;		/* programs, perf events and links */
	VEC(struct kprog) progs;	/* loaded, to attach */
};

/*
 * Create the maps (a ring buffer of ring_bytes, a power of two of pages,
 * per CPU) and load the programs of the sets (RS_* bits).  With
 * filter, only threads in the filter map (see kprog_filter_add) and the
 * threads they fork are recorded.  0, or -1 with the error printed.
 */
int kprog_open(struct kprog_set *k, unsigned sets, bool filter, int ncpus, uint64_t ring_bytes);
/*
 * Attach them, once the ring buffers are read (else their events are lost);
 * the sampler of RS_PROFILE at hz samples a second on every CPU.
 */
int kprog_attach(struct kprog_set *k, int hz);
/* The events each CPU's full buffer refused (per_cpu: ncpus possible CPUs). */
int kprog_lost(const struct kprog_set *k, uint64_t *per_cpu, int ncpus);
/* Trace this thread (tid) too. */
int kprog_filter_add(struct kprog_set *k, uint32_t tid);
/* Detach the programs (the maps stay readable). */
void kprog_detach(struct kprog_set *k);
/* Detach and free everything. */
void kprog_close(struct kprog_set *k);

#endif
