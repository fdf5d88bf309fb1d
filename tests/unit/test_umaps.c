// SPDX-License-Identifier: GPL-2.0
/*
 * unwind = dwarf in user space, without a kernel: samples become stack
 * ids (ustacks.c), and EV_MAP_UPDATE records aggregate by those ids in
 * the tables of maps.c's user-space maps (umaps.c).  The samples carry
 * user-mode registers whose pc lies in no mapping, so each unwinds to the
 * leaf alone: two samples at one pc are one stack.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang/program.h"
#include "runtime/maps.h"
#include "runtime/umaps.h"
#include "runtime/ustacks.h"
#include "test.h"

#define USER_CS		0x33
#define KERNEL_CS	0x10

static struct ustack_sample_record rec;

static void send_sample(struct ustacks *u, uint64_t sample, uint64_t pc, uint64_t cs)
{
	memset(&rec, 0, sizeof(rec));
	rec.sample = sample;
	rec.pid = rec.tid = (uint32_t)getpid();
	rec.regs[16] = pc;	/* ip */
	rec.regs[17] = cs;
	ustacks_add_sample(u, &rec, offsetof(struct ustack_sample_record, stack));
}

static void test_ustacks(struct ustacks *u)
{
	uint64_t pc = 0x10, frames[4];

	send_sample(u, 100, pc, USER_CS);
	send_sample(u, 101, pc, USER_CS);
	send_sample(u, 102, 0x20, USER_CS);
	send_sample(u, 103, 0x30, KERNEL_CS);
	CHECK(ustacks_resolve(u, 100) == ustacks_hash(&pc, 1));
	CHECK(ustacks_resolve(u, 101) == ustacks_resolve(u, 100));
	CHECK(ustacks_resolve(u, 102) != ustacks_resolve(u, 100));
	CHECK_INT(ustacks_resolve(u, 103), 0);	/* kernel registers: no user stack */
	CHECK_INT(ustacks_resolve(u, 999), 0);	/* unknown (a lost sample) */
	CHECK_INT(ustacks_frames(u, 102, frames, 4), 1);
	CHECK(frames[0] == 0x20);
	CHECK_INT(ustacks_frames(u, ustacks_resolve(u, 100), frames, 4), 1);
	CHECK(frames[0] == 0x10);
	CHECK_INT(ustacks_frames(u, 999, frames, 4), -1);
	ustacks_add_sample(u, &rec, 8);	/* truncated: ignored */
}

/* Apply one update of m: key = { sample, pid }, then the s64 x. */
static void update(struct program *prog, struct mapinfo *m, uint64_t sample, int64_t x, int op)
{
	struct type *f[2] = { m->key, m->agg == AGG_NONE && op == '=' ? m->value : type_int(8, true) };
	struct event_spec ev = { .kind = EV_MAP_UPDATE, .map = m, .op = op };
	uint8_t payload[64] = { 0 };
	uint64_t pid = 42;

	ev.args = type_tuple(f, 2);
	memcpy(payload, &sample, 8);
	memcpy(payload + 8, &pid, 8);
	memcpy(payload + ev.args->fields[1].offset, &x, 8);
	umap_update(prog, &ev, payload);
}

static struct map_entries read_map(struct mapinfo *m)
{
	struct map_entries es = { 0 };

	CHECK_INT(maps_read(NULL, m, 1, &es), 0);
	return es;
}

static void test_count_and_clear(struct program *prog, struct mapinfo *m)
{
	struct map_entries es;
	uint64_t id;

	update(prog, m, 100, 0, 0);
	update(prog, m, 101, 0, 0);
	update(prog, m, 102, 0, 0);
	es = read_map(m);
	CHECK_INT(es.n, 2);
	for (int i = 0; i < es.n; i++) {
		memcpy(&id, es.v[i].key, 8);
		CHECK_INT(es.v[i].count, id == ustacks_resolve(prog->ustacks, 100) ? 2 : 1);
	}
	map_entries_free(&es);
	CHECK_INT(maps_zero(NULL, m), 0);
	es = read_map(m);
	CHECK_INT(es.n, 2);
	CHECK_INT(es.v[0].count + es.v[1].count, 0);
	map_entries_free(&es);
	CHECK_INT(maps_clear(NULL, m), 0);
	es = read_map(m);
	CHECK_INT(es.n, 0);
	map_entries_free(&es);
	/* max_entries: a third stack is refused */
	m->max_entries = 2;
	update(prog, m, 100, 0, 0);
	update(prog, m, 102, 0, 0);
	update(prog, m, 103, 0, 0);
	es = read_map(m);
	CHECK_INT(es.n, 2);
	CHECK(m->warned_full);
	map_entries_free(&es);
}

