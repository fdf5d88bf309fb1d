// SPDX-License-Identifier: GPL-2.0
/*
 * The recording reader.  One pass over the blocks checks each against the
 * file's size and decodes every record with a bounded cursor: metadata is
 * applied at once, events are only located (time, offset, CPU) and then
 * sorted, so a visit in time order decodes each event once more, without
 * holding the decoded events of a large file in memory.
 */
#include "record/reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_CPUS	4096

/* ---- decoding one record -------------------------------------------------- */

static bool decode_args(struct rec_cursor *c, struct rec_event *ev)
{
	uint64_t n = rec_get_u(c);

	if (n > REC_MAX_ARGS)
		return false;
	ev->nargs = (int)n;
	for (int i = 0; i < ev->nargs && !c->bad; i++) {
		struct rec_arg *a = &ev->args[i];

		if (c->p >= c->end)
			return false;
		a->type = *c->p++;
		a->s = NULL;
		a->slen = 0;
		a->i = 0;
		if (a->type == RA_STR)
			a->s = rec_get_str(c, &a->slen);
		else if (a->type == RA_INT)
			a->i = rec_get_s(c);
		else if (a->type == RA_UINT)
			a->i = (int64_t)rec_get_u(c);
		else
			return false;
	}
	return !c->bad;
}

static bool decode_hist(struct rec_cursor *c, struct rec_event *ev)
{
	uint64_t n = rec_get_u(c);

	if (n > REC_MAX_HIST)
		return false;
	ev->nhist = (int)n;
	for (int i = 0; i < ev->nhist && !c->bad; i++) {
		ev->hist[i].index = rec_get_u(c);
		ev->hist[i].label = rec_get_u(c);
		ev->hist[i].count = rec_get_u(c);
	}
	return !c->bad;
}

/*
 * Decode the record at c (its kind byte) whose time delta applies to
 * prev_ts.  false when it does not decode.
 */
static bool decode(struct rec_cursor *c, uint64_t prev_ts, struct rec_event *ev)
{
	const char *layout;

	if (c->p >= c->end)
		return false;
	ev->kind = *c->p++;
	layout = rec_kind_layout(ev->kind);
	if (!layout)
		return false;
	ev->ts = prev_ts + (uint64_t)rec_get_s(c);
	ev->nf = 0;
	ev->nargs = 0;
	ev->nhist = 0;
	ev->str = "";
	ev->slen = 0;
	for (int i = 0; layout[i] && !c->bad; i++) {
		switch (layout[i]) {
		case 'u': ev->f[ev->nf++] = rec_get_u(c); break;
		case 's': ev->f[ev->nf++] = (uint64_t)rec_get_s(c); break;
		case 'S': ev->str = rec_get_str(c, &ev->slen); break;
		case 'a':
			if (!decode_args(c, ev))
				return false;
			break;
		case 'h':
			if (!decode_hist(c, ev))
				return false;
			break;
		}
	}
	/* a counter's value follows its name, which the layout lists first */
	return !c->bad;
}

/* ---- metadata ------------------------------------------------------------------ */

static uint32_t hash32(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352d;
	x ^= x >> 15;
	x *= 0x846ca68b;
	return x ^ (x >> 16);
}

static struct rec_thread *thread_slot(struct rec_file *f, uint32_t tid)
{
	uint32_t j;

	if (f->threads_n * 2 >= f->threads_cap) {
		struct rec_thread *old = f->threads;
		uint32_t old_cap = f->threads_cap;

		f->threads_cap = old_cap ? old_cap * 2 : 1024;
		f->threads = xcalloc(f->threads_cap, sizeof(*f->threads));
		for (uint32_t i = 0; i < old_cap; i++) {
			if (!old[i].used)
				continue;
			j = hash32(old[i].tid) & (f->threads_cap - 1);
			while (f->threads[j].used)
				j = (j + 1) & (f->threads_cap - 1);
			f->threads[j] = old[i];
		}
		free(old);
	}
	j = hash32(tid) & (f->threads_cap - 1);
	while (f->threads[j].used && f->threads[j].tid != tid)
		j = (j + 1) & (f->threads_cap - 1);
	if (!f->threads[j].used) {
		f->threads[j].used = true;
		f->threads[j].tid = tid;
		f->threads_n++;
	}
	return &f->threads[j];
}

/*
 * A thread is named by its latest record in time (an exec renames it); the
 * records of several CPUs reach the file in the order they were drained,
 * not in time order.
 */
