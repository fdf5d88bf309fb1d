/* SPDX-License-Identifier: GPL-2.0 */
/*
 * From a program's stack-keyed map to folded stacks: the sink that
 * `sonde profile` and `sonde offcputime` install on the output.
 */
#ifndef SONDE_PROFILE_COLLECT_H
#define SONDE_PROFILE_COLLECT_H

#include "profile/folded.h"
#include "runtime/output.h"

struct collect {
	struct folded folded;
	const char *map_name;	/* the map to fold ("@") */
	bool root_with_id;	/* root frame "comm-ID" instead of "comm" */
	uint64_t user_stacks, user_truncated;	/* counts, for the frame-pointer warning */
};

/*
 * The output sink: keys are tuples of kstack, ustack, comm (string) and
 * an optional pid/tid (integer), in any order; values are count() or
 * sum().  Folded as comm;user frames;kernel frames (kernel ones "_[k]").
 */
void collect_sink(const struct program *prog, const struct mapinfo *m,
		  struct map_entries *es, void *arg);
/* A stack taken outside a map (the DWARF mode's samples). */
struct collect_stack {
	const char *comm;
	int64_t id;			/* pid or tid for the root with root_with_id */
	int pid;			/* the process the user frames belong to */
	const uint64_t *ustack, *kstack;	/* addresses, leaf first */
	int nustack, nkstack;
};

/* Fold one stack with weight, as collect_sink() folds a map entry. */
void collect_add_stack(struct collect *c, const struct collect_stack *s, uint64_t weight);
/* Whether most user stacks stopped after a frame or two. */
bool collect_mostly_truncated(const struct collect *c);

#endif
