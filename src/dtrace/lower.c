// SPDX-License-Identifier: GPL-2.0
/*
 * Lowering D to the bpftrace-language AST, in place.
 *
 * The shared parser reads D's clauses; here each D meaning becomes the
 * construct sonde already compiles:
 *   description            -> attach points (providers.c)
 *   global x, a[k]         -> @x, @a[k]
 *   self->x                -> @self_x[tid]; self->x = 0 deletes the entry
 *   this->x                -> $this_x
 *   execname, timestamp    -> comm, nsecs (table below)
 *   probefunc, probename   -> string constants (a clause reading them is
 *                             split into one clause per probe)
 *   argN, args[N]          -> the syscall tracepoint's fields
 *   quantize, lquantize    -> hist, lhist; trace(x) -> printf
 * and, unless quiet, every clause prints dtrace(1)'s per-event prefix.
 */
#include <stdlib.h>
#include <string.h>

#include "dtrace.h"
#include "dt_internal.h"
#include "../lang/lexer.h"

struct lower {
	struct dtrace_ctx *dc;
	const struct source *src;
	const struct dt_probe *probe;	/* the clause's probe (first one if not split) */
	bool split;			/* one probe per clause: constants allowed */
	int errors;
};

static struct node *mk(enum node_kind k, struct loc loc, const char *name)
{
	struct node *n = node_new(k, loc);

	n->name = name ? xstrdup(name) : NULL;
	return n;
}

static struct node *mk_str(struct loc loc, const char *s)
{
	struct node *n = node_new(N_STR, loc);

	n->str = xstrdup(s);
	n->len = strlen(s);
	return n;
}

static struct node *clone(const struct node *n)
{
	struct node *c;

	if (!n)
		return NULL;
	c = node_new(n->kind, n->loc);
	c->op = n->op;
	c->name = n->name ? xstrdup(n->name) : NULL;
	if (n->str) {
		c->str = xmalloc(n->len + 1);
		memcpy(c->str, n->str, n->len + 1);
	}
	c->len = n->len;
	c->ival = n->ival;
	c->is_unsigned = n->is_unsigned;
	if (n->tname) {
		c->tname = xcalloc(1, sizeof(*c->tname));
		c->tname->text = xstrdup(n->tname->text);
		c->tname->ptr_depth = n->tname->ptr_depth;
	}
	c->a = clone(n->a);
	c->b = clone(n->b);
	c->c = clone(n->c);
	for (int i = 0; i < n->args.n; i++)
		vec_push(&c->args, clone(n->args.v[i]));
	return c;
}

static void lower_err(struct lower *lw, struct loc loc, const char *fmt, const char *what)
{
	diag_error(lw->src, loc, fmt, what);
	lw->errors++;
}

static bool is_ident(const struct node *n, const char *name)
{
	return n && (n->kind == N_IDENT || n->kind == N_BUILTIN) && !strcmp(n->name, name);
}

static bool is_global(const struct dtrace_ctx *dc, const char *name)
{
	for (int i = 0; i < dc->globals.n; i++)
		if (!strcmp(dc->globals.v[i], name))
			return true;
	return false;
}

/* ---- builtin variables ---- */

static struct node *probe_var(struct lower *lw, struct node *n)
{
	const struct dt_probe *p = lw->probe;
	const char *v = n->name + 5;	/* after "probe" */

	if (!lw->split)
		return NULL;
	if (!strcmp(v, "prov"))
		return mk_str(n->loc, p->prov);
	if (!strcmp(v, "mod"))
		return mk_str(n->loc, "");
	if (!strcmp(v, "func"))
		return mk_str(n->loc, p->func);
	return mk_str(n->loc, p->name);
}

/* The pid provider: argN of an entry; on return, arg1 is the return value. */
static struct node *user_arg(struct lower *lw, struct loc loc, int i)
{
	char name[8];

	if (!lw->probe->entry) {
		if (i == 1)
			return mk(N_BUILTIN, loc, "retval");
		lower_err(lw, loc, "%s: pid return probes have arg1 (the return value) only",
			  "argN");
		return NULL;
	}
	snprintf(name, sizeof(name), "arg%d", i);
	return mk(N_BUILTIN, loc, name);
}

