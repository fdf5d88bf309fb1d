// SPDX-License-Identifier: GPL-2.0
/* The typed layer's side table (ann.h). */
#include <stdlib.h>
#include <string.h>

#include "ann.h"

/* Each node once: a rewrite may share a subtree between two parents. */
static void record(struct sema_anns *a, const struct node *n)
{
	struct sema_ann *an;

	if (!n || n->id <= 0 || n->id >= a->n || a->v[n->id].gen == a->gen)
		return;
	an = &a->v[n->id];
	an->type = n->type;
	an->map = n->map;
	an->var = n->var;
	an->id = n->builtin;
	an->value = n->ival;
	an->field = n->kind == N_FIELD ? n->sema : NULL;
	an->gen = a->gen;
	record(a, n->a);
	record(a, n->b);
	record(a, n->c);
	for (int i = 0; i < n->args.n; i++)
		record(a, n->args.v[i]);
}

void sema_anns_record(struct sema_anns *a, const struct node *root)
{
	int n = node_last_id() + 1;

	if (n > a->n) {
		int cap = MAX(n, a->n * 2);

		a->v = xrealloc(a->v, cap * sizeof(*a->v));
		memset(a->v + a->n, 0, (cap - a->n) * sizeof(*a->v));
		a->n = cap;
	}
	a->gen++;
	record(a, root);
}

void sema_anns_free(struct sema_anns *a)
{
	free(a->v);
	a->v = NULL;
	a->n = 0;
}
