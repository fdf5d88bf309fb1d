// SPDX-License-Identifier: GPL-2.0
/*
 * Lowering D to the bpftrace-language AST, in place.
 *
 * The shared parser reads D's clauses; here each D meaning becomes the
 * construct sonde already compiles:
 *   description            -> attach points (providers.c)
 *   global x, a[k]         -> @x, @a[k]
 *   self->x                -> @self_x[tid]; self->x = 0 deletes the entry
 *   this->x                -> $this_x, or @__dt_this_x[cpu] when a clause
 *                             reads what an earlier one left (thisvars.c)
 *   execname, timestamp    -> comm, nsecs (table below)
 *   probefunc, probename   -> string constants (a clause reading them is
 *                             split into one clause per probe)
 *   argN, args[N]          -> the syscall tracepoint's fields
 *   quantize, lquantize    -> hist, lhist; trace(x) -> printf
 * and, unless quiet, every clause prints dtrace(1)'s per-event prefix.
 * This file walks the tree and lowers the clauses; lower_vars.c lowers
 * the variables, lower_calls.c the actions and aggregating functions.
 */
#include <stdlib.h>
#include <string.h>

#include "dtrace.h"
#include "dt_lower.h"
#include "../lang/lexer.h"

struct node *dt_mk(enum node_kind k, struct loc loc, const char *name)
{
	struct node *n = node_new(k, loc);

	n->name = name ? xstrdup(name) : NULL;
	return n;
}

struct node *dt_mk_str(struct loc loc, const char *s)
{
	struct node *n = node_new(N_STR, loc);

	n->str = xstrdup(s);
	n->len = strlen(s);
	return n;
}

struct node *dt_mk_int(struct loc loc, int64_t v)
{
	struct node *n = node_new(N_INT, loc);

	n->ival = v;
	return n;
}

struct node *dt_mk_binop(struct loc loc, int op, struct node *a, struct node *b)
{
	struct node *n = node_new(N_BINOP, loc);

	n->op = op;
	n->a = a;
	n->b = b;
	return n;
}

static struct node *clone(const struct node *n)
{
	return node_clone(n, NULL);
}

void dt_lower_err(struct lower *lw, struct loc loc, const char *fmt, const char *what)
{
	diag_error(lw->src, loc, fmt, what);
	lw->errors++;
}

bool dt_is_ident(const struct node *n, const char *name)
{
	return n && (n->kind == N_IDENT || n->kind == N_BUILTIN) && !strcmp(n->name, name);
}

bool dt_is_global(const struct dtrace_ctx *dc, const char *name)
{
	for (int i = 0; i < dc->globals.n; i++)
		if (!strcmp(dc->globals.v[i], name))
			return true;
	return false;
}

/* ---- the walk ---- */

static void lower_node(struct lower *lw, struct node **np);

static void lower_children(struct lower *lw, struct node *n)
{
	lower_node(lw, &n->a);
	lower_node(lw, &n->b);
	lower_node(lw, &n->c);
	for (int i = 0; i < n->args.n; i++)
		lower_node(lw, &n->args.v[i]);
}

/* D's int-typed values: 32-bit builtins and int constants. */
static int d_int_width(const struct node *k)
{
	static const char *const int32_vars[] = {
		"pid", "tid", "ppid", "uid", "gid", "cpu", "errno", "id", "epid",
	};

	static const char *const int32_types[] = {
		"int", "int32", "uint32", "int32_t", "uint32_t", "unsigned int", "pid_t", "uid_t",
	};

	if (k->kind == N_INT)
		return k->ival >= INT32_MIN && k->ival <= INT32_MAX ? 4 : 8;
	for (size_t i = 0; k->kind == N_CAST && k->tname && i < ARRAY_SIZE(int32_types); i++)
		if (!strcmp(k->tname->text, int32_types[i]))
			return 4;
	if (dt_translated_int(k))
		return 4;
	if (k->kind != N_IDENT && k->kind != N_BUILTIN)
		return 8;
	for (size_t i = 0; i < ARRAY_SIZE(int32_vars); i++)
		if (!strcmp(k->name, int32_vars[i]))
			return 4;
	return 8;
}

