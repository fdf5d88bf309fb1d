/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `perf script` text to folded stacks.  A sample is a header line
 * ("comm pid [cpu] time: period event:") followed by one line per frame,
 * leaf first ("\tADDR SYMBOL+OFF (MODULE)"), and a blank line.  Frames are
 * folded root first as "comm;main;f;g"; kernel frames get "_[k]".
 */
#ifndef SONDE_PROFILE_COLLAPSE_H
#define SONDE_PROFILE_COLLAPSE_H

#include "profile/folded.h"

/* Parse perf script text into f (identical stacks are summed on write). */
void collapse_perf(struct folded *f, const char *text, bool keep_pid);

#endif
