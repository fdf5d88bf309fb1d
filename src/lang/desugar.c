// SPDX-License-Identifier: GPL-2.0
/*
 * The desugaring pass (desugar.h): every rewrite of the tree that depends
 * on the source and the program's parameters only, not on a probe or on
 * types.  Sema only reads the tree; what it computes from types goes into
 * the typed layer (ann.h).
 *
 * - a builtin written as a call (comm(), cpu(), probe()) is the builtin
 *   (comm(pid) stays a call);
 * - pid(curr_ns|init), tid(curr_ns|init): the builtin, the namespace its
 *   argument (sema records which: AV_PIDNS);
 * - delete(@m, k) is delete(@m[k]);
 * - container_of(p, T, m): (typeof(T) *)((uint8 *)p - offsetof(T, m));
 * - ppid, pcomm, leader_comm, leader_pid (also called, with a task):
 *   bpftrace's task helpers, the field chain task.LINK.FIELD;
 * - "$1 + N" of a string parameter: its text from byte N on;
 * - $N and str($N) where a function takes a string literal (getopt's
 *   name, reg's register, kaddr's symbol...): the parameter's text;
 * - unroll($N): the parameter's number as the literal;
 * - @m = { stmts; agg(x) }: { stmts; @m = agg(x); }.
 */
#include <stdlib.h>
#include <string.h>

#include "desugar.h"
#include "cdef.h"
#include "descriptors.h"
#include "lexer.h"
#include "sema.h"

/* NAME() is the builtin NAME unless a function NAME takes no arguments (comm() vs comm(pid)) */
static void builtin_call(struct node *n)
{
	const struct func_desc *f;

	if (n->kind != N_CALL || n->args.n != 0 || builtin_id_by_name(n->name) == B_NONE)
		return;
	f = func_desc(func_id_by_name(n->name));
	if (!f || f->min_args > 0)
		n->kind = N_BUILTIN;
}

/* pid(curr_ns|init), tid(curr_ns|init): the builtin in that PID namespace (another argument: sema's error) */
static void pid_ns(struct node *n)
{
	const struct node *ns;

	if (n->kind != N_CALL || n->args.n != 1 || (strcmp(n->name, "pid") && strcmp(n->name, "tid")))
		return;
	ns = n->args.v[0];
	if (ns->kind != N_IDENT || (strcmp(ns->name, "curr_ns") && strcmp(ns->name, "init")))
		return;
	n->kind = N_BUILTIN;	/* the namespace stays its argument (sema: AV_PIDNS) */
}

/* delete(@m, k) is delete(@m[k]): the key moves into the map */
static void delete_key(struct node *n)
{
	struct node *m;

	if (n->kind != N_CALL || n->args.n != 2 || func_id_by_name(n->name) != F_DELETE)
		return;
	m = n->args.v[0];
	if (m->kind != N_MAP || m->args.n)
		return;
	vec_push(&m->args, n->args.v[1]);
	n->args.n = 1;
}

/* a.b.c written as an expression: the field path "a.b.c" (NULL: not one) */
static char *member_path(const struct node *n)
{
	char *base, *path;

	if (n->kind == N_IDENT || n->kind == N_BUILTIN)
		return xstrdup(n->name);
	if (n->kind != N_FIELD || n->arrow || !(base = member_path(n->a)))
		return NULL;
	path = xasprintf("%s.%s", base, n->name);
	free(base);
	return path;
}

/* (uint8 *)operand */
static struct node *byte_pointer(struct node *operand)
{
	struct node *cast = node_new(N_CAST, operand->loc);

	cast->tname = xcalloc(1, sizeof(*cast->tname));
	cast->tname->text = xstrdup("uint8 *");
	cast->tname->ptr_depth = 1;
	cast->a = operand;
	return cast;
}

/*
 * container_of(p, T, m), the kernel's macro: the T that holds *p as its
 * member m, (T *)((uint8 *)p - offsetof(T, m)).  The byte pointer keeps
 * p's address space, so a user pointer stays one.
 */
