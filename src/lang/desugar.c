// SPDX-License-Identifier: GPL-2.0
/*
 * The desugaring pass (desugar.h).  Today it turns a builtin written as a
 * call (comm(), cpu(), probe()) into the builtin.  Sema's other in-place
 * rewrites are still done by sema, since they need types: record members
 * into tuple indices, "$1 + N" of a string parameter into its text,
 * ppid/pcomm-style helpers into field chains, getopt()/signal_name()
 * into constants, delete(@m, k)/has_key(@m, k) moving the key into the map.
 */
#include "desugar.h"
#include "descriptors.h"

static void builtin_call(struct node *n)
{
	if (n->kind == N_CALL && n->args.n == 0 && func_id_by_name(n->name) == F_NONE &&
	    builtin_id_by_name(n->name) != B_NONE)
		n->kind = N_BUILTIN;
}

void desugar(struct node *n)
{
	if (!n)
		return;
	builtin_call(n);
	desugar(n->a);
	desugar(n->b);
	desugar(n->c);
	for (int i = 0; i < n->args.n; i++)
		desugar(n->args.v[i]);
}
