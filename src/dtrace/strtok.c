// SPDX-License-Identifier: GPL-2.0
/*
 * D's strtok(s, delims): the next token of s, strtok(NULL, delims) the
 * one after the previous token of the same string.  DTrace keeps that
 * place like a clause-local variable; here it is the clause's own
 * variables, set by statements put before the statement that calls
 * strtok() (in the order its calls are evaluated):
 *
 *   $__dt_tok_sN = s;  $__dt_tok_pN = 0;           (strtok(s, ...): string N)
 *   $__dt_tok_bK = dt.strtokpos($__dt_tok_sN, $__dt_tok_pN, "delims", 0);
 *   $__dt_tok_pN = dt.strtokpos($__dt_tok_sN, $__dt_tok_bK, "delims", 1);
 *   $__dt_tok_tK = dt.substr($__dt_tok_sN, $__dt_tok_bK, $__dt_tok_pN - $__dt_tok_bK);
 *
 * and the call becomes $__dt_tok_tK: the characters from the first that
 * is not a delimiter to the next delimiter; "" when there is no token
 * (DTrace's NULL: a token is never empty, and `== NULL` compares with "").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dt_lower.h"
#include "../lang/lexer.h"

struct tokctx {
	struct lower *lw;
	int string;		/* the string strtok(NULL) continues: $__dt_tok_sN (0: none yet) */
	int *calls;		/* the clause's strtok() calls so far */
	nodelist pre;		/* statements to put before the statement */
};

static struct node *var(struct loc loc, const char *what, int n)
{
	struct node *v = dt_mk(N_VAR, loc, NULL);

	v->name = xasprintf("$__dt_tok_%s%d", what, n);
	return v;
}

static void assign(struct tokctx *t, struct loc loc, struct node *lhs, struct node *rhs)
{
	struct node *a = node_new(N_ASSIGN, loc);

	a->a = lhs;
	a->b = rhs;
	vec_push(&t->pre, a);
}

static struct node *tokpos(struct loc loc, int s, struct node *from, const struct node *d,
			   int want_in)
{
	struct node *c = dt_mk(N_CALL, loc, "dt.strtokpos");

	vec_push(&c->args, var(loc, "s", s));
	vec_push(&c->args, from);
	vec_push(&c->args, dt_mk_str(loc, d->str));
	vec_push(&c->args, dt_mk_int(loc, want_in));
	return c;
}

static bool is_null(const struct lower *lw, const struct node *n)
{
	return (n->kind == N_INT && n->ival == 0) ||
	       (n->kind == N_IDENT && !strcmp(n->name, "NULL") && !dt_is_global(lw->dc, "NULL"));
}

static struct node *lower_strtok(struct tokctx *t, struct node *n)
{
	struct loc l = n->loc;
	struct node *d, *sub;
	int k;

	if (n->args.n != 2) {
		dt_lower_err(t->lw, l, "%s requires 2 arguments", "strtok()");
		return NULL;
	}
	d = n->args.v[1];
	if (d->kind != N_STR) {
		dt_lower_err(t->lw, d->loc, "%s: the delimiters must be a string constant in sonde dtrace",
			     "strtok()");
		return NULL;
	}
	if (!is_null(t->lw, n->args.v[0])) {
		t->string = *t->calls + 1;
		assign(t, l, var(l, "s", t->string), n->args.v[0]);
		assign(t, l, var(l, "p", t->string), dt_mk_int(l, 0));
		n->args.v[0] = NULL;
	} else if (!t->string) {
		dt_lower_err(t->lw, l, "%s continues the string of an earlier strtok(s, ...) of the same clause in sonde dtrace (its place is a clause-local variable)",
			     "strtok(NULL, ...)");
		return NULL;
	}
	k = ++*t->calls;
	assign(t, l, var(l, "b", k), tokpos(l, t->string, var(l, "p", t->string), d, 0));
	assign(t, l, var(l, "p", t->string), tokpos(l, t->string, var(l, "b", k), d, 1));
	sub = dt_mk(N_CALL, l, "dt.substr");
	vec_push(&sub->args, var(l, "s", t->string));
	vec_push(&sub->args, var(l, "b", k));
	vec_push(&sub->args, dt_mk_binop(l, T_MINUS, var(l, "p", t->string), var(l, "b", k)));
	assign(t, l, var(l, "t", k), sub);
	return var(l, "t", k);
}

/* The calls in n, in the order they are evaluated (arguments first). */
static void find_calls(struct tokctx *t, struct node **np)
{
	struct node *n = *np, *r;

	if (!n)
		return;
	find_calls(t, &n->a);
	find_calls(t, &n->b);
	find_calls(t, &n->c);
	for (int i = 0; i < n->args.n; i++)
		find_calls(t, &n->args.v[i]);
	if (n->kind != N_CALL || strcmp(n->name, "strtok"))
		return;
	r = lower_strtok(t, n);
	if (r) {
		node_free(n);
		*np = r;
	}
}

static bool has_strtok(const struct node *n)
{
	if (!n)
		return false;
	if (n->kind == N_CALL && !strcmp(n->name, "strtok"))
		return true;
	if (has_strtok(n->a) || has_strtok(n->b) || has_strtok(n->c))
		return true;
	for (int i = 0; i < n->args.n; i++)
		if (has_strtok(n->args.v[i]))
			return true;
	return false;
}

static void lower_block(struct tokctx *t, struct node *block)
{
	nodelist out = { 0 };

	for (int i = 0; i < block->args.n; i++) {
		struct node *st = block->args.v[i];

		if (st->kind == N_IF) {
			find_calls(t, &st->a);
			lower_block(t, st->b);
			for (struct node *e = st->c; e; e = e->kind == N_IF ? e->c : NULL) {
				if (e->kind == N_BLOCK) {
					lower_block(t, e);
					break;
				}
				find_calls(t, &e->a);
				lower_block(t, e->b);
			}
		} else if (st->kind == N_BLOCK) {
			lower_block(t, st);
		} else {
			find_calls(t, &block->args.v[i]);
			st = block->args.v[i];
		}
		for (int j = 0; j < t->pre.n; j++)
			vec_push(&out, t->pre.v[j]);
		t->pre.n = 0;
		vec_push(&out, st);
	}
	vec_free(&block->args);
	block->args = out;
}

/* strtok() in the clause's predicate and body (before the rest of its lowering). */
void dt_lower_strtok(struct lower *lw, struct node *clause)
{
	int calls = 0;
	struct tokctx t = { .lw = lw, .calls = &calls };

	/* a predicate calling strtok() is an if in the body by now (assignexpr.c) */
	if (!clause->b || !has_strtok(clause->b))
		return;
	lower_block(&t, clause->b);
	vec_free(&t.pre);
}
