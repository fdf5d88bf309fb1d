/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Latency heat maps as interactive SVG: x is time, y a latency bucket
 * (powers of two), colour the count of slices that ended in that column
 * with that latency.  Hovering a cell shows its range and count; clicking
 * a column zooms into it.
 */
#ifndef SONDE_RECORD_HEATMAP_H
#define SONDE_RECORD_HEATMAP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct heatmap_opts {
	const char *title;
	const char *only;	/* a syscall or span name; NULL: all */
	int columns;		/* time columns; 0: automatic */
	bool subsecond;		/* CPU samples by second and offset within it */
	bool hist;		/* histogram maps printed by a recorded program */
};

/* The heat map of the recording at in, to svg.  0 or -1 (error printed). */
int heatmap_write_file(const char *in, const char *svg, const struct heatmap_opts *o);

#endif
