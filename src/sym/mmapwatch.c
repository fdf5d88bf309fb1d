// SPDX-License-Identifier: GPL-2.0
/*
 * Mapping records from perf ring buffers.  The record layouts are those of
 * include/uapi/linux/perf_event.h; every record ends with the sample_id
 * trailer, here only the time (sample_type = PERF_SAMPLE_TIME), taken from
 * CLOCK_MONOTONIC so that it compares with the reader's clock.
 */
#include "sym/mmapwatch.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

/*
 * Data pages per CPU (a power of two): 256 KiB with 4 KiB pages, fewer on
 * big machines, so that all rings together stay near 16 MiB of locked memory.
 */
#define RING_PAGES_MAX	64
#define RING_PAGES_MIN	8
#define RINGS_PAGES	4096
/*
 * How old a record must be before it is handed on: a record is written
 * within microseconds of its time stamp, so after this long no CPU can
 * still hold an earlier one.
 */
#define REORDER_NS	(20 * 1000000ULL)

static size_t ring_pages(long ncpus)
{
	size_t pages = RING_PAGES_MAX;

	while (pages > RING_PAGES_MIN && pages * ncpus > RINGS_PAGES)
		pages /= 2;
	return pages;
}

struct ring {
	int fd;
	void *base;		/* the control page, then the data pages */
	size_t mapped;		/* bytes mapped */
	size_t size;		/* bytes of data, a power of two */
};

/* A parsed event waiting for its turn; path owned. */
struct pending {
	struct mmap_event ev;
	uint64_t seq;		/* arrival order: ties keep it */
};

struct mmapwatch {
	struct ring *rings;
	int nrings;
	int wake_fd;		/* an eventfd: mmapwatch_wake() */
	struct pollfd *pfds;	/* the rings, then wake_fd */
	VEC(struct pending) queue;
	uint64_t seq;
	unsigned char scratch[65536];	/* a record that wraps the ring's end */
};

/* ---- record parsing ---- */

static uint32_t get32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t get64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* The NUL-terminated string at [p, end), or NULL when it is not terminated. */
static const char *string_in(const unsigned char *p, const unsigned char *end)
{
	if (p >= end || !memchr(p, '\0', end - p))
		return NULL;
	return (const char *)p;
}

/* The fields MMAP and MMAP2 records start with: pid tid addr len pgoff. */
static void parse_mmap_head(const unsigned char *b, struct mmap_event *ev)
{
	ev->kind = MEV_MMAP;
	ev->pid = get32(b);
	ev->tid = get32(b + 4);
	ev->start = get64(b + 8);
	ev->len = get64(b + 16);
	ev->pgoff = get64(b + 24);
}

/* PERF_RECORD_MMAP2: pid tid addr len pgoff {dev ino | build id} prot flags name */
static int parse_mmap2(const unsigned char *b, const unsigned char *end, uint16_t misc,
		       struct mmap_event *ev)
{
	if (end - b < 64)
		return -EINVAL;
	parse_mmap_head(b, ev);
	if (misc & PERF_RECORD_MISC_MMAP_BUILD_ID) {
		ev->build_id_size = MIN(b[32], MEV_BUILD_ID_MAX);
		memcpy(ev->build_id, b + 36, ev->build_id_size);
	}
	ev->prot = get32(b + 56);
	ev->path = string_in(b + 64, end);
	return ev->path ? 1 : -EINVAL;
}

/* PERF_RECORD_MMAP (kernels without mmap2): pid tid addr len pgoff name */
static int parse_mmap(const unsigned char *b, const unsigned char *end, struct mmap_event *ev)
{
	if (end - b < 32)
		return -EINVAL;
	parse_mmap_head(b, ev);
	ev->prot = 4;		/* PROT_EXEC: only executable mappings are sent */
	ev->path = string_in(b + 32, end);
	return ev->path ? 1 : -EINVAL;
}

/* PERF_RECORD_COMM: pid tid comm; only an exec matters. */
static int parse_comm(const unsigned char *b, const unsigned char *end, uint16_t misc,
		      struct mmap_event *ev)
{
	if (end - b < 8)
		return -EINVAL;
	if (!(misc & PERF_RECORD_MISC_COMM_EXEC))
		return 0;
	ev->kind = MEV_EXEC;
	ev->pid = get32(b);
	ev->tid = get32(b + 4);
	return 1;
}

/* PERF_RECORD_FORK and PERF_RECORD_EXIT: pid ppid tid ptid time */
static int parse_task(const unsigned char *b, const unsigned char *end,
		      enum mmap_event_kind kind, struct mmap_event *ev)
{
	if (end - b < 24)
		return -EINVAL;
	ev->kind = kind;
	ev->pid = get32(b);
	ev->ppid = get32(b + 4);
	ev->tid = get32(b + 8);
	return 1;
}