/* argN of a syscall probe: the entry tracepoint's Nth field, the return value. */
static struct node *syscall_arg(struct lower *lw, struct loc loc, int i)
{
	const struct dt_probe *p = lw->probe;
	struct node *f;
	char *field;

	if (lw->split && p->user)
		return user_arg(lw, loc, i);
	if (!lw->split || !p->syscall) {
		lower_err(lw, loc, "argN and args[N] are supported on syscall probes only, not on %s probes yet",
			  p->prov);
		return NULL;
	}
	if (!p->entry) {
		f = mk(N_FIELD, loc, "ret");
		f->a = mk(N_BUILTIN, loc, "args");
		return f;
	}
	field = dt_syscall_arg_field(p->func, i);
	if (!field) {
		lower_err(lw, loc, "syscall %s has no such argument", p->func);
		return NULL;
	}
	f = mk(N_FIELD, loc, NULL);
	f->name = field;
	f->a = mk(N_BUILTIN, loc, "args");
	return f;
}

/* errno on syscall::F:return: the kernel returns -errno; 0 when it succeeded. */
static struct node *syscall_errno(struct lower *lw, struct loc loc)
{
	struct node *t, *neg;

	if (!lw->split || !lw->probe->syscall || lw->probe->entry) {
		lower_err(lw, loc, "%s is supported in syscall return probes only", "errno");
		return NULL;
	}
	t = node_new(N_TERNARY, loc);
	t->a = node_new(N_BINOP, loc);
	t->a->op = T_LT;
	t->a->a = syscall_arg(lw, loc, 0);
	t->a->b = node_new(N_INT, loc);
	neg = node_new(N_UNOP, loc);
	neg->op = T_MINUS;
	neg->a = syscall_arg(lw, loc, 0);
	t->b = neg;
	t->c = node_new(N_INT, loc);
	return t;
}

static struct node *builtin_ppid(struct loc loc)
{
	struct node *parent = mk(N_FIELD, loc, "real_parent"), *tgid = mk(N_FIELD, loc, "tgid");

	parent->a = mk(N_BUILTIN, loc, "curtask");
	parent->ival = 1;
	tgid->a = parent;
	tgid->ival = 1;
	return tgid;
}

/* D builtin variables renamed to sonde's. */
static const struct { const char *d, *sonde; } renames[] = {
	{ "execname", "comm" }, { "timestamp", "nsecs" }, { "curthread", "curtask" },
};

static const char *const not_yet_vars[] = {
	"vtimestamp", "walltimestamp", "uregs", "stackdepth", "ustackdepth",
	"ipl", "epid", "id", "caller", "ucaller", "zonename", "projid",
};

static bool is_argn(const char *name, int *i)
{
	if (strncmp(name, "arg", 3) || name[3] < '0' || name[3] > '9' || name[4])
		return false;
	*i = name[3] - '0';
	return true;
}

/* ((struct task_struct *)arg2): sched_switch's next task, sched:::on-cpu's thread. */
static struct node *next_task(struct loc loc)
{
	struct node *cast = node_new(N_CAST, loc);

	cast->tname = xcalloc(1, sizeof(*cast->tname));
	cast->tname->text = xstrdup("struct task_struct *");
	cast->tname->ptr_depth = 1;
	cast->a = mk(N_BUILTIN, loc, "arg2");
	return cast;
}

static struct node *task_field(struct node *task, const char *name)
{
	struct node *f = mk(N_FIELD, task->loc, name);

	f->a = task;
	f->ival = 1;
	return f;
}

/* (uint32)e: the type of sonde's pid and tid builtins. */
static struct node *as_u32(struct node *e)
{
	struct node *cast = node_new(N_CAST, e->loc);

	cast->tname = xcalloc(1, sizeof(*cast->tname));
	cast->tname->text = xstrdup("uint32");
	cast->a = e;
	return cast;
}

/*
 * sched:::on-cpu runs at the switch, in the thread leaving the CPU: the
 * thread builtins read the task coming in instead.
 */
static struct node *on_cpu_word(struct lower *lw, struct node *n)
{
	static const char *const other[] = { "uid", "gid", "cgroup", "username", "ustack",
					     "kstack", "usermode" };
	struct loc l = n->loc;

