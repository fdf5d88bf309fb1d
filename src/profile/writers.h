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

/* speedscope's file format, one "sampled" profile named name. */
void speedscope_write(const struct folded *f, const char *name, const char *unit, FILE *out);

/* The top n functions by self count (leaf frames) and by total count. */
void topn_write(const struct folded *f, int n, const char *countname, FILE *out);

#endif