/* Remember the D widths of an aggregation's keys, before lowering rewrites them. */
static void note_key_widths(struct lower *lw, const struct node *m)
{
	struct dt_keywidths kw = { .n = m->args.n };

	if (m->args.n > DT_MAX_KEYS)
		return;
	for (int i = 0; i < lw->dc->keywidths.n; i++)
		if (!strcmp(lw->dc->keywidths.v[i].map, m->name))
			return;
	for (int i = 0; i < m->args.n; i++)
		kw.width[i] = (unsigned char)(dt_int_arg(lw, m->args.v[i]) ? 4 :
					      d_int_width(m->args.v[i]));
	kw.map = xstrdup(m->name);
	vec_push(&lw->dc->keywidths, kw);
}

/* Children first, so that a self-> lhs is a map when its assignment is seen. */
static void lower_node(struct lower *lw, struct node **np)
{
	struct node *n = *np, *r = NULL;

	if (!n)
		return;
	if (n->kind == N_MAP && n->args.n)
		note_key_widths(lw, n);
	if (n->kind == N_FIELD)
		r = dt_lower_field(lw, n);
	else if (n->kind == N_INDEX)
		r = dt_lower_index(lw, n);
	if (r) {
		struct node *c = dt_lower_unassigned(lw, r);

		node_free(n);
		if (c) {
			node_free(r);
			r = c;
		}
		*np = r;
		if (!lw->lowered)
			lower_children(lw, r);
		lw->lowered = false;
		return;
	}
	lower_children(lw, n);
	switch (n->kind) {
	case N_IDENT: case N_BUILTIN:
		r = dt_lower_word(lw, n);
		if (r) {
			struct node *c = dt_lower_unassigned(lw, r);

			if (c) {
				node_free(r);
				r = c;
			}
		}
		break;
	case N_VAR: r = dt_lower_var(lw, n); break;
	case N_POSPARAM: r = dt_lower_macro_arg(lw, n); break;
	case N_CALL: r = dt_lower_call(lw, n); break;
	case N_BINOP: r = dt_lower_binop(lw, n); break;
	case N_EXPR_STMT: dt_lower_expr_stmt(lw, n); break;
	case N_ASSIGN:
		dt_note_string_var(lw->dc, n);
		r = dt_lower_assign(lw, n);
		if (!r)
			r = dt_lower_agg_assign(lw, n);
		break;
	default: break;
	}
	if (r) {
		node_free(n);
		*np = r;
	}
}

/* ---- clauses ---- */

static bool uses_probe_consts(const struct node *n)
{
	int i;

	if (!n)
		return false;
	if ((n->kind == N_IDENT || n->kind == N_BUILTIN) &&
	    ((!strncmp(n->name, "probe", 5) && n->name[5]) || dt_is_argn(n->name, &i) ||
	     !strcmp(n->name, "args") || !strcmp(n->name, "uregs") || !strcmp(n->name, "errno")))
		return true;
	if (uses_probe_consts(n->a) || uses_probe_consts(n->b) || uses_probe_consts(n->c))
		return true;
	for (i = 0; i < n->args.n; i++)
		if (uses_probe_consts(n->args.v[i]))
			return true;
	return false;
}

/* D globals: identifiers assigned somewhere (x = ..., a[k] = ..., x++). */
static void collect_globals(struct dtrace_ctx *dc, const struct node *n)
{
	const struct node *lhs;

	if (!n)
		return;
	if ((n->kind == N_ASSIGN || n->kind == N_INCDEC) && n->a) {
		char *name;

		lhs = n->a->kind == N_INDEX ? n->a->a : n->a;
		if (lhs && lhs->kind == N_IDENT && strcmp(lhs->name, "self") &&
		    strcmp(lhs->name, "this") && !dt_is_global(dc, lhs->name))
			vec_push(&dc->globals, xstrdup(lhs->name));
		if ((name = dt_var_name(dc, n->a)) ||
		    (n->a->kind == N_INDEX && (name = dt_var_name(dc, n->a->a))))
			vec_push(&dc->assigned, name);
	}
	collect_globals(dc, n->a);
	collect_globals(dc, n->b);
	collect_globals(dc, n->c);
	for (int i = 0; i < n->args.n; i++)
		collect_globals(dc, n->args.v[i]);
}

static struct node *mk_printf(struct loc loc, const char *fmt)
{
	struct node *call = dt_mk(N_CALL, loc, "printf"), *stmt = node_new(N_EXPR_STMT, loc);

	vec_push(&call->args, dt_mk_str(loc, fmt));
	stmt->a = call;
	return stmt;
}