	if (!strcmp(n->name, "pid"))
		return as_u32(task_field(next_task(l), "tgid"));
	if (!strcmp(n->name, "tid"))
		return as_u32(task_field(next_task(l), "pid"));
	if (!strcmp(n->name, "execname"))
		return task_field(next_task(l), "comm");
	if (!strcmp(n->name, "curthread"))
		return next_task(l);
	if (!strcmp(n->name, "ppid"))
		return task_field(task_field(next_task(l), "real_parent"), "tgid");
	for (size_t i = 0; i < ARRAY_SIZE(other); i++)
		if (!strcmp(n->name, other[i])) {
			lower_err(lw, l, "%s is not supported in sched:::on-cpu yet", n->name);
			return NULL;
		}
	return NULL;
}

static struct node *lower_word(struct lower *lw, struct node *n)
{
	struct node *r;
	int i;

	if (lw->probe->next_task && (r = on_cpu_word(lw, n)))
		return r;

	for (size_t k = 0; k < ARRAY_SIZE(renames); k++)
		if (!strcmp(n->name, renames[k].d))
			return mk(N_BUILTIN, n->loc, renames[k].sonde);
	for (size_t k = 0; k < ARRAY_SIZE(not_yet_vars); k++)
		if (!strcmp(n->name, not_yet_vars[k])) {
			lower_err(lw, n->loc, "the D variable %s is not supported yet", n->name);
			return NULL;
		}
	if (!strcmp(n->name, "ppid"))
		return builtin_ppid(n->loc);
	if (!strcmp(n->name, "errno"))
		return syscall_errno(lw, n->loc);
	if (!strncmp(n->name, "probe", 5) && n->name[5])
		return probe_var(lw, n);
	if (is_argn(n->name, &i))
		return syscall_arg(lw, n->loc, i);
	if (n->kind == N_IDENT && is_global(lw->dc, n->name)) {
		struct node *m = mk(N_MAP, n->loc, NULL);

		m->name = xasprintf("@%s", n->name);
		return m;
	}
	return NULL;
}

/* ---- variables: self->, this->, a[k], $target ---- */

static struct node *lower_field(struct lower *lw, struct node *n)
{
	struct node *m;

	if (n->ival != 1 || !n->a || n->a->kind != N_IDENT)
		return NULL;
	if (!strcmp(n->a->name, "self")) {
		m = mk(N_MAP, n->loc, NULL);
		m->name = xasprintf("@self_%s", n->name);
		vec_push(&m->args, mk(N_BUILTIN, n->loc, "tid"));
		return m;
	}
	if (!strcmp(n->a->name, "this")) {
		m = mk(N_VAR, n->loc, NULL);
		m->name = xasprintf("$this_%s", n->name);
		return m;
	}
	return NULL;
}

static struct node *lower_index(struct lower *lw, struct node *n)
{
	struct node *m;

	if (is_ident(n->a, "args") && n->b && n->b->kind == N_INT && n->b->ival >= 0 &&
	    n->b->ival < 10)
		return syscall_arg(lw, n->loc, (int)n->b->ival);
	if (!n->a || n->a->kind != N_IDENT || !is_global(lw->dc, n->a->name))
		return NULL;
	m = mk(N_MAP, n->loc, NULL);
	m->name = xasprintf("@%s", n->a->name);
	vec_push(&m->args, n->b);
	n->b = NULL;
	return m;
}

static struct node *lower_var(struct lower *lw, struct node *n)
{
	if (strcmp(n->name, "$target"))
		return NULL;
	if (lw->dc->target_pid) {
		struct node *pid = node_new(N_INT, n->loc);

		pid->ival = lw->dc->target_pid;
		return pid;
	}
	if (!lw->dc->uses_cpid) {
		lower_err(lw, n->loc, "%s needs -c CMD or -p PID", n->name);
		return NULL;
	}
	return mk(N_BUILTIN, n->loc, "cpid");
}

/* self->x = 0: DTrace frees the thread-local; delete its entry. */
static struct node *lower_assign(struct lower *lw, struct node *n)
{
	struct node *stmt, *del;

