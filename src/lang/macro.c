// SPDX-License-Identifier: GPL-2.0
/*
 * Macros: `macro name($var, @map, ident) { ...; value }` definitions are
 * expanded in the AST before sema.  A call becomes a copy of the body (a
 * block expression whose last expression is its value) with each
 * parameter replaced by the call's argument.
 *
 * Functions, `fn name($a: int64, ...): type { ...; return x; }`, are
 * inlined the same way but keep their semantics: the call becomes an
 * N_BLOCK named after the function whose first statements bind each
 * parameter (`let $a: int64 = argument`), evaluated once and in the
 * caller's scope; sema gives the body a scope of its own and codegen turns
 * `return x` into a jump to the block's end with x as its value.
 */
#include "macro.h"

#include <stdlib.h>
#include <string.h>

#include "hindex.h"
#include "sema.h"

#define MACRO_MAX_DEPTH 16
/*
 * Syntax-tree nodes all expansions of a program may create: macros that
 * call each other several times grow exponentially with the depth
 * (f15 calling f14 three times ... is 3^15 copies), so the total is bounded.
 */
#define MACRO_MAX_NODES 1000000

struct macro_ctx {
	struct source *src;
	VEC(struct node *) macros;
	VEC(struct node *) fns;
	struct hindex macro_index, fn_index;	/* name hash -> position */
	long nodes;		/* nodes created by expansion so far */
	int errors;
	int expansions;		/* numbers each expansion's own variables */
};

static struct node *clone(struct macro_ctx *mc, const struct node *n)
{
	return node_clone(n, &mc->nodes);
}

static struct node *find_def(const struct hindex *index, struct node **defs,
			     const char *name)
{
	uint64_t h = hindex_hash_str(name);
	size_t it;

	for (int i = hindex_first(index, h, &it); i >= 0; i = hindex_next(index, h, &it))
		if (strcmp(defs[i]->name, name) == 0)
			return defs[i];
	return NULL;
}

static struct node *find_macro(struct macro_ctx *mc, const char *name)
{
	return find_def(&mc->macro_index, mc->macros.v, name);
}

static void substitute(struct macro_ctx *mc, struct node **slot, struct node *macro,
		       struct node *call);

/* The parameter of macro that text names first ("t" of "t *[2]"), or -1. */
static int param_at(const struct node *macro, const char *text, size_t *len)
{
	for (int i = 0; i < macro->args.n; i++) {
		const char *name = macro->args.v[i]->name;

		*len = strlen(name);
		if (macro->args.v[i]->kind == N_IDENT && strncmp(text, name, *len) == 0 &&
		    (!text[*len] || strchr(" *[", text[*len])))
			return i;
	}
	return -1;
}

/*
 * "struct t" with t bound to typeof(NAME) or typeof(struct NAME): the
 * text "struct NAME"; anything else (typeof(uint64 *), an expression)
 * cannot make up a struct's name.
 */
static void substitute_tagged(struct macro_ctx *mc, struct typename *tn, struct node *macro,
			      struct node *call, struct loc loc)
{
	const char *space = strchr(tn->text, ' ');
	size_t kwlen = space - tn->text, len;
	int i = param_at(macro, space + 1, &len);
	const struct node *arg;
	const char *name;
	char *text;

	if (i < 0)
		return;
	arg = call->args.v[i];
	name = NULL;
	if (arg->kind == N_TYPEOF && arg->tname->of && arg->tname->of->kind == N_IDENT &&
	    strcmp(arg->tname->text, "typeof") == 0)
		name = arg->tname->of->name;	/* typeof(task_struct) */
	else if (arg->kind == N_TYPEOF && !arg->tname->of && !arg->tname->ptr_depth)
		name = arg->tname->text;
	if (name && strncmp(name, tn->text, kwlen + 1) == 0)
		name += kwlen + 1;	/* typeof(struct NAME) */
	if (!name || name[strcspn(name, " *[")]) {
		diag_error(mc->src, loc, "Invalid replacement for macro '%s' type parameter '%s' which makes up the type '%.*s %s'",
			   macro->name, macro->args.v[i]->name, (int)kwlen, tn->text,
			   macro->args.v[i]->name);
		mc->errors++;
		return;
	}
	text = xasprintf("%.*s %s%s", (int)kwlen, tn->text, name, space + 1 + len);
	free(tn->text);
	tn->text = text;
}