static void container_of(struct node *n)
{
	struct node *off, *sub;
	char *path;

	if (n->kind != N_CALL || n->args.n != 3 || strcmp(n->name, "container_of") ||
	    !(path = member_path(n->args.v[2])))
		return;
	off = node_new(N_OFFSETOF, n->args.v[2]->loc);
	off->a = n->args.v[1];
	off->str = path;
	sub = node_new(N_BINOP, n->loc);
	sub->op = T_MINUS;
	sub->a = byte_pointer(n->args.v[0]);
	sub->b = off;
	node_free(n->args.v[2]);
	n->args.n = 0;
	free(n->name);
	n->name = NULL;
	n->kind = N_CAST;
	n->tname = xcalloc(1, sizeof(*n->tname));
	n->tname->text = xstrdup("typeof *");
	n->tname->ptr_depth = 1;
	n->tname->of = node_clone(off->a, NULL);
	n->a = sub;
}

/*
 * bpftrace's task helpers, written ppid, ppid() or ppid(task): a field of
 * a task the current one (or task) links to.  A script's own enumerator
 * of that name wins, as in an expression.
 */
static const struct {
	const char *name, *link, *field;
} task_helpers[] = {
	{ "ppid", "real_parent", "tgid" },	/* the parent process's id */
	{ "pcomm", "real_parent", "comm" },
	{ "leader_comm", "group_leader", "comm" },
	{ "leader_pid", "group_leader", "tgid" },
};

static void task_helper(struct node *n)
{
	struct node *base, *link;
	int64_t v;
	size_t i;

	if (n->kind == N_IDENT) {
		if (cdef_enumerator(n->name, &v))
			return;
	} else if (n->kind != N_CALL || n->args.n > 1 || func_id_by_name(n->name) != F_NONE) {
		return;
	}
	for (i = 0; i < ARRAY_SIZE(task_helpers); i++)
		if (strcmp(task_helpers[i].name, n->name) == 0)
			break;
	if (i == ARRAY_SIZE(task_helpers))
		return;
	if (n->kind == N_CALL && n->args.n == 1) {
		base = n->args.v[0];
	} else {
		base = node_new(N_BUILTIN, n->loc);
		base->name = xstrdup("curtask");
	}
	vec_free(&n->args);
	link = node_new(N_FIELD, n->loc);
	link->name = xstrdup(task_helpers[i].link);
	link->a = base;
	free(n->name);
	n->name = xstrdup(task_helpers[i].field);
	n->kind = N_FIELD;
	n->a = link;
}

/* $N's text; "" when missing */
static const char *param_text(const struct program *prog, const struct node *p)
{
	return p->pos >= 1 && p->pos <= prog->npos ? prog->pos[p->pos - 1] : "";
}

/* n becomes the string literal text, its children freed */
static void make_str(struct node *n, const char *text)
{
	char *copy = xstrdup(text);

	node_free(n->a);
	node_free(n->b);
	n->a = n->b = NULL;
	for (int j = 0; j < n->args.n; j++)
		node_free(n->args.v[j]);
	vec_free(&n->args);
	free(n->str);
	n->str = copy;
	n->len = strlen(copy);
	n->kind = N_STR;
}

/* "$1 + 2" of a string parameter: the text from that offset, as in bpftrace */
static void param_offset(struct node *n, const struct program *prog)
{
	const char *val;
	int64_t v;

	if (n->kind != N_BINOP || n->op != T_PLUS || n->a->kind != N_POSPARAM ||
	    n->a->pos < 1 || n->a->pos > prog->npos || n->b->kind != N_INT || n->b->ival < 0)
		return;
	val = prog->pos[n->a->pos - 1];
	if (sema_posparam_int(val, &v) != 0)
		return;	/* a number: the addition is arithmetic */
	make_str(n, val + MIN((uint64_t)n->b->ival, strlen(val)));
}

/* The arguments that are string literals, where $N and str($N) give the parameter's text. */
static const struct {
	enum func_id id;
	int arg;
} literal_args[] = {
	{ F_GETOPT, 0 }, { F_STRFTIME, 0 }, { F_JOIN, 1 }, { F_REG, 0 }, { F_PTON, 0 },
	{ F_CGROUPID, 0 }, { F_KADDR, 0 }, { F_PERCPU_KADDR, 0 }, { F_UADDR, 0 }, { F_BUILTIN_UADDR, 0 },
};

