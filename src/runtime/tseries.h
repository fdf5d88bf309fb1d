/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tseries maps read back and printed: the CPUs' slots combined into one
 * value per interval, then a chart per key (text) or a list of intervals
 * (JSON), as bpftrace prints them.
 */
#ifndef SONDE_TSERIES_H
#define SONDE_TSERIES_H

#include <stdint.h>

#include "lang/program.h"
#include "runtime/maps.h"
#include "runtime/output.h"

/* e->buckets holds an (epoch, value) pair per slot; a slot never read has this epoch. */
#define TSERIES_ABSENT UINT64_MAX

/*
 * One slot of every CPU (ncpus values stride bytes apart, the layout in
 * program.h) into its newest interval and that interval's value; an
 * unused slot gives epoch 0 and value 0.
 */
void tseries_reduce(const struct mapinfo *m, const uint8_t *buf, int ncpus, size_t stride,
		    uint64_t *epoch, int64_t *value);
/* The newest interval among an entry's slots (e->buckets: epoch, value pairs). */
uint64_t tseries_latest(const struct mapinfo *m, const struct map_entry *e);
/* The entries es->v[first..] of a tseries map, sorted oldest first. */
void tseries_format_map(struct strbuf *out, enum output_format format,
			const struct mapinfo *m, const struct map_entries *es, int first,
			const struct program *prog);

#endif
