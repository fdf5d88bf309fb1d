// SPDX-License-Identifier: GPL-2.0
/*
 * Processes by pid: a chained hash table, plus a list of the exited ones
 * in the order they exited, so that the oldest is forgotten first when
 * there are too many.
 *
 * Events arrive in time order, but a process may have been read from
 * /proc after some of its events happened (the snapshot at start, a late
 * discovery): uproc.since says as of when its list is right, and older
 * events are ignored.
 */
#include "sym/proctab.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "util.h"

struct proctab {
	struct uproc **buckets;
	int nbuckets;		/* a power of two */
	int count;
	struct uproc *last;	/* the last lookup: stacks come many frames at a time */
	struct uproc *xhead, *xtail;	/* exited, oldest first */
	int nexited, max_exited;
};

struct proctab *proctab_new(int max_exited)
{
	struct proctab *t = xcalloc(1, sizeof(*t));

	t->nbuckets = 1024;
	t->buckets = xcalloc(t->nbuckets, sizeof(*t->buckets));
	t->max_exited = max_exited > 0 ? max_exited : 1;
	return t;
}

static void uproc_free(struct uproc *p)
{
	procmaps_free(&p->maps);
	free(p);
}

void proctab_free(struct proctab *t)
{
	if (!t)
		return;
	for (int i = 0; i < t->nbuckets; i++) {
		struct uproc *p = t->buckets[i], *next;

		for (; p; p = next) {
			next = p->hnext;
			uproc_free(p);
		}
	}
	free(t->buckets);
	free(t);
}

static unsigned int bucket_of(const struct proctab *t, int pid)
{
	return ((unsigned int)pid * 2654435761u) & (t->nbuckets - 1);
}

struct uproc *proctab_find(struct proctab *t, int pid)
{
	struct uproc *p;

	if (t->last && t->last->pid == pid)
		return t->last;
	for (p = t->buckets[bucket_of(t, pid)]; p; p = p->hnext)
		if (p->pid == pid)
			return t->last = p;
	return NULL;
}

int proctab_exited(const struct proctab *t)
{
	return t->nexited;
}

static void grow(struct proctab *t)
{
	struct uproc **old = t->buckets;
	int oldn = t->nbuckets;

	t->nbuckets *= 2;
	t->buckets = xcalloc(t->nbuckets, sizeof(*t->buckets));
	for (int i = 0; i < oldn; i++) {
		struct uproc *p = old[i], *next;

		for (; p; p = next) {
			unsigned int b = bucket_of(t, p->pid);

			next = p->hnext;
			p->hnext = t->buckets[b];
			t->buckets[b] = p;
		}
	}
	free(old);
}

static void exited_unlink(struct proctab *t, struct uproc *p)
{
	if (!p->exited)
		return;
	if (p->xprev)
		p->xprev->xnext = p->xnext;
	else
		t->xhead = p->xnext;
	if (p->xnext)
		p->xnext->xprev = p->xprev;
	else
		t->xtail = p->xprev;
	p->xprev = p->xnext = NULL;
	p->exited = false;
	t->nexited--;
}

/* Remove p from the table and free it. */
static void forget(struct proctab *t, struct uproc *p)
{
	struct uproc **pp = &t->buckets[bucket_of(t, p->pid)];

	while (*pp != p)
		pp = &(*pp)->hnext;
	*pp = p->hnext;
	exited_unlink(t, p);
	if (t->last == p)
		t->last = NULL;
	t->count--;
	uproc_free(p);
}

static void mark_exited(struct proctab *t, struct uproc *p)
{
	if (p->exited)
		return;
	p->exited = true;
	p->xprev = t->xtail;
	if (t->xtail)
		t->xtail->xnext = p;
	else
		t->xhead = p;
	t->xtail = p;
	t->nexited++;
	while (t->nexited > t->max_exited)
		forget(t, t->xhead);
}

struct uproc *proctab_set(struct proctab *t, int pid, procmaplist *maps, uint64_t since)
{
	struct uproc *p = proctab_find(t, pid);

