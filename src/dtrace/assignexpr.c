// SPDX-License-Identifier: GPL-2.0
/*
 * D's assignments inside expressions: (x = arg0) > 0, a = b = 0,
 * f((this->n = 3) + 1).  The language sonde lowers to assigns in
 * statements only, so each one becomes a statement of its own put before
 * the statement holding it, and its place reads the variable it set:
 *
 *   a = b = 0;               ->   b = 0; a = b;
 *   if ((x = f()) > 0) ...   ->   x = f(); if (x > 0) ...
 *
 * That keeps D's meaning only where the assignment is evaluated every
 * time the statement is, and before anything that reads or writes its
 * variable in the same statement; elsewhere (the right of && or ||, a
 * branch of ?:, after an earlier use of the same variable, a key with
 * side effects) it is a located error, not a changed meaning.  An else
 * if's condition gets its statements inside the else.  A predicate
 * holding an assignment (or a strtok(), which puts statements before
 * its statement too) becomes an if around the clause's actions, after
 * those statements: /P/ { A } -> { S; if (P') { A } }; a && in it nests
 * ifs, so that its right operand may assign: /p && (x = f)/ { A } ->
 * { if (p) { x = f; if (x) { A } } }.
 */
#include <stdlib.h>
#include <string.h>

#include "dt_lower.h"
#include "../lang/lexer.h"

struct hoist {
	struct lower *lw;
	nodelist pre;		/* the statements to put before the statement */
	VEC(char *) seen;	/* the variables the statement used so far, in evaluation order */
};

/* A name for the variable n is (unlowered): x, a (of a[k]), this->x, self->x, $x. */
static char *var_key(const struct node *n)
{
	if (!n)
		return NULL;
	if (n->kind == N_IDENT || n->kind == N_VAR)
		return xstrdup(n->name);
	if (n->kind == N_INDEX && n->a && n->a->kind == N_IDENT)
		return xstrdup(n->a->name);
	if (n->kind == N_FIELD && n->arrow && n->a && n->a->kind == N_IDENT &&
	    (!strcmp(n->a->name, "this") || !strcmp(n->a->name, "self")))
		return xasprintf("%s->%s", n->a->name, n->name);
	return NULL;
}

static bool seen(const struct hoist *h, const char *name)
{
	for (int i = 0; i < h->seen.n; i++)
		if (!strcmp(h->seen.v[i], name))
			return true;
	return false;
}

static void note_seen(struct hoist *h, const struct node *n)
{
	char *name = var_key(n);

	if (name && !seen(h, name))
		vec_push(&h->seen, name);
	else
		free(name);
}

/* Whether n has side effects: an assignment, ++/--, a call. */
static bool has_effects(const struct node *n)
{
	if (!n)
		return false;
	if (n->kind == N_ASSIGN || n->kind == N_INCDEC || n->kind == N_CALL)
		return true;
	if (has_effects(n->a) || has_effects(n->b) || has_effects(n->c))
		return true;
	for (int i = 0; i < n->args.n; i++)
		if (has_effects(n->args.v[i]))
			return true;
	return false;
}

bool dt_has_assign_expr(const struct node *n)
{
	if (!n)
		return false;
	if (n->kind == N_ASSIGN)
		return true;
	if (dt_has_assign_expr(n->a) || dt_has_assign_expr(n->b) || dt_has_assign_expr(n->c))
		return true;
	for (int i = 0; i < n->args.n; i++)
		if (dt_has_assign_expr(n->args.v[i]))
			return true;
	return false;
}

static void walk(struct hoist *h, struct node **np, bool cond);

/* An lvalue's keys (a[k]'s k) and the variable it names. */
static void walk_lhs(struct hoist *h, struct node *lhs)
{
	if (lhs->kind == N_INDEX) {
		walk(h, &lhs->b, false);
		for (int i = 0; i < lhs->args.n; i++)
			walk(h, &lhs->args.v[i], false);
	}
}

/* The assignment *np (not a statement of its own): before the statement. */
static void hoist_assign(struct hoist *h, struct node **np, bool cond)
{
	struct node *n = *np;
	char *name;
	int before;

	if (cond) {
		dt_lower_err(h->lw, n->loc, "%s in the right operand of && or || or in a branch of ?: runs only sometimes, and sonde dtrace runs an assignment inside an expression as a statement before it: write this one as an if",
			     "an assignment");
		return;
	}
	before = h->seen.n;
	walk(h, &n->b, false);
	walk_lhs(h, n->a);
	/* what the assignment reads runs before too: not a use left in the statement */
	for (int i = before; i < h->seen.n; i++)
		free(h->seen.v[i]);
	h->seen.n = before;
	name = var_key(n->a);
	if (!name || (n->a->kind == N_INDEX && has_effects(n->a))) {
		dt_lower_err(h->lw, n->loc, "%s inside an expression runs as a statement before it in sonde dtrace, and its value is read back from what it assigns: assign a variable (with keys free of side effects), or write the assignment as a statement",
			     "an assignment");
		free(name);
		return;
	}
	if (seen(h, name)) {
		dt_lower_err(h->lw, n->loc, "%s is used earlier in the statement than this assignment to it, which sonde dtrace runs as a statement before it: write the assignment as a statement of its own",
			     name);
		free(name);
		return;
	}
	vec_push(&h->seen, name);
	*np = node_clone(n->a, NULL);
	vec_push(&h->pre, n);
}

