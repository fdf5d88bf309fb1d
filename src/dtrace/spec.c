// SPDX-License-Identifier: GPL-2.0
/*
 * D's speculations in user space.  The probes take and free the ids
 * (src/bpf/cg_spec.c); the records a clause sends after speculate(id)
 * carry the id in their event id's upper half, and arrive here before
 * anything handles them: each is held, under its id, in the runtime's
 * held records (runtime/held.c, at most specsize bytes an id: more is a
 * speculative drop) until the EV_SPEC_END record of commit(id) hands them
 * back to the runtime in their order, where the commit happened, or that
 * of discard(id) drops them.  Records of every CPU arrive through the one
 * ring buffer, so one buffer per id keeps them in the order they were
 * sent.  dtrace(1)'s messages on failed speculations and speculative drops
 * come after each batch of records (once a second at most) and at exit.
 */
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>

#include "dt_internal.h"
#include "../runtime/held.h"
#include "../runtime/run.h"

#define SPEC_REPORT_NS 1000000000ull

/*
 * Per id: which use of it the held records belong to, and which use ended
 * last.  A record of the use that has just ended (a clause that was still
 * running on another CPU when the commit came) is dropped, as DTrace drops
 * what is speculated to a speculation being committed; one of an earlier
 * use than the held records too.
 */
struct spec_id {
	uint8_t use, ended;	/* modulo SPEC_USE_MASK + 1 */
	bool holding, has_ended;
};

struct dt_spec {
	const struct program *prog;
	uint32_t nspec;
	struct held *held;
	struct spec_id *ids;		/* 1..nspec */
	uint64_t drops, drops_said;
	uint64_t none_said, busy_said;	/* failed speculations reported */
	uint64_t said_ns;
	struct dtrace_ctx *dc;
};

/*
 * The id a record tagged id | use goes to, or 0 when it is dropped: the
 * tag of an id not in use, a record of a use that has ended or is older
 * than the held ones.  A record of a newer use than the held ones drops
 * those (left from a use that ended before, never to be committed).
 */
static uint32_t spec_take(struct dt_spec *sp, uint32_t tag)
{
	uint32_t spec = tag & ((1u << SPEC_USE_BITS) - 1);
	uint8_t use = (uint8_t)((tag >> SPEC_USE_BITS) & SPEC_USE_MASK);
	struct spec_id *s;

	if (tag == SPEC_TAG_NONE || spec < 1 || spec > sp->nspec)
		return 0;
	s = &sp->ids[spec];
	if (s->has_ended && s->ended == use)
		return 0;
	if (s->holding && s->use != use) {
		if (((use - s->use) & SPEC_USE_MASK) > SPEC_USE_MASK / 2)
			return 0;	/* older (the uses count modulo 16) */
		held_drop(sp->held, (int)spec);
	}
	s->holding = true;
	s->use = use;
	return spec;
}

static int spec_record(const void *data, size_t size, void *arg)
{
	struct dt_spec *sp = arg;
	uint64_t id, tag, spec;
	const struct event_spec *ev;
	struct spec_id *s;
	uint8_t use;

	memcpy(&id, data, sizeof(id));
	tag = (id >> SPEC_TAG_SHIFT) & SPEC_TAG_MASK;
	/*
	 * A speculative clause that faults sends no record to its
	 * speculation: the runtime drops the clause-run's records at the
	 * fault (runhold.c), and the fault record carries no id.
	 */
	if (tag) {
		uint8_t *copy = xmalloc(size);

		id &= (1ull << SPEC_TAG_SHIFT) - 1;
		memcpy(copy, data, size);
		memcpy(copy, &id, sizeof(id));
		spec = spec_take(sp, (uint32_t)tag);
		if (spec && held_add(sp->held, (int)spec, copy, size) < 0)
			sp->drops++;	/* else speculate() of an id not in use: dropped */
		free(copy);
		return 1;
	}
	if (id >= (uint64_t)sp->prog->events.n)
		return 0;
	ev = &sp->prog->events.v[id];
	if (ev->kind != EV_SPEC_END)
		return 0;
	if (size < sizeof(id) + sizeof(spec))
		return 1;
	memcpy(&spec, (const uint8_t *)data + sizeof(id), sizeof(spec));
	use = (uint8_t)((spec >> SPEC_USE_BITS) & SPEC_USE_MASK);
	spec &= (1u << SPEC_USE_BITS) - 1;
	if (spec < 1 || spec > sp->nspec)
		return 1;
	s = &sp->ids[spec];
	if (s->holding && s->use == use && !strcmp(ev->fmt, "commit"))
		held_release(sp->held, (int)spec);
	else
		held_drop(sp->held, (int)spec);	/* discarded, or left from an earlier use */
	s->holding = false;
	s->ended = use;
	s->has_ended = true;
	return 1;
}

static void say(struct dt_spec *sp, uint64_t n, const char *what, const char *why)
{
	fflush(sp->dc->out);
	fprintf(stderr, "dtrace: %llu %s%s%s\n", (unsigned long long)n, what, n == 1 ? "" : "s",
		why);
}

/* New failed speculations (counted by the probes) and speculative drops. */
static void spec_status(bool final, void *arg)
{
	struct dt_spec *sp = arg;
	uint64_t *slots, now = monotonic_ns();
	uint32_t key = 0;

	if (!final && now - sp->said_ns < SPEC_REPORT_NS)
		return;
	sp->said_ns = now;
	slots = xcalloc(sp->nspec + 2, sizeof(*slots));
	if (bpf_map_lookup_elem(sp->prog->maps.v[IMAP_SPEC].fd, &key, slots) == 0) {
		uint64_t none = slots[0], busy = slots[sp->nspec + 1];

		if (none > sp->none_said)
			say(sp, none - sp->none_said, "failed speculation",
			    " (no speculative buffer available)");
		if (busy > sp->busy_said)
			say(sp, busy - sp->busy_said, "failed speculation",
			    " (available buffer(s) still busy)");
		sp->none_said = none;
		sp->busy_said = busy;
	}
	free(slots);
	if (sp->drops > sp->drops_said)
		say(sp, sp->drops - sp->drops_said, "speculative drop", "");
	sp->drops_said = sp->drops;
}

void dt_spec_setup(struct dtrace_ctx *dc, const struct program *prog)
{
	struct dt_spec *sp;
	struct run_record_hooks hooks = { spec_record, spec_status, NULL };

	if (!dc->uses_spec || !prog->cfg.spec_count)
		return;
	sp = xcalloc(1, sizeof(*sp));
	sp->prog = prog;
	sp->dc = dc;
	sp->nspec = prog->cfg.spec_count;
	sp->held = held_new((int)sp->nspec + 1, dc->specsize);
	sp->ids = xcalloc(sp->nspec + 1, sizeof(*sp->ids));
	hooks.arg = sp;
	dc->spec = sp;
	run_set_record_hooks(&hooks);
}

void dt_spec_free(struct dtrace_ctx *dc)
{
	if (!dc->spec)
		return;
	run_set_record_hooks(NULL);
	held_free(dc->spec->held);
	free(dc->spec->ids);
	free(dc->spec);
	dc->spec = NULL;
}
