// SPDX-License-Identifier: GPL-2.0
/*
 * The recording writer.  Each CPU's events go into that CPU's block buffer
 * (the ring buffer of a CPU delivers them in time order, so the deltas
 * stay small); a thread is written to the metadata stream when it is first
 * seen and again when its process or name changes, so events carry only
 * tids.  A context switch costs about 12 bytes.
 */
#include "record/writer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "record/recfile.h"
#include "util.h"
#include "outfile.h"

#define BLOCK_TARGET	(64u << 10)	/* a block is closed past this many bytes */
#define RECORD_ROOM	4096u		/* the largest record (a histogram), with margin */

struct stream {
	uint8_t *buf;
	uint32_t len, count;
	uint64_t base, last;
	uint64_t events, lost;
};

struct thread_slot {
	uint32_t tid, pid;
	char comm[16];
	bool used;
	uint64_t seen;		/* the time of its latest event */
};

/* A flight recorder forgets threads older than its oldest block past this many. */
#define FLIGHT_THREADS_MAX	32768

struct block {
	uint8_t *data;
	size_t len;
};

struct rec_writer {
	FILE *out;
	char *path;
	int ncpus;
	struct stream *streams;		/* ncpus, then the metadata stream */
	struct thread_slot *threads;
	uint32_t threads_cap, threads_n;
	uint32_t prune_at;		/* flight recorder: prune past this many threads */
	uint64_t shared_lost;		/* losses of a buffer all CPUs share (record -e) */
	VEC(char *) strings;		/* by id - 1 */
	uint64_t size_limit, written;
	bool full, failed;
	/* flight recorder */
	uint64_t flight_bytes, kept_bytes;
	VEC(struct block) kept;
	int kept_first;
	uint64_t boot_ns, real_ns;
};

static struct stream *meta(struct rec_writer *w)
{
	return &w->streams[w->ncpus];
}

/* ---- output ------------------------------------------------------------ */

static void write_bytes(struct rec_writer *w, const void *p, size_t n)
{
	if (!w->failed && fwrite(p, 1, n, w->out) != n)
		w->failed = true;
	w->written += n;
}

static void threads_prune(struct rec_writer *w);

static void keep_block(struct rec_writer *w, uint8_t *data, size_t len)
{
	vec_push(&w->kept, ((struct block){ data, len }));
	w->kept_bytes += len;
	while (w->kept_bytes > w->flight_bytes && w->kept_first < w->kept.n - 1) {
		struct block *old = &w->kept.v[w->kept_first++];

		w->kept_bytes -= old->len;
		free(old->data);
	}
	threads_prune(w);
	if (w->kept_first > 64 && w->kept_first * 2 > w->kept.n) {
		memmove(w->kept.v, w->kept.v + w->kept_first,
			(w->kept.n - w->kept_first) * sizeof(*w->kept.v));
		w->kept.n -= w->kept_first;
		w->kept_first = 0;
	}
}

/* Close the stream's block: to the file, or to memory in flight mode. */
static void flush_stream(struct rec_writer *w, int idx)
{
	struct stream *s = &w->streams[idx];
	struct rec_block_header h = {
		.type = idx == w->ncpus ? RB_META : RB_EVENTS,
		.cpu = idx == w->ncpus ? REC_META_CPU : (uint32_t)idx,
		.len = s->len, .count = s->count, .base_ns = s->base,
	};

	if (!s->count)
		return;
	if (w->flight_bytes) {
		uint8_t *copy = xmalloc(sizeof(h) + s->len);

		memcpy(copy, &h, sizeof(h));
		memcpy(copy + sizeof(h), s->buf, s->len);
		keep_block(w, copy, sizeof(h) + s->len);
	} else if (w->size_limit && w->written + sizeof(h) + s->len > w->size_limit) {
		w->full = true;
		if (idx < w->ncpus)	/* not in the file: not in its totals */
			s->events -= s->count;
	} else {
		write_bytes(w, &h, sizeof(h));
		write_bytes(w, s->buf, s->len);
	}
	s->len = s->count = 0;
}