/* PERF_RECORD_LOST: id lost */
static int parse_lost(const unsigned char *b, const unsigned char *end, struct mmap_event *ev)
{
	if (end - b < 16)
		return -EINVAL;
	ev->kind = MEV_LOST;
	ev->lost = get64(b + 8);
	return 1;
}

int mmapwatch_parse(const void *rec, size_t size, struct mmap_event *ev)
{
	const unsigned char *p = rec;
	struct perf_event_header h;
	const unsigned char *body, *end;

	memset(ev, 0, sizeof(*ev));
	if (size < sizeof(h) + 8)
		return -EINVAL;
	memcpy(&h, p, sizeof(h));
	if (h.size != size)
		return -EINVAL;
	body = p + sizeof(h);
	end = p + size - 8;		/* the trailer: the time */
	ev->time = get64(end);
	switch (h.type) {
	case PERF_RECORD_MMAP2:
		return parse_mmap2(body, end, h.misc, ev);
	case PERF_RECORD_MMAP:
		return parse_mmap(body, end, ev);
	case PERF_RECORD_COMM:
		return parse_comm(body, end, h.misc, ev);
	case PERF_RECORD_FORK:
		return parse_task(body, end, MEV_FORK, ev);
	case PERF_RECORD_EXIT:
		return parse_task(body, end, MEV_EXIT, ev);
	case PERF_RECORD_LOST:
		return parse_lost(body, end, ev);
	default:
		return 0;
	}
}

/* ---- the events ---- */

