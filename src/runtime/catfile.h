/* SPDX-License-Identifier: GPL-2.0 */
/* cat(): print a file, bounded in size and never blocking (catfile.c). */
#ifndef SONDE_CATFILE_H
#define SONDE_CATFILE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Copy at most max bytes of path to out.  Errors go to stderr as
 * "WHERE: ERROR: cat: PATH: why" (WHERE: the call's FILE:LINE:COL-COL);
 * a file cut at max bytes is said once, on the first cut (*warned then
 * set).
 */
void cat_file(FILE *out, const char *path, uint64_t max, bool *warned, const char *where);

#endif
