// SPDX-License-Identifier: GPL-2.0
/*
 * Speculations in the lowering: speculation(), speculate(id), commit(id)
 * and discard(id) become the internal dt.speculation... (src/bpf/cg_spec.c,
 * src/dtrace/spec.c), and a clause is checked as DTrace's compiler checks
 * it: speculate() before any data-recording action and only once,
 * neither speculate() nor a data-recording or aggregating action after
 * commit(), commit() after no data-recording action, and no aggregating
 * or destructive action nor exit() after speculate().
 */
#include <stdlib.h>
#include <string.h>

#include "dt_lower.h"

enum stmt_class {
	ST_NONE,	/* assignments to variables: no action */
	ST_SPECULATE, ST_COMMIT, ST_DISCARD,
	ST_AGG,		/* @a[...] = count() ... */
	ST_DESTRUCTIVE,
	ST_EXIT,
	ST_RECORD,	/* every other action: trace, printf, printa, a bare expression... */
};

static const char *const destructive[] = {
	"raise", "stop", "system", "chill", "copyout", "copyoutstr", "breakpoint", "panic",
};

static bool is_call_named(const struct node *e, const char *name)
{
	return e && e->kind == N_CALL && e->name && !strcmp(e->name, name);
}

static enum stmt_class classify(const struct node *st)
{
	const struct node *e = st->kind == N_EXPR_STMT ? st->a : st;

	if (!e)
		return ST_NONE;
	if (e->kind == N_ASSIGN)
		return e->a && e->a->kind == N_MAP ? ST_AGG : ST_NONE;
	if (e->kind == N_INCDEC)
		return e->a && e->a->kind == N_MAP ? ST_AGG : ST_NONE;
	if (st->kind != N_EXPR_STMT)
		return ST_NONE;	/* if, blocks... */
	if (is_call_named(e, "speculate"))
		return ST_SPECULATE;
	if (is_call_named(e, "commit"))
		return ST_COMMIT;
	if (is_call_named(e, "discard"))
		return ST_DISCARD;
	if (is_call_named(e, "exit"))
		return ST_EXIT;
	for (size_t i = 0; e->kind == N_CALL && i < ARRAY_SIZE(destructive); i++)
		if (!strcmp(e->name, destructive[i]))
			return ST_DESTRUCTIVE;
	return ST_RECORD;
}

/* speculate() anywhere but as a statement of the clause's body: an error. */
static void check_nested(struct lower *lw, const struct node *n, bool top)
{
	if (!n)
		return;
	if (!top && (is_call_named(n, "speculate"))) {
		dt_lower_err(lw, n->loc, "%s() must be a statement of its own in the clause's body",
			     n->name);
		return;
	}
	if (is_call_named(n, "speculation") || is_call_named(n, "speculate"))
		lw->dc->uses_spec = true;
	check_nested(lw, n->a, n->kind == N_EXPR_STMT && top);
	check_nested(lw, n->b, false);
	check_nested(lw, n->c, false);
	for (int i = 0; i < n->args.n; i++)
		check_nested(lw, n->args.v[i], false);
}

void dt_check_spec_clause(struct lower *lw, const struct node *block)
{
	bool spec = false, commit = false, rec = false;

	if (!block)
		return;
	for (int i = 0; i < block->args.n; i++) {
		const struct node *st = block->args.v[i];
		const char *err = NULL;

		check_nested(lw, st, true);
		switch (classify(st)) {
		case ST_NONE:
		case ST_DISCARD:
			break;
		case ST_COMMIT:
			if (rec)
				err = "commit( ) may not follow data-recording action(s)";
			commit = true;
			break;
		case ST_SPECULATE:
			if (spec)
				err = "speculate( ) may not follow speculate( )";
			else if (commit)
				err = "speculate( ) may not follow commit( )";
			else if (rec)
				err = "speculate( ) may not follow data-recording action(s)";
			spec = true;
			break;
		case ST_AGG:
			if (commit)
				err = "aggregating actions may not follow commit( )";
			else if (spec)
				err = "aggregating actions may not follow speculate( )";
			rec = true;
			break;
		case ST_DESTRUCTIVE:
			if (spec)
				err = "destructive actions may not follow speculate( )";
			break;
		case ST_EXIT:
		case ST_RECORD:
			if (spec && classify(st) == ST_EXIT)
				err = "exit( ) may not follow speculate( )";
			else if (commit)
				err = "data-recording actions may not follow commit( )";
			if (!spec)
				rec = true;
			break;
		}
		if (err)
			dt_lower_err(lw, st->loc, "%s", err);
	}
}

/* speculation(), speculate(id), commit(id), discard(id): the internal functions. */
struct node *dt_lower_spec_call(struct lower *lw, struct node *n)
{
	static const struct { const char *d, *sonde; int nargs; } calls[] = {
		{ "speculation", "dt.speculation", 0 }, { "speculate", "dt.speculate", 1 },
		{ "commit", "dt.commit", 1 }, { "discard", "dt.discard", 1 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(calls); i++) {
		if (strcmp(n->name, calls[i].d))
			continue;
		if (n->args.n != calls[i].nargs) {
			dt_lower_err(lw, n->loc, calls[i].nargs ? "%s() takes one argument, a speculation id" :
				     "%s() takes no arguments", n->name);
			return NULL;
		}
		free(n->name);
		n->name = xstrdup(calls[i].sonde);
		return NULL;	/* renamed in place */
	}
	return NULL;
}

bool dt_is_spec_stmt(const struct node *st, const char *internal)
{
	return st && st->kind == N_EXPR_STMT && is_call_named(st->a, internal);
}
