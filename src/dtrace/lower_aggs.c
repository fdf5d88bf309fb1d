// SPDX-License-Identifier: GPL-2.0
/*
 * D's aggregating functions that sonde's language has no single
 * counterpart for, lowered to a block of statements:
 *
 *   @a[k] = stddev(x)  ->  { $v = x; @a[k] = stats($v); @a__dt_sq[k] = sum($v * $v); }
 *   @a[k] = llquantize(x, factor, low, high, steps)
 *                      ->  { $v = (int64)x; $s = ($v >= 0) * 2 - 1; $a = |$v|;
 *                            @a[k] = lhist(N + $s * (($a >= b1) + ($a >= b2) + ...),
 *                                          0, 2 * N + 1, 1); }
 *   @a[k] = quantize(x) ->  the same with the bounds 2^0 ... 2^62 (63 + s * bits of |x|)
 *
 * x is evaluated once.  The standard deviation is computed when printed
 * (aggprint.c) from the count, the total and the sum of squares; the
 * quantizations are counted by DTrace's bucket index (negative values in
 * buckets mirroring the positive ones) and printed with their labels.
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

static struct node *var_named(struct loc loc, const char *name)
{
	return dt_mk(N_VAR, loc, name);
}

/* ($__dt_a >= b[0]) + ($__dt_a >= b[1]) + ...: how many of the bounds |x| reaches. */
static struct node *bounds_reached(struct loc l, const int64_t *b, int n)
{
	struct node *sum = NULL;

	for (int i = 0; i < n; i++) {
		struct node *ge = dt_mk_binop(l, T_GE, var_named(l, "$__dt_a"), dt_mk_int(l, b[i]));

		sum = sum ? dt_mk_binop(l, T_PLUS, sum, ge) : ge;
	}
	return sum;
}

/*
 * The block that sets @a[k] = lhist(index, 0, nidx, 1) for D's signed
 * buckets: x as a 64-bit signed value, its sign s (1 or -1) and |x| (the
 * most negative value counts as the largest), and the bucket index
 * center + s * (the bounds |x| reaches).
 */
static struct node *signed_buckets(struct node *n, const int64_t *bounds, int nb, int center,
				   int nidx)
{
	struct node *call = n->b, *block, *cast, *abs, *idx, *lh;
	struct loc l = call->loc;

	cast = node_new(N_CAST, l);
	cast->tname = xcalloc(1, sizeof(*cast->tname));
	cast->tname->text = xstrdup("int64");
	cast->a = call->args.v[0];
	call->args.v[0] = NULL;
	block = node_new(N_BLOCK, l);
	vec_push(&block->args, stmt_assign(l, var_v(l), cast));
	/* $__dt_s = ($__dt_v >= 0) * 2 - 1 */
	vec_push(&block->args, stmt_assign(l, var_named(l, "$__dt_s"),
		dt_mk_binop(l, T_MINUS, dt_mk_binop(l, T_STAR, dt_mk_binop(l, T_GE, var_v(l), dt_mk_int(l, 0)),
					dt_mk_int(l, 2)), dt_mk_int(l, 1))));
	/* $__dt_a = $__dt_v * $__dt_s; then INT64_MIN (still negative) becomes INT64_MAX */
	vec_push(&block->args, stmt_assign(l, var_named(l, "$__dt_a"),
					   dt_mk_binop(l, T_STAR, var_v(l), var_named(l, "$__dt_s"))));
	abs = dt_mk_binop(l, T_MINUS, var_named(l, "$__dt_a"),
		    dt_mk_binop(l, T_LT, var_named(l, "$__dt_a"), dt_mk_int(l, 0)));
	vec_push(&block->args, stmt_assign(l, var_named(l, "$__dt_a"), abs));
	idx = dt_mk_binop(l, T_PLUS, dt_mk_int(l, center),
		    dt_mk_binop(l, T_STAR, var_named(l, "$__dt_s"), bounds_reached(l, bounds, nb)));
	lh = call1(l, "lhist", idx);
	vec_push(&lh->args, dt_mk_int(l, 0));
	vec_push(&lh->args, dt_mk_int(l, nidx));
	vec_push(&lh->args, dt_mk_int(l, 1));
	vec_push(&block->args, stmt_assign(l, node_clone(n->a, NULL), lh));
	return block;
}

