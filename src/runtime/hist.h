/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Histograms: the bucket index math shared with the kernel side (codegen
 * must compute the same index) and the text/JSON rendering of a row of
 * bucket counts, in bpftrace's format.
 *
 * hist(x, bits), N = 2^bits:
 *   0            x < 0                        "(..., 0)"
 *   1 .. 2N      x == index - 1               "[0]", "[1]", ...
 *   > 2N         each power of two [2^p, 2^(p+1)) (p > bits) is split in
 *                N sub-buckets of width 2^(p-bits):
 *                index = ((p - bits + 1) << bits) + sub + 1
 * With bits = 0 this is the classic log2 histogram (66 buckets cover u64).
 *
 * lhist(x, min, max, step), n = (max - min) / step:
 *   0 x < min;  i in 1..n: [min + (i-1)*step, min + i*step);  n + 1: x >= max
 */
#ifndef SONDE_HIST_H
#define SONDE_HIST_H

#include <stdbool.h>
#include <stdint.h>

#include "lang/program.h"
#include "util.h"

#define HIST_MAX_BITS	5	/* hist(x, bits): bpftrace accepts 0..5 */

int hist_bucket(int64_t v, int bits);
/* Buckets needed to cover every u64 value. */
int hist_nbuckets(int bits);
int lhist_bucket(int64_t v, int64_t min, int64_t max, int64_t step);
int lhist_nbuckets(int64_t min, int64_t max, int64_t step);

/*
 * Rows "label count |@@@@|" of the non-empty range of buckets (from the
 * first to the last non-zero one); nothing when all are zero.  m gives the
 * kind (AGG_HIST or AGG_LHIST) and its parameters.
 */
void hist_format(struct strbuf *out, const uint64_t *counts, int nbuckets,
		 const struct mapinfo *m);
/* The same buckets as JSON: [{"min": a, "max": b, "count": n}, ...]. */
void hist_format_json(struct strbuf *out, const uint64_t *counts, int nbuckets,
		      const struct mapinfo *m);
/* Text of the label of bucket i as hist_format prints it ("[4, 8)"). */
void hist_label(struct strbuf *out, int i, const struct mapinfo *m);
/*
 * The largest integer bucket i holds ([4, 8) holds 4..7: 7), the bound an
 * exporter's cumulative "le" needs.  false for a bucket without one
 * (lhist's [max, ...)); bounds past INT64_MAX are INT64_MAX.
 */
bool hist_bucket_max(int i, const struct mapinfo *m, int64_t *max);

#endif
