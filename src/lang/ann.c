// SPDX-License-Identifier: GPL-2.0
/* The typed layer's side table (ann.h). */
#include <stdlib.h>
#include <string.h>

#include "ann.h"
#include "sema.h"

static void grow(struct sema_anns *a, int n)
{
	int cap;

	if (n <= a->n)
		return;
	cap = MAX(n, a->n * 2);
	a->v = xrealloc(a->v, cap * sizeof(*a->v));
	memset(a->v + a->n, 0, (cap - a->n) * sizeof(*a->v));
	a->n = cap;
}

/* Forget an entry's value (a string it owns is freed). */
static void clear_value(struct sema_ann *an)
{
	if (an->vkind == AV_STR)
		free(an->v.str);
	if (an->vkind == AV_UADDR_REL)
		free(an->v.uaddr_rel);
	an->vkind = AV_NONE;
	memset(&an->v, 0, sizeof(an->v));
}

void ann_begin(struct sema_anns *a)
{
	grow(a, node_last_id() + 1);
	a->gen++;
}

struct sema_ann *ann_set(struct sema_anns *a, const struct node *n, enum ann_value k)
{
	struct sema_ann *an;

	grow(a, n->id + 1);
	an = &a->v[n->id];
	clear_value(an);
	an->vkind = k;
	an->vgen = a->gen;
	return an;
}

const struct sema_ann *ann_get(const struct sema_anns *a, const struct node *n, enum ann_value k)
{
	const struct sema_ann *an;

	if (n->id <= 0 || n->id >= a->n)
		return NULL;
	an = &a->v[n->id];
	return an->vgen == a->gen && an->vkind == k ? an : NULL;
}

/* Forget what sema set for the entry in a former generation. */
static void fresh_slots(struct sema_anns *a, struct sema_ann *an)
{
	if (an->sgen == a->gen)
		return;
	an->type = NULL;
	an->map = NULL;
	an->var = NULL;
	an->id = 0;
	an->field = NULL;
	an->sgen = a->gen;
}

struct sema_ann *ann_slot(struct sema_anns *a, const struct node *n)
{
	struct sema_ann *an;

	grow(a, n->id + 1);
	an = &a->v[n->id];
	fresh_slots(a, an);
	return an;
}

/*
 * Each node once: a subtree may be reached twice (the arguments of an
 * inlined fn call).
 */
static void record(struct sema_anns *a, const struct node *n)
{
	struct sema_ann *an;

	if (!n || n->id <= 0 || n->id >= a->n || a->v[n->id].gen == a->gen)
		return;
	an = &a->v[n->id];
	fresh_slots(a, an);
	if (an->vgen != a->gen) {
		clear_value(an);
		/* a literal sema read without typing it (a checked argument) */
		if (n->kind == N_INT || n->kind == N_BOOL) {
			an->vkind = AV_CONST;
			an->v.constant = n->ival;
		}
	}
	an->gen = a->gen;
	record(a, n->a);
	record(a, n->b);
	record(a, n->c);
	for (int i = 0; i < n->args.n; i++)
		record(a, n->args.v[i]);
	ann_fold(a, n, an);	/* its operands are recorded: fold.c */
}

void sema_anns_record(struct sema_anns *a, const struct node *root)
{
	grow(a, node_last_id() + 1);
	record(a, root);
}

void sema_anns_free(struct sema_anns *a)
{
	for (int i = 0; i < a->n; i++)
		clear_value(&a->v[i]);
	free(a->v);
	a->v = NULL;
	a->n = 0;
}
