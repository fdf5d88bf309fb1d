/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The consumer side of the BPF ring buffer, read directly through its
 * mapping: records are handed out in batches of bounded size, and the
 * consumer position is published once per batch (or every eighth of the
 * ring), not once per record, so the producing CPUs and the consumer do
 * not fight over one cache line at every event.
 */
#ifndef SONDE_EVENTS_H
#define SONDE_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct event_ring {
	int map_fd;
	int epoll_fd;
	size_t size;			/* data bytes, a power of two */
	size_t page;
	unsigned long *consumer_pos;	/* page 0, ours to write */
	const unsigned long *producer_pos;	/* page 1, the kernel's */
	const uint8_t *data;		/* the data, mapped once */
	uint8_t *wrapped;		/* a record that wraps, in one piece */
	size_t wrapped_cap;
	uint64_t records;		/* records handed out so far */
	unsigned long cursor;		/* in a batch: where the record being handled ends */
	bool in_batch;
	unsigned long *ahead;		/* records handled ahead of their turn (offsets) */
	size_t nahead, ahead_cap;
};

/*
 * Called once per record (data, size: the record without the ring's
 * header).  A negative return stops the batch; the record counts as
 * consumed.
 */
typedef int (*event_fn)(void *ctx, const void *data, size_t size);

/*
 * The ring buffer's default size for ncpus CPUs: 512 KiB per CPU, at least
 * 8 MiB and at most 64 MiB, a power of two (docs/safety.md says why).
 */
uint32_t event_ring_default_size(int ncpus);

int event_ring_open(struct event_ring *r, int map_fd);
void event_ring_close(struct event_ring *r);
/*
 * Hand out committed records, at most max (max <= 0: all there are).
 * Returns the number handed out, or fn's negative return.
 */
long event_ring_consume(struct event_ring *r, long max, event_fn fn, void *ctx);
/*
 * While a batch handles a record (from fn): hand the committed records
 * after it that pick() selects to fn now, in their order; the batch then
 * skips them.  Returns how many were handed out.
 */
typedef int (*event_pick_fn)(void *ctx, const void *data, size_t size);
long event_ring_take_ahead(struct event_ring *r, event_pick_fn pick, event_fn fn, void *ctx);
/* Bytes committed or reserved but not consumed yet. */
size_t event_ring_pending(const struct event_ring *r);
/*
 * Sleep until the kernel signals data or timeout_ms passes.  Returns > 0
 * when woken by data, 0 on timeout, -errno (-EINTR on a signal).
 */
int event_ring_wait(struct event_ring *r, int timeout_ms);

#endif
