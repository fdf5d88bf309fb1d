// SPDX-License-Identifier: GPL-2.0
/*
 * Which clause-local variables live on from one clause to the next.
 *
 * DTrace keeps this->x intact across the clauses of one probe firing: a
 * clause may read the value an earlier clause of the same probe left.  A
 * clause that assigns this->x before reading it needs nothing of the
 * sort, and its this->x stays a scratch variable ($this_x, free).  Only
 * a this->x that some clause may read before assigning it is kept in a
 * map of its own keyed by CPU (@__dt_this_x[cpu]): the clauses of one
 * firing run one after the other on the same CPU, so each finds what
 * the one before left there.  Its first value, like DTrace's (not
 * zero-filled), is whatever the CPU's last firing left: 0 at first.
 *
 * "Assigns before reading" is judged in evaluation order on what runs
 * unconditionally: an assignment inside an if, the right of && and ||,
 * or a branch of ?: does not count.
 */
#include <stdlib.h>
#include <string.h>

#include "dt_lower.h"
#include "../lang/lexer.h"

struct scan {
	struct dtrace_ctx *dc;
	VEC(const char *) set;	/* this-> names assigned unconditionally so far */
};

static bool is_this(const struct node *n)
{
	return n && n->kind == N_FIELD && n->arrow && dt_is_ident(n->a, "this") && n->name;
}

static bool in_set(const struct scan *s, const char *name)
{
	for (int i = 0; i < s->set.n; i++)
		if (!strcmp(s->set.v[i], name))
			return true;
	return false;
}

static void note_read(struct scan *s, const char *name)
{
	if (in_set(s, name) || dt_this_shared(s->dc, name))
		return;
	vec_push(&s->dc->this_shared, xstrdup(name));
}

static void scan(struct scan *s, const struct node *n, bool cond);

static void scan_block(struct scan *s, const struct node *b, bool cond)
{
	for (int i = 0; b && i < b->args.n; i++)
		scan(s, b->args.v[i], cond);
}

static void scan(struct scan *s, const struct node *n, bool cond)
{
	if (!n)
		return;
	switch (n->kind) {
	case N_FIELD:
		if (is_this(n)) {
			note_read(s, n->name);
			return;
		}
		break;
	case N_ASSIGN:
		scan(s, n->b, cond);
		if (!is_this(n->a)) {
			scan(s, n->a, cond);
			return;
		}
		if (n->op)
			note_read(s, n->a->name);
		if (!cond)
			vec_push(&s->set, n->a->name);
		return;
	case N_BINOP:
		if (n->op == T_LAND || n->op == T_LOR) {
			scan(s, n->a, cond);
			scan(s, n->b, true);
			return;
		}
		break;
	case N_TERNARY:
		scan(s, n->a, cond);
		scan(s, n->b, true);
		scan(s, n->c, true);
		return;
	case N_IF:
		scan(s, n->a, cond);
		scan_block(s, n->b, true);
		scan(s, n->c, true);
		return;
	case N_BLOCK:
		scan_block(s, n, cond);
		return;
	default:
		break;
	}
	scan(s, n->a, cond);
	scan(s, n->b, cond);
	scan(s, n->c, cond);
	for (int i = 0; i < n->args.n; i++)
		scan(s, n->args.v[i], cond);
}

bool dt_this_shared(const struct dtrace_ctx *dc, const char *name)
{
	for (int i = 0; i < dc->this_shared.n; i++)
		if (!strcmp(dc->this_shared.v[i], name))
			return true;
	return false;
}

/* The clause's this-> variables read before it assigns them (predicate, then body). */
void dt_scan_this_vars(struct dtrace_ctx *dc, const struct node *clause)
{
	struct scan s = { .dc = dc };

	scan(&s, clause->a, false);
	scan_block(&s, clause->b, false);
	vec_free(&s.set);
}