static int perf_open(struct perf_event_attr *attr, int cpu)
{
	return (int)syscall(SYS_perf_event_open, attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
}

static void fill_attr(struct perf_event_attr *attr, size_t ring_bytes, bool build_id)
{
	memset(attr, 0, sizeof(*attr));
	attr->size = sizeof(*attr);
	attr->type = PERF_TYPE_SOFTWARE;
	attr->config = PERF_COUNT_SW_DUMMY;
	attr->sample_type = PERF_SAMPLE_TIME;
	attr->sample_id_all = 1;
	attr->use_clockid = 1;
	attr->clockid = CLOCK_MONOTONIC;
	attr->mmap = 1;
	attr->mmap2 = 1;
	attr->comm = 1;
	attr->comm_exec = 1;
	attr->task = 1;
	attr->build_id = build_id;
	/* Wake the reader at a quarter full; it also reads on a timer. */
	attr->watermark = 1;
	attr->wakeup_watermark = ring_bytes / 4;
}

/*
 * The event on cpu, with build ids when the kernel knows them (5.12+).
 * -ENODEV for an offline CPU.
 */
static int open_cpu(int cpu, size_t ring_bytes)
{
	struct perf_event_attr attr;
	int fd;

	fill_attr(&attr, ring_bytes, true);
	fd = perf_open(&attr, cpu);
	if (fd < 0 && (errno == EINVAL || errno == E2BIG)) {
		fill_attr(&attr, ring_bytes, false);
		fd = perf_open(&attr, cpu);
	}
	return fd < 0 ? -errno : fd;
}

static int ring_map(struct ring *r, int fd, size_t ring_bytes)
{
	size_t page = sysconf(_SC_PAGESIZE);

	r->fd = fd;
	r->size = ring_bytes;
	r->mapped = r->size + page;
	r->base = mmap(NULL, r->mapped, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (r->base == MAP_FAILED) {
		r->base = NULL;
		return -errno;
	}
	return 0;
}

static void ring_unmap(struct ring *r)
{
	if (r->base)
		munmap(r->base, r->mapped);
	if (r->fd >= 0)
		close(r->fd);
}

static int open_rings(struct mmapwatch *w)
{
	long ncpus = sysconf(_SC_NPROCESSORS_CONF);
	size_t ring_bytes;

	if (ncpus < 1)
		ncpus = 1;
	ring_bytes = ring_pages(ncpus) * sysconf(_SC_PAGESIZE);
	w->rings = xcalloc(ncpus, sizeof(*w->rings));
	for (int cpu = 0; cpu < ncpus; cpu++) {
		int fd = open_cpu(cpu, ring_bytes), err;

		if (fd == -ENODEV)
			continue;	/* offline */
		if (fd < 0)
			return fd;
		err = ring_map(&w->rings[w->nrings], fd, ring_bytes);
		w->nrings++;
		if (err)
			return err;
	}
	return w->nrings ? 0 : -ENODEV;
}

struct mmapwatch *mmapwatch_open(int *err)
{
	struct mmapwatch *w = xcalloc(1, sizeof(*w));

	w->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	*err = w->wake_fd < 0 ? -errno : open_rings(w);
	if (*err) {
		mmapwatch_close(w);
		return NULL;
	}
	w->pfds = xcalloc(w->nrings + 1, sizeof(*w->pfds));
	for (int i = 0; i < w->nrings; i++)
		w->pfds[i] = (struct pollfd){ .fd = w->rings[i].fd, .events = POLLIN };
	w->pfds[w->nrings] = (struct pollfd){ .fd = w->wake_fd, .events = POLLIN };
	return w;
}

static void queue_clear(struct mmapwatch *w, int from, int to)
{
	for (int i = from; i < to; i++)
		free((char *)w->queue.v[i].ev.path);
}

void mmapwatch_close(struct mmapwatch *w)
{
	if (!w)
		return;
	for (int i = 0; i < w->nrings; i++)
		ring_unmap(&w->rings[i]);
	if (w->wake_fd >= 0)
		close(w->wake_fd);
	queue_clear(w, 0, w->queue.n);
	vec_free(&w->queue);
	free(w->pfds);
	free(w->rings);
	free(w);
}

int mmapwatch_ncpus(const struct mmapwatch *w)
{
	return w->nrings;
}

void mmapwatch_wait(struct mmapwatch *w, int timeout_ms)
{
	uint64_t v;

	if (poll(w->pfds, w->nrings + 1, timeout_ms) <= 0)
		return;
	/* A ring whose CPU went away would wake us forever: stop watching it. */
	for (int i = 0; i < w->nrings; i++)
		if (w->pfds[i].revents & (POLLHUP | POLLERR | POLLNVAL))
			w->pfds[i].fd = -1;
	if (w->pfds[w->nrings].revents & POLLIN)
		(void)!read(w->wake_fd, &v, sizeof(v));
}

void mmapwatch_wake(struct mmapwatch *w)
{
	uint64_t one = 1;

	(void)!write(w->wake_fd, &one, sizeof(one));
}

/* ---- reading ---- */

static void enqueue(struct mmapwatch *w, const void *rec, size_t size)
{
	struct pending p;

	if (mmapwatch_parse(rec, size, &p.ev) != 1)
		return;
	if (p.ev.path)
		p.ev.path = xstrdup(p.ev.path);
	p.seq = w->seq++;
	vec_push(&w->queue, p);
}

/* Every record of r, oldest first, into the queue; the space is given back. */
static void ring_read(struct mmapwatch *w, struct ring *r)
{
	struct perf_event_mmap_page *ctl = r->base;
	unsigned char *data = (unsigned char *)r->base + (r->mapped - r->size);
	uint64_t head = __atomic_load_n(&ctl->data_head, __ATOMIC_ACQUIRE);
	uint64_t tail = ctl->data_tail;

	while (tail < head) {
		size_t at = tail & (r->size - 1);
		struct perf_event_header h;
		const void *rec = data + at;

		/* Records are 8-byte aligned: a header never wraps. */
		memcpy(&h, data + at, sizeof(h));
		if (h.size < sizeof(h) || h.size > head - tail)
			break;		/* corrupt: drop the rest */
		if (at + h.size > r->size) {
			size_t first = r->size - at;

			memcpy(w->scratch, data + at, first);
			memcpy(w->scratch + first, data, h.size - first);
			rec = w->scratch;
		}
		enqueue(w, rec, h.size);
		tail += h.size;
	}
	__atomic_store_n(&ctl->data_tail, head, __ATOMIC_RELEASE);
}

static int cmp_pending(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;

	if (x->ev.time != y->ev.time)
		return x->ev.time < y->ev.time ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void mmapwatch_drain(struct mmapwatch *w, bool all, mmapwatch_fn fn, void *ctx)
{
	uint64_t now = monotonic_ns();
	uint64_t cutoff = all ? UINT64_MAX : now > REORDER_NS ? now - REORDER_NS : 0;
	int n = 0;

	for (int i = 0; i < w->nrings; i++)
		ring_read(w, &w->rings[i]);
	qsort(w->queue.v, w->queue.n, sizeof(*w->queue.v), cmp_pending);
	while (n < w->queue.n && w->queue.v[n].ev.time <= cutoff)
		fn(ctx, &w->queue.v[n++].ev);
	queue_clear(w, 0, n);
	memmove(w->queue.v, w->queue.v + n, (w->queue.n - n) * sizeof(*w->queue.v));
	w->queue.n -= n;
}