/* Room for one record in the stream; its time delta written. */
static uint8_t *begin_record(struct rec_writer *w, int idx, unsigned kind, uint64_t ts)
{
	struct stream *s = &w->streams[idx];
	uint8_t *p;

	if (s->len > BLOCK_TARGET)
		flush_stream(w, idx);
	if (!s->count)
		s->base = s->last = ts;
	p = s->buf + s->len;
	*p++ = (uint8_t)kind;
	p = rec_put_s(p, (int64_t)(ts - s->last));
	s->last = ts;
	return p;
}

static void end_record(struct rec_writer *w, int idx, uint8_t *end)
{
	struct stream *s = &w->streams[idx];

	s->len = (uint32_t)(end - s->buf);
	s->count++;
}

static uint8_t *put_str(uint8_t *p, const char *s, size_t max)
{
	size_t n = strnlen(s, max);

	p = rec_put_u(p, n);
	memcpy(p, s, n);
	return p + n;
}

static uint8_t *put_bytes(uint8_t *p, const char *s, size_t n)
{
	p = rec_put_u(p, n);
	if (n)
		memcpy(p, s, n);
	return p + n;
}

/* ---- threads and strings ---------------------------------------------- */

static uint32_t hash32(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352d;
	x ^= x >> 15;
	x *= 0x846ca68b;
	return x ^ (x >> 16);
}

/* Rehash into a table of cap slots, keeping the threads seen since `since`. */
static void threads_rehash(struct rec_writer *w, uint32_t cap, uint64_t since)
{
	struct thread_slot *old = w->threads;
	uint32_t old_cap = w->threads_cap;

	w->threads_cap = cap;
	w->threads = xcalloc(w->threads_cap, sizeof(*w->threads));
	w->threads_n = 0;
	for (uint32_t i = 0; i < old_cap; i++) {
		if (!old[i].used || old[i].seen < since)
			continue;
		w->threads_n++;
		uint32_t j = hash32(old[i].tid) & (w->threads_cap - 1);

		while (w->threads[j].used)
			j = (j + 1) & (w->threads_cap - 1);
		w->threads[j] = old[i];
	}
	free(old);
}

static void threads_grow(struct rec_writer *w)
{
	threads_rehash(w, w->threads_cap ? w->threads_cap * 2 : 1024, 0);
}

/*
 * The flight recorder's memory stays flat: threads last seen before its
 * oldest kept block name no event it can still write.
 */
static void threads_prune(struct rec_writer *w)
{
	const struct rec_block_header *oldest = (const void *)w->kept.v[w->kept_first].data;

	if (w->threads_n <= MAX(w->prune_at, FLIGHT_THREADS_MAX))
		return;
	threads_rehash(w, w->threads_cap, oldest->base_ns);
	w->prune_at = w->threads_n * 2;	/* all recent: not again at once */
}

static void write_thread(struct rec_writer *w, uint64_t ts, const struct thread_slot *t)
{
	uint8_t *p = begin_record(w, w->ncpus, RK_THREAD, ts);

	p = rec_put_u(p, t->tid);
	p = rec_put_u(p, t->pid);
	p = put_str(p, t->comm, sizeof(t->comm));
	end_record(w, w->ncpus, p);
}

