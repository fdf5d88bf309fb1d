// SPDX-License-Identifier: GPL-2.0
/*
 * DTrace's translated probe arguments from Linux's task_struct: the
 * psinfo_t and lwpsinfo_t of sched and proc probes (args[0], args[1],
 * curpsinfo, curlwpsinfo), cpuinfo_t (args[2] of enqueue/dequeue,
 * curcpu), and the integer arguments of proc and lockstat probes.  Each
 * field becomes the BTF access that holds it; a field with no Linux
 * counterpart here is a located error naming the fields there are.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dt_lower.h"
#include "../lang/lexer.h"

enum tr_kind { TR_NONE, TR_LWPSINFO, TR_PSINFO, TR_CPUINFO, TR_INT, TR_SIGINFO };

/* Where a probe's thread comes from. */
enum tr_task {
	TASK_CUR,	/* the current thread */
	TASK_RAW0,	/* (struct task_struct *)arg0 of the raw tracepoint */
	TASK_RAW1,
	TASK_RAW2,
	TASK_TP_NEXT,	/* the tracepoint's fields next_pid, next_prio, next_comm */
	TASK_TP,	/* the tracepoint's fields pid, prio, comm, target_cpu */
};

/* One argument of a probe: its type and, for lwpsinfo/psinfo/cpuinfo, the thread. */
struct tr_arg {
	const char *prov, *name;
	int index;
	enum tr_kind kind;
	enum tr_task task;
	const char *field;	/* TR_INT: the tracepoint's field, or NULL (computed) */
	int raw;		/* TR_INT without field: the raw tracepoint's argument, or -1;
				 * TR_CPUINFO: the one holding the CPU, or -1 (the thread's) */
	bool migrating;		/* the probe of a thread moved between run queues */
	bool d_int;		/* TR_INT: D types it int (keys print " %8d") */
};

static const struct tr_arg tr_args[] = {
	{ "sched", "off-cpu", 0, TR_LWPSINFO, TASK_TP_NEXT, NULL, -1 },
	{ "sched", "off-cpu", 1, TR_PSINFO, TASK_TP_NEXT, NULL, -1 },
	{ "sched", "wakeup", 0, TR_LWPSINFO, TASK_RAW0, NULL, -1 },
	{ "sched", "wakeup", 1, TR_PSINFO, TASK_RAW0, NULL, -1 },
	{ "sched", "enqueue", 0, TR_LWPSINFO, TASK_TP, NULL, -1 },
	{ "sched", "enqueue", 1, TR_PSINFO, TASK_TP, NULL, -1 },
	{ "sched", "enqueue", 2, TR_CPUINFO, TASK_TP, NULL, -1 },
	{ "sched", "enqueue", 0, TR_LWPSINFO, TASK_RAW0, NULL, -1, true },
	{ "sched", "enqueue", 1, TR_PSINFO, TASK_RAW0, NULL, -1, true },
	{ "sched", "enqueue", 2, TR_CPUINFO, TASK_RAW0, NULL, 1, true },
	{ "sched", "dequeue", 0, TR_LWPSINFO, TASK_RAW0, NULL, -1, true },
	{ "sched", "dequeue", 1, TR_PSINFO, TASK_RAW0, NULL, -1, true },
	{ "sched", "dequeue", 2, TR_CPUINFO, TASK_RAW0, NULL, -1, true },
	{ "sched", "dequeue", 0, TR_LWPSINFO, TASK_CUR, NULL, -1 },
	{ "sched", "dequeue", 1, TR_PSINFO, TASK_CUR, NULL, -1 },
	{ "sched", "dequeue", 2, TR_CPUINFO, TASK_CUR, NULL, -1 },
	{ "proc", "create", 0, TR_PSINFO, TASK_RAW1, NULL, -1 },
	{ "proc", "signal-send", 0, TR_LWPSINFO, TASK_RAW2, NULL, -1 },
	{ "proc", "signal-send", 1, TR_PSINFO, TASK_RAW2, NULL, -1 },
	{ "proc", "signal-send", 2, TR_INT, TASK_CUR, NULL, 0, false, true },
	{ "proc", "signal-handle", 0, TR_INT, TASK_CUR, "sig", -1, false, true },
	{ "proc", "signal-handle", 1, TR_SIGINFO, TASK_CUR, NULL, -1 },
	{ "proc", "signal-handle", 2, TR_INT, TASK_CUR, "sa_handler", -1 },
	{ "proc", "exit", 0, TR_INT, TASK_CUR, NULL, -1, false, true },
	{ "lockstat", "contention-begin", 0, TR_INT, TASK_CUR, "lock_addr", -1 },
	{ "lockstat", "contention-begin", 1, TR_INT, TASK_CUR, "flags", -1 },
	{ "lockstat", "contention-end", 0, TR_INT, TASK_CUR, "lock_addr", -1 },
	{ "lockstat", "contention-end", 1, TR_INT, TASK_CUR, "ret", -1 },
};