/*
 * A parameter written where a type goes (sizeof(t *), (t)x, let $x: t[2])
 * stands for its argument's type: typeof(uint64) or any expression.  The
 * type becomes "the type of (a copy of) the argument" with the written
 * stars and [N] on top.
 */
static void substitute_typename(struct macro_ctx *mc, struct typename *tn, struct node *macro,
				struct node *call, struct loc loc)
{
	size_t len;
	char *text;
	int i;

	if (tn->of) {
		substitute(mc, &tn->of, macro, call);
		return;
	}
	if (!strncmp(tn->text, "struct ", 7) || !strncmp(tn->text, "union ", 6) ||
	    !strncmp(tn->text, "enum ", 5)) {
		substitute_tagged(mc, tn, macro, call, loc);
		return;
	}
	i = param_at(macro, tn->text, &len);
	if (i < 0)
		return;
	text = xasprintf("typeof%s", tn->text + len);
	free(tn->text);
	tn->text = text;
	tn->of = clone(mc, call->args.v[i]);
}

/* Replace parameters by (copies of) the arguments, in place. */
static void substitute(struct macro_ctx *mc, struct node **slot, struct node *macro,
		       struct node *call)
{
	struct node *n = *slot;
	int i;

	if (!n)
		return;
	for (i = 0; i < macro->args.n; i++) {
		struct node *param = macro->args.v[i], *argn = call->args.v[i];

		if (!n->name || strcmp(n->name, param->name) != 0)
			continue;
		if (param->kind == N_MAP && n->kind == N_MAP && argn->kind == N_MAP) {
			free(n->name);
			n->name = xstrdup(argn->name);
			break;
		}
		if ((param->kind == N_VAR && n->kind == N_VAR) ||
		    (param->kind == N_IDENT && (n->kind == N_IDENT || n->kind == N_BUILTIN))) {
			*slot = clone(mc, argn);
			node_free(n);
			return;
		}
	}
	if (n->tname)
		substitute_typename(mc, n->tname, macro, call, n->loc);
	substitute(mc, &n->a, macro, call);
	substitute(mc, &n->b, macro, call);
	substitute(mc, &n->c, macro, call);
	for (i = 0; i < n->args.n; i++)
		substitute(mc, &n->args.v[i], macro, call);
}

static bool is_var_param(const struct node *macro, const char *name)
{
	for (int i = 0; i < macro->args.n; i++)
		if (macro->args.v[i]->kind == N_VAR && strcmp(macro->args.v[i]->name, name) == 0)
			return true;
	return false;
}

/*
 * Hygiene, as in bpftrace: a variable the body uses that is not a $var
 * parameter is the expansion's own ("$y" becomes "$y (in macro inc#3)"),
 * so it neither reads nor clobbers the caller's $y.  Done before the
 * arguments go in, so theirs keep the caller's names.
 */
static void rename_locals(struct node *n, const struct node *macro, int expansion)
{
	if (!n)
		return;
	if (n->kind == N_VAR && n->name && !is_var_param(macro, n->name)) {
		char *own = xasprintf("%s (in macro %s#%d)", n->name, macro->name, expansion);

		free(n->name);
		n->name = own;
	}
	if (n->tname)
		rename_locals(n->tname->of, macro, expansion);
	rename_locals(n->a, macro, expansion);
	rename_locals(n->b, macro, expansion);
	rename_locals(n->c, macro, expansion);
	for (int i = 0; i < n->args.n; i++)
		rename_locals(n->args.v[i], macro, expansion);
}

