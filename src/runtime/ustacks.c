// SPDX-License-Identifier: GPL-2.0
/*
 * The table of user stacks unwound from samples.  Distinct stacks live in
 * an open-addressing table keyed by their id; the last RECENT_SAMPLES
 * sample ids are kept in a ring with the stack id each unwound to.  A
 * sample is referred to only by records of the probe run that sent it,
 * which follow it closely in the ring buffer, so a short ring suffices;
 * lookups go from the newest sample back.
 */
#include "runtime/ustacks.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/diag.h"
#include "sym/dwarf_unwind.h"
#include "lang/program.h"
#include "util.h"

#define RECENT_SAMPLES	4096
#define STACKS_MAX	(1u << 20)	/* distinct stacks kept */

struct ustack {
	uint64_t id;		/* 0: an empty slot */
	int n;
	uint64_t *pcs;
};

struct recent_sample {
	uint64_t sample, stack;
};

struct ustacks {
	struct dwarf_unwinder *unwinder;
	struct ustack *slots;
	uint32_t nslots, nstacks;	/* nslots: a power of two */
	struct recent_sample recent[RECENT_SAMPLES];
	uint32_t next;			/* the recent slot written next */
	bool warned_full;
};

struct ustacks *ustacks_new(void)
{
	struct ustacks *u = xcalloc(1, sizeof(*u));

	u->unwinder = dwarf_unwinder_new();
	u->nslots = 1024;
	u->slots = xcalloc(u->nslots, sizeof(*u->slots));
	return u;
}

bool ustacks_prepare(struct ustacks *u, int pid)
{
	return dwarf_unwinder_prepare(u->unwinder, pid);
}

void ustacks_free(struct ustacks *u)
{
	if (!u)
		return;
	for (uint32_t i = 0; i < u->nslots; i++)
		free(u->slots[i].pcs);
	free(u->slots);
	dwarf_unwinder_free(u->unwinder);
	free(u);
}

uint64_t ustacks_hash(const uint64_t *frames, int n)
{
	uint64_t h = STACK_HASH_SEED;

	for (int i = 0; i < n; i++) {
		h = (h ^ frames[i]) * STACK_HASH_MUL;
		h ^= h >> 29;
	}
	return h | 1;
}

static struct ustack *slot_of(const struct ustacks *u, uint64_t id)
{
	uint32_t mask = u->nslots - 1, i = (uint32_t)(id ^ id >> 32) & mask;

	while (u->slots[i].id && u->slots[i].id != id)
		i = (i + 1) & mask;
	return &u->slots[i];
}

static void grow(struct ustacks *u)
{
	struct ustack *old = u->slots;
	uint32_t n = u->nslots;

	u->nslots *= 2;
	u->slots = xcalloc(u->nslots, sizeof(*u->slots));
	for (uint32_t i = 0; i < n; i++)
		if (old[i].id)
			*slot_of(u, old[i].id) = old[i];
	free(old);
}

/* The id of frames, stored on first sight; 0 when the table is full. */
static uint64_t store_stack(struct ustacks *u, const uint64_t *pcs, int n)
{
	uint64_t id = ustacks_hash(pcs, n);
	struct ustack *s = slot_of(u, id);

	if (s->id)
		return id;
	if (u->nstacks >= STACKS_MAX) {
		if (!u->warned_full)
			diag_plain_warning("more than %u distinct user stacks: new ones print empty",
				STACKS_MAX);
		u->warned_full = true;
		return 0;
	}
	if ((u->nstacks + 1) * 2 > u->nslots) {
		grow(u);
		s = slot_of(u, id);
	}
	s->id = id;
	s->n = n;
	s->pcs = xmalloc(n * sizeof(*pcs));
	memcpy(s->pcs, pcs, n * sizeof(*pcs));
	u->nstacks++;
	return id;
}

void ustacks_add_sample(struct ustacks *u, const void *record, size_t len)
{
	const size_t head = offsetof(struct ustack_sample_record, stack);
	const struct ustack_sample_record *r = record;
	uint64_t pcs[STACK_MAX_FRAMES], stack = 0;
	struct dwarf_sample s;
	int n;

	if (!u || len < head)
		return;
	s.pid = (int)r->pid;
	s.tid = (int)r->tid;
	s.regs = r->regs;
	s.stack = r->stack;
	s.stack_len = MIN(r->stack_len, MIN((uint64_t)USTACK_SAMPLE_BYTES, len - head));
	n = dwarf_unwind(u->unwinder, &s, pcs, STACK_MAX_FRAMES);
	if (n > 0)
		stack = store_stack(u, pcs, n);
	u->recent[u->next].sample = r->sample;
	u->recent[u->next].stack = stack;
	u->next = (u->next + 1) % RECENT_SAMPLES;
}

/* The stack id a recent sample unwound to; 0 when unknown or empty. */
static uint64_t recent_stack(const struct ustacks *u, uint64_t sample)
{
	for (uint32_t k = 1; k <= RECENT_SAMPLES; k++) {
		const struct recent_sample *r = &u->recent[(u->next + RECENT_SAMPLES - k) % RECENT_SAMPLES];

		if (!r->sample)
			break;
		if (r->sample == sample)
			return r->stack;
	}
	return 0;
}

uint64_t ustacks_resolve(const struct ustacks *u, uint64_t id)
{
	if (!u || !id)
		return 0;
	if (slot_of(u, id)->id)
		return id;
	return recent_stack(u, id);
}

int ustacks_frames(const struct ustacks *u, uint64_t id, uint64_t *frames, int max)
{
	const struct ustack *s;
	int n;

	id = ustacks_resolve(u, id);
	if (!id)
		return -1;
	s = slot_of(u, id);
	n = MIN(s->n, max);
	memcpy(frames, s->pcs, n * sizeof(*frames));
	return n;
}