/* The expression *np in evaluation order; cond: it runs only sometimes. */
static void walk(struct hoist *h, struct node **np, bool cond)
{
	struct node *n = *np;

	if (!n)
		return;
	switch (n->kind) {
	case N_ASSIGN:
		hoist_assign(h, np, cond);
		return;
	case N_BINOP:
		if (n->op == T_LAND || n->op == T_LOR) {
			walk(h, &n->a, cond);
			walk(h, &n->b, true);
			return;
		}
		break;
	case N_TERNARY:
		walk(h, &n->a, cond);
		walk(h, &n->b, true);
		walk(h, &n->c, true);
		return;
	case N_FIELD:
		if (n->arrow && (dt_is_ident(n->a, "this") || dt_is_ident(n->a, "self"))) {
			note_seen(h, n);
			return;
		}
		break;
	case N_IDENT: case N_VAR:
		note_seen(h, n);
		return;
	default:
		break;
	}
	walk(h, &n->a, cond);
	walk(h, &n->b, cond);
	walk(h, &n->c, cond);
	for (int i = 0; i < n->args.n; i++)
		walk(h, &n->args.v[i], cond);
}

/* One expression of a statement: its assignments to h->pre. */
static void walk_expr(struct hoist *h, struct node **np)
{
	for (int i = 0; i < h->seen.n; i++)
		free(h->seen.v[i]);
	h->seen.n = 0;
	walk(h, np, false);
}

static void lower_block(struct hoist *h, struct node *block);

/* else if (c): its statements go inside the else, before the if. */
static void lower_else(struct hoist *h, struct node *st)
{
	struct node *e = st->c, *b;

	if (!e)
		return;
	if (e->kind != N_IF) {
		lower_block(h, e);
		return;
	}
	if (!dt_has_assign_expr(e->a)) {
		lower_block(h, e->b);
		lower_else(h, e);
		return;
	}
	b = node_new(N_BLOCK, e->loc);
	vec_push(&b->args, e);
	st->c = b;
	lower_block(h, b);
}

static void lower_stmt(struct hoist *h, struct node **sp)
{
	struct node *st = *sp;

	if (st->kind == N_EXPR_STMT && st->a && st->a->kind == N_ASSIGN) {
		*sp = st->a;	/* (x = 1); is x = 1; */
		st->a = NULL;
		node_free(st);
		st = *sp;
	}
	switch (st->kind) {
	case N_ASSIGN:
		walk_expr(h, &st->b);
		walk_lhs(h, st->a);
		break;
	case N_IF:
		walk_expr(h, &st->a);
		break;
	case N_BLOCK:
		lower_block(h, st);
		return;
	default:
		walk_expr(h, sp);
		break;
	}
}

static void lower_block(struct hoist *h, struct node *block)
{
	nodelist out = { 0 };

	for (int i = 0; i < block->args.n; i++) {
		nodelist pre;

		lower_stmt(h, &block->args.v[i]);
		pre = h->pre;
		h->pre = (nodelist){ 0 };
		for (int j = 0; j < pre.n; j++)
			vec_push(&out, pre.v[j]);
		vec_free(&pre);
		vec_push(&out, block->args.v[i]);
		if (block->args.v[i]->kind == N_IF) {
			lower_block(h, block->args.v[i]->b);
			lower_else(h, block->args.v[i]);
		}
	}
	vec_free(&block->args);
	block->args = out;
}

static bool has_call(const struct node *n, const char *name)
{
	if (!n)
		return false;
	if (n->kind == N_CALL && !strcmp(n->name, name))
		return true;
	if (has_call(n->a, name) || has_call(n->b, name) || has_call(n->c, name))
		return true;
	for (int i = 0; i < n->args.n; i++)
		if (has_call(n->args.v[i], name))
			return true;
	return false;
}

/*
 * if (a && b) { A } with an assignment in b: if (a) { if (b) { A } }, so
 * that b's statements run only when a holds, as && evaluates b (an if
 * made of a predicate has no else).
 */
static void split_and(struct node *iff)
{
	struct node *cond = iff->a, *inner, *block;

	if (!cond || cond->kind != N_BINOP || cond->op != T_LAND || !dt_has_assign_expr(cond->b))
		return;
	inner = node_new(N_IF, cond->b->loc);
	inner->a = cond->b;
	inner->b = iff->b;
	block = node_new(N_BLOCK, cond->loc);
	vec_push(&block->args, inner);
	iff->a = cond->a;
	iff->b = block;
	cond->a = cond->b = NULL;
	node_free(cond);
	split_and(iff);
	split_and(inner);
}

struct node *dt_lower_assign_exprs(struct lower *lw, struct node *clause)
{
	struct hoist h = { .lw = lw };
	struct node *actions = clause->b;

	if (!actions)
		return NULL;
	if (clause->a && (dt_has_assign_expr(clause->a) || has_call(clause->a, "strtok"))) {
		struct node *iff = node_new(N_IF, clause->a->loc);
		struct node *body = node_new(N_BLOCK, actions->loc);

		iff->a = clause->a;
		iff->b = actions;
		clause->a = NULL;
		vec_push(&body->args, iff);
		clause->b = body;
		split_and(iff);
	} else if (!dt_has_assign_expr(actions)) {
		return actions;
	}
	lower_block(&h, clause->b);
	for (int i = 0; i < h.seen.n; i++)
		free(h.seen.v[i]);
	vec_free(&h.seen);
	vec_free(&h.pre);
	return actions;
}