static const struct tr_arg *find_arg(const struct dt_probe *p, int i)
{
	for (size_t k = 0; k < ARRAY_SIZE(tr_args); k++)
		if (tr_args[k].index == i && tr_args[k].migrating == p->migrating &&
		    !strcmp(tr_args[k].prov, p->prov) && !strcmp(tr_args[k].name, p->name))
			return &tr_args[k];
	return NULL;
}

bool dt_has_translated_args(const struct dt_probe *p)
{
	for (size_t k = 0; k < ARRAY_SIZE(tr_args); k++)
		if (!strcmp(tr_args[k].prov, p->prov) && !strcmp(tr_args[k].name, p->name))
			return true;
	return false;
}

/* ---- node builders ---- */

static struct node *ternary(struct loc loc, struct node *c, struct node *a, struct node *b)
{
	struct node *n = node_new(N_TERNARY, loc);

	n->a = c;
	n->b = a;
	n->c = b;
	return n;
}

static struct node *cast(struct loc loc, const char *type, int ptr_depth, struct node *e)
{
	struct node *c = node_new(N_CAST, loc);

	c->tname = xcalloc(1, sizeof(*c->tname));
	c->tname->text = xstrdup(type);
	c->tname->ptr_depth = ptr_depth;
	c->a = e;
	return c;
}

/* e->name (arrow) or e.name */
static struct node *field(struct node *e, const char *name, bool arrow)
{
	struct node *f = dt_mk(N_FIELD, e->loc, name);

	f->a = e;
	f->arrow = arrow;
	return f;
}

/* A path of fields from e: "real_parent->tgid", "real_cred->uid.val". */
static struct node *path(struct node *e, const char *p)
{
	char *copy = xstrdup(p), *s = copy;
	bool arrow = true;

	while (*s) {
		size_t n = strcspn(s, "-.");
		char c = s[n];

		s[n] = '\0';
		e = field(e, s, arrow);
		if (!c)
			break;
		arrow = c == '-';
		s += n + (arrow ? 2 : 1);
	}
	free(copy);
	return e;
}

static struct node *task_node(const struct lower *lw, struct loc loc, enum tr_task t)
{
	char raw[16];

	if (t == TASK_CUR && !lw->probe->next_task)
		return dt_mk(N_BUILTIN, loc, "curtask");
	/* sched:::on-cpu runs in the thread leaving the CPU: its thread is arg2 */
	snprintf(raw, sizeof(raw), "arg%d", t == TASK_CUR ? 2 : t - TASK_RAW0);
	return cast(loc, "struct task_struct", 1, dt_mk(N_BUILTIN, loc, raw));
}

/* ---- the fields ---- */

/* Solaris' thread states (pr_state) and their letters (pr_sname). */
enum { SSLEEP = 1, SRUN = 2, SZOMB = 3, SSTOP = 4, SIDL = 5, SONPROC = 6, SWAIT = 7 };

static const struct { const char *name; int value; } tr_consts[] = {
	{ "SSLEEP", SSLEEP }, { "SRUN", SRUN }, { "SZOMB", SZOMB }, { "SSTOP", SSTOP },
	{ "SIDL", SIDL }, { "SONPROC", SONPROC }, { "SWAIT", SWAIT },
	{ "CLD_EXITED", 1 }, { "CLD_KILLED", 2 }, { "CLD_DUMPED", 3 },
};

