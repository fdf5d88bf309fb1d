/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Folded stacks ("root;caller;leaf COUNT", one stack a line) and the frame
 * tree built from them, which every output format (SVG, pprof, speedscope,
 * top-N) reads.
 */
#ifndef SONDE_PROFILE_FOLDED_H
#define SONDE_PROFILE_FOLDED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util.h"

/* One stack: frames root first. */
struct fstack {
	char **frames;		/* interned names (see folded_name_id) */
	int nframes;
	uint64_t count;
	uint64_t count2;	/* differential input: the second profile's count */
};

/*
 * An interned frame name.  Frames point at text; the id and length sit
 * just before it, so a frame pointer leads to its id without a lookup.
 */
struct fname {
	uint32_t id;		/* index in folded.names */
	uint32_t len;
	char text[];
};

struct folded_block;		/* a chunk of the arena */

struct folded {
	VEC(struct fstack) stacks;
	uint64_t total, total2;
	/* frame names are interned: one copy per distinct name */
	VEC(char *) names;
	struct folded_slot *slots;	/* hash of names.v */
	uint32_t nslots;
	/* names and frame arrays live in one arena, freed together */
	struct folded_block *blocks;
	VEC(char *) scratch;		/* the frames of the line being parsed */
};

/*
 * Parse folded text, appending to f.  A line is "frames COUNT" where frames
 * are ';'-separated; the count is the last space-separated field (frames
 * may hold spaces).  Lines without a count, lines holding a NUL byte and
 * blank lines are skipped; the number of the first two goes to *bad when
 * bad is non-NULL.  second: counts go to count2 (the "after" side of a
 * differential graph).
 */
void folded_parse(struct folded *f, const char *text, bool second, int *bad);
/* Read a file ("-" for stdin) a chunk at a time; 0 or -errno. */
int folded_read(struct folded *f, const char *path, bool second, int *bad);
/* Add one stack (frames root first; copied). */
void folded_add(struct folded *f, char *const *frames, int n, uint64_t count, uint64_t count2);
void folded_free(struct folded *f);
/* Write "a;b;c N" lines, sorted by stack text (stable, diffable output). */
void folded_write(const struct folded *f, FILE *out);

/* The id (index in f->names) of a frame of a struct folded. */
static inline uint32_t folded_name_id(const char *frame)
{
	return ((const struct fname *)(frame - offsetof(struct fname, text)))->id;
}

/* The length of a frame of a struct folded. */
static inline uint32_t folded_name_len(const char *frame)
{
	return ((const struct fname *)(frame - offsetof(struct fname, text)))->len;
}

/* Frame i of s counted from the root, or from the leaf when reverse. */
static inline const char *fstack_frame(const struct fstack *s, int i, bool reverse)
{
	return s->frames[reverse ? s->nframes - 1 - i : i];
}

/*
 * The stacks in frame order: compared frame by frame (from the leaf when
 * reverse) by name as strcmp orders them, a stack before the longer ones
 * it is a prefix of.  Equal stacks are adjacent.  The caller frees the
 * array.
 */
const struct fstack **folded_sorted(const struct folded *f, bool reverse);

/* rank[id]: the place of name id among all of f's names in strcmp order. */
uint32_t *folded_name_ranks(const struct folded *f);

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