static bool is_exit(const struct node *stmt)
{
	return stmt->kind == N_EXPR_STMT && stmt->a && stmt->a->kind == N_CALL &&
	       !strcmp(stmt->a->name, "exit");
}

/*
 * dtrace(1)'s per-event line: "%3d %6d %32s " (cpu, id, function:name),
 * the clause's output, then a newline.  The probe builtin prints the
 * id and name, which dtrace_name_probes() sets.  In a clause that
 * speculates, the line begins after speculate() (nothing before it
 * prints), so that it is speculative too, as DTrace's record of the
 * probe is; it ends before commit(), whose records print after it.
 */
static void add_event_line(struct node *block)
{
	struct node *pre = mk_printf(block->loc, "%3d %s ");
	nodelist stmts = { 0 };
	bool ends_line = false, begun = true;

	vec_push(&pre->a->args, dt_mk(N_BUILTIN, block->loc, "cpu"));
	vec_push(&pre->a->args, dt_mk(N_BUILTIN, block->loc, "probe"));
	for (int i = 0; i < block->args.n; i++)
		if (dt_is_spec_stmt(block->args.v[i], "dt.speculate"))
			begun = false;
	if (begun)
		vec_push(&stmts, pre);
	for (int i = 0; i < block->args.n; i++) {
		struct node *st = block->args.v[i];

		if (!ends_line && (is_exit(st) || dt_is_spec_stmt(st, "dt.commit"))) {
			/* nothing prints after exit(), commit() prints after the line */
			vec_push(&stmts, mk_printf(block->loc, "\n"));
			ends_line = true;
		}
		vec_push(&stmts, st);
		if (!begun && dt_is_spec_stmt(st, "dt.speculate")) {
			vec_push(&stmts, pre);
			begun = true;
		}
	}
	if (!ends_line)
		vec_push(&stmts, mk_printf(block->loc, "\n"));
	vec_free(&block->args);
	block->args = stmts;
}

static void set_attach(struct node *clause, const dt_probelist *probes, int from, int to)
{
	for (int i = 0; i < clause->args.n; i++)
		node_free(clause->args.v[i]);
	clause->args.n = 0;
	for (int i = from; i < to; i++) {
		struct node *a = dt_mk(N_ATTACH, clause->loc, NULL);

		a->str = xstrdup(probes->v[i].attach);
		a->len = strlen(a->str);
		/* D's probe: its own id and name where it shares the attach point */
		a->name = dt_probe_label(&probes->v[i]);
		vec_push(&clause->args, a);
	}
}

/* /cond && (predicate)/ */
static void add_filter(struct node *clause, struct node *cond)
{
	struct node *both;

	if (!clause->a) {
		clause->a = cond;
		return;
	}
	both = node_new(N_BINOP, clause->loc);
	both->op = T_LAND;
	both->a = cond;
	both->b = clause->a;
	clause->a = both;
}

/* The pid provider traces one process: /pid == $target && (predicate)/. */
static void add_pid_filter(struct lower *lw, struct node *clause)
{
	struct node *eq = node_new(N_BINOP, clause->loc);

	eq->op = T_EQ;
	eq->a = dt_mk(N_BUILTIN, clause->loc, "pid");
	if (lw->probe->pid) {
		eq->b = node_new(N_INT, clause->loc);
		eq->b->ival = lw->probe->pid;
	} else {
		eq->b = dt_mk(N_VAR, clause->loc, "$target");
	}
	add_filter(clause, eq);
}

/* sched:::dequeue: a switch away from a thread that is not runnable (it sleeps). */
static void add_sleep_filter(struct node *clause)
{
	struct node *ne = node_new(N_BINOP, clause->loc), *f = dt_mk(N_FIELD, clause->loc, "prev_state");

	f->a = dt_mk(N_BUILTIN, clause->loc, "args");
	ne->op = T_NE;
	ne->a = f;
	ne->b = node_new(N_INT, clause->loc);
	add_filter(clause, ne);
}

/* Calls whose first argument is a format, not a D string: printf("%s...", ...). */
static bool format_first(const struct node *n)
{
	static const char *const fmt_calls[] = { "printf", "printa", "system", "freopen" };

	for (size_t i = 0; n->kind == N_CALL && i < ARRAY_SIZE(fmt_calls); i++)
		if (!strcmp(n->name, fmt_calls[i]))
			return true;
	return false;
}

