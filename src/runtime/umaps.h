/* SPDX-License-Identifier: GPL-2.0 */
/*
 * unwind = dwarf: maps aggregated in user space (mapinfo.uagg, program.h).
 * Probes send EV_MAP_UPDATE records; each is applied here to an in-memory
 * table of the map, after its ustack sample ids became stack ids, so that
 * samples of the same stack aggregate together.  maps_read(), clear and
 * zero read and change this table instead of a kernel map.
 */
#ifndef SONDE_UMAPS_H
#define SONDE_UMAPS_H

#include "lang/program.h"
#include "runtime/maps.h"

/* Apply one EV_MAP_UPDATE record (payload after the event id). */
void umap_update(const struct program *prog, const struct event_spec *ev, const uint8_t *payload);

/* Copies of m's entries into out. */
int umap_read(const struct mapinfo *m, struct map_entries *out);
void umap_clear(struct mapinfo *m);
void umap_zero(struct mapinfo *m);
void umap_free(struct mapinfo *m);

/* Every ustack in a value of type t at data: sample ids become stack ids. */
void umap_resolve_ustacks(const struct ustacks *u, const struct type *t, uint8_t *data);

#endif
