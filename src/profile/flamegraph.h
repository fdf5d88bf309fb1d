/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Flame graphs as self-contained interactive SVG: one <g> per frame with a
 * tooltip, click to zoom, reset, and a search that highlights matches and
 * prints the matched share.  Differential graphs take their shape from the
 * second profile and colour each frame by how its share changed (red grew,
 * blue shrank).
 */
#ifndef SONDE_PROFILE_FLAMEGRAPH_H
#define SONDE_PROFILE_FLAMEGRAPH_H

#include <stdbool.h>
#include <stdio.h>

#include "profile/folded.h"

enum fg_palette { FG_HOT, FG_MEM, FG_IO, FG_KERNEL, FG_PALETTE_COUNT };

struct fg_options {
	const char *title;		/* default "Flame Graph" ("Icicle Graph" inverted) */
	const char *subtitle;		/* NULL: none */
	const char *countname;		/* default "samples" */
	int width;			/* pixels, default 1200 */
	int frame_height;		/* default 16 */
	int font_size;			/* default 12 */
	double minwidth;		/* pixels; narrower frames are left out (default 0.1) */
	enum fg_palette palette;
	bool inverted;			/* icicle: root at the top */
	bool reverse;			/* merge stacks from the leaf */
	bool diff;			/* count = before, count2 = after */
};

void fg_options_init(struct fg_options *o);
/* Parse a palette name ("hot", "mem", "io", "kernel"); -1 when unknown. */
int fg_palette_parse(const char *name);
/* Render f as SVG to out; 0, or -1 when there is nothing to draw. */
int flamegraph_write(const struct folded *f, const struct fg_options *o, FILE *out);

#endif
