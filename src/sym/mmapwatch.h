/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's own record of what processes map: one perf "dummy" event
 * per CPU with mmap/comm/task records on, read from a ring buffer per CPU.
 * Every executable mapping, exec, fork and exit of every process arrives
 * here, even for a process that lives a millisecond.  Records of different
 * CPUs are put back in time order before they are handed on (a process
 * may fork on one CPU and exec on another).
 *
 * Not thread-safe: the caller serialises mmapwatch_drain() calls;
 * mmapwatch_wait() and mmapwatch_wake() may run alongside one.
 */
#ifndef SONDE_SYM_MMAPWATCH_H
#define SONDE_SYM_MMAPWATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum mmap_event_kind {
	MEV_MMAP,	/* an executable mapping was created */
	MEV_EXEC,	/* the process runs a new program: its old mappings are gone */
	MEV_FORK,	/* a new process (pid) or thread (pid == ppid) */
	MEV_EXIT,	/* a thread exited; the process when tid == pid */
	MEV_LOST,	/* the ring was full: records were dropped */
};

#define MEV_BUILD_ID_MAX 20

struct mmap_event {
	enum mmap_event_kind kind;
	uint64_t time;		/* CLOCK_MONOTONIC, ns */
	int pid, tid;		/* process (thread group) and thread */
	int ppid;		/* MEV_FORK: the parent process */
	uint64_t start, len;	/* MEV_MMAP: [start, start + len) */
	uint64_t pgoff;		/* MEV_MMAP: file offset of start, bytes */
	uint32_t prot;		/* MEV_MMAP: PROT_* */
	uint8_t build_id[MEV_BUILD_ID_MAX];
	uint8_t build_id_size;	/* 0 when the kernel sent none */
	const char *path;	/* MEV_MMAP: the file, "[vdso]", "//anon", ... */
	uint64_t lost;		/* MEV_LOST: how many */
};

/*
 * Parse one ring record of size bytes (header included), written with
 * sample_id_all and PERF_SAMPLE_TIME (the time is its last 8 bytes).
 * ev->path points into rec.  1: an event of interest; 0: a record of no
 * interest (a comm change without exec, an unknown type); -EINVAL when
 * the record is malformed.
 */
int mmapwatch_parse(const void *rec, size_t size, struct mmap_event *ev);

struct mmapwatch;

/* Open the events on every online CPU; NULL with *err = -errno on failure. */
struct mmapwatch *mmapwatch_open(int *err);
void mmapwatch_close(struct mmapwatch *w);
int mmapwatch_ncpus(const struct mmapwatch *w);

/* Sleep until records wait, mmapwatch_wake() is called or timeout_ms passes. */
void mmapwatch_wait(struct mmapwatch *w, int timeout_ms);
void mmapwatch_wake(struct mmapwatch *w);

typedef void (*mmapwatch_fn)(void *ctx, const struct mmap_event *ev);

/*
 * Read every record written so far and hand fn, in time order, the events
 * old enough that no other CPU can still deliver an earlier one (all:
 * every event read, for a reader that needs the state of now).
 */
void mmapwatch_drain(struct mmapwatch *w, bool all, mmapwatch_fn fn, void *ctx);

#endif
