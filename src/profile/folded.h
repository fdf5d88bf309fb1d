/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Folded stacks ("root;caller;leaf COUNT", one stack a line) and the frame
 * tree built from them, which every output format (SVG, pprof, speedscope,
 * top-N) reads.
 */
#ifndef SONDE_PROFILE_FOLDED_H
#define SONDE_PROFILE_FOLDED_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "util.h"

/* One stack: frames root first. */
struct fstack {
	char **frames;
	int nframes;
	uint64_t count;
	uint64_t count2;	/* differential input: the second profile's count */
};

struct folded {
	VEC(struct fstack) stacks;
	uint64_t total, total2;
	/* frame names are interned: one copy per distinct name */
	VEC(char *) names;
	int *slots;
	uint32_t nslots;
};

/*
 * Parse folded text, appending to f.  A line is "frames COUNT" where frames
 * are ';'-separated; the count is the last space-separated field (frames
 * may hold spaces).  Lines without a count and blank lines are skipped;
 * their number goes to *bad when bad is non-NULL.  second: counts go to
 * count2 (the "after" side of a differential graph).
 */
void folded_parse(struct folded *f, const char *text, bool second, int *bad);
/* Read a file ("-" for stdin); 0 or -errno. */
int folded_read(struct folded *f, const char *path, bool second, int *bad);
/* Add one stack (frames root first; copied). */
void folded_add(struct folded *f, char *const *frames, int n, uint64_t count, uint64_t count2);
void folded_free(struct folded *f);
/* Write "a;b;c N" lines, sorted by stack text (stable, diffable output). */
void folded_write(const struct folded *f, FILE *out);

/* The merged frame tree. */
struct fnode {
	const char *name;	/* points into the folded data */
	uint64_t value, value2;	/* totals of the subtree (count, count2) */
	uint64_t self, self2;	/* samples whose leaf is this frame */
	int parent;		/* -1 for the root */
	int first_child, next_sibling;	/* -1 when none; children by first appearance */
	int depth;
};

struct ftree {
	VEC(struct fnode) nodes;	/* nodes.v[0] is the root ("all") */
	int max_depth;
	/* internal: hash of (parent, name) -> node */
	int *slots;
	uint32_t nslots;
};

/*
 * Merge the stacks into a tree.  reverse: merge from the leaf (frames
 * reversed).  Children are sorted by name, as flame graphs order them.
 */
void ftree_build(struct ftree *t, const struct folded *f, bool reverse);
void ftree_free(struct ftree *t);

#endif