static void apply_meta(struct rec_file *f, const struct rec_event *ev)
{
	if (ev->kind == RK_THREAD) {
		struct rec_thread *t = thread_slot(f, (uint32_t)ev->f[0]);
		size_t n = MIN(ev->slen, sizeof(t->comm) - 1);

		if (t->comm[0] && ev->ts < t->ts)
			return;
		t->ts = ev->ts;
		t->pid = (uint32_t)ev->f[1];
		memcpy(t->comm, ev->str, n);
		t->comm[n] = 0;
		for (size_t i = 0; i < n; i++)	/* names are printed into JSON and SVG */
			if ((unsigned char)t->comm[i] < 0x20 || t->comm[i] == 0x7f)
				t->comm[i] = '?';
	} else if (ev->kind == RK_STRING) {
		uint64_t id = ev->f[0];

		if (id == 0 || id > 1000000)
			return;
		while ((uint64_t)f->strings.n < id)
			vec_push(&f->strings, NULL);
		free(f->strings.v[id - 1]);
		f->strings.v[id - 1] = xstrndup(ev->str, ev->slen);
	} else if (ev->kind == RK_LOSS) {
		vec_push(&f->losses, ((struct rec_loss){ (int)ev->f[0], ev->ts, ev->f[1] }));
	}
}

/* ---- blocks -------------------------------------------------------------------- */

static int bad(const char *path, const char *why, size_t off)
{
	fprintf(stderr, "ERROR: %s: %s at offset %zu\n", path, why, off);
	return -1;
}

static int read_block(struct rec_file *f, const char *path, size_t off,
		      const struct rec_block_header *h)
{
	struct rec_cursor c = { f->data + off + REC_BLOCK_HEADER,
				f->data + off + REC_BLOCK_HEADER + h->len, false };
	uint64_t prev = h->base_ns;
	struct rec_event ev;
	bool is_meta = h->type == RB_META;

	if (!is_meta && h->cpu >= f->hdr.ncpus)
		return bad(path, "a block of a CPU the header does not have", off);
	for (uint32_t i = 0; i < h->count; i++) {
		uint64_t at = (uint64_t)(c.p - f->data);

		if (!decode(&c, prev, &ev))
			return bad(path, "a record that does not decode", (size_t)at);
		prev = ev.ts;
		if (is_meta != (ev.kind >= RK_THREAD))
			return bad(path, "a record in the wrong kind of block", (size_t)at);
		if (is_meta) {
			apply_meta(f, &ev);
			continue;
		}
		vec_push(&f->refs, ((struct rec_ref){ ev.ts, at, h->cpu }));
	}
	if (c.p != c.end)
		return bad(path, "a block whose length and records disagree", off);
	return 0;
}

static void read_end(struct rec_file *f, size_t off, const struct rec_block_header *h)
{
	const uint8_t *p = f->data + off + REC_BLOCK_HEADER;

	for (uint32_t i = 0; i < h->count && i < f->hdr.ncpus && (i + 1) * 16 <= h->len; i++) {
		memcpy(&f->cpu_events[i], p + i * 16, 8);
		memcpy(&f->cpu_lost[i], p + i * 16 + 8, 8);
	}
}

static int read_blocks(struct rec_file *f, const char *path)
{
	size_t off = REC_HEADER_SIZE;
	bool ended = false;

	while (off < f->size && !ended) {
		struct rec_block_header h;

		if (f->size - off < REC_BLOCK_HEADER ||
		    (memcpy(&h, f->data + off, sizeof(h)), h.len > f->size - off - REC_BLOCK_HEADER)) {
			/* a recording cut short: keep the whole blocks */
			f->truncated = true;
			fprintf(stderr, "WARNING: %s: truncated at offset %zu; reading what precedes\n",
				path, off);
			break;
		}
		if (h.len > REC_BLOCK_MAX)
			return bad(path, "a block larger than the format allows", off);
		switch (h.type) {
		case RB_EVENTS:
		case RB_META:
			if (read_block(f, path, off, &h))
				return -1;
			break;
		case RB_END:
			read_end(f, off, &h);
			ended = true;
			break;
		default:
			return bad(path, "an unknown block type", off);
		}
		off += REC_BLOCK_HEADER + h.len;
	}
	/* the header's flag says it was closed; only the END block says it is all here */
	f->complete = f->complete && ended;
	return 0;
}