bool dt_translator_const(const char *name, int64_t *value)
{
	for (size_t i = 0; i < ARRAY_SIZE(tr_consts); i++)
		if (!strcmp(tr_consts[i].name, name)) {
			*value = tr_consts[i].value;
			return true;
		}
	return false;
}

/*
 * pr_state from the task's __state (TASK_RUNNING 0, INTERRUPTIBLE 1,
 * UNINTERRUPTIBLE 2, STOPPED 4, TRACED 8; parked and idle threads sleep):
 * a running thread is SONPROC when it is the one on this CPU, else SRUN.
 * Two reads (each checked read costs BPF stack): a zombie (exit_state)
 * is not told apart, and no probe here sees one.
 */
static struct node *thread_state(struct lower *lw, struct loc loc, enum tr_task t, bool letter)
{
	const struct dt_probe *p = lw->probe;
	bool on_proc = (t == TASK_CUR && strcmp(p->name, "off-cpu") && strcmp(p->name, "dequeue")) ||
		       (t == TASK_CUR && p->next_task);
	int run = letter ? (on_proc ? 'O' : 'R') : on_proc ? SONPROC : SRUN;
	struct node *running = dt_mk_binop(loc, T_EQ, path(task_node(lw, loc, t), "__state"),
					   dt_mk_int(loc, 0));
	struct node *state = dt_mk_binop(loc, T_AMP, path(task_node(lw, loc, t), "__state"),
					 dt_mk_int(loc, 15));

	return ternary(loc, running, dt_mk_int(loc, run),
		       ternary(loc, dt_mk_binop(loc, T_LT, state, dt_mk_int(loc, 4)),
			       dt_mk_int(loc, letter ? 'S' : SSLEEP),
			       dt_mk_int(loc, letter ? 'T' : SSTOP)));
}

/* A field of a translated type: the BTF path from the thread, or a builder. */
struct tr_field {
	enum tr_kind kind;
	const char *name;
	const char *path;	/* from the task_struct */
	bool u32;		/* (uint32): as D's int-sized pids */
};

static const struct tr_field tr_fields[] = {
	{ TR_PSINFO, "pr_pid", "tgid", true },
	{ TR_PSINFO, "pr_ppid", "real_parent->tgid", true },
	{ TR_PSINFO, "pr_uid", "real_cred->uid.val", false },
	{ TR_PSINFO, "pr_euid", "real_cred->euid.val", false },
	{ TR_PSINFO, "pr_gid", "real_cred->gid.val", false },
	{ TR_PSINFO, "pr_egid", "real_cred->egid.val", false },
	{ TR_PSINFO, "pr_nlwp", "signal->nr_threads", false },
	{ TR_PSINFO, "pr_fname", "group_leader->comm", false },
	{ TR_PSINFO, "pr_psargs", NULL, false },
	{ TR_PSINFO, "pr_pgid", NULL, false },
	{ TR_PSINFO, "pr_sid", NULL, false },
	{ TR_PSINFO, "pr_addr", NULL, false },
	{ TR_PSINFO, "pr_start", "group_leader->start_boottime", false },	/* .tv_sec, .tv_nsec */
	{ TR_LWPSINFO, "pr_lwpid", "pid", true },
	{ TR_LWPSINFO, "pr_pri", "prio", false },
	{ TR_LWPSINFO, "pr_onpro", "thread_info.cpu", false },
	{ TR_LWPSINFO, "pr_state", NULL, false },
	{ TR_LWPSINFO, "pr_sname", NULL, false },
	{ TR_LWPSINFO, "pr_addr", NULL, false },
	{ TR_CPUINFO, "cpu_id", NULL, false },
};

static const char *const kind_names[] = {
	[TR_LWPSINFO] = "lwpsinfo_t: pr_lwpid, pr_pri, pr_onpro, pr_state, pr_sname, pr_addr",
	[TR_PSINFO] = "psinfo_t: pr_pid, pr_ppid, pr_uid, pr_euid, pr_gid, pr_egid, pr_pgid, pr_sid, pr_nlwp, pr_fname, pr_psargs, pr_addr, pr_start.tv_sec, pr_start.tv_nsec",
	[TR_CPUINFO] = "cpuinfo_t: cpu_id",
};