static void expand(struct macro_ctx *mc, struct node **slot, int depth);

/* Every node of a body just cloned from its definition came from one call. */
static void mark_expansion(struct node *n, int expansion)
{
	if (!n)
		return;
	n->loc.expansion = expansion;
	mark_expansion(n->a, expansion);
	mark_expansion(n->b, expansion);
	mark_expansion(n->c, expansion);
	for (int i = 0; i < n->args.n; i++)
		mark_expansion(n->args.v[i], expansion);
}

/*
 * A body that is one expression is that expression, not a block holding
 * it: printf(m()) with macro m() { "fmt" } then gets its literal.
 */
static struct node *single_expression(struct node *body)
{
	struct node *e;

	if (body->kind != N_BLOCK || body->name || body->args.n != 1 ||
	    body->args.v[0]->kind != N_EXPR_STMT)
		return body;
	e = body->args.v[0]->a;
	body->args.v[0]->a = NULL;
	node_free(body);
	return e;
}

static bool too_many_nodes(struct macro_ctx *mc, struct node *call, const char *name)
{
	if (mc->nodes <= MACRO_MAX_NODES)
		return false;
	diag_error(mc->src, call->loc, "expanding %s makes the program too large (more than %d "
		   "syntax-tree nodes from macros and functions)", name, MACRO_MAX_NODES);
	mc->errors++;
	return true;
}

static void expand_call(struct macro_ctx *mc, struct node **slot, struct node *macro, int depth)
{
	struct node *call = *slot, *body;
	int i;

	if (depth >= MACRO_MAX_DEPTH) {
		diag_error(mc->src, call->loc, "macro expansion is too deep (recursive macro %s?)",
			   macro->name);
		mc->errors++;
		return;
	}
	if (call->args.n != macro->args.n && sema_known_function(macro->name))
		return;	/* a macro named as a builtin overrides it only at its arity */
	if (call->args.n != macro->args.n) {
		diag_error(mc->src, call->loc, "macro %s takes %d argument%s (%d provided)",
			   macro->name, macro->args.n, macro->args.n == 1 ? "" : "s", call->args.n);
		mc->errors++;
		return;
	}
	for (i = 0; i < call->args.n; i++) {
		struct node *param = macro->args.v[i], *argn = call->args.v[i];

		if (param->kind == N_MAP && argn->kind != N_MAP) {
			diag_error(mc->src, argn->loc, "macro %s: argument %d must be a map",
				   macro->name, i + 1);
			mc->errors++;
			return;
		}
		if (param->kind == N_VAR && argn->kind != N_VAR) {
			diag_error(mc->src, argn->loc, "macro %s: argument %d must be a scratch variable",
				   macro->name, i + 1);
			mc->errors++;
			return;
		}
	}
	if (too_many_nodes(mc, call, macro->name))
		return;
	body = clone(mc, macro->b);
	/* before the arguments go in: they keep the caller's places */
	mark_expansion(body, source_add_expansion(mc->src, call->loc));
	body->loc = call->loc;
	rename_locals(body, macro, ++mc->expansions);
	substitute(mc, &body, macro, call);
	node_free(call);
	*slot = single_expression(body);
	expand(mc, slot, depth + 1);
}

static struct node *find_fn(struct macro_ctx *mc, const char *name)
{
	return find_def(&mc->fn_index, mc->fns.v, name);
}