/* Note the event's thread; written when new or changed (exec renames). */
static void see_thread(struct rec_writer *w, const struct krec *r)
{
	uint32_t j;

	if (r->tid == 0)
		return;		/* the idle tasks: "swapper/N" on every CPU */
	if (w->threads_n * 2 >= w->threads_cap)
		threads_grow(w);
	j = hash32(r->tid) & (w->threads_cap - 1);
	while (w->threads[j].used && w->threads[j].tid != r->tid)
		j = (j + 1) & (w->threads_cap - 1);
	struct thread_slot *t = &w->threads[j];

	t->seen = r->ts;
	if (t->used && t->pid == r->pid && strncmp(t->comm, r->comm, 16) == 0)
		return;
	if (!t->used)
		w->threads_n++;
	t->used = true;
	t->tid = r->tid;
	t->pid = r->pid;
	memcpy(t->comm, r->comm, 16);
	t->comm[15] = 0;
	/* a copy: writing may close a block, and a flight recorder then prunes the table */
	struct thread_slot copy = *t;

	write_thread(w, r->ts, &copy);
}

static void write_string(struct rec_writer *w, uint64_t ts, uint64_t id, const char *s)
{
	uint8_t *p = begin_record(w, w->ncpus, RK_STRING, ts);

	p = rec_put_u(p, id);
	p = put_str(p, s, 256);
	end_record(w, w->ncpus, p);
}

uint64_t recw_string(struct rec_writer *w, uint64_t ts, const char *s)
{
	/* few distinct names (probe and span names): a linear search is enough */
	for (int i = 0; i < w->strings.n; i++)
		if (strcmp(w->strings.v[i], s) == 0)
			return (uint64_t)i + 1;
	vec_push(&w->strings, xstrndup(s, strnlen(s, 256)));
	write_string(w, ts, (uint64_t)w->strings.n, s);
	return (uint64_t)w->strings.n;
}

/* ---- events ------------------------------------------------------------- */

void recw_event(struct rec_writer *w, int cpu, const struct krec *r)
{
	const char *layout = rec_kind_layout(r->kind);
	uint8_t *p;

	if (cpu < 0 || cpu >= w->ncpus || !layout ||
	    (r->kind >= RK_INSTANT && r->kind != RK_SAMPLE))
		return;
	see_thread(w, r);
	p = begin_record(w, cpu, r->kind, r->ts);
	p = rec_put_u(p, r->tid);
	for (int i = 1; layout[i]; i++) {
		if (layout[i] == 'u')
			p = rec_put_u(p, r->a[i - 1]);
		else if (layout[i] == 's')
			p = rec_put_s(p, (int64_t)r->a[i - 1]);
		else
			p = put_str(p, r->str, KREC_STR);
	}
	end_record(w, cpu, p);
	w->streams[cpu].events++;
}

void recw_script(struct rec_writer *w, int cpu, const struct krec *who, unsigned kind,
		 uint64_t name_sid, const char *msg, const struct recw_arg *args, int nargs,
		 int64_t value)
{
	uint8_t *p;

	if (cpu < 0 || cpu >= w->ncpus)
		return;
	see_thread(w, who);
	p = begin_record(w, cpu, kind, who->ts);
	p = rec_put_u(p, who->tid);
	p = rec_put_u(p, name_sid);
	if (kind == RK_COUNTER)
		p = rec_put_s(p, value);
	if (kind == RK_INSTANT) {
		p = put_str(p, msg ? msg : "", REC_MSG_MAX);
		nargs = MIN(nargs, 8);
		p = rec_put_u(p, (uint64_t)nargs);
		for (int i = 0; i < nargs; i++) {
			*p++ = (uint8_t)args[i].type;
			if (args[i].type == RA_STR)
				p = put_bytes(p, args[i].sval, MIN(args[i].slen, REC_ARG_STR));
			else if (args[i].type == RA_INT)
				p = rec_put_s(p, args[i].ival);
			else
				p = rec_put_u(p, (uint64_t)args[i].ival);
		}
	}
	end_record(w, cpu, p);
	w->streams[cpu].events++;
}