/* The pid of a process's group (PIDTYPE_PGID 2) or session (PIDTYPE_SID 3). */
static struct node *signal_pid(struct node *task, int type)
{
	struct node *idx = node_new(N_INDEX, task->loc), *nr;

	idx->a = path(task, "signal->pids");
	idx->b = dt_mk_int(task->loc, type);
	nr = node_new(N_INDEX, task->loc);
	nr->a = field(idx, "numbers", true);
	nr->b = dt_mk_int(task->loc, 0);
	return field(nr, "nr", false);
}

static struct node *psargs(struct lower *lw, struct loc loc, enum tr_task t)
{
	struct node *call;

	/* only the current process's memory can be read (and a child's, copied from it) */
	if (t != TASK_CUR && !(t == TASK_RAW1 && !strcmp(lw->probe->name, "create"))) {
		dt_lower_err(lw, loc, "%s: the arguments of another process cannot be read (curpsinfo->pr_psargs is the current process's)",
			     "pr_psargs");
		return dt_mk_int(loc, 0);
	}
	if (t == TASK_RAW1)
		t = TASK_CUR;
	call = dt_mk(N_CALL, loc, "dt.psargs");
	vec_push(&call->args, path(task_node(lw, loc, t), "mm->arg_start"));
	vec_push(&call->args, path(task_node(lw, loc, t), "mm->arg_end"));
	return call;
}

static struct node *computed_field(struct lower *lw, struct loc loc, const struct tr_field *f,
				   enum tr_task t)
{
	if (!strcmp(f->name, "pr_psargs"))
		return psargs(lw, loc, t);
	if (!strcmp(f->name, "pr_pgid") || !strcmp(f->name, "pr_sid"))
		return signal_pid(task_node(lw, loc, t), f->name[3] == 'p' ? 2 : 3);
	if (!strcmp(f->name, "pr_addr"))
		return cast(loc, "uint64", 0, task_node(lw, loc, t));
	if (!strcmp(f->name, "pr_state") || !strcmp(f->name, "pr_sname"))
		return thread_state(lw, loc, t, !strcmp(f->name, "pr_sname"));
	/* cpu_id: the CPU of the thread made runnable, else this CPU */
	if (t == TASK_CUR)
		return dt_mk(N_BUILTIN, loc, "cpu");
	return path(task_node(lw, loc, t), "thread_info.cpu");
}

/*
 * sched:::off-cpu and enqueue share their tracepoints with on-cpu and
 * wakeup, which take the raw tracepoints (a D probe is named by its
 * attach point): their threads are the tracepoint's fields.
 */
static const struct { enum tr_kind kind; const char *name, *field; } tp_fields[] = {
	{ TR_LWPSINFO, "pr_lwpid", "pid" }, { TR_LWPSINFO, "pr_pri", "prio" },
	{ TR_PSINFO, "pr_fname", "comm" }, { TR_CPUINFO, "cpu_id", "target_cpu" },
};

static struct node *translate_tp(struct lower *lw, struct node *n, enum tr_kind kind,
				 enum tr_task t)
{
	for (size_t i = 0; i < ARRAY_SIZE(tp_fields); i++) {
		struct node *f;

		if (tp_fields[i].kind != kind || strcmp(tp_fields[i].name, n->name) ||
		    (t == TASK_TP_NEXT && kind == TR_CPUINFO))
			continue;
		f = dt_mk(N_FIELD, n->loc, NULL);
		f->name = xasprintf("%s%s", t == TASK_TP_NEXT ? "next_" : "", tp_fields[i].field);
		f->a = dt_mk(N_BUILTIN, n->loc, "args");
		return kind == TR_LWPSINFO && i == 0 ? cast(n->loc, "uint32", 0, f) : f;
	}
	diag_error(lw->src, n->loc, t == TASK_TP_NEXT ?
		   "%s: sched:::off-cpu's args have pr_lwpid, pr_pri (args[0]) and pr_fname (args[1]: the thread's name) in sonde dtrace" :
		   "%s: sched:::enqueue's args have pr_lwpid, pr_pri (args[0]), pr_fname (args[1]: the thread's name) and cpu_id (args[2]) in sonde dtrace",
		   n->name);
	lw->errors++;
	return dt_mk_int(n->loc, 0);
}

