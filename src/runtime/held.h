/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ring buffer records held back by a front end, in sets, each with a byte
 * budget: handled later in their order as if they had just arrived
 * (held_release), or thrown away (held_drop).  sonde dtrace keeps its
 * speculations here (src/dtrace/spec.c); whatever else must decide after
 * the fact whether records print (a clause whose later fault discards
 * what it traced) can hold them the same way, one set per pending unit.
 */
#ifndef SONDE_HELD_H
#define SONDE_HELD_H

#include <stddef.h>
#include <stdint.h>

struct held;

/* nsets sets (0 to nsets - 1), each holding at most budget bytes of records. */
struct held *held_new(int nsets, size_t budget);
void held_free(struct held *h);
/*
 * Keep a copy of the record (size bytes, its u64 event id first) in set.
 * 0, or -1 when it does not fit in the set's budget (the record is
 * dropped; the set keeps what it had) or set is out of range.
 */
int held_add(struct held *h, int set, const void *rec, size_t size);
/* Hand the set's records to run_replay_record() in their order, then empty it. */
void held_release(struct held *h, int set);
/* Empty the set. */
void held_drop(struct held *h, int set);
/* The bytes a set holds. */
size_t held_bytes(const struct held *h, int set);

#endif
