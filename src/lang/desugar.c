// SPDX-License-Identifier: GPL-2.0
/*
 * The desugaring pass (desugar.h).  It turns a builtin written as a call
 * (comm(), cpu(), probe()) into the builtin (comm(pid) stays a call), pid(init)/tid(curr_ns) into
 * the builtin numbered in that PID namespace, and delete(@m, k) into
 * delete(@m[k]), and container_of(p, T, m) into pointer arithmetic.
 * Sema's other in-place rewrites are still done by sema:
 * record members into tuple indices, "$1 + N" of a string parameter into
 * its text, ppid/pcomm-style helpers into field chains, getopt() and
 * signal_name() into constants (these need types or the probe), and
 * has_key(@m, k) moving the key into the map (has_key(@m[k]) is an error,
 * so the moved form keeps a marker).
 */
#include <stdlib.h>
#include <string.h>

#include "desugar.h"
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
	struct node *ns;

	if (n->kind != N_CALL || n->args.n != 1 || (strcmp(n->name, "pid") && strcmp(n->name, "tid")))
		return;
	ns = n->args.v[0];
	if (ns->kind != N_IDENT || (strcmp(ns->name, "curr_ns") && strcmp(ns->name, "init")))
		return;
	n->ival = strcmp(ns->name, "init") == 0 ? PIDNS_INIT : PIDNS_CURRENT;
	node_free(ns);
	n->args.n = 0;
	n->kind = N_BUILTIN;
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
	if (n->kind != N_FIELD || n->ival || !(base = member_path(n->a)))
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

void desugar(struct node *n)
{
	if (!n)
		return;
	builtin_call(n);
	pid_ns(n);
	delete_key(n);
	container_of(n);
	desugar(n->a);
	desugar(n->b);
	desugar(n->c);
	for (int i = 0; i < n->args.n; i++)
		desugar(n->args.v[i]);
}
