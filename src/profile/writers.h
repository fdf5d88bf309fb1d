/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Profile output formats besides folded text and SVG: pprof (gzipped
 * profile.proto), speedscope JSON, and a plain-text top-N of the hottest
 * functions.  Each takes the folded stacks (frames root first).
 */
#ifndef SONDE_PROFILE_WRITERS_H
#define SONDE_PROFILE_WRITERS_H

#include <stdio.h>

#include "profile/folded.h"

/*
 * pprof: one sample per stack with one value (type countname, unit unit,
 * e.g. "samples"/"count" or "off_cpu"/"nanoseconds"), written gzipped to
 * fd, which it closes.  0 or -errno.
 */
int pprof_write(const struct folded *f, const char *countname, const char *unit, int fd);
/* The uncompressed profile.proto bytes (for tests); caller frees *out. */
void pprof_encode(const struct folded *f, const char *countname, const char *unit,
		  struct strbuf *out);

/*
 * What continuous profilers need besides the stacks: up to two sample
 * types, each value being the stack's count times its scale (CPU:
 * samples/count scale 1 and cpu/nanoseconds scale 1e9/Hz), the period,
 * and the time window the profile covers.
 */
struct pprof_meta {
	const char *type[2], *unit[2];
	int64_t scale[2];
	int ntypes;
	const char *period_type, *period_unit;
	int64_t period;
	int64_t time_nanos, duration_nanos;	/* 0: not written */
};

void pprof_encode_meta(const struct folded *f, const struct pprof_meta *meta,
		       struct strbuf *out);
/* data gzipped into out (what pprof files and profile servers take). 0 or -EIO. */
int pprof_gzip(const void *data, size_t len, struct strbuf *out);

/* speedscope's file format, one "sampled" profile named name. */
void speedscope_write(const struct folded *f, const char *name, const char *unit, FILE *out);

/* The top n functions by self count (leaf frames) and by total count. */
void topn_write(const struct folded *f, int n, const char *countname, FILE *out);

#endif