/*
 * D's string literals hold strsize characters at most, as DTrace cuts
 * them (formats and setopt's names are not D strings).
 */
static void cut_literals(const struct dtrace_ctx *dc, struct node *n)
{
	if (!n)
		return;
	if (n->kind == N_STR && n->len > dc->strsize) {
		n->len = dc->strsize;
		n->str[n->len] = '\0';
		return;
	}
	if (n->kind == N_CALL && !strcmp(n->name, "setopt"))
		return;
	cut_literals(dc, n->a);
	cut_literals(dc, n->b);
	cut_literals(dc, n->c);
	for (int i = format_first(n) ? 1 : 0; i < n->args.n; i++)
		cut_literals(dc, n->args.v[i]);
}

/*
 * sched_migrate_task of a runnable thread (on_rq is TASK_ON_RQ_MIGRATING,
 * 2, while it moves between run queues), not of one waking up (0).
 */
static void add_migrating_filter(struct node *clause)
{
	struct node *eq = node_new(N_BINOP, clause->loc), *cast = node_new(N_CAST, clause->loc);
	struct node *f = dt_mk(N_FIELD, clause->loc, "on_rq");

	cast->tname = xcalloc(1, sizeof(*cast->tname));
	cast->tname->text = xstrdup("struct task_struct");
	cast->tname->ptr_depth = 1;
	cast->a = dt_mk(N_BUILTIN, clause->loc, "arg0");
	f->a = cast;
	f->arrow = true;
	eq->op = T_EQ;
	eq->a = f;
	eq->b = node_new(N_INT, clause->loc);
	eq->b->ival = 2;
	add_filter(clause, eq);
}

static void lower_body(struct lower *lw, struct node *clause)
{
	struct node *actions;

	cut_literals(lw->dc, clause->a);
	cut_literals(lw->dc, clause->b);
	dt_check_spec_clause(lw, clause->b);
	actions = dt_lower_assign_exprs(lw, clause);
	dt_lower_strtok(lw, clause);
	if (lw->probe->user)
		add_pid_filter(lw, clause);
	if (lw->probe->sleeping)
		add_sleep_filter(clause);
	lower_node(lw, &clause->a);
	if (lw->probe->migrating)	/* after: its arg0 is the raw tracepoint's */
		add_migrating_filter(clause);
	lower_node(lw, &clause->b);
	if (!lw->dc->quiet && actions)
		add_event_line(actions);
}

/*
 * The description as dtrace(1) quotes it: its text, and a space when
 * the program goes on after a blank ('syscall:::entry ' of
 * "syscall:::entry { ... }", 'BEGIN' of "BEGIN").
 */
