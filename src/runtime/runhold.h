/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A D clause's records, held until the clause-run ends (program.h: HOLD_*,
 * bpf/cg_hold.c): released in order when the run's last record comes,
 * dropped when the run faults, as DTrace discards a faulting clause's
 * data.  One set of held.c per run tag (a CPU and its run number).
 */
#ifndef SONDE_RUNHOLD_H
#define SONDE_RUNHOLD_H

#include <stddef.h>

#include "held.h"
#include "../lang/program.h"

/* Handles one record (its run tag cleared); nonzero stops the ring's consumer. */
typedef int (*runhold_deliver_fn)(void *ctx, const void *data, size_t size);

/*
 * A record with a run tag: held (*runs made on first use), or with the
 * run's last record the run's records replayed (run_replay_record) and
 * it delivered; a fault record drops the run's records and is delivered.
 */
int runhold_take(struct held **runs, const struct program *prog, const void *data, size_t size,
		 runhold_deliver_fn deliver, void *ctx);

#endif