/* A call of fn: its parameters bound to the arguments, then its body. */
static void expand_fn_call(struct macro_ctx *mc, struct node **slot, struct node *fn, int depth)
{
	struct node *call = *slot, *block;
	int i;

	if (depth >= MACRO_MAX_DEPTH) {
		diag_error(mc->src, call->loc, "function calls nest too deep (recursive function %s?)",
			   fn->name);
		mc->errors++;
		return;
	}
	if (call->args.n != fn->args.n) {
		diag_error(mc->src, call->loc, "function %s takes %d argument%s (%d provided)",
			   fn->name, fn->args.n, fn->args.n == 1 ? "" : "s", call->args.n);
		mc->errors++;
		return;
	}
	if (too_many_nodes(mc, call, fn->name))
		return;
	block = node_new(N_BLOCK, call->loc);
	block->name = xstrdup(fn->name);
	block->nparams = fn->args.n;
	block->tname = typename_clone(fn->tname, &mc->nodes);
	for (i = 0; i < fn->args.n; i++) {
		struct node *param = clone(mc, fn->args.v[i]);

		param->b = call->args.v[i];
		call->args.v[i] = NULL;
		vec_push(&block->args, param);
	}
	for (i = 0; fn->b && i < fn->b->args.n; i++)
		vec_push(&block->args, clone(mc, fn->b->args.v[i]));
	call->args.n = 0;
	node_free(call);
	*slot = block;
	/* calls inside the body (the arguments were expanded already) */
	for (i = fn->args.n; i < block->args.n; i++)
		expand(mc, &block->args.v[i], depth + 1);
}

static void expand(struct macro_ctx *mc, struct node **slot, int depth)
{
	struct node *n = *slot, *macro;
	int i;

	if (!n || mc->errors)
		return;
	if (n->kind == N_CALL && (macro = find_fn(mc, n->name))) {
		for (i = 0; i < n->args.n; i++)
			expand(mc, &n->args.v[i], depth);
		expand_fn_call(mc, slot, macro, depth);
		return;
	}
	if (n->kind == N_IDENT && (macro = find_macro(mc, n->name)) && !macro->args.n) {
		n->kind = N_CALL;	/* `one` is `one()` when a macro one() exists */
		expand_call(mc, slot, macro, depth);
		return;
	}
	if (n->kind == N_RECORD) {
		/* (name = value, ...): the names are not macro calls */
		for (i = 0; i < n->args.n; i++)
			expand(mc, &n->args.v[i]->b, depth);
		return;
	}
	if (n->kind == N_CALL && (macro = find_macro(mc, n->name))) {
		for (i = 0; i < n->args.n; i++)
			expand(mc, &n->args.v[i], depth);
		expand_call(mc, slot, macro, depth);
		return;
	}
	expand(mc, &n->a, depth);
	expand(mc, &n->b, depth);
	expand(mc, &n->c, depth);
	for (i = 0; i < n->args.n; i++)
		expand(mc, &n->args.v[i], depth);
}

int macro_expand(struct source *src, struct node *program)
{
	struct macro_ctx mc = { .src = src };
	int i;

	for (i = 0; i < program->args.n; i++) {
		struct node *n = program->args.v[i];

		if (n->kind != N_MACRO && n->kind != N_FUNCTION)
			continue;
		if (find_macro(&mc, n->name) || find_fn(&mc, n->name)) {
			diag_error(src, n->loc, "%s %s is defined twice",
				   n->kind == N_MACRO ? "macro" : "function", n->name);
			mc.errors++;
			continue;
		}
		if (n->kind == N_MACRO) {
			hindex_add(&mc.macro_index, hindex_hash_str(n->name), mc.macros.n);
			vec_push(&mc.macros, n);
		} else {
			hindex_add(&mc.fn_index, hindex_hash_str(n->name), mc.fns.n);
			vec_push(&mc.fns, n);
		}
	}
	for (i = 0; i < program->args.n && !mc.errors; i++)
		if (program->args.v[i]->kind == N_PROBE)
			expand(&mc, &program->args.v[i], 0);
	vec_free(&mc.macros);
	vec_free(&mc.fns);
	hindex_free(&mc.macro_index);
	hindex_free(&mc.fn_index);
	return mc.errors ? -1 : 0;
}