	(void)lw;
	if (n->op || !n->b || n->b->kind != N_INT || n->b->ival != 0 || !n->a ||
	    n->a->kind != N_MAP || strncmp(n->a->name, "@self_", 6))
		return NULL;
	del = mk(N_CALL, n->loc, "delete");
	vec_push(&del->args, n->a);
	n->a = NULL;
	stmt = node_new(N_EXPR_STMT, n->loc);
	stmt->a = del;
	return stmt;
}

/* ---- actions and aggregating functions ---- */

static bool is_string_valued(const struct node *n)
{
	return n->kind == N_STR || is_ident(n, "comm") ||
	       (n->kind == N_CALL && !strcmp(n->name, "str"));
}

/* trace(x): dtrace(1) prints " %16lld" / "  %-33s" (quiet: "%lld" / "%s"). */
static struct node *lower_trace(struct lower *lw, struct node *n)
{
	struct node *p;
	bool str;

	if (n->args.n != 1) {
		lower_err(lw, n->loc, "%s takes one argument", "trace()");
		return NULL;
	}
	str = is_string_valued(n->args.v[0]);
	p = mk(N_CALL, n->loc, "printf");
	vec_push(&p->args, mk_str(n->loc, lw->dc->quiet ? (str ? "%s" : "%lld") :
					       (str ? "  %-33s" : " %16lld")));
	vec_push(&p->args, n->args.v[0]);
	n->args.n = 0;
	return p;
}

/*
 * printa([fmt,] @a): print(@a), which the runtime hands to dt_printa();
 * the format is kept by aggregation name.
 */
static struct node *lower_printa(struct lower *lw, struct node *n)
{
	struct dtrace_ctx *dc = lw->dc;
	struct node *fmt = n->args.n == 2 ? n->args.v[0] : NULL, *agg;

	agg = n->args.n ? n->args.v[n->args.n - 1] : NULL;
	if (n->args.n < 1 || n->args.n > 2 || (fmt && fmt->kind != N_STR) ||
	    agg->kind != N_MAP || agg->args.n) {
		lower_err(lw, n->loc, "%s: expected printa(@agg) or printa(\"format\", @agg) (one aggregation)",
			  "printa");
		return NULL;
	}
	for (int i = 0; i < dc->printa_maps.n; i++) {
		const char *had = dc->printa_fmts.v[i];

		if (strcmp(dc->printa_maps.v[i], agg->name))
			continue;
		if (!had != !fmt || (fmt && strcmp(had, fmt->str))) {
			lower_err(lw, n->loc, "%s: an aggregation printed with two formats is not supported yet",
				  "printa");
			return NULL;
		}
	}
	vec_push(&dc->printa_maps, xstrdup(agg->name));
	vec_push(&dc->printa_fmts, fmt ? xstrdup(fmt->str) : NULL);
	if (fmt) {
		node_free(fmt);
		n->args.v[0] = agg;
		n->args.n = 1;
	}
	free(n->name);
	n->name = xstrdup("print");
	return NULL;
}

/*
 * normalize(@a, N) with a constant N: @a prints divided by N.  Nothing
 * runs in the probe (the statement becomes a no-op).
 */
static struct node *lower_normalize(struct lower *lw, struct node *n)
{
	struct dtrace_ctx *dc = lw->dc;
	struct node *agg = n->args.n == 2 ? n->args.v[0] : NULL;
	struct node *div = n->args.n == 2 ? n->args.v[1] : NULL;

	if (!agg || agg->kind != N_MAP || agg->args.n || div->kind != N_INT || div->ival <= 0) {
		lower_err(lw, n->loc, "%s: expected normalize(@agg, N) with a positive constant N",
			  "normalize");
		return NULL;
	}
	for (int i = 0; i < dc->norm_maps.n; i++)
		if (!strcmp(dc->norm_maps.v[i], agg->name) && dc->norm_divs.v[i] != div->ival) {
			lower_err(lw, n->loc, "%s: one aggregation normalized by two factors is not supported yet",
				  "normalize");
			return NULL;
		}
	vec_push(&dc->norm_maps, xstrdup(agg->name));
	vec_push(&dc->norm_divs, div->ival);
	return node_new(N_INT, n->loc);
}

static struct node *rename_call(struct node *n, const char *name)
{
	free(n->name);
	n->name = xstrdup(name);
	return NULL;
}

