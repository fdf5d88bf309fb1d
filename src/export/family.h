/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A user map as a metric family, with the state that keeps its series
 * honest between scrapes: counters that never go backwards when the
 * script clears the map, and a bounded number of series per map.  The
 * rules are in docs/export.md; this is their one implementation.
 */
#ifndef SONDE_FAMILY_H
#define SONDE_FAMILY_H

#include <stdint.h>

#include "export/expo.h"
#include "lang/program.h"
#include "runtime/maps.h"

struct series {
	char *labels;		/* rendered pairs: comm="bash",flags="0" */
	uint64_t *last;		/* raw values at the last read */
	uint64_t *base;		/* what resets (clear, zero, deleted keys) took away */
	double gauge;
	uint64_t seen_ns;	/* the last read that found the key */
	bool present;		/* in the kernel map at the last read */
};

/* The series policy (docs/export.md "Bounded series"). */
struct family_limits {
	int max_series;		/* per map; new keys beyond it are not exported */
	uint64_t ttl_ns;	/* a counter whose key is gone is kept this long */
};

/* Label values read from another map: @name[0] = "read" turns id="0" into id="read". */
struct label_table {
	const struct mapinfo *map;	/* NULL: the label's values are the key's */
	char **keys, **values;		/* sorted by key text */
	int n;
};

struct family {
	char *name;		/* prefix + map name: sonde_opens (no _total) */
	char *help;
	const struct program *prog;
	const struct mapinfo *m;
	enum metric_kind kind;
	char **label_names;	/* one per key field */
	int nlabels;
	struct label_table *tables;	/* one per label */
	int nvals;		/* raw values per series */
	bool has_sum;		/* histogram: the program keeps the values' sum */
	struct series **series;	/* in creation order */
	int nseries, cap;
	int *index;		/* open-addressed hash of series numbers, -1 empty */
	int index_size;		/* a power of two, at least twice nseries */
	int bucket_lo, bucket_hi;	/* histograms: buckets ever non-empty (lo > hi: none) */
	uint64_t dropped;	/* kernel keys not exported at the last read */
	uint64_t keys;		/* kernel keys at the last read */
};

/*
 * Describe m as a family.  labels: names for the key's fields (nlabels of
 * them), or NULL to derive them from the key expressions.  Returns 0, or
 * -1 with the reason in why when the map cannot be a metric (stacks as
 * keys, values that are not numbers, maps kept in user space).
 */
int family_init(struct family *f, const char *prefix, const char *progname,
		const struct program *prog, const struct mapinfo *m, char **labels,
		int nlabels, char *why, size_t whylen);
/* A read of the kernel map: new raw values, resets detected, series bounded. */
void family_update(struct family *f, const struct map_entries *es, uint64_t now_ns,
		   const struct family_limits *lim);
/* Before a clear() or zero(): read, then bank every value (counters continue). */
void family_bank(struct family *f, const struct map_entries *es, uint64_t now_ns,
		 const struct family_limits *lim);
void family_write(const struct family *f, struct strbuf *out, enum expo_format fmt);
void family_free(struct family *f);

/*
 * Label i's values come from map lm (a string value per key): after
 * family_init(); family_fill_table() loads it before each update.
 */
void family_set_label_map(struct family *f, int i, const struct mapinfo *lm);
void family_fill_table(struct family *f, int i, const struct map_entries *es);

/* Label names from the expressions that index m: @x[comm, args.flags] gives comm, flags. */
int family_label_names(const struct program *prog, const struct mapinfo *m, char ***names);

#endif