/* Note map's buckets for printing; -1 when it was given other parameters before. */
static int note_buckets(struct lower *lw, struct node *n, bool pow2, const int64_t *bounds,
			int nb)
{
	struct dt_llq q;

	for (int i = 0; i < lw->dc->llqs.n; i++) {
		const struct dt_llq *o = &lw->dc->llqs.v[i];

		if (strcmp(o->map, n->a->name))
			continue;
		if (o->pow2 != pow2 || o->nbounds != nb ||
		    (nb && memcmp(o->bounds, bounds, nb * sizeof(*bounds)))) {
			dt_lower_err(lw, n->b->loc, "%s: an aggregation takes one kind of quantization, with one set of parameters",
				     n->b->name);
			return -1;
		}
		return 0;
	}
	q.map = xstrdup(n->a->name);
	q.pow2 = pow2;
	q.nbounds = nb;
	q.bounds = nb ? xmalloc(nb * sizeof(*bounds)) : NULL;
	if (nb)
		memcpy(q.bounds, bounds, nb * sizeof(*bounds));
	vec_push(&lw->dc->llqs, q);
	return 0;
}

/*
 * quantize(x): DTrace's 127 power-of-two buckets, index 63 + s * (the
 * number of bits of |x|): -1 is the bucket of (-2, -1], -4 of (-8, -4].
 */
static struct node *lower_quantize(struct lower *lw, struct node *n)
{
	int64_t bounds[DT_QUANT_ZERO];

	if (n->b->args.n != 1)
		return NULL;	/* quantize(x, incr): hist's own error */
	for (int i = 0; i < DT_QUANT_ZERO; i++)
		bounds[i] = (int64_t)1 << i;
	if (note_buckets(lw, n, true, NULL, 0) < 0)
		return NULL;
	return signed_buckets(n, bounds, DT_QUANT_ZERO, DT_QUANT_ZERO, 2 * DT_QUANT_ZERO + 1);
}

static struct node *lower_llquantize(struct lower *lw, struct node *n)
{
	struct node *call = n->b;
	int64_t p[4], bounds[DT_LLQ_MAX_BOUNDS];
	int nb = -1;

	if (call->args.n == 5 && const_arg(call, 1, &p[0]) && const_arg(call, 2, &p[1]) &&
	    const_arg(call, 3, &p[2]) && const_arg(call, 4, &p[3]))
		nb = llq_bounds(p[0], p[1], p[2], p[3], bounds);
	if (nb < 0) {
		dt_lower_err(lw, call->loc, "%s: expected llquantize(value, factor, low, high, steps) with constants: factor >= 2, 0 <= low <= high, steps >= 1, at most 512 buckets below factor^(high + 1) < 2^63",
			     "llquantize");
		return NULL;
	}
	if (note_buckets(lw, n, false, bounds, nb) < 0)
		return NULL;
	return signed_buckets(n, bounds, nb, nb, 2 * nb + 1);
}

struct node *dt_lower_agg_assign(struct lower *lw, struct node *n)
{
	if (n->op || !n->a || n->a->kind != N_MAP || !n->b || n->b->kind != N_CALL)
		return NULL;
	if (!strcmp(n->b->name, "stddev"))
		return lower_stddev(lw, n);
	if (!strcmp(n->b->name, "llquantize"))
		return lower_llquantize(lw, n);
	if (!strcmp(n->b->name, "quantize"))
		return lower_quantize(lw, n);
	return NULL;
}