	if (!p) {
		unsigned int b;

		if (t->count >= t->nbuckets * 2)
			grow(t);
		b = bucket_of(t, pid);
		p = xcalloc(1, sizeof(*p));
		p->pid = pid;
		p->hnext = t->buckets[b];
		t->buckets[b] = p;
		t->count++;
	} else {
		procmaps_free(&p->maps);
		exited_unlink(t, p);	/* the pid is alive again */
		p->startcode = 0;
	}
	p->maps = *maps;
	memset(maps, 0, sizeof(*maps));
	p->since = since;
	t->last = p;
	return p;
}

/* ---- events ---- */

static struct procmap event_map(const struct mmap_event *ev)
{
	struct procmap m = {
		.start = ev->start,
		.end = ev->start + ev->len,
		.offset = ev->pgoff,
		.exec = ev->prot & PROT_EXEC,
		.build_id_size = ev->build_id_size,
	};

	memcpy(m.build_id, ev->build_id, sizeof(m.build_id));
	/* "//anon" is anonymous memory (a JIT's code): like /proc, no path. */
	if (ev->path && strcmp(ev->path, "//anon") != 0)
		m.path = xstrdup(ev->path);
	return m;
}

static void apply_mmap(struct proctab *t, const struct mmap_event *ev)
{
	struct uproc *p = proctab_find(t, ev->pid);
	struct procmap m;

	if (!p) {
		/* First heard of: what it mapped before comes from /proc. */
		procmaplist maps = { 0 };
		uint64_t now = monotonic_ns();

		if (procmaps_read(ev->pid, &maps) == 0) {
			proctab_set(t, ev->pid, &maps, now);
			return;		/* the new mapping is in there */
		}
		p = proctab_set(t, ev->pid, &maps, ev->time);
	}
	if (ev->time < p->since || ev->len == 0)
		return;
	m = event_map(ev);
	procmaps_insert(&p->maps, &m);
}

static void apply_exec(struct proctab *t, const struct mmap_event *ev)
{
	struct uproc *p = proctab_find(t, ev->pid);
	procmaplist none = { 0 };

	if (p && ev->time < p->since)
		return;
	proctab_set(t, ev->pid, &none, ev->time);
}

static void apply_fork(struct proctab *t, const struct mmap_event *ev)
{
	struct uproc *child, *parent;
	procmaplist copy = { 0 };

	if (ev->pid == ev->ppid)
		return;		/* a thread */
	child = proctab_find(t, ev->pid);
	if (child && !child->exited && child->since >= ev->time)
		return;		/* read from /proc after the fork: newer */
	parent = proctab_find(t, ev->ppid);
	if (!parent || !parent->maps.n) {
		/* A kernel thread, or an unknown parent: /proc will tell. */
		if (child)
			forget(t, child);	/* an earlier process of that pid */
		return;
	}
	procmaps_copy(&parent->maps, &copy);
	proctab_set(t, ev->pid, &copy, ev->time);
}

static void apply_exit(struct proctab *t, const struct mmap_event *ev)
{
	struct uproc *p;

	if (ev->tid != ev->pid)
		return;		/* a thread; the process goes with its leader */
	p = proctab_find(t, ev->pid);
	if (p && ev->time >= p->since)
		mark_exited(t, p);
}

typedef void (*apply_fn)(struct proctab *t, const struct mmap_event *ev);

static const apply_fn appliers[] = {
	[MEV_MMAP] = apply_mmap,
	[MEV_EXEC] = apply_exec,
	[MEV_FORK] = apply_fork,
	[MEV_EXIT] = apply_exit,
	[MEV_LOST] = NULL,	/* the reader rescans /proc */
};

void proctab_apply(struct proctab *t, const struct mmap_event *ev)
{
	if ((unsigned int)ev->kind < ARRAY_SIZE(appliers) && appliers[ev->kind])
		appliers[ev->kind](t, ev);
}