static void test_aggregations(struct program *prog, struct type *key)
{
	struct mapinfo mn = { .name = "@min", .key = key, .value = type_int(8, true), .agg = AGG_MIN,
			      .uagg = true, .spec = -1 };
	struct mapinfo ms = mn, mh = mn, mp = mn;
	struct map_entries es;

	ms.name = "@sum", ms.agg = AGG_SUM;
	mh.name = "@hist", mh.agg = AGG_HIST, mh.nbuckets = 66;
	mp.name = "@plain", mp.agg = AGG_NONE;
	update(prog, &mn, 100, 5, 0);
	update(prog, &mn, 101, -3, 0);
	update(prog, &mn, 100, 9, 0);
	update(prog, &ms, 100, 5, 0);
	update(prog, &ms, 101, 7, 0);
	update(prog, &mh, 100, 3, 0);
	update(prog, &mh, 101, 3, 0);
	update(prog, &mh, 101, 70, 0);	/* out of range: dropped */
	update(prog, &mp, 100, 10, '=');
	update(prog, &mp, 101, 4, '-');
	update(prog, &mp, 100, 1, '+');
	es = read_map(&mn);
	CHECK_INT(es.n, 1);
	CHECK_INT(es.v[0].num, -3);
	map_entries_free(&es);
	es = read_map(&ms);
	CHECK_INT(es.v[0].num, 12);
	CHECK_INT(es.v[0].count, 2);
	map_entries_free(&es);
	es = read_map(&mh);
	CHECK_INT(es.v[0].buckets[3], 2);
	map_entries_free(&es);
	es = read_map(&mp);
	CHECK_INT(es.n, 1);
	CHECK_INT(*(int64_t *)es.v[0].value, 7);
	map_entries_free(&es);
	umap_free(&mn);
	umap_free(&ms);
	umap_free(&mh);
	umap_free(&mp);
}

/* A plain value holding a ustack: its sample id becomes the stack id. */
static void test_ustack_value(struct program *prog)
{
	struct mapinfo m = { .name = "@last", .value = type_stack(TY_USTACK, 0, 127),
			     .agg = AGG_NONE, .uagg = true, .spec = -1 };
	struct type *f[2] = { type_int(8, false), m.value };
	struct event_spec ev = { .kind = EV_MAP_UPDATE, .map = &m, .op = '=' };
	uint8_t payload[32] = { 0 };
	uint64_t sample = 102, id;
	struct map_entries es;

	ev.args = type_tuple(f, 2);
	memcpy(payload + ev.args->fields[1].offset, &sample, 8);
	umap_update(prog, &ev, payload);
	es = read_map(&m);
	CHECK_INT(es.n, 1);
	memcpy(&id, es.v[0].value, 8);
	CHECK(id == ustacks_resolve(prog->ustacks, 102));
	map_entries_free(&es);
	umap_free(&m);
}

int main(void)
{
	struct program prog = { 0 };
	struct type *key = type_stack(TY_USTACK, 0, 127);
	struct mapinfo m = { .name = "@", .key = key, .value = type_int(8, false), .agg = AGG_COUNT,
			     .keyed = true, .uagg = true, .spec = -1, .max_entries = 100 };

	prog.ustacks = ustacks_new();
	test_ustacks(prog.ustacks);
	test_count_and_clear(&prog, &m);
	umap_free(&m);
	test_aggregations(&prog, key);
	test_ustack_value(&prog);
	ustacks_free(prog.ustacks);
	types_free_all();
	return test_done("umaps");
}