static struct node *translate(struct lower *lw, struct node *n, enum tr_kind kind,
			      enum tr_task t)
{
	struct node *e;

	if (t == TASK_TP || t == TASK_TP_NEXT)
		return translate_tp(lw, n, kind, t);

	for (size_t i = 0; i < ARRAY_SIZE(tr_fields); i++) {
		const struct tr_field *f = &tr_fields[i];

		if (f->kind != kind || strcmp(f->name, n->name))
			continue;
		if (!f->path)
			return computed_field(lw, n->loc, f, t);
		e = path(task_node(lw, n->loc, t), f->path);
		if (f->u32)
			e = cast(n->loc, "uint32", 0, e);
		return e;
	}
	diag_error(lw->src, n->loc, "%s: not translated by sonde dtrace (%s)", n->name,
		   kind_names[kind]);
	lw->errors++;
	return dt_mk_int(n->loc, 0);
}

static struct node *translate_field(struct lower *lw, struct node *n);

/*
 * pr_start.tv_sec / .tv_nsec: the process's start (its leader's
 * start_boottime) since the epoch, as walltimestamp: the boot clock plus
 * the offset between the real-time and boot clocks read now.
 */
static struct node *start_time(struct lower *lw, struct node *n)
{
	bool sec = !strcmp(n->name, "tv_sec");
	struct timespec rt, bt;
	struct node *ns;

	if (!sec && strcmp(n->name, "tv_nsec")) {
		diag_error(lw->src, n->loc, "%s: pr_start (timestruc_t) has tv_sec and tv_nsec",
			   n->name);
		lw->errors++;
		return dt_mk_int(n->loc, 0);
	}
	ns = translate_field(lw, n->a);
	if (!ns || ns->kind == N_INT)
		return ns;
	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_BOOTTIME, &bt);
	ns = dt_mk_binop(n->loc, T_PLUS, ns,
			 dt_mk_int(n->loc, (rt.tv_sec - bt.tv_sec) * 1000000000LL +
					   (rt.tv_nsec - bt.tv_nsec)));
	return dt_mk_binop(n->loc, sec ? T_SLASH : T_PERCENT, ns, dt_mk_int(n->loc, 1000000000));
}

static bool is_start(const struct node *n)
{
	return n && n->kind == N_FIELD && n->arrow && n->name && !strcmp(n->name, "pr_start");
}

struct node *dt_translate_field(struct lower *lw, struct node *n)
{
	struct node *r;

	if (!n->arrow && is_start(n->a))
		return start_time(lw, n);
	r = translate_field(lw, n);
	if (r && is_start(n) && r->kind != N_INT) {	/* a timestruc_t, not a number */
		node_free(r);
		diag_error(lw->src, n->loc, "%s: a timestruc_t: use pr_start.tv_sec or pr_start.tv_nsec",
			   "pr_start");
		lw->errors++;
		return dt_mk_int(n->loc, 0);
	}
	return r;
}

static struct node *translate_field(struct lower *lw, struct node *n)
{
	const struct node *base = n->a;
	const struct tr_arg *a;

	if (!n->arrow || !base)
		return NULL;
	if (base->kind == N_IDENT && !dt_is_global(lw->dc, base->name)) {
		if (!strcmp(base->name, "curpsinfo"))
			return translate(lw, n, TR_PSINFO, TASK_CUR);
		if (!strcmp(base->name, "curlwpsinfo"))
			return translate(lw, n, TR_LWPSINFO, TASK_CUR);
		if (!strcmp(base->name, "curcpu"))
			return translate(lw, n, TR_CPUINFO, TASK_CUR);
		return NULL;
	}
	if (base->kind != N_INDEX || !dt_is_ident(base->a, "args") || !base->b ||
	    base->b->kind != N_INT || !lw->split || !dt_has_translated_args(lw->probe))
		return NULL;
	a = find_arg(lw->probe, (int)base->b->ival);
	if (!a || a->kind == TR_INT || a->kind == TR_SIGINFO) {
		diag_error(lw->src, n->loc, "%s:::%s has no args[%d] of a translated type here",
			   lw->probe->prov, lw->probe->name, (int)base->b->ival);
		lw->errors++;
		return dt_mk_int(n->loc, 0);
	}
	if (a->kind == TR_CPUINFO && a->raw >= 0 && !strcmp(n->name, "cpu_id")) {
		char raw[16];	/* the CPU the thread moves to */

		snprintf(raw, sizeof(raw), "arg%d", a->raw);
		return cast(n->loc, "int32", 0, dt_mk(N_BUILTIN, n->loc, raw));
	}
	return translate(lw, n, a->kind, a->task);
}

