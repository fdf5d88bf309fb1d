/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User maps read back from the kernel.  Per-CPU values are combined here,
 * so that printing works on plain in-memory entries (and unit-tests
 * without a kernel).
 */
#ifndef SONDE_MAPS_H
#define SONDE_MAPS_H

#include <stdint.h>

#include "lang/program.h"

/* One entry of a user map, its CPUs combined. */
struct map_entry {
	uint8_t *key;		/* m->key->size bytes; NULL when key-less */
	uint8_t *value;		/* AGG_NONE: m->value->size bytes */
	int64_t num;		/* sum, min, max; avg/stats: the total; hist/lhist
				 * with cfg.hist_sums: the sum of the values */
	uint64_t count;		/* count; sum/avg/stats: values seen; min/max: set */
	uint64_t *buckets;	/* hist/lhist: m->nbuckets counts */
};

struct map_entries {
	struct map_entry *v;
	int n, cap;
};

/*
 * Read every entry of m (key-less aggregations: their single entry, when
 * set).  ncpus: possible CPUs.  Returns 0 or -errno.  A map aggregated in
 * user space (m->uagg) is read from its table (umaps.c), as clear and
 * zero change it there.
 */
int maps_read(const struct program *prog, const struct mapinfo *m, int ncpus,
	      struct map_entries *out);
void map_entries_free(struct map_entries *es);
/* Adds an entry owning copies of key (may be NULL) and value (may be NULL). */
struct map_entry *map_entries_add(struct map_entries *es, const struct mapinfo *m,
				  const void *key, const void *value);

int maps_clear(const struct program *prog, const struct mapinfo *m);
/* Delete one key (as maps_read gives it) of a keyed map: 0 or -errno (D's trunc(@a, n)). */
int maps_delete_key(const struct program *prog, const struct mapinfo *m, const uint8_t *key);
/*
 * Called by maps_clear() and maps_zero() before the map loses its values,
 * so that an exporter can bank them (counters must not go backwards).
 * One hook per process; NULL removes it.
 */
typedef void (*maps_reset_hook)(const struct program *prog, const struct mapinfo *m, void *arg);
void maps_set_reset_hook(maps_reset_hook fn, void *arg);
int maps_zero(const struct program *prog, const struct mapinfo *m);

#endif
