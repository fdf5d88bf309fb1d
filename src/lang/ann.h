/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The typed layer: what sema found out about each node of one concrete
 * probe, in a side table indexed by the node's id (struct node.id, given
 * at creation and clone).  The tree is shared by every expansion of a
 * probe; its annotations are per probe.  The code generator reads them
 * only through ann_type() and friends.
 *
 * What sema computed for a node beyond its type is held by meaning
 * (enum ann_value: a constant, an argument's index, a length, a clock...),
 * never as a number whose sense depends on the node.
 *
 * Sema writes everything it finds for a node straight into the table
 * while it checks (ann_begin() at the start of each probe): its values by
 * meaning (ann_set()), its type, map, variable, builtin/function id and
 * the member a field reads (ann_slot()).  struct node holds only what the
 * source wrote, and sema never changes it (the rewrites that need no
 * types are the desugaring pass's, desugar.h).  A successful final pass
 * ends with sema_anns_record, which marks the nodes of the probe and
 * folds operators, comparisons and casts of constants into AV_CONST
 * (fold.c).  The code generator reads sema's results only from the table
 * and folds nothing itself.
 */
#ifndef SONDE_ANN_H
#define SONDE_ANN_H

#include "ast.h"

/* What a node's value slot holds: one meaning per node, named. */
enum ann_value {
	AV_NONE,
	AV_CONST,	/* a value known before the run: a literal, sizeof,
			 * offsetof, an enum constant, $# and $N as an
			 * integer, ncpus, usermode in BEGIN/END,
			 * cgroupid(path), kaddr(), uaddr(),
			 * getopt()/signal_name() as an integer, and an
			 * operator, comparison or cast of those (fold.c) */
	AV_ARG,		/* argN, sargN (and retval's unused 0): N */
	AV_TUPLE_INDEX,	/* N_TUPLE_IDX: the element read */
	AV_LEN,		/* strncmp/memcmp: bytes compared; buf: bytes copied;
			 * write_user: bytes written (0: known at run time);
			 * pton: the address's length (4 or 16) */
	AV_CLOCK,	/* nsecs(clock): the clock's index */
	AV_REG_OFF,	/* reg(name): the register's offset in the context */
	AV_SIGNO,	/* signal(): the signal, 0 when known only at run time */
	AV_BTF_ID,	/* percpu_kaddr(): the variable's BTF id */
	AV_HIST_BITS,	/* hist(): the sub-buckets' bits */
	AV_PIDNS,	/* pid, tid: the PID namespace numbering it (PIDNS_*) */
	AV_OFFSET,	/* comm(pid): the offset of comm in struct task_struct */
	AV_STR,		/* a string known before the run: "$1 + N" of a string
			 * parameter's text, getopt() and signal_name() as
			 * strings (owned by the table) */
	AV_TSERIES_AGG,	/* tseries(): its aggregation (enum tseries_agg) */
	AV_UADDR_REL,	/* uaddr() in a PIE or shared library: relocated at
			 * run time (owned by the table) */
};

/*
 * uaddr() of a symbol in a binary loaded where the run decides: its address
 * is the lowest mapping of the file (found by inode among the current
 * task's VMAs) plus offset; the kernel structures' member offsets to walk.
 */
struct uaddr_rel {
	uint64_t offset;	/* the symbol's address less its lowest mapped page */
	uint64_t ino;
	uint32_t vm_start, vm_file, f_inode, i_ino;
};

struct sema_ann {
	struct type *type;
	struct mapinfo *map;	/* N_MAP, an aggregation assigned to a map */
	struct varinfo *var;	/* N_VAR */
	int id;			/* N_BUILTIN: enum builtin_id; N_CALL: enum func_id */
	const struct field *field;	/* N_FIELD: the member it reads */
	enum ann_value vkind;	/* which of v is set */
	union {
		int64_t constant;	/* AV_CONST */
		int arg;		/* AV_ARG */
		int tuple_index;	/* AV_TUPLE_INDEX */
		uint32_t len;		/* AV_LEN */
		int clock;		/* AV_CLOCK */
		int reg_off;		/* AV_REG_OFF */
		int signo;		/* AV_SIGNO */
		uint32_t btf_id;	/* AV_BTF_ID */
		int hist_bits;		/* AV_HIST_BITS */
		int pidns;		/* AV_PIDNS */
		uint32_t offset;	/* AV_OFFSET */
		char *str;		/* AV_STR */
		int tseries_agg;	/* AV_TSERIES_AGG */
		struct uaddr_rel *uaddr_rel;	/* AV_UADDR_REL */
	} v;
	unsigned gen;		/* the node was in the probe sema checked when
				 * this is the table's gen */
	unsigned vgen;		/* vkind and v were set by sema in gen vgen */
	unsigned sgen;		/* type, map, var, id and field were set in gen sgen */
};

struct sema_anns {
	struct sema_ann *v;	/* indexed by node id */
	int n;
	unsigned gen;		/* one per recording: no clearing between probes */
};

/* A new probe: a new generation of the table, big enough for every node made so far. */
void ann_begin(struct sema_anns *a);
/*
 * Sema's value for n in this generation: the entry, with vkind set to k
 * and v zeroed for the caller to fill (ann_set(a, n, AV_LEN)->v.len = 4).
 */
struct sema_ann *ann_set(struct sema_anns *a, const struct node *n, enum ann_value k);
/* The value sema set for n in this generation when it means k, or NULL. */
const struct sema_ann *ann_get(const struct sema_anns *a, const struct node *n, enum ann_value k);
/*
 * n's entry for sema to read and write its type, map, var, id and field
 * in this generation (all empty until sema sets them).
 */
struct sema_ann *ann_slot(struct sema_anns *a, const struct node *n);

/*
 * Mark the nodes under root as the probe's, and fold constants (fold.c);
 * what sema did not set for a node in this generation is cleared.
 */
void sema_anns_record(struct sema_anns *a, const struct node *root);
void sema_anns_free(struct sema_anns *a);

/*
 * n's value as AV_CONST when n is an operator, a comparison or a cast of
 * recorded constants (fold.c), exactly as the instructions compute it;
 * a shift by 64 or more and a division by zero are left to the run.
 */
void ann_fold(struct sema_anns *a, const struct node *n, struct sema_ann *an);

/* The annotation of n, or NULL when n was not in the probe sema checked. */
static inline const struct sema_ann *ann_of(const struct sema_anns *a, const struct node *n)
{
	if (!a || n->id <= 0 || n->id >= a->n || a->v[n->id].gen != a->gen)
		return NULL;
	return &a->v[n->id];
}

#endif