/* proc:::exit's args[0]: CLD_EXITED, CLD_KILLED or CLD_DUMPED, from exit_code. */
static struct node *exit_reason(struct loc loc)
{
	struct node *code = path(dt_mk(N_BUILTIN, loc, "curtask"), "exit_code");
	struct node *code2 = path(dt_mk(N_BUILTIN, loc, "curtask"), "exit_code");

	struct node *sig = dt_mk_binop(loc, T_AMP, code, dt_mk_int(loc, 0x7f));

	return ternary(loc, dt_mk_binop(loc, T_EQ, sig, dt_mk_int(loc, 0)), dt_mk_int(loc, 1),
		       ternary(loc, dt_mk_binop(loc, T_AMP, code2, dt_mk_int(loc, 0x80)),
			       dt_mk_int(loc, 3), dt_mk_int(loc, 2)));
}

struct node *dt_translated_arg(struct lower *lw, struct loc loc, int i)
{
	const struct tr_arg *a = find_arg(lw->probe, i);
	char raw[16];

	if (!a || a->kind == TR_SIGINFO) {
		dt_lower_err(lw, loc, "%s: no such argument of this probe", "argN");
		return NULL;
	}
	if (a->kind != TR_INT) {
		diag_error(lw->src, loc, "args[%d] of %s:::%s points to a translated type: use its fields (args[N]->pr_...)",
			   i, lw->probe->prov, lw->probe->name);
		lw->errors++;
		return NULL;
	}
	if (a->field) {
		struct node *f = dt_mk(N_FIELD, loc, a->field);

		f->a = dt_mk(N_BUILTIN, loc, "args");
		return f;
	}
	if (a->raw < 0)
		return exit_reason(loc);
	snprintf(raw, sizeof(raw), "arg%d", a->raw);
	return cast(loc, "int32", 0, dt_mk(N_BUILTIN, loc, raw));
}

/* psinfo_t, lwpsinfo_t and cpuinfo_t members that D types int (pid_t, uid_t, id_t...). */
bool dt_translated_int(const struct node *k)
{
	static const char *const ints[] = {
		"pr_pid", "pr_ppid", "pr_pgid", "pr_sid", "pr_uid", "pr_euid", "pr_gid", "pr_egid",
		"pr_nlwp", "pr_lwpid", "pr_pri", "pr_onpro", "pr_state", "cpu_id",
	};
	const struct node *base = k->a;

	if (k->kind != N_FIELD || !k->arrow || !base)
		return false;
	if (!(base->kind == N_IDENT && (!strcmp(base->name, "curpsinfo") ||
					!strcmp(base->name, "curlwpsinfo") || !strcmp(base->name, "curcpu"))) &&
	    !(base->kind == N_INDEX && dt_is_ident(base->a, "args")))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(ints); i++)
		if (!strcmp(ints[i], k->name))
			return true;
	return false;
}

bool dt_int_arg(const struct lower *lw, const struct node *k)
{
	const struct tr_arg *a;
	int i;

	if (!lw->split || !lw->probe)
		return false;
	if (k->kind != N_INDEX || !dt_is_ident(k->a, "args") || !k->b || k->b->kind != N_INT)
		return false;	/* argN are int64_t */
	i = (int)k->b->ival;
	a = find_arg(lw->probe, i);
	return a && a->kind == TR_INT && a->d_int;
}
