// SPDX-License-Identifier: GPL-2.0
/* The typed layer's side table (ann.h). */
#include <stdlib.h>
#include <string.h>

#include "ann.h"
#include "sema.h"

/* What sema leaves in ival for the builtins and functions that use it. */
static const enum ann_value builtin_value[B_COUNT_] = {
	[B_ARG] = AV_ARG,
	[B_SARG] = AV_ARG,
	[B_NCPUS] = AV_CONST,
	[B_PID] = AV_PIDNS,
	[B_TID] = AV_PIDNS,
};

static const enum ann_value func_value[F_COUNT_] = {
	[F_HIST] = AV_HIST_BITS,
	[F_GETOPT] = AV_CONST,
	[F_SIGNAL_NAME] = AV_CONST,
	[F_CGROUPID] = AV_CONST,
	[F_KADDR] = AV_CONST,
	[F_UADDR] = AV_CONST,
	[F_STRNCMP] = AV_LEN,
	[F_MEMCMP] = AV_LEN,
	[F_BUF] = AV_LEN,
	[F_WRITE_USER] = AV_LEN,
	[F_PTON] = AV_LEN,
	[F_NSECS] = AV_CLOCK,
	[F_REG] = AV_REG_OFF,
	[F_SIGNAL] = AV_SIGNO,
	[F_PERCPU_KADDR] = AV_BTF_ID,
	[F_COMM] = AV_OFFSET,
};

static enum ann_value value_kind(const struct node *n)
{
	switch (n->kind) {
	case N_INT:
	case N_BOOL:
	case N_IDENT:
	case N_SIZEOF:
	case N_OFFSETOF:
		return AV_CONST;
	case N_POSPARAM:	/* $#, $N as an integer */
		return n->type && n->type->kind != TY_STR ? AV_CONST : AV_NONE;
	case N_TUPLE_IDX:
		return AV_TUPLE_INDEX;
	case N_BUILTIN:
		/* usermode: a constant 1 in BEGIN/END, read at run time elsewhere */
		if (n->builtin == B_USERMODE)
			return n->ival == 1 ? AV_CONST : AV_NONE;
		return n->builtin > 0 && n->builtin < B_COUNT_ ? builtin_value[n->builtin] : AV_NONE;
	case N_CALL:
		return n->builtin > 0 && n->builtin < F_COUNT_ ? func_value[n->builtin] : AV_NONE;
	default:
		return AV_NONE;
	}
}

/* $# or $N as an integer (sema typed it so): 0 when missing, as bpftrace */
static int64_t posparam_value(const struct program *prog, const struct node *n)
{
	int64_t v = 0;

	if (n->name && strcmp(n->name, "$#") == 0)
		return prog->npos;
	/* the parser's ival: $N's N */
	if (n->ival >= 1 && n->ival <= prog->npos)
		sema_posparam_int(prog->pos[n->ival - 1], &v);
	return v;
}

/* sema's ival under the name of what it holds */
static void record_value(struct sema_ann *an, const struct node *n, const struct program *prog)
{
	an->vkind = value_kind(n);
	memset(&an->v, 0, sizeof(an->v));
	switch (an->vkind) {
	case AV_NONE:
		break;
	case AV_CONST:
		an->v.constant = n->kind == N_POSPARAM ? posparam_value(prog, n) : n->ival;
		break;
	case AV_ARG:
		an->v.arg = n->ival;
		break;
	case AV_TUPLE_INDEX:
		an->v.tuple_index = n->ival;
		break;
	case AV_LEN:
		an->v.len = n->ival;
		break;
	case AV_CLOCK:
		an->v.clock = n->ival;
		break;
	case AV_REG_OFF:
		an->v.reg_off = n->ival;
		break;
	case AV_SIGNO:
		an->v.signo = n->ival;
		break;
	case AV_BTF_ID:
		an->v.btf_id = n->ival;
		break;
	case AV_HIST_BITS:
		an->v.hist_bits = n->ival;
		break;
	case AV_PIDNS:
		an->v.pidns = n->ival;
		break;
	case AV_OFFSET:
		an->v.offset = n->ival;
		break;
	}
}

/* Each node once: a rewrite may share a subtree between two parents. */
static void record(struct sema_anns *a, const struct node *n, const struct program *prog)
{
	struct sema_ann *an;

	if (!n || n->id <= 0 || n->id >= a->n || a->v[n->id].gen == a->gen)
		return;
	an = &a->v[n->id];
	an->type = n->type;
	an->map = n->map;
	an->var = n->var;
	an->id = n->builtin;
	an->field = n->kind == N_FIELD ? n->sema : NULL;
	record_value(an, n, prog);
	an->gen = a->gen;
	record(a, n->a, prog);
	record(a, n->b, prog);
	record(a, n->c, prog);
	for (int i = 0; i < n->args.n; i++)
		record(a, n->args.v[i], prog);
	ann_fold(a, n, an);	/* its operands are recorded: fold.c */
}

void sema_anns_record(struct sema_anns *a, const struct node *root, const struct program *prog)
{
	int n = node_last_id() + 1;

	if (n > a->n) {
		int cap = MAX(n, a->n * 2);

		a->v = xrealloc(a->v, cap * sizeof(*a->v));
		memset(a->v + a->n, 0, (cap - a->n) * sizeof(*a->v));
		a->n = cap;
	}
	a->gen++;
	record(a, root, prog);
}

void sema_anns_free(struct sema_anns *a)
{
	free(a->v);
	a->v = NULL;
	a->n = 0;
}