static struct node *lower_call(struct lower *lw, struct node *n)
{
	static const char *const not_yet[] = {
		"stddev", "llquantize", "denormalize", "tracemem",
		"raise", "setopt", "copyin", "strjoin", "basename", "dirname", "speculate",
		"commit", "discard", "chill", "breakpoint", "panic", "stop", "system",
		"freopen", "ftruncate", "copyout", "copyoutstr", "rand", "progenyof",
	};

	if (!strcmp(n->name, "quantize"))
		return rename_call(n, "hist");
	if (!strcmp(n->name, "lquantize")) {
		if (n->args.n < 3 || n->args.n > 4) {
			lower_err(lw, n->loc, "%s: expected lquantize(value, low, high[, step])",
				  "lquantize");
			return NULL;
		}
		if (n->args.n == 3) {
			struct node *step = node_new(N_INT, n->loc);

			step->ival = 1;	/* D's default step */
			vec_push(&n->args, step);
		}
		return rename_call(n, "lhist");
	}
	if (!strcmp(n->name, "copyinstr"))
		return rename_call(n, "str");
	if (!strcmp(n->name, "clear"))
		return rename_call(n, "zero");
	if (!strcmp(n->name, "trunc") && n->args.n == 1)
		return rename_call(n, "clear");
	if (!strcmp(n->name, "trunc")) {
		lower_err(lw, n->loc, "%s() with a count is not supported yet", n->name);
		return NULL;
	}
	if (!strcmp(n->name, "stack") || !strcmp(n->name, "ustack"))
		return rename_call(n, n->name[0] == 's' ? "kstack" : "ustack");
	if (!strcmp(n->name, "trace"))
		return lower_trace(lw, n);
	if (!strcmp(n->name, "printa"))
		return lower_printa(lw, n);
	if (!strcmp(n->name, "normalize"))
		return lower_normalize(lw, n);
	if (!strcmp(n->name, "stringof") && n->args.n == 1) {
		if (is_string_valued(n->args.v[0])) {
			struct node *arg = n->args.v[0];

			n->args.n = 0;
			return arg;
		}
		return rename_call(n, "str");
	}
	for (size_t i = 0; i < ARRAY_SIZE(not_yet); i++)
		if (!strcmp(n->name, not_yet[i])) {
			lower_err(lw, n->loc, "%s() is not supported by sonde dtrace yet", n->name);
			return NULL;
		}
	return NULL;
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

/* Children first, so that a self-> lhs is a map when its assignment is seen. */
static void lower_node(struct lower *lw, struct node **np)
{
	struct node *n = *np, *r = NULL;

	if (!n)
		return;
	if (n->kind == N_FIELD)
		r = lower_field(lw, n);
	else if (n->kind == N_INDEX)
		r = lower_index(lw, n);
	if (r) {
		node_free(n);
		*np = r;
		lower_children(lw, r);
		return;
	}
	lower_children(lw, n);
	switch (n->kind) {
	case N_IDENT: case N_BUILTIN: r = lower_word(lw, n); break;
	case N_VAR: r = lower_var(lw, n); break;
	case N_CALL: r = lower_call(lw, n); break;
	case N_ASSIGN: r = lower_assign(lw, n); break;
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
	    ((!strncmp(n->name, "probe", 5) && n->name[5]) || is_argn(n->name, &i) ||
	     !strcmp(n->name, "args") || !strcmp(n->name, "errno")))
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
		lhs = n->a->kind == N_INDEX ? n->a->a : n->a;
		if (lhs && lhs->kind == N_IDENT && strcmp(lhs->name, "self") &&
		    strcmp(lhs->name, "this") && !is_global(dc, lhs->name))
			vec_push(&dc->globals, xstrdup(lhs->name));
	}
	collect_globals(dc, n->a);
	collect_globals(dc, n->b);
	collect_globals(dc, n->c);
	for (int i = 0; i < n->args.n; i++)
		collect_globals(dc, n->args.v[i]);
}

static struct node *mk_printf(struct loc loc, const char *fmt)
{
	struct node *call = mk(N_CALL, loc, "printf"), *stmt = node_new(N_EXPR_STMT, loc);

