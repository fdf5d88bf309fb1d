/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The typed layer: what sema found out about each node of one concrete
 * probe, in a side table indexed by the node's id (struct node.id, given
 * at creation and clone).  The tree is shared by every expansion of a
 * probe; its annotations are per probe.  The code generator reads them
 * only through ann_type() and friends.
 *
 * Sema still works on the node's own fields while it checks (type, map,
 * var, builtin, and the meanings it leaves in ival and sema), and records
 * the table from them at the end of a successful final pass
 * (sema_anns_record); the code generator reads sema's results only from
 * the table.  What is left: sema writing the table directly, and the
 * fields leaving struct node.
 */
#ifndef SONDE_ANN_H
#define SONDE_ANN_H

#include "ast.h"

struct sema_ann {
	struct type *type;
	struct mapinfo *map;	/* N_MAP, an aggregation assigned to a map */
	struct varinfo *var;	/* N_VAR */
	int id;			/* N_BUILTIN: enum builtin_id; N_CALL: enum func_id */
	int64_t value;		/* what sema computed for the code generator:
				 * argN/sargN's N, ncpus, usermode's constant,
				 * a resolved address or id, a clock, a length */
	const struct field *field;	/* N_FIELD: the member it reads */
	unsigned gen;		/* the node was in the probe sema checked when
				 * this is the table's gen */
};

struct sema_anns {
	struct sema_ann *v;	/* indexed by node id */
	int n;
	unsigned gen;		/* one per recording: no clearing between probes */
};

/* Record the annotations of every node under root (replacing any former ones). */
void sema_anns_record(struct sema_anns *a, const struct node *root);
void sema_anns_free(struct sema_anns *a);

/* The annotation of n, or NULL when n was not in the probe sema checked. */
static inline const struct sema_ann *ann_of(const struct sema_anns *a, const struct node *n)
{
	if (!a || n->id <= 0 || n->id >= a->n || a->v[n->id].gen != a->gen)
		return NULL;
	return &a->v[n->id];
}

#endif