static void literal_param(struct node *n, const struct program *prog)
{
	enum func_id id;
	struct node *a, *p;

	if (n->kind != N_CALL || (id = func_id_by_name(n->name)) == F_NONE)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(literal_args); i++) {
		if (literal_args[i].id != id || n->args.n <= literal_args[i].arg)
			continue;
		a = p = n->args.v[literal_args[i].arg];
		if (a->kind == N_CALL && a->name && strcmp(a->name, "str") == 0 && a->args.n == 1)
			p = a->args.v[0];
		if (p->kind == N_POSPARAM && p->pos >= 1)
			make_str(a, param_text(prog, p));
	}
}

/* unroll ($1): the parameter's number is the literal */
static void unroll_param(struct node *n, const struct program *prog)
{
	if (n->kind != N_UNROLL || n->a->kind != N_POSPARAM || n->a->pos < 1 ||
	    n->a->pos > prog->npos)
		return;
	n->a->kind = N_INT;
	n->a->ival = strtoll(prog->pos[n->a->pos - 1], NULL, 0);
	n->a->pos = 0;
}

static bool is_agg_call(const struct node *n)
{
	return n->kind == N_CALL && sema_is_agg_call(n);
}

/*
 * @m = { stmts; agg(x) }: an aggregation as a block's value becomes
 * { stmts; @m = agg(x); }, the assignment made a block in place.
 */
static void agg_block(struct node *n)
{
	struct node *blk, *last, *as;

	if (n->kind != N_ASSIGN || n->op || n->a->kind != N_MAP)
		return;
	blk = n->b;
	if (blk->kind != N_BLOCK || blk->name || !blk->args.n)
		return;
	last = blk->args.v[blk->args.n - 1];
	if (last->kind != N_EXPR_STMT || !is_agg_call(last->a))
		return;
	as = node_new(N_ASSIGN, n->loc);
	as->a = n->a;
	as->b = last->a;
	last->a = NULL;
	node_free(last);
	blk->args.v[blk->args.n - 1] = as;
	n->kind = N_BLOCK;
	n->args = blk->args;
	memset(&blk->args, 0, sizeof(blk->args));
	node_free(blk);
	n->a = n->b = NULL;
}

static void walk(struct node *n, const struct program *prog, bool in_probe);

/* (name = value, ...) and config = { name = value }: the names are no expressions */
static void walk_named(struct node *n, const struct program *prog, bool in_probe)
{
	for (int i = 0; i < n->args.n; i++) {
		struct node *as = n->args.v[i];

		if (as->kind == N_ASSIGN)
			walk(as->b, prog, in_probe);
		else
			walk(as, prog, in_probe);
	}
}

/*
 * in_probe: under a probe, what sema checks.  Macro and fn definitions are
 * expanded into the probes already: their parameters and bodies are left
 * as written (a parameter may be named ppid).
 */
static void walk(struct node *n, const struct program *prog, bool in_probe)
{
	if (!n)
		return;
	if (n->kind == N_RECORD || n->kind == N_CONFIG) {
		walk_named(n, prog, in_probe);
		return;
	}
	if (n->kind == N_PROBE)
		in_probe = true;
	builtin_call(n);
	pid_ns(n);
	delete_key(n);
	container_of(n);
	if (in_probe) {
		task_helper(n);
		param_offset(n, prog);
		literal_param(n, prog);
		unroll_param(n, prog);
		agg_block(n);
	}
	walk(n->a, prog, in_probe);
	walk(n->b, prog, in_probe);
	walk(n->c, prog, in_probe);
	if (n->tname)
		walk(n->tname->of, prog, in_probe);	/* typeof(EXPR) */
	for (int i = 0; i < n->args.n; i++)
		walk(n->args.v[i], prog, in_probe);
}

void desugar(struct node *root, const struct program *prog)
{
	walk(root, prog, false);
}
