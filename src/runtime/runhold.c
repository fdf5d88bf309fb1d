// SPDX-License-Identifier: GPL-2.0
/*
 * A D clause's records held until its run ends (runhold.h), in held.c's
 * sets (the ones speculations use), one per run tag: the CPU and its run
 * number.  A run whose last record was lost (a full ring buffer dropped
 * it) leaves its set to the next run of the same tag, whose first record
 * (HOLD_FIRST) empties it.  Warnings and map-full reports are not held:
 * they count whether the clause faults or not.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "runhold.h"
#include "util.h"

#include <bpf/libbpf.h>

static int nsets(void)
{
	int ncpus = libbpf_num_possible_cpus();

	if (ncpus <= 0 || ncpus > HOLD_CPU_MASK + 1)
		ncpus = HOLD_CPU_MASK + 1;
	return ncpus << HOLD_CPU_SHIFT;
}

int runhold_take(struct held **runs, const struct program *prog, const void *data, size_t size,
		 runhold_deliver_fn deliver, void *ctx)
{
	struct event_header hdr;
	enum event_kind kind;
	uint8_t *copy;
	int set, rc = 0;

	memcpy(&hdr, data, sizeof(hdr));
	if (EVENT_INDEX(hdr.id) >= (uint64_t)prog->events.n)
		return 0;
	kind = prog->events.v[EVENT_INDEX(hdr.id)].kind;
	set = (int)HOLD_RUN(hdr.id);
	copy = xmalloc(size);
	memcpy(copy, data, size);
	hdr.id &= ~HOLD_BITS;	/* a speculation's tag stays */
	memcpy(copy, &hdr, sizeof(hdr));
	if (!*runs)
		*runs = held_new(nsets(), SIZE_MAX);
	memcpy(&hdr, data, sizeof(hdr));
	if (kind == EV_READ_FAULT || (hdr.id & HOLD_FIRST))
		held_drop(*runs, set);
	if (kind == EV_READ_FAULT || kind == EV_WARNING || kind == EV_MAP_FULL) {
		rc = deliver(ctx, copy, size);
	} else if (hdr.id & HOLD_COMMIT) {
		held_release(*runs, set);
		if (kind != EV_HOLD_END)
			rc = deliver(ctx, copy, size);
	} else if (held_add(*runs, set, copy, size) < 0) {
		rc = deliver(ctx, copy, size);	/* no set for it: as if not held */
	}
	free(copy);
	return rc;
}