void recw_hist(struct rec_writer *w, uint64_t ts, uint64_t name_sid, int n,
	       const uint64_t *index, const uint64_t *label_sid, const uint64_t *count)
{
	uint8_t *p;

	n = MIN(n, REC_HIST_MAX);
	p = begin_record(w, 0, RK_HIST, ts);
	p = rec_put_u(p, 0);
	p = rec_put_u(p, name_sid);
	p = rec_put_u(p, (uint64_t)n);
	for (int i = 0; i < n; i++) {
		p = rec_put_u(p, index[i]);
		p = rec_put_u(p, label_sid[i]);
		p = rec_put_u(p, count[i]);
	}
	end_record(w, 0, p);
	w->streams[0].events++;
}

void recw_loss(struct rec_writer *w, uint32_t cpu, uint64_t ts, uint64_t count)
{
	uint8_t *p = begin_record(w, w->ncpus, RK_LOSS, ts);

	p = rec_put_u(p, cpu);
	p = rec_put_u(p, count);
	end_record(w, w->ncpus, p);
	if (cpu < (uint32_t)w->ncpus)
		w->streams[cpu].lost += count;
	else
		w->shared_lost += count;
}

/* ---- the file ----------------------------------------------------------- */

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void write_header(struct rec_writer *w, uint32_t flags)
{
	struct rec_header h = {
		.version = REC_VERSION, .header_size = REC_HEADER_SIZE,
		.boot_ns = w->boot_ns, .real_ns = w->real_ns,
		.ncpus = (uint32_t)w->ncpus, .flags = flags, .arch = "x86_64",
	};

	memcpy(h.magic, REC_MAGIC, 8);
	write_bytes(w, &h, sizeof(h));
}

struct rec_writer *recw_open(const struct rec_writer_opts *o)
{
	struct rec_writer *w = xcalloc(1, sizeof(*w));
	uint64_t b0, b1;

	w->ncpus = o->ncpus;
	w->path = xstrdup(o->path);
	w->size_limit = o->size_limit;
	w->flight_bytes = o->flight_bytes;
	w->streams = xcalloc((size_t)w->ncpus + 1, sizeof(*w->streams));
	for (int i = 0; i <= w->ncpus; i++)
		w->streams[i].buf = xmalloc(BLOCK_TARGET + RECORD_ROOM);
	threads_grow(w);
	b0 = clock_ns(CLOCK_BOOTTIME);
	w->real_ns = clock_ns(CLOCK_REALTIME);
	b1 = clock_ns(CLOCK_BOOTTIME);
	w->boot_ns = b0 + (b1 - b0) / 2;
	if (w->flight_bytes)
		return w;
	w->out = outfile_fopen("-o", o->path);	/* no planted links, 0600 */
	if (!w->out) {
		w->failed = true;
		recw_close(w);
		return NULL;
	}
	setvbuf(w->out, NULL, _IOFBF, 1 << 20);
	write_header(w, 0);
	return w;
}

/*
 * The totals: per CPU, the events the file holds and the events lost.  A
 * flight recorder's file holds only its kept blocks: their counts.
 */
static void write_end(struct rec_writer *w)
{
	struct rec_block_header h = {
		.type = RB_END, .cpu = (uint32_t)w->ncpus,
		.len = (uint32_t)w->ncpus * 16, .count = (uint32_t)w->ncpus,
	};
	uint64_t *kept = xcalloc((size_t)w->ncpus, sizeof(uint64_t));

	for (int i = w->kept_first; i < w->kept.n; i++) {
		const struct rec_block_header *b = (const void *)w->kept.v[i].data;

		if (b->type == RB_EVENTS && b->cpu < (uint32_t)w->ncpus)
			kept[b->cpu] += b->count;
	}
	write_bytes(w, &h, sizeof(h));
	for (int i = 0; i < w->ncpus; i++) {
		uint64_t totals[2] = { w->flight_bytes ? kept[i] : w->streams[i].events,
				       w->streams[i].lost };

		write_bytes(w, totals, sizeof(totals));
	}
	free(kept);
}

