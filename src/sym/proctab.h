/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The mappings of every process seen, by pid, kept after the process
 * exits so that its stacks still resolve.  Filled from /proc/PID/maps and
 * kept current by mapping events (sym/mmapwatch.h).  Exited processes are
 * remembered up to a limit, the oldest forgotten first.  Not thread-safe.
 */
#ifndef SONDE_SYM_PROCTAB_H
#define SONDE_SYM_PROCTAB_H

#include <stdbool.h>
#include <stdint.h>

#include "sym/mmapwatch.h"
#include "sym/procmaps.h"

struct uproc {
	int pid;
	procmaplist maps;
	/*
	 * CLOCK_MONOTONIC ns as of which maps is right: events older than
	 * this describe an earlier state and are ignored.
	 */
	uint64_t since;
	uint64_t startcode;	/* where its text started when /proc was read */
	bool exited;
	struct uproc *hnext;		/* hash chain */
	struct uproc *xprev, *xnext;	/* the exited, oldest first */
};

struct proctab;

struct proctab *proctab_new(int max_exited);
void proctab_free(struct proctab *t);

struct uproc *proctab_find(struct proctab *t, int pid);
/* Give pid the mappings maps (taken over), right as of since. */
struct uproc *proctab_set(struct proctab *t, int pid, procmaplist *maps, uint64_t since);
int proctab_exited(const struct proctab *t);

/*
 * Apply one mapping event: a new executable mapping replaces what it
 * overlaps; an exec starts an empty list; a fork copies the parent's; an
 * exit marks the process exited (its list stays).  A process first heard
 * of through an mmap is read from /proc when it still runs.
 */
void proctab_apply(struct proctab *t, const struct mmap_event *ev);


#endif