static int by_time(const void *a, const void *b)
{
	const struct rec_ref *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

static int check_header(struct rec_file *f, const char *path)
{
	if (f->size < REC_HEADER_SIZE) {
		fprintf(stderr, "ERROR: %s: too short to be a sonde recording\n", path);
		return -1;
	}
	memcpy(&f->hdr, f->data, sizeof(f->hdr));
	if (memcmp(f->hdr.magic, REC_MAGIC, 8) != 0) {
		fprintf(stderr, "ERROR: %s: not a sonde recording (bad magic)\n", path);
		return -1;
	}
	if (f->hdr.version != REC_VERSION || f->hdr.header_size != REC_HEADER_SIZE) {
		fprintf(stderr, "ERROR: %s: recording format version %u is not supported\n",
			path, f->hdr.version);
		return -1;
	}
	if (f->hdr.ncpus == 0 || f->hdr.ncpus > MAX_CPUS) {
		fprintf(stderr, "ERROR: %s: implausible CPU count %u\n", path, f->hdr.ncpus);
		return -1;
	}
	f->complete = f->hdr.flags & REC_F_COMPLETE;
	return 0;
}

static int map_file(struct rec_file *f, const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) < 0) {
		fprintf(stderr, "ERROR: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "ERROR: %s: not a regular file\n", path);
		close(fd);
		return -1;
	}
	f->size = (size_t)st.st_size;
	f->data = f->size ? mmap(NULL, f->size, PROT_READ, MAP_PRIVATE, fd, 0) : NULL;
	close(fd);
	if (f->size && f->data == MAP_FAILED) {
		f->data = NULL;
		fprintf(stderr, "ERROR: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

int recf_open(struct rec_file *f, const char *path)
{
	memset(f, 0, sizeof(*f));
	if (map_file(f, path) || check_header(f, path))
		goto fail;
	f->cpu_events = xcalloc(f->hdr.ncpus, sizeof(uint64_t));
	f->cpu_lost = xcalloc(f->hdr.ncpus, sizeof(uint64_t));
	if (read_blocks(f, path))
		goto fail;
	if (f->refs.n)
		qsort(f->refs.v, (size_t)f->refs.n, sizeof(*f->refs.v), by_time);
	if (f->refs.n) {
		f->first_ts = f->refs.v[0].ts;
		f->last_ts = f->refs.v[f->refs.n - 1].ts;
	}
	if (!f->complete) {	/* no END block: count what is there */
		memset(f->cpu_lost, 0, f->hdr.ncpus * sizeof(uint64_t));
		for (int i = 0; i < f->refs.n; i++)
			f->cpu_events[f->refs.v[i].cpu]++;
		for (int i = 0; i < f->losses.n; i++)
			if (f->losses.v[i].cpu >= 0 && (uint32_t)f->losses.v[i].cpu < f->hdr.ncpus)
				f->cpu_lost[f->losses.v[i].cpu] += f->losses.v[i].count;
	}
	return 0;
fail:
	recf_close(f);
	return -1;
}

void recf_close(struct rec_file *f)
{
	if (f->data)
		munmap((void *)f->data, f->size);
	free(f->threads);
	for (int i = 0; i < f->strings.n; i++)
		free(f->strings.v[i]);
	vec_free(&f->strings);
	vec_free(&f->losses);
	vec_free(&f->refs);
	free(f->cpu_events);
	free(f->cpu_lost);
	memset(f, 0, sizeof(*f));
}

/* ---- lookups -------------------------------------------------------------------- */

bool recf_event(const struct rec_file *f, int i, struct rec_event *ev)
{
	const struct rec_ref *r = &f->refs.v[i];
	struct rec_cursor c = { f->data + r->off, f->data + f->size, false };
	uint8_t kind = f->data[r->off];

	/* the delta was applied when the ref was made: decode, then set the time */
	if (!decode(&c, 0, ev) || ev->kind != kind)
		return false;
	ev->ts = r->ts;
	ev->cpu = (int)r->cpu;
	return true;
}

const struct rec_thread *recf_thread(const struct rec_file *f, uint32_t tid)
{
	uint32_t j;

	if (!f->threads_cap)
		return NULL;
	j = hash32(tid) & (f->threads_cap - 1);
	while (f->threads[j].used) {
		if (f->threads[j].tid == tid)
			return &f->threads[j];
		j = (j + 1) & (f->threads_cap - 1);
	}
	return NULL;
}

int recf_thread_slot(const struct rec_file *f, uint32_t tid)
{
	const struct rec_thread *t = recf_thread(f, tid);

	return t ? (int)(t - f->threads) : -1;
}

const char *recf_comm(const struct rec_file *f, uint32_t tid, char buf[24])
{
	const struct rec_thread *t = recf_thread(f, tid);

	if (tid == 0)
		return "swapper";
	if (t && t->comm[0])
		return t->comm;
	snprintf(buf, 24, "<%u>", tid);
	return buf;
}

uint32_t recf_pid(const struct rec_file *f, uint32_t tid)
{
	const struct rec_thread *t = recf_thread(f, tid);

	return t && t->pid ? t->pid : tid;
}

const char *recf_string(const struct rec_file *f, uint64_t sid)
{
	if (sid == 0 || sid > (uint64_t)f->strings.n)
		return NULL;
	return f->strings.v[sid - 1];
}

uint64_t recf_wall_ns(const struct rec_file *f, uint64_t ts)
{
	return f->hdr.real_ns + (ts - f->hdr.boot_ns);
}