/* Every thread known, for a flight-recorder file whose early blocks are gone. */
static void write_thread_table(struct rec_writer *w, uint64_t ts)
{
	for (uint32_t i = 0; i < w->threads_cap; i++) {
		struct thread_slot copy = w->threads[i];

		if (copy.used)
			write_thread(w, ts, &copy);
	}
	for (int i = 0; i < w->strings.n; i++)
		write_string(w, ts, (uint64_t)i + 1, w->strings.v[i]);
}

int recw_dump(struct rec_writer *w)
{
	char *tmp = xasprintf("%s.tmp", w->path);
	uint64_t flight = w->flight_bytes;
	int err = 0;

	for (int i = 0; i <= w->ncpus; i++)
		flush_stream(w, i);
	w->out = outfile_fopen("-o", tmp);
	if (!w->out) {
		free(tmp);
		return -1;
	}
	setvbuf(w->out, NULL, _IOFBF, 1 << 20);
	w->failed = false;
	w->written = 0;
	write_header(w, REC_F_COMPLETE | REC_F_FLIGHT);
	/* the whole thread table first, straight to the file */
	w->flight_bytes = 0;
	write_thread_table(w, meta(w)->last);
	flush_stream(w, w->ncpus);
	w->flight_bytes = flight;
	for (int i = w->kept_first; i < w->kept.n; i++)
		write_bytes(w, w->kept.v[i].data, w->kept.v[i].len);
	write_end(w);
	if (fclose(w->out) || w->failed) {
		fprintf(stderr, "ERROR: %s: write failed\n", tmp);
		err = -1;
	} else if (rename(tmp, w->path)) {
		fprintf(stderr, "ERROR: %s: %s\n", w->path, strerror(errno));
		err = -1;
	}
	if (err)
		unlink(tmp);
	w->out = NULL;
	free(tmp);
	return err;
}

bool recw_full(const struct rec_writer *w)
{
	return w->full;
}

uint64_t recw_events(const struct rec_writer *w)
{
	uint64_t n = 0;

	for (int i = 0; i < w->ncpus; i++)
		n += w->streams[i].events;
	return n;
}

uint64_t recw_lost(const struct rec_writer *w)
{
	uint64_t n = w->shared_lost;

	for (int i = 0; i < w->ncpus; i++)
		n += w->streams[i].lost;
	return n;
}

uint64_t recw_cpu_lost(const struct rec_writer *w, int cpu)
{
	return cpu >= 0 && cpu < w->ncpus ? w->streams[cpu].lost : 0;
}

uint64_t recw_bytes(const struct rec_writer *w)
{
	return w->written;
}

static void writer_free(struct rec_writer *w)
{
	for (int i = 0; i <= w->ncpus; i++)
		free(w->streams[i].buf);
	free(w->streams);
	free(w->threads);
	for (int i = 0; i < w->strings.n; i++)
		free(w->strings.v[i]);
	vec_free(&w->strings);
	for (int i = w->kept_first; i < w->kept.n; i++)
		free(w->kept.v[i].data);
	vec_free(&w->kept);
	free(w->path);
	free(w);
}

int recw_close(struct rec_writer *w)
{
	int err = 0;

	if (w->flight_bytes) {
		err = recw_dump(w);
	} else if (w->out) {
		/* the metadata last: a thread first seen in a block must be known */
		for (int i = 0; i <= w->ncpus; i++)
			flush_stream(w, i);
		if (w->full)	/* the totals and the end still go in */
			w->size_limit = 0;
		write_end(w);
		if (fflush(w->out) == 0 && !w->failed) {
			uint32_t flags = REC_F_COMPLETE;

			if (fseek(w->out, offsetof(struct rec_header, flags), SEEK_SET) ||
			    fwrite(&flags, 4, 1, w->out) != 1)
				w->failed = true;
		}
		if (fclose(w->out) || w->failed) {
			fprintf(stderr, "ERROR: %s: write failed\n", w->path);
			err = -1;
		}
	}
	writer_free(w);
	return err;
}
