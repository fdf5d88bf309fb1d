// SPDX-License-Identifier: GPL-2.0
/*
 * D's aggregating functions that sonde's language has no single
 * counterpart for, lowered to a block of statements:
 *
 *   @a[k] = stddev(x)  ->  { $v = x; @a[k] = stats($v); @a__dt_sq[k] = sum($v * $v); }
 *   @a[k] = llquantize(x, factor, low, high, steps)
 *                      ->  { $v = x; @a[k] = lhist(($v >= b1) + ($v >= b2) + ..., 0, N + 1, 1); }
 *
 * x is evaluated once.  The standard deviation is computed when printed
 * (aggprint.c) from the count, the total and the sum of squares; the
 * log-linear buckets are counted by the index of the highest bound x
 * reaches, and printed with the bounds as labels.
 */
#include <stdlib.h>
#include <string.h>

#include "dt_lower.h"
#include "../lang/lexer.h"

#define DT_LLQ_MAX_BOUNDS 512

static struct node *var_v(struct loc loc)
{
	return dt_mk(N_VAR, loc, "$__dt_v");
}

static struct node *stmt_assign(struct loc loc, struct node *lhs, struct node *rhs)
{
	struct node *a = node_new(N_ASSIGN, loc);

	a->a = lhs;
	a->b = rhs;
	return a;
}

static struct node *call1(struct loc loc, const char *name, struct node *arg)
{
	struct node *c = dt_mk(N_CALL, loc, name);

	vec_push(&c->args, arg);
	return c;
}

static struct node *int_node(struct loc loc, int64_t v)
{
	struct node *n = node_new(N_INT, loc);

	n->ival = v;
	return n;
}

/* The block { $__dt_v = x; } that the statements follow; x is taken from call. */
static struct node *block_with_value(struct node *call)
{
	struct node *block = node_new(N_BLOCK, call->loc);

	vec_push(&block->args, stmt_assign(call->loc, var_v(call->loc), call->args.v[0]));
	call->args.v[0] = NULL;
	return block;
}

static struct node *lower_stddev(struct lower *lw, struct node *n)
{
	struct node *call = n->b, *block, *sq, *prod;
	struct loc l = call->loc;

	if (call->args.n != 1) {
		dt_lower_err(lw, l, "%s: expected stddev(value)", "stddev");
		return NULL;
	}
	block = block_with_value(call);
	sq = node_clone(n->a, NULL);
	free(sq->name);
	sq->name = xasprintf("%s__dt_sq", n->a->name);
	prod = node_new(N_BINOP, l);
	prod->op = T_STAR;
	prod->a = var_v(l);
	prod->b = var_v(l);
	vec_push(&block->args, stmt_assign(l, node_clone(n->a, NULL), call1(l, "stats", var_v(l))));
	vec_push(&block->args, stmt_assign(l, sq, call1(l, "sum", prod)));
	for (int i = 0; i < lw->dc->stddevs.n; i++)
		if (!strcmp(lw->dc->stddevs.v[i], n->a->name))
			return block;
	vec_push(&lw->dc->stddevs, xstrdup(n->a->name));
	return block;
}

/*
 * The lower bounds of llquantize's buckets: for each order of magnitude
 * factor^m (low <= m <= high), factor^m and then every multiple of
 * factor^(m+1) / steps (at least 1) below factor^(m+1); last the
 * overflow bound factor^(high+1).  -1 when the parameters are wrong.
 */
static int llq_bounds(int64_t factor, int64_t low, int64_t high, int64_t steps, int64_t *out)
{
	int64_t mag = 1;
	int n = 0;

	if (factor < 2 || low < 0 || high < low || steps < 1)
		return -1;
	for (int64_t m = 0; m < low; m++) {
		if (mag > INT64_MAX / factor)
			return -1;
		mag *= factor;
	}
	for (int64_t m = low; m <= high; m++) {
		int64_t next, step;

		if (mag > INT64_MAX / factor)
			return -1;
		next = mag * factor;
		step = next / steps > 0 ? next / steps : 1;
		if (n == DT_LLQ_MAX_BOUNDS)
			return -1;
		out[n++] = mag;
		for (int64_t v = (mag / step + 1) * step; v < next; v += step) {
			if (n == DT_LLQ_MAX_BOUNDS)
				return -1;
			out[n++] = v;
		}
		mag = next;
	}
	if (n == DT_LLQ_MAX_BOUNDS)
		return -1;
	out[n++] = mag;
	return n;
}

static bool const_arg(const struct node *call, int i, int64_t *v)
{
	const struct node *a = call->args.v[i];

	if (a->kind != N_INT)
		return false;
	*v = a->ival;
	return true;
}

static struct node *lower_llquantize(struct lower *lw, struct node *n)
{
	struct node *call = n->b, *block, *idx = NULL, *lh;
	int64_t p[4], bounds[DT_LLQ_MAX_BOUNDS];
	struct loc l = call->loc;
	struct dt_llq q;
	int nb = -1;

	if (call->args.n == 5 && const_arg(call, 1, &p[0]) && const_arg(call, 2, &p[1]) &&
	    const_arg(call, 3, &p[2]) && const_arg(call, 4, &p[3]))
		nb = llq_bounds(p[0], p[1], p[2], p[3], bounds);
	if (nb < 0) {
		dt_lower_err(lw, l, "%s: expected llquantize(value, factor, low, high, steps) with constants: factor >= 2, 0 <= low <= high, steps >= 1, at most 512 buckets below factor^(high + 1) < 2^63",
			     "llquantize");
		return NULL;
	}
	for (int i = 0; i < lw->dc->llqs.n; i++)
		if (!strcmp(lw->dc->llqs.v[i].map, n->a->name) &&
		    (lw->dc->llqs.v[i].nbounds != nb ||
		     memcmp(lw->dc->llqs.v[i].bounds, bounds, nb * sizeof(*bounds)))) {
			dt_lower_err(lw, l, "%s: an aggregation takes one set of llquantize parameters",
				     "llquantize");
			return NULL;
		}
	block = block_with_value(call);
	for (int i = 0; i < nb; i++) {
		struct node *ge = node_new(N_BINOP, l), *sum;

		ge->op = T_GE;
		ge->a = var_v(l);
		ge->b = int_node(l, bounds[i]);
		if (!idx) {
			idx = ge;
			continue;
		}
		sum = node_new(N_BINOP, l);
		sum->op = T_PLUS;
		sum->a = idx;
		sum->b = ge;
		idx = sum;
	}
	lh = call1(l, "lhist", idx);
	vec_push(&lh->args, int_node(l, 0));
	vec_push(&lh->args, int_node(l, nb + 1));
	vec_push(&lh->args, int_node(l, 1));
	vec_push(&block->args, stmt_assign(l, node_clone(n->a, NULL), lh));
	for (int i = 0; i < lw->dc->llqs.n; i++)
		if (!strcmp(lw->dc->llqs.v[i].map, n->a->name))
			return block;
	q.map = xstrdup(n->a->name);
	q.nbounds = nb;
	q.bounds = xmalloc(nb * sizeof(*bounds));
	memcpy(q.bounds, bounds, nb * sizeof(*bounds));
	vec_push(&lw->dc->llqs, q);
	return block;
}

struct node *dt_lower_agg_assign(struct lower *lw, struct node *n)
{
	if (n->op || !n->a || n->a->kind != N_MAP || !n->b || n->b->kind != N_CALL)
		return NULL;
	if (!strcmp(n->b->name, "stddev"))
		return lower_stddev(lw, n);
	if (!strcmp(n->b->name, "llquantize"))
		return lower_llquantize(lw, n);
	return NULL;
}
