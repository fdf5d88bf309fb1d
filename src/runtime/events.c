// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the BPF ring buffer.  The kernel maps it as one page of consumer
 * position (writable), one page of producer position, then the data; it
 * offers the data twice in a row so that a record that wraps around the
 * end reads as one piece, but every mapped page counts in our resident
 * memory, so we map it once and copy the rare wrapping record.  Each
 * record starts with an 8-byte header (never split: records are 8-byte
 * aligned): its length with a busy bit (still being written) and a
 * discard bit, then the page offset the kernel uses.
 *
 * The kernel wakes a sleeping reader only when a record is committed at
 * the consumer position, that is when the reader had caught up; a reader
 * that keeps up record by record therefore costs the traced program a
 * wakeup per event.  run.c avoids that by reading in batches (see
 * run.c's event loop); this file only reads.
 */
#include "runtime/events.h"

#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "util.h"

/* Publish the consumer position at least this often within a batch. */
#define PUBLISH_FRACTION 8

static inline unsigned long load_acquire(const unsigned long *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline uint32_t load_acquire32(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline void store_release(unsigned long *p, unsigned long v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

#define RING_PER_CPU	(512u << 10)
#define RING_MIN	(8u << 20)
#define RING_MAX	(64u << 20)

uint32_t event_ring_default_size(int ncpus)
{
	uint64_t want = (uint64_t)(ncpus > 0 ? ncpus : 1) * RING_PER_CPU;
	uint32_t size = RING_MIN;

	while (size < want && size < RING_MAX)
		size <<= 1;
	return size;
}

static size_t ring_size(int map_fd)
{
	struct bpf_map_info info;
	uint32_t len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(map_fd, &info, &len) < 0)
		return 0;
	return info.max_entries;
}

int event_ring_open(struct event_ring *r, int map_fd)
{
	struct epoll_event ev = { .events = EPOLLIN };
	void *cons, *prod;
	int err;

	memset(r, 0, sizeof(*r));
	r->map_fd = map_fd;
	r->epoll_fd = -1;
	r->page = sysconf(_SC_PAGESIZE);
	r->size = ring_size(map_fd);
	if (!r->size || (r->size & (r->size - 1)))
		return -EINVAL;
	cons = mmap(NULL, r->page, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd, 0);
	if (cons == MAP_FAILED)
		return -errno;
	prod = mmap(NULL, r->page + r->size, PROT_READ, MAP_SHARED, map_fd, r->page);
	if (prod == MAP_FAILED) {
		err = -errno;
		munmap(cons, r->page);
		return err;
	}
	r->consumer_pos = cons;
	r->producer_pos = prod;
	r->data = (const uint8_t *)prod + r->page;
	r->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (r->epoll_fd < 0 || epoll_ctl(r->epoll_fd, EPOLL_CTL_ADD, map_fd, &ev) < 0) {
		err = -errno;
		event_ring_close(r);
		return err;
	}
	return 0;
}

void event_ring_close(struct event_ring *r)
{
	if (r->consumer_pos)
		munmap(r->consumer_pos, r->page);
	if (r->producer_pos)
		munmap((void *)r->producer_pos, r->page + r->size);
	free(r->wrapped);
	r->wrapped = NULL;
	free(r->ahead);
	r->ahead = NULL;
	r->nahead = r->ahead_cap = 0;
	if (r->epoll_fd >= 0)
		close(r->epoll_fd);
	r->consumer_pos = NULL;
	r->producer_pos = NULL;
	r->epoll_fd = -1;
}

size_t event_ring_pending(const struct event_ring *r)
{
	return load_acquire(r->producer_pos) - load_acquire(r->consumer_pos);
}

/* The record at off, len bytes after its header, in one piece. */
static const void *record_data(struct event_ring *r, size_t off, uint32_t len)
{
	size_t start = (off + BPF_RINGBUF_HDR_SZ) & (r->size - 1), first;

	if (start + len <= r->size)
		return r->data + start;
	if (r->wrapped_cap < len) {
		free(r->wrapped);
		r->wrapped = xmalloc(len);
		r->wrapped_cap = len;
	}
	first = r->size - start;
	memcpy(r->wrapped, r->data + start, first);
	memcpy(r->wrapped + first, r->data, len - first);
	return r->wrapped;
}

static inline size_t record_span(uint32_t len)
{
	return (len + BPF_RINGBUF_HDR_SZ + 7) & ~(size_t)7;
}

/* Whether the record ending at end was handed out ahead (then forget it). */
static bool taken_ahead(struct event_ring *r, unsigned long end)
{
	for (size_t i = 0; i < r->nahead; i++)
		if (r->ahead[i] == end) {
			r->ahead[i] = r->ahead[--r->nahead];
			return true;
		}
	return false;
}

long event_ring_take_ahead(struct event_ring *r, event_pick_fn pick, event_fn fn, void *ctx)
{
	unsigned long pos = r->cursor, prod = load_acquire(r->producer_pos);
	long n = 0;

	if (!r->in_batch)
		return 0;
	while (pos != prod) {
		const uint8_t *hdr = r->data + (pos & (r->size - 1));
		uint32_t len = load_acquire32((const uint32_t *)hdr);
		const void *data;
		bool seen = false;

		if (len & BPF_RINGBUF_BUSY_BIT)
			break;	/* still being written: what follows waits its turn */
		pos += record_span(len & ~BPF_RINGBUF_DISCARD_BIT);
		if (len & BPF_RINGBUF_DISCARD_BIT)
			continue;
		for (size_t i = 0; i < r->nahead && !seen; i++)
			seen = r->ahead[i] == pos;
		data = record_data(r, hdr - r->data, len);
		if (seen || !pick(ctx, data, len))
			continue;
		if (r->nahead == r->ahead_cap) {
			r->ahead_cap = r->ahead_cap ? 2 * r->ahead_cap : 16;
			r->ahead = xrealloc(r->ahead, r->ahead_cap * sizeof(*r->ahead));
		}
		r->ahead[r->nahead++] = pos;
		r->records++;
		n++;
		fn(ctx, data, len);
	}
	return n;
}

long event_ring_consume(struct event_ring *r, long max, event_fn fn, void *ctx)
{
	unsigned long cons = load_acquire(r->consumer_pos), published = cons, prod;
	size_t publish_every = r->size / PUBLISH_FRACTION;
	long n = 0;
	int err;

	prod = load_acquire(r->producer_pos);
	for (;;) {
		const uint8_t *hdr;
		uint32_t len;

		if (cons == prod) {
			/* caught up: publish, then look once more */
			store_release(r->consumer_pos, cons);
			published = cons;
			prod = load_acquire(r->producer_pos);
			if (cons == prod)
				break;
		}
		if (max > 0 && n >= max)
			break;
		hdr = r->data + (cons & (r->size - 1));
		len = load_acquire32((const uint32_t *)hdr);
		if (len & BPF_RINGBUF_BUSY_BIT)
			break;	/* still being written: the next batch has it */
		cons += record_span(len & ~BPF_RINGBUF_DISCARD_BIT);
		if (!(len & BPF_RINGBUF_DISCARD_BIT) && !taken_ahead(r, cons)) {
			n++;
			r->records++;
			r->cursor = cons;
			r->in_batch = true;
			err = fn(ctx, record_data(r, hdr - r->data, len), len);
			r->in_batch = false;
			if (err < 0) {
				store_release(r->consumer_pos, cons);
				return err;
			}
		}
		if (cons - published >= publish_every) {
			store_release(r->consumer_pos, cons);
			published = cons;
		}
	}
	if (cons != published)
		store_release(r->consumer_pos, cons);
	return n;
}

int event_ring_wait(struct event_ring *r, int timeout_ms)
{
	struct epoll_event ev;
	int n = epoll_wait(r->epoll_fd, &ev, 1, timeout_ms);

	return n < 0 ? -errno : n;
}