	vec_push(&call->args, mk_str(loc, fmt));
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
 * id and name, which dtrace_name_probes() sets.
 */
static void add_event_line(struct node *block)
{
	struct node *pre = mk_printf(block->loc, "%3d %s ");
	nodelist stmts = { 0 };
	bool ends_line = false;

	vec_push(&pre->a->args, mk(N_BUILTIN, block->loc, "cpu"));
	vec_push(&pre->a->args, mk(N_BUILTIN, block->loc, "probe"));
	vec_push(&stmts, pre);
	for (int i = 0; i < block->args.n; i++) {
		ends_line = is_exit(block->args.v[i]);
		if (ends_line)	/* nothing prints after exit(): end the line first */
			vec_push(&stmts, mk_printf(block->loc, "\n"));
		vec_push(&stmts, block->args.v[i]);
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
		struct node *a = mk(N_ATTACH, clause->loc, NULL);

		a->str = xstrdup(probes->v[i].attach);
		a->len = strlen(a->str);
		vec_push(&clause->args, a);
	}
}

/* The pid provider traces one process: /pid == $target && (predicate)/. */
static void add_pid_filter(struct lower *lw, struct node *clause)
{
	struct node *eq = node_new(N_BINOP, clause->loc), *both;

	eq->op = T_EQ;
	eq->a = mk(N_BUILTIN, clause->loc, "pid");
	if (lw->probe->pid) {
		eq->b = node_new(N_INT, clause->loc);
		eq->b->ival = lw->probe->pid;
	} else {
		eq->b = mk(N_VAR, clause->loc, "$target");
	}
	if (!clause->a) {
		clause->a = eq;
		return;
	}
	both = node_new(N_BINOP, clause->loc);
	both->op = T_LAND;
	both->a = eq;
	both->b = clause->a;
	clause->a = both;
}

static void lower_body(struct lower *lw, struct node *clause)
{
	if (lw->probe->user)
		add_pid_filter(lw, clause);
	lower_node(lw, &clause->a);
	lower_node(lw, &clause->b);
	if (!lw->dc->quiet && clause->b)
		add_event_line(clause->b);
}

/* One D clause into one or more sonde probes, appended to out. */
static void lower_clause(struct lower *lw, struct node *clause, nodelist *out)
{
	dt_probelist mine = { 0 };
	bool split = uses_probe_consts(clause->a) || uses_probe_consts(clause->b);

	for (int i = 0; i < clause->args.n; i++) {
		struct node *a = clause->args.v[i];

		if (dt_map_description(lw->src, a->loc, a->str, split, lw->dc->target_exe,
				       &mine) < 0)
			lw->errors++;
		if (!lw->dc->ndesc++)
			lw->dc->first_desc = xstrdup(a->str);
	}
	if (!mine.n) {
		node_free(clause);
		dt_probelist_free(&mine);
		return;
	}
	/* on-cpu's builtins and the pid provider's predicate differ per probe */
	for (int i = 0; split == false && i < mine.n; i++)
		split = mine.n > 1 && (mine.v[i].next_task || mine.v[i].user);
	lw->split = split;
	for (int i = 0; split && i < mine.n; i++) {
		struct node *c = i + 1 < mine.n ? clone(clause) : clause;

		lw->probe = &mine.v[i];
		set_attach(c, &mine, i, i + 1);
		lower_body(lw, c);
		vec_push(out, c);
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
	struct node *clause = node_new(N_PROBE, loc), *a = mk(N_ATTACH, loc, NULL);
	struct node *block = node_new(N_BLOCK, loc);
	struct node *pr = mk_printf(loc, "%3s %6s %32s\n");

	a->str = xstrdup("BEGIN");
	a->len = 5;
	vec_push(&clause->args, a);
	vec_push(&pr->a->args, mk_str(loc, "CPU"));
	vec_push(&pr->a->args, mk_str(loc, "ID"));
	vec_push(&pr->a->args, mk_str(loc, "FUNCTION:NAME"));
	vec_push(&block->args, pr);
	clause->b = block;
	return clause;
}

int dt_lower_program(struct dtrace_ctx *dc, struct program *prog)
{
	struct lower lw = { .dc = dc, .src = prog->src };
	struct node *ast = prog->ast;
	nodelist items = { 0 };

	for (int i = 0; i < ast->args.n; i++)
		collect_globals(dc, ast->args.v[i]);
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
