/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the lowering files: the walk's state and small node builders. */
#ifndef SONDE_DT_LOWER_H
#define SONDE_DT_LOWER_H

#include "dt_internal.h"

struct lower {
	struct dtrace_ctx *dc;
	const struct source *src;
	const struct program *prog;	/* its macro arguments: npos, pos */
	const struct dt_probe *probe;	/* the clause's probe (first one if not split) */
	bool split;			/* one probe per clause: constants allowed */
	bool lowered;			/* the replacement is final: its children are not lowered again */
	int errors;
};

struct node *dt_mk(enum node_kind k, struct loc loc, const char *name);
struct node *dt_mk_str(struct loc loc, const char *s);
struct node *dt_mk_int(struct loc loc, int64_t v);
struct node *dt_mk_binop(struct loc loc, int op, struct node *a, struct node *b);
void dt_lower_err(struct lower *lw, struct loc loc, const char *fmt, const char *what);
bool dt_is_ident(const struct node *n, const char *name);
bool dt_is_global(const struct dtrace_ctx *dc, const char *name);
bool dt_is_argn(const char *name, int *i);
/* n (lowered) is a string: a literal, comm, str(), a D string function, a string variable. */
bool dt_is_string_valued(const struct dtrace_ctx *dc, const struct node *n);
/* After `lhs = rhs` (lowered): a variable first assigned a string holds strings. */
void dt_note_string_var(struct dtrace_ctx *dc, const struct node *assign);

/* The name sonde gives the D variable n (unlowered: @x, @self_x, $this_x, @a__member), or NULL. */
char *dt_var_name(const struct dtrace_ctx *dc, const struct node *n);
/* Set as diag_rewrite: messages name this->x and self->x as D does. */
struct strbuf;
void dt_rewrite_var_names(struct strbuf *msg);
const struct dt_decl *dt_decl_of(const struct dtrace_ctx *dc, const char *name);
/* n (lowered) is a declared variable nothing assigns: its constant value, else NULL. */
struct node *dt_lower_unassigned(struct lower *lw, const struct node *n);

/* Each returns the replacement of n, or NULL to keep it (lower_vars.c, lower_calls.c). */
struct node *dt_lower_word(struct lower *lw, struct node *n);
struct node *dt_lower_field(struct lower *lw, struct node *n);
struct node *dt_lower_index(struct lower *lw, struct node *n);
struct node *dt_lower_var(struct lower *lw, struct node *n);
/* $N and $$N: the macro argument (a string for $$N); not given: an error, or 0 / "" with defaultargs. */
struct node *dt_lower_macro_arg(struct lower *lw, struct node *n);
struct node *dt_lower_assign(struct lower *lw, struct node *n);
struct node *dt_lower_call(struct lower *lw, struct node *n);
struct node *dt_lower_binop(struct lower *lw, struct node *n);
/* A statement of its own: func(x); and the like print their symbol, as trace() would. */
void dt_lower_expr_stmt(struct lower *lw, struct node *n);
/*
 * translate.c: curpsinfo->F, curlwpsinfo->F, curcpu->F and args[N]->F of
 * proc and sched probes (NULL: n is none of those); the integer argN /
 * args[N] of proc, sched and lockstat probes; D's state and exit-reason
 * constants (SSLEEP, CLD_EXITED...).
 */
struct node *dt_translate_field(struct lower *lw, struct node *n);
bool dt_has_translated_args(const struct dt_probe *p);
struct node *dt_translated_arg(struct lower *lw, struct loc loc, int i);
bool dt_translator_const(const char *name, int64_t *value);
/* k (not lowered yet) is an int field of a translated type: args[N]->pr_pid, curcpu->cpu_id... */
bool dt_translated_int(const struct node *k);
/* k (not lowered yet) is args[N] of the clause's probe that D types int: a signal, exit's reason. */
bool dt_int_arg(const struct lower *lw, const struct node *k);
/*
 * Speculations (lower_spec.c): DTrace's rules for a clause's speculate(),
 * commit() and the actions around them (errors located at the statement);
 * the four calls to their internal functions; whether st is a statement
 * calling internal ("dt.speculate", "dt.commit").
 */
void dt_check_spec_clause(struct lower *lw, const struct node *block);
struct node *dt_lower_spec_call(struct lower *lw, struct node *n);
bool dt_is_spec_stmt(const struct node *st, const char *internal);
/*
 * Clause-local variables a clause may read before assigning them: kept
 * per CPU from one clause to the next (thisvars.c).
 */
void dt_scan_this_vars(struct dtrace_ctx *dc, const struct node *clause);
bool dt_this_shared(const struct dtrace_ctx *dc, const char *name);
/*
 * Assignments inside expressions to statements before their statement
 * (assignexpr.c); a predicate that needs them becomes an if around the
 * actions.  Returns the block of the clause's actions (the event line's).
 */
struct node *dt_lower_assign_exprs(struct lower *lw, struct node *clause);
bool dt_has_assign_expr(const struct node *n);
/* strtok() of a clause: statements before its statements, its place in $ variables (strtok.c). */
void dt_lower_strtok(struct lower *lw, struct node *clause);
/* @a[k] = stddev(x) / llquantize(x, ...): a block of statements, or NULL (lower_aggs.c). */
struct node *dt_lower_agg_assign(struct lower *lw, struct node *n);

#endif
