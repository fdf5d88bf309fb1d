// SPDX-License-Identifier: GPL-2.0
/*
 * Constant folding in the typed layer (ann.h): an operator, a comparison
 * or a cast whose operands sema knows before the run is itself recorded
 * as AV_CONST, computed exactly as the BPF instructions would compute it,
 * so the code generator emits the constant.  What the instructions do
 * differently from plain folding stays for the run: a shift by 64 or
 * more (left to the verifier) and a division or modulo by zero (its
 * result is 1, with a warning at run time).  && and || are not folded:
 * the code generator evaluates them as branches.
 */
#include "ann.h"
#include "btf.h"
#include "lexer.h"

/* The constant a recorded operand holds, when it is an integer known now. */
static bool operand(const struct sema_anns *a, const struct node *n, int64_t *v)
{
	const struct sema_ann *an = n ? ann_of(a, n) : NULL;

	/* getopt()/signal_name() as a string are constants of the run but no integer */
	if (!an || an->vkind != AV_CONST || !an->type || an->type->kind == TY_STR)
		return false;
	*v = an->v.constant;
	return true;
}

static const struct type *type_of(const struct sema_anns *a, const struct node *n)
{
	const struct sema_ann *an = ann_of(a, n);

	return an ? an->type : NULL;
}

/* |v| as the BPF code computes it: INT64_MIN stays itself. */
static uint64_t abs64(int64_t v)
{
	return v < 0 ? -(uint64_t)v : (uint64_t)v;
}

/*
 * a op b, exactly as the instructions compute it: 64-bit wrap-around,
 * signed / and % round toward zero; b is never 0 for / and %, and shifts
 * are by 0-63 (the caller leaves the others to the run).
 */
static int64_t fold_arith(int op, bool is_signed, int64_t a, int64_t b)
{
	uint64_t ua = a, ub = b, q;

	switch (op) {
	case T_PLUS: return (int64_t)(ua + ub);
	case T_MINUS: return (int64_t)(ua - ub);
	case T_STAR: return (int64_t)(ua * ub);
	case T_AMP: return a & b;
	case T_PIPE: return a | b;
	case T_CARET: return a ^ b;
	case T_SHL: return (int64_t)(ua << ub);
	case T_SHR: return is_signed ? a >> ub : (int64_t)(ua >> ub);
	default:	/* T_SLASH, T_PERCENT */
		if (!is_signed)
			return (int64_t)(op == T_SLASH ? ua / ub : ua % ub);
		q = op == T_SLASH ? abs64(a) / abs64(b) : abs64(a) % abs64(b);
		/* the sign: of a ^ b for /, of a for % */
		if ((op == T_SLASH ? (a ^ b) : a) < 0)
			q = -q;
		return (int64_t)q;
	}
}

static bool is_arith(int op)
{
	switch (op) {
	case T_PLUS: case T_MINUS: case T_STAR: case T_SLASH: case T_PERCENT:
	case T_AMP: case T_PIPE: case T_CARET: case T_SHL: case T_SHR:
		return true;
	default:
		return false;
	}
}

/* whether a op b holds; false with *known false when op is no comparison */
static bool fold_compare(int op, bool is_signed, int64_t a, int64_t b, bool *known)
{
	uint64_t ua = a, ub = b;

	*known = true;
	switch (op) {
	case T_EQ: return a == b;
	case T_NE: return a != b;
	case T_LT: return is_signed ? a < b : ua < ub;
	case T_LE: return is_signed ? a <= b : ua <= ub;
	case T_GT: return is_signed ? a > b : ua > ub;
	case T_GE: return is_signed ? a >= b : ua >= ub;
	default: *known = false; return false;
	}
}

/* The bytes one step of pointer t moves by (1 for void * and unsized). */
static uint64_t ptr_step(const struct type *t)
{
	struct type *elem;

	if (!t || t->kind != TY_PTR || !t->elem)
		return 1;
	elem = btf_resolve(t->elem);
	return elem && elem->size ? elem->size : 1;
}

static bool fold_binop(const struct sema_anns *a, const struct node *n, const struct type *t,
		       int64_t *out)
{
	const struct type *ta = type_of(a, n->a), *tb = type_of(a, n->b);
	bool is_signed, known, divides = n->op == T_SLASH || n->op == T_PERCENT;
	int64_t l, r;

	if (!operand(a, n->a, &l) || !operand(a, n->b, &r) || !ta || !tb)
		return false;
	if (!is_arith(n->op)) {
		bool holds = fold_compare(n->op, ta->is_signed && tb->is_signed, l, r, &known);

		*out = holds;
		return known;
	}
	/* pointer + int, int + pointer, pointer - int move by elements (as in C) */
	if (t->kind == TY_PTR && ta->kind != TY_PTR)
		l = (int64_t)((uint64_t)l * ptr_step(t));
	else if (t->kind == TY_PTR && tb->kind != TY_PTR)
		r = (int64_t)((uint64_t)r * ptr_step(t));
	if ((n->op == T_SHL || n->op == T_SHR) && (uint64_t)r > 63)
		return false;
	if (divides && r == 0)
		return false;
	is_signed = n->op == T_SHR ? ta->is_signed : t->is_signed;
	*out = fold_arith(n->op, is_signed, l, r);
	return true;
}

static bool fold_unop(const struct sema_anns *a, const struct node *n, int64_t *out)
{
	int64_t v;

	if (!operand(a, n->a, &v))
		return false;
	switch (n->op) {
	case T_MINUS: *out = (int64_t)-(uint64_t)v; return true;
	case T_TILDE: *out = ~v; return true;
	case T_BANG: *out = !v; return true;
	default: return false;	/* * and & read memory */
	}
}

/* v as size bytes, sign- or zero-extended back to 64 bits (as emit_extend) */
static int64_t fold_extend(int64_t v, int size, bool is_signed)
{
	int shift = 64 - size * 8;

	if (size >= 8)
		return v;
	if (is_signed)
		return (int64_t)((uint64_t)v << shift) >> shift;
	return (int64_t)((uint64_t)v & ((1ull << (size * 8)) - 1));
}

static bool fold_cast(const struct sema_anns *a, const struct node *n, const struct type *t,
		      int64_t *out)
{
	const struct type *ta = type_of(a, n->a);
	int64_t v;

	/* a cast to or from an array reinterprets bytes in memory */
	if (!ta || t->kind == TY_ARRAY || ta->kind == TY_ARRAY || !operand(a, n->a, &v))
		return false;
	*out = t->kind == TY_BOOL ? v != 0 : fold_extend(v, t->size, t->is_signed);	/* (bool)256 is true */
	return true;
}

void ann_fold(struct sema_anns *a, const struct node *n, struct sema_ann *an)
{
	int64_t v;
	bool folded;

	if (!an->type || an->vkind != AV_NONE)
		return;
	switch (n->kind) {
	case N_BINOP:
		folded = n->op != T_LAND && n->op != T_LOR && fold_binop(a, n, an->type, &v);
		break;
	case N_UNOP:
		folded = fold_unop(a, n, &v);
		break;
	case N_CAST:
		folded = fold_cast(a, n, an->type, &v);
		break;
	default:
		return;
	}
	if (folded) {
		an->vkind = AV_CONST;
		an->v.constant = v;
	}
}