static char *desc_as_written(const struct source *src, const struct node *a)
{
	const char *p = src->text, *end = src->text + src->len;
	size_t len = strlen(a->str);
	int line = 1;

	while (len && strchr(" \t\r\n", a->str[len - 1]))
		len--;
	while (p < end && line < a->loc.line)
		line += *p++ == '\n';
	p += a->loc.col - 1 + len;	/* the character after the description */
	if (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
		return xasprintf("%.*s ", (int)len, a->str);
	return xstrndup(a->str, len);
}

/* Where the clause's predicate and actions are, before lowering adds its own. */
static void note_actions(struct dtrace_ctx *dc, const struct node *clause)
{
	struct dt_action a = { .action = 0 };

	if (clause->a) {
		a.loc = clause->a->loc;
		vec_push(&dc->actions, a);
	}
	for (int i = 0; clause->b && i < clause->b->args.n; i++) {
		a.loc = clause->b->args.v[i]->loc;
		a.action = i + 1;
		vec_push(&dc->actions, a);
	}
}

/*
 * $N in a probe description is macro argument N, as in D's tokens
 * (pid$1::malloc:entry, syscall::$1:entry); one not given is an error,
 * or nothing with -x defaultargs.
 */
static int desc_macro_args(struct lower *lw, struct node *a)
{
	struct strbuf sb;
	int err = 0;

	if (!strchr(a->str, '$'))
		return 0;
	sb_init(&sb);
	for (const char *p = a->str; *p; p++) {
		char *end;
		long k;

		if (*p != '$' || p[1] < '0' || p[1] > '9') {
			sb_addc(&sb, *p);
			continue;
		}
		k = strtol(p + 1, &end, 10);
		if (k >= 1 && k <= lw->prog->npos) {
			sb_adds(&sb, lw->prog->pos[k - 1]);
		} else if (!lw->dc->defaultargs) {
			char what[32];

			snprintf(what, sizeof(what), "$%ld", k);
			dt_lower_err(lw, a->loc,
				     "macro argument %s is not defined (give it after the program, or -x defaultargs for 0 and \"\")",
				     what);
			err = -1;
		}
		p = end - 1;
	}
	free(a->str);
	a->str = sb_steal(&sb);
	a->len = strlen(a->str);
	return err;
}

/* One D clause into one or more sonde probes, appended to out. */
static void lower_clause(struct lower *lw, struct node *clause, nodelist *out)
{
	dt_probelist mine = { 0 };
	bool split = uses_probe_consts(clause->a) || uses_probe_consts(clause->b);

	note_actions(lw->dc, clause);

	for (int i = 0; i < clause->args.n; i++) {
		struct node *a = clause->args.v[i];

		if (desc_macro_args(lw, a) < 0)
			continue;
		if (dt_map_description(lw->src, a->loc, a->str, split, lw->dc->target_exe,
				       &mine) < 0)
			lw->errors++;
		if (!lw->dc->ndesc++)
			lw->dc->first_desc = desc_as_written(lw->src, a);
	}
	if (!mine.n) {
		node_free(clause);
		dt_probelist_free(&mine);
		return;
	}
	/* on-cpu's builtins and the pid provider's predicate differ per probe */
	for (int i = 0; split == false && i < mine.n; i++)
		split = mine.n > 1 && (mine.v[i].next_task || mine.v[i].user || mine.v[i].sleeping ||
				       mine.v[i].migrating);
	lw->split = split;
	for (int i = 0, before = lw->errors; split && i < mine.n; i++) {
		struct node *c = i + 1 < mine.n ? clone(clause) : clause;

		lw->probe = &mine.v[i];
		set_attach(c, &mine, i, i + 1);
		lower_body(lw, c);
		vec_push(out, c);
		if (lw->errors > before && c != clause) {	/* said once, not per probe */
			node_free(clause);
			break;
		}
	}
	if (!split) {
		lw->probe = &mine.v[0];
		set_attach(clause, &mine, 0, mine.n);
		lower_body(lw, clause);
		vec_push(out, clause);
	}
	for (int i = 0; i < mine.n; i++)
		vec_push(&lw->dc->probes, mine.v[i]);
	vec_free(&mine);
}

/* BEGIN { printf("CPU ID FUNCTION:NAME") } ahead of everything: the heading. */
static struct node *heading_clause(struct loc loc)
{
	struct node *clause = node_new(N_PROBE, loc), *a = dt_mk(N_ATTACH, loc, NULL);
	struct node *block = node_new(N_BLOCK, loc);
	struct node *pr = mk_printf(loc, "%3s %6s %32s\n");

	a->str = xstrdup("BEGIN");
	a->len = 5;
	a->name = xstrdup("dtrace:BEGIN");	/* the label of D's BEGIN (dt_probe_label) */
	vec_push(&clause->args, a);
	vec_push(&pr->a->args, dt_mk_str(loc, "CPU"));
	vec_push(&pr->a->args, dt_mk_str(loc, "ID"));
	vec_push(&pr->a->args, dt_mk_str(loc, "FUNCTION:NAME"));
	vec_push(&block->args, pr);
	clause->b = block;
	return clause;
}

int dt_lower_program(struct dtrace_ctx *dc, struct program *prog)
{
	struct lower lw = { .dc = dc, .src = prog->src, .prog = prog };
	struct node *ast = prog->ast;
	nodelist items = { 0 };

	for (int i = 0; i < ast->args.n; i++)
		collect_globals(dc, ast->args.v[i]);
	for (int i = 0; i < ast->args.n; i++)
		if (ast->args.v[i]->kind == N_PROBE)
			dt_scan_this_vars(dc, ast->args.v[i]);
	if (!dc->quiet)
		vec_push(&items, heading_clause(ast->loc));
	for (int i = 0; i < ast->args.n; i++) {
		struct node *item = ast->args.v[i];

		if (item->kind == N_PROBE)
			lower_clause(&lw, item, &items);
		else
			vec_push(&items, item);
	}
	vec_free(&ast->args);
	ast->args = items;
	return lw.errors ? -1 : 0;
}
