// SPDX-License-Identifier: GPL-2.0
/*
 * Lowering D's variables: builtins renamed or computed (execname, ppid,
 * errno, on-cpu's thread), probe constants (probefunc...), argN of
 * syscall and pid probes, globals, self-> and this->, $target.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dt_lower.h"
#include "../lang/program.h"
#include "../lang/lexer.h"

static int64_t dt_getpid(void) { return getpid(); }
static int64_t dt_getppid(void) { return getppid(); }
static int64_t dt_getuid(void) { return getuid(); }
static int64_t dt_getgid(void) { return getgid(); }
static int64_t dt_geteuid(void) { return geteuid(); }
static int64_t dt_getegid(void) { return getegid(); }
static int64_t dt_getpgid(void) { return getpgid(0); }
static int64_t dt_getsid(void) { return getsid(0); }

/* Solaris' <sys/buf.h> flags that io scripts test. */
#define DT_B_READ 0x40
#define DT_B_WRITE 0x100

static struct node *probe_var(struct lower *lw, struct node *n)
{
	const struct dt_probe *p = lw->probe;
	const char *v = n->name + 5;	/* after "probe" */

	if (!lw->split)
		return NULL;
	if (!strcmp(v, "prov"))
		return dt_mk_str(n->loc, p->prov);
	if (!strcmp(v, "mod"))
		return dt_mk_str(n->loc, "");
	if (!strcmp(v, "func") && p->regs && strpbrk(p->func, "*?["))
		return dt_mk(N_BUILTIN, n->loc, "func");	/* kprobe_multi: each function's name */
	if (!strcmp(v, "func"))
		return dt_mk_str(n->loc, p->func);
	return dt_mk_str(n->loc, p->name);
}

/* The pid provider: argN of an entry; on return, arg1 is the return value. */
static struct node *user_arg(struct lower *lw, struct loc loc, int i)
{
	char name[8];

	if (!lw->probe->entry) {
		if (i == 1)
			return dt_mk(N_BUILTIN, loc, "retval");
		dt_lower_err(lw, loc, "%s: return probes have arg1 (the return value) only",
			  "argN");
		return NULL;
	}
	snprintf(name, sizeof(name), "arg%d", i);
	return dt_mk(N_BUILTIN, loc, name);
}

/*
 * profile-N and tick-N: arg0 the kernel's PC (0 when the interrupted code
 * ran in user mode), arg1 the user PC (0 in kernel mode).
 */
static struct node *profile_arg(struct lower *lw, struct loc loc, int i)
{
	struct node *t;

	if (i > 1) {
		dt_lower_err(lw, loc, "%s: profile probes have arg0 (the kernel's PC) and arg1 (the user PC)",
			     "argN");
		return NULL;
	}
	t = node_new(N_TERNARY, loc);
	t->a = dt_mk(N_BUILTIN, loc, "usermode");
	t->b = i ? dt_mk(N_CALL, loc, "dt.pc") : node_new(N_INT, loc);
	t->c = i ? node_new(N_INT, loc) : dt_mk(N_CALL, loc, "dt.pc");
	return t;
}

/*
 * sdt:SUBSYSTEM::NAME's argN: the tracepoint's Nth field (after the
 * common ones), as Linux's DTrace gives a tracepoint's arguments in order.
 */
static struct node *sdt_arg(struct lower *lw, struct loc loc, int i)
{
	const char *attach = lw->probe->attach + strlen("tracepoint:");
	char *subsys = xstrndup(attach, strcspn(attach, ":")), *field;
	struct node *f;

	if (strpbrk(subsys, "*?[")) {
		dt_lower_err(lw, loc, "%s on sdt probes needs the subsystem (sdt:SUBSYSTEM::NAME): "
			     "each tracepoint has fields of its own", "argN");
		free(subsys);
		return NULL;
	}
	field = dt_tracepoint_arg_field(subsys, lw->probe->name, i);
	if (!field) {
		diag_error(lw->src, loc, "tracepoint %s:%s has no argument %d (its fields are "
			   "the format's after the common ones)", subsys, lw->probe->name, i);
		lw->errors++;
		free(subsys);
		return NULL;
	}
	free(subsys);
	f = dt_mk(N_FIELD, loc, NULL);
	f->name = field;
	f->a = dt_mk(N_BUILTIN, loc, "args");
	return f;
}

/* argN of a syscall probe: the entry tracepoint's Nth field, the return value. */
static struct node *syscall_arg(struct lower *lw, struct loc loc, int i)
{
	const struct dt_probe *p = lw->probe;
	struct node *f;
	char *field;

	if (p->error || (lw->split && p->usdt)) {
		char name[8];

		snprintf(name, sizeof(name), "arg%d", i);
		return dt_mk(N_BUILTIN, loc, name);
	}
	if (lw->split && p->regs)
		return user_arg(lw, loc, i);
	if (lw->split && !strcmp(p->prov, "profile"))
		return profile_arg(lw, loc, i);
	if (lw->split && dt_has_translated_args(p)) {
		lw->lowered = true;
		return dt_translated_arg(lw, loc, i);
	}
	if (lw->split && !strcmp(p->prov, "sdt"))
		return sdt_arg(lw, loc, i);
	if (lw->split && !strcmp(p->prov, "io")) {
		dt_lower_err(lw, loc, "%s: io's arg0..arg2 are DTrace's pointers to buf_t, devinfo_t and fileinfo_t; "
			     "Linux's block tracepoints give the request's fields, not a pointer to it: "
			     "use args[0]->b_bcount, b_blkno, b_flags, b_edev, args[1]->dev_major...", "argN");
		return NULL;
	}
	if (!lw->split || !p->syscall) {
		dt_lower_err(lw, loc, "argN and args[N] have no value on %s probes in sonde (argN is "
			     "given on syscall, profile, fbt, pid, usdt, sdt, proc, sched and lockstat probes)",
			     p->prov);
		return NULL;
	}
	if (!p->entry) {
		f = dt_mk(N_FIELD, loc, "ret");
		f->a = dt_mk(N_BUILTIN, loc, "args");
		return f;
	}
	field = dt_syscall_arg_field(p->func, i);
	if (!field) {
		dt_lower_err(lw, loc, "syscall %s has no such argument", p->func);
		return NULL;
	}
	f = dt_mk(N_FIELD, loc, NULL);
	f->name = field;
	f->a = dt_mk(N_BUILTIN, loc, "args");
	return f;
}

/* errno on syscall::F:return: the kernel returns -errno; 0 when it succeeded. */
static struct node *syscall_errno(struct lower *lw, struct loc loc)
{
	struct node *t, *neg;

	if (!lw->split || !lw->probe->syscall || lw->probe->entry)
		return node_new(N_INT, loc);	/* as DTrace on Linux: 0 outside a syscall's return */
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
	struct node *parent = dt_mk(N_FIELD, loc, "real_parent"), *tgid = dt_mk(N_FIELD, loc, "tgid");

	parent->a = dt_mk(N_BUILTIN, loc, "curtask");
	parent->arrow = true;
	tgid->a = parent;
	tgid->arrow = true;
	return tgid;
}

/* D builtin variables renamed to sonde's. */
static const struct { const char *d, *sonde; } renames[] = {
	{ "execname", "comm" }, { "timestamp", "nsecs" }, { "curthread", "curtask" },
};

/*
 * vtimestamp: the thread's time on CPU, as the scheduler accounts it
 * (se.sum_exec_runtime: brought up to date at each tick and switch, not
 * at every event as DTrace's is).
 */
static struct node *builtin_vtimestamp(struct loc loc)
{
	struct node *se = dt_mk(N_FIELD, loc, "se"), *rt = dt_mk(N_FIELD, loc, "sum_exec_runtime");

	se->a = dt_mk(N_BUILTIN, loc, "curtask");
	se->arrow = true;
	rt->a = se;
	return rt;
}

/*
 * walltimestamp: nanoseconds since the epoch.  The boot clock plus the
 * offset between the real-time and boot clocks read now: the boot clock
 * counts suspend too, and a clock step during the trace is not seen.
 */
static struct node *builtin_walltimestamp(struct loc loc)
{
	struct timespec rt, bt;
	struct node *sum = node_new(N_BINOP, loc), *ns = dt_mk(N_CALL, loc, "nsecs");

	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_BOOTTIME, &bt);
	vec_push(&ns->args, dt_mk(N_IDENT, loc, "boot"));
	sum->op = T_PLUS;
	sum->a = ns;
	sum->b = node_new(N_INT, loc);
	sum->b->ival = (rt.tv_sec - bt.tv_sec) * 1000000000LL + (rt.tv_nsec - bt.tv_nsec);
	return sum;
}

/*
 * id: the probe's number, as the ID column prints it.  epid: the enabled
 * probe (the clause's program, numbered as dtrace(1)'s error message
 * numbers it: 1 for the first clause's first program).
 */
static struct node *probe_id(struct lower *lw, struct node *n)
{
	struct node *c = dt_mk(N_CALL, n->loc, "dt.probeid");
	bool epid = n->name[0] == 'e';

	vec_push(&c->args, dt_mk_int(n->loc, epid));
	if (!epid || !lw->dc->quiet)	/* unless quiet, the heading's BEGIN is program 0 */
		return c;
	return dt_mk_binop(n->loc, T_PLUS, c, dt_mk_int(n->loc, 1));
}

/* Solaris notions Linux has no counterpart of: an error that says so. */
static const char *const no_linux_vars[] = {
	"ipl", "zonename", "projid",
};

/* stackdepth, ustackdepth: the frames of the stack (len(kstack), len(ustack)). */
static struct node *stack_depth(struct loc loc, bool user)
{
	struct node *len = dt_mk(N_CALL, loc, "len");

	vec_push(&len->args, dt_mk(N_BUILTIN, loc, user ? "ustack" : "kstack"));
	return len;
}

/* caller, ucaller: the second frame of the kernel (user) stack. */
static struct node *stack_caller(struct loc loc, bool user)
{
	struct node *c = dt_mk(N_CALL, loc, "dt.caller"), *u = node_new(N_INT, loc);

	u->ival = user;
	vec_push(&c->args, u);
	return c;
}

bool dt_is_argn(const char *name, int *i)
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
	cast->a = dt_mk(N_BUILTIN, loc, "arg2");
	return cast;
}

static struct node *task_field(struct node *task, const char *name)
{
	struct node *f = dt_mk(N_FIELD, task->loc, name);

	f->a = task;
	f->arrow = true;
	return f;
}

/*
 * (int32)e: D's pid_t, an int (sonde's pid, tid and cpid builtins are
 * unsigned): comparisons with the kernel's pid_t fields are of one sign.
 */
static struct node *as_pid_t(struct node *e)
{
	struct node *cast = node_new(N_CAST, e->loc);

	cast->tname = xcalloc(1, sizeof(*cast->tname));
	cast->tname->text = xstrdup("int32");
	cast->a = e;
	return cast;
}

/*
 * sched:::on-cpu runs at the switch, in the thread leaving the CPU: the
 * thread builtins read the task coming in instead.
 */
static struct node *on_cpu_word(struct lower *lw, struct node *n)
{
	static const char *const other[] = { "cgroup", "username", "ustack", "kstack", "usermode" };
	struct loc l = n->loc;
	struct node *f;

	if (!strcmp(n->name, "pid"))
		return as_pid_t(task_field(next_task(l), "tgid"));
	if (!strcmp(n->name, "tid"))
		return as_pid_t(task_field(next_task(l), "pid"));
	if (!strcmp(n->name, "execname"))
		return task_field(next_task(l), "comm");
	if (!strcmp(n->name, "curthread"))
		return next_task(l);
	if (!strcmp(n->name, "ppid"))
		return as_pid_t(task_field(task_field(next_task(l), "real_parent"), "tgid"));
	if (!strcmp(n->name, "uid") || !strcmp(n->name, "gid")) {	/* its real ids */
		f = dt_mk(N_FIELD, l, "val");
		f->a = task_field(task_field(next_task(l), "real_cred"), n->name);
		return as_pid_t(f);
	}
	if (!strcmp(n->name, "vtimestamp")) {
		f = dt_mk(N_FIELD, l, "sum_exec_runtime");
		f->a = task_field(next_task(l), "se");
		return f;
	}
	for (size_t i = 0; i < ARRAY_SIZE(other); i++)
		if (!strcmp(n->name, other[i])) {
			dt_lower_err(lw, l, "%s is not available in sched:::on-cpu: the probe runs "
				     "at the switch, in the thread leaving the CPU", n->name);
			return NULL;
		}
	return NULL;
}

struct node *dt_lower_word(struct lower *lw, struct node *n)
{
	struct node *r;
	int64_t c64;
	int i;

	if (lw->probe->next_task && (r = on_cpu_word(lw, n)))
		return r;

	for (size_t k = 0; k < ARRAY_SIZE(renames); k++)
		if (!strcmp(n->name, renames[k].d))
			return dt_mk(N_BUILTIN, n->loc, renames[k].sonde);
	if (n->kind == N_IDENT && !dt_is_global(lw->dc, n->name) &&
	    (!strcmp(n->name, "id") || !strcmp(n->name, "epid")))
		return probe_id(lw, n);
	for (size_t k = 0; k < ARRAY_SIZE(no_linux_vars); k++)
		if (!strcmp(n->name, no_linux_vars[k])) {
			dt_lower_err(lw, n->loc, "the D variable %s has no counterpart on Linux "
				     "(no interrupt priority levels, zones or projects)", n->name);
			return NULL;
		}
	if (!strcmp(n->name, "ppid"))
		return as_pid_t(builtin_ppid(n->loc));
	if (n->kind == N_BUILTIN && (!strcmp(n->name, "pid") || !strcmp(n->name, "tid")))
		return as_pid_t(dt_mk(N_BUILTIN, n->loc, n->name));
	if (!strcmp(n->name, "stackdepth") || !strcmp(n->name, "ustackdepth"))
		return stack_depth(n->loc, n->name[0] == 'u');
	if (!strcmp(n->name, "caller") || !strcmp(n->name, "ucaller"))
		return stack_caller(n->loc, n->name[0] == 'u');
	if (!strcmp(n->name, "uregs")) {
		dt_lower_err(lw, n->loc, "%s: expected uregs[R_NAME] (R_PC, R_SP, R_FP, R_RAX...)",
			     "uregs");
		return NULL;
	}
	if (n->kind == N_IDENT && !dt_is_global(lw->dc, n->name) &&
	    (!strcmp(n->name, "B_READ") || !strcmp(n->name, "B_WRITE"))) {
		struct node *c = node_new(N_INT, n->loc);

		c->ival = n->name[2] == 'R' ? DT_B_READ : DT_B_WRITE;
		return c;
	}
	if (n->kind == N_IDENT && !dt_is_global(lw->dc, n->name) &&
	    dt_translator_const(n->name, &c64)) {
		struct node *c = node_new(N_INT, n->loc);

		c->ival = c64;
		return c;
	}
	if (n->kind == N_IDENT && !dt_is_global(lw->dc, n->name) &&
	    (!strcmp(n->name, "AF_INET") || !strcmp(n->name, "AF_INET6"))) {
		struct node *c = node_new(N_INT, n->loc);

		c->ival = n->name[7] ? 10 : 2;	/* Linux's address families */
		return c;
	}
	if (n->kind == N_IDENT && !dt_is_global(lw->dc, n->name) && !strcmp(n->name, "NULL"))
		return node_new(N_INT, n->loc);	/* D's NULL: 0 */
	if (!strcmp(n->name, "vtimestamp"))
		return builtin_vtimestamp(n->loc);
	if (!strcmp(n->name, "walltimestamp"))
		return builtin_walltimestamp(n->loc);
	if (!strcmp(n->name, "errno"))
		return syscall_errno(lw, n->loc);
	if (!strncmp(n->name, "probe", 5) && n->name[5])
		return probe_var(lw, n);
	if (dt_is_argn(n->name, &i))
		return syscall_arg(lw, n->loc, i);
	if (n->kind == N_IDENT && dt_is_global(lw->dc, n->name)) {
		struct node *m = dt_mk(N_MAP, n->loc, NULL);

		m->name = xasprintf("@%s", n->name);
		return m;
	}
	return NULL;
}

/* ---- variables: self->, this->, a[k], $target ---- */

/*
 * The name sonde gives the D variable n (before lowering): @x for x and
 * x[k], @self_x, $this_x, and NAME__m for member m of a variable that
 * holds a D struct.  NULL when n is not a D variable.
 */
char *dt_var_name(const struct dtrace_ctx *dc, const struct node *n)
{
	char *base, *name;

	if (!n)
		return NULL;
	if (n->kind == N_IDENT && dt_is_global(dc, n->name))
		return xasprintf("@%s", n->name);
	if (n->kind == N_INDEX && n->a && n->a->kind == N_IDENT && dt_is_global(dc, n->a->name))
		return xasprintf("@%s", n->a->name);
	if (n->kind != N_FIELD || !n->a || !n->name)
		return NULL;
	if (n->arrow && dt_is_ident(n->a, "self"))
		return xasprintf("@self_%s", n->name);
	if (n->arrow && dt_is_ident(n->a, "this"))
		return xasprintf("$this_%s", n->name);
	if (n->arrow || !(base = dt_var_name(dc, n->a)))
		return NULL;
	if (!dt_decl_of(dc, base) || !dt_decl_of(dc, base)->struct_type) {
		free(base);
		return NULL;
	}
	name = xasprintf("%s__%s", base, n->name);
	free(base);
	return name;
}

/* The names sonde gives D variables, and how a message says them. */
static const struct { const char *ours, *d; } var_prefixes[] = {
	{ "@__dt_this_", "this->" }, { "$this_", "this->" }, { "@self_", "self->" },
};

static bool ident_char(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* diag_rewrite: a message says this->x and self->x, never $this_x or @self_x. */
void dt_rewrite_var_names(struct strbuf *msg)
{
	struct strbuf out;
	size_t i = 0;

	sb_init(&out);
	while (i < msg->len) {
		size_t k = 0, plen = 0;

		for (; k < ARRAY_SIZE(var_prefixes); k++) {
			plen = strlen(var_prefixes[k].ours);
			if ((i == 0 || !ident_char(msg->buf[i - 1])) && i + plen < msg->len &&
			    !strncmp(msg->buf + i, var_prefixes[k].ours, plen) &&
			    ident_char(msg->buf[i + plen]))
				break;
		}
		if (k < ARRAY_SIZE(var_prefixes)) {
			sb_adds(&out, var_prefixes[k].d);
			i += plen;
		} else {
			sb_add(&out, msg->buf + i, 1);
			i++;
		}
	}
	sb_free(msg);
	*msg = out;
}

const struct dt_decl *dt_decl_of(const struct dtrace_ctx *dc, const char *name)
{
	for (int i = 0; i < dc->decls.n; i++)
		if (!strcmp(dc->decls.v[i].name, name))
			return &dc->decls.v[i];
	return NULL;
}

static bool is_assigned(const struct dtrace_ctx *dc, const char *name)
{
	for (int i = 0; i < dc->assigned.n; i++)
		if (!strcmp(dc->assigned.v[i], name))
			return true;
	return false;
}

/*
 * A declared variable that nothing assigns reads as DTrace's zero-filled
 * storage: 0, or "" when declared string (a member of a declared struct
 * variable too).  NULL when n (lowered) is anything else.
 */
static struct node *unassigned_read(struct lower *lw, const struct node *n)
{
	const struct dt_decl *d;
	char *base, *sep;

	if ((n->kind != N_MAP && n->kind != N_VAR) || !n->name || is_assigned(lw->dc, n->name))
		return NULL;
	d = dt_decl_of(lw->dc, n->name);
	if (!d && (sep = strstr(n->name, "__"))) {	/* a struct member */
		base = xstrndup(n->name, (size_t)(sep - n->name));
		d = dt_decl_of(lw->dc, base);
		free(base);
		if (d && !d->struct_type)
			d = NULL;
		else if (d)
			return node_new(N_INT, n->loc);
	}
	if (!d || d->struct_type)
		return NULL;
	if (d->ptr_type) {	/* NULL of the declared type: pointer arithmetic scales */
		struct node *cast = node_new(N_CAST, n->loc);

		cast->tname = xcalloc(1, sizeof(*cast->tname));
		cast->tname->text = xstrdup(d->ptr_type);
		cast->tname->ptr_depth = d->ptr_depth;
		cast->a = node_new(N_INT, n->loc);
		return cast;
	}
	return d->string ? dt_mk_str(n->loc, "") : node_new(N_INT, n->loc);
}

/* x.m, a[k].m, self->x.m, this->x.m of a D struct variable: a variable of its own. */
static struct node *struct_member(struct lower *lw, struct node *n)
{
	char *name = dt_var_name(lw->dc, n);
	struct node *base, *r;

	if (!name)
		return NULL;
	base = n->a;
	r = base->kind == N_INDEX ? dt_lower_index(lw, base) :
	    base->kind == N_FIELD ? dt_lower_field(lw, base) : dt_lower_word(lw, base);
	if (!r) {
		free(name);
		return NULL;
	}
	free(r->name);
	r->name = name;
	return r;
}

static struct node *tp_field(struct loc loc, const char *name)
{
	struct node *f = dt_mk(N_FIELD, loc, name);

	f->a = dt_mk(N_BUILTIN, loc, "args");
	return f;
}

static struct node *binop(struct loc loc, int op, struct node *a, int64_t b)
{
	return dt_mk_binop(loc, op, a, dt_mk_int(loc, b));
}

/* (args.rwbs[0] == 'R' ? B_READ : B_WRITE): the direction of a block request. */
static struct node *io_flags(struct loc loc)
{
	struct node *t = node_new(N_TERNARY, loc), *idx = node_new(N_INDEX, loc);

	idx->a = tp_field(loc, "rwbs");
	idx->b = node_new(N_INT, loc);
	t->a = binop(loc, T_EQ, idx, 'R');
	t->b = node_new(N_INT, loc);
	t->b->ival = DT_B_READ;
	t->c = node_new(N_INT, loc);
	t->c->ival = DT_B_WRITE;
	return t;
}

/*
 * io:::start/done's args[0] (bufinfo_t) and args[1] (devinfo_t) from the
 * block tracepoints' fields; args[2] (fileinfo_t) has no counterpart.
 */
static struct node *io_arg_field(struct lower *lw, struct node *n, int64_t i)
{
	struct loc l = n->loc;
	bool start = !strcmp(lw->probe->name, "start");

	if (i == 0 && !strcmp(n->name, "b_bcount"))
		return start ? tp_field(l, "bytes") : binop(l, T_SHL, tp_field(l, "nr_sector"), 9);
	if (i == 0 && (!strcmp(n->name, "b_blkno") || !strcmp(n->name, "b_lblkno")))
		return tp_field(l, "sector");
	if (i == 0 && !strcmp(n->name, "b_flags"))
		return io_flags(l);
	if (i == 0 && !strcmp(n->name, "b_edev"))
		return tp_field(l, "dev");
	if (i == 0 && !strcmp(n->name, "b_error") && !start)
		return tp_field(l, "error");
	if (i == 1 && !strcmp(n->name, "dev_major"))
		return binop(l, T_SHR, tp_field(l, "dev"), 20);
	if (i == 1 && !strcmp(n->name, "dev_minor"))
		return binop(l, T_AMP, tp_field(l, "dev"), 0xfffff);
	dt_lower_err(lw, l, "%s: the io provider has args[0]->b_bcount, b_blkno, b_lblkno, b_flags (B_READ or B_WRITE), b_edev, b_error (done), args[1]->dev_major, dev_minor",
		     n->name);
	return node_new(N_INT, l);	/* replaces the field: args[N] is not lowered again */
}

/*
 * this->x: $this_x, or @__dt_this_x[cpu] when a clause may read it before
 * assigning it (thisvars.c); a variable nothing assigns is 0 when
 * declared (unassigned_read), an error else.
 */
static struct node *this_var(struct lower *lw, struct node *n)
{
	char *name = xasprintf("$this_%s", n->name);
	const struct dt_decl *d = dt_decl_of(lw->dc, name);
	struct node *m;

	if (!is_assigned(lw->dc, name) && !d)
		dt_lower_err(lw, n->loc, "this->%s is read but no clause assigns it", n->name);
	if (dt_this_shared(lw->dc, n->name) && is_assigned(lw->dc, name) &&
	    !(d && d->struct_type)) {
		m = dt_mk(N_MAP, n->loc, NULL);
		m->name = xasprintf("@__dt_this_%s", n->name);
		vec_push(&m->args, dt_mk(N_BUILTIN, n->loc, "cpu"));
		free(name);
		return m;
	}
	m = dt_mk(N_VAR, n->loc, NULL);
	m->name = name;
	return m;
}

struct node *dt_lower_field(struct lower *lw, struct node *n)
{
	struct node *m;

	if ((m = dt_translate_field(lw, n))) {
		lw->lowered = true;
		return m;
	}

	if (n->a && n->a->kind == N_INDEX && dt_is_ident(n->a->a, "args") && n->a->b &&
	    n->a->b->kind == N_INT && lw->split && !strcmp(lw->probe->prov, "io"))
		return io_arg_field(lw, n, n->a->b->ival);

	if (!n->arrow && (m = struct_member(lw, n)))
		return m;
	if (!n->arrow || !n->a || n->a->kind != N_IDENT)
		return NULL;
	if (!strcmp(n->a->name, "self")) {
		m = dt_mk(N_MAP, n->loc, NULL);
		m->name = xasprintf("@self_%s", n->name);
		vec_push(&m->args, dt_mk(N_BUILTIN, n->loc, "tid"));
		return m;
	}
	if (!strcmp(n->a->name, "this"))
		return this_var(lw, n);
	return NULL;
}

/* D's uregs[] indices (x86-64's names) and sonde's registers. */
static const struct { const char *d, *reg; } uregs_names[] = {
	{ "R_PC", "ip" }, { "R_SP", "sp" }, { "R_FP", "bp" }, { "R_PS", "flags" },
	{ "R_R0", "ax" }, { "R_R1", "dx" }, { "R_RIP", "ip" }, { "R_RSP", "sp" },
	{ "R_RBP", "bp" }, { "R_RFL", "flags" }, { "R_CS", "cs" }, { "R_SS", "ss" },
};

/*
 * uregs[R_NAME]: the user registers, where the probe's context holds them
 * (pid and USDT probes: the uprobe's registers); other probes would need
 * the task's saved registers, which their programs cannot reach.
 */
static struct node *lower_uregs(struct lower *lw, struct node *n)
{
	const struct node *r = n->b;
	struct node *call;
	char lower[16];

	if (!r || r->kind != N_IDENT || strncmp(r->name, "R_", 2) || strlen(r->name) > 10) {
		dt_lower_err(lw, n->loc, "%s: expected uregs[R_NAME] (R_PC, R_SP, R_FP, R_RAX...)",
			     "uregs");
		return node_new(N_INT, n->loc);
	}
	snprintf(lower, sizeof(lower), "%s", r->name + 2);
	for (size_t i = 0; i < ARRAY_SIZE(uregs_names); i++)
		if (!strcmp(r->name, uregs_names[i].d))
			snprintf(lower, sizeof(lower), "%s", uregs_names[i].reg);
	for (char *c = lower; *c; c++)
		*c = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
	if (lower[0] == 'r' && lower[1] >= 'a' && lower[1] <= 'z' && strlen(lower) == 3)
		memmove(lower, lower + 1, 3);	/* R_RAX: the kernel's name, ax */
	/* a uprobe's context is the user registers; elsewhere the task's saved ones */
	call = dt_mk(N_CALL, n->loc, lw->split && (lw->probe->user || lw->probe->usdt) ?
			   "reg" : "dt.uregs");
	vec_push(&call->args, dt_mk_str(r->loc, lower));
	return call;
}

struct node *dt_lower_index(struct lower *lw, struct node *n)
{
	struct node *m;

	if (dt_is_ident(n->a, "uregs"))
		return lower_uregs(lw, n);
	if (dt_is_ident(n->a, "args") && n->b && n->b->kind == N_INT && n->b->ival >= 0 &&
	    n->b->ival < 10)
		return syscall_arg(lw, n->loc, (int)n->b->ival);
	if (!n->a || n->a->kind != N_IDENT || !dt_is_global(lw->dc, n->a->name)) {
		if (n->args.n)
			dt_lower_err(lw, n->loc, "%s: several keys index D global associative arrays only",
				     "[k1, k2]");
		return NULL;
	}
	m = dt_mk(N_MAP, n->loc, NULL);
	m->name = xasprintf("@%s", n->a->name);
	vec_push(&m->args, n->b);
	n->b = NULL;
	for (int i = 0; i < n->args.n; i++)
		vec_push(&m->args, n->args.v[i]);
	n->args.n = 0;
	return m;
}

struct node *dt_lower_unassigned(struct lower *lw, const struct node *n)
{
	return unassigned_read(lw, n);
}

/*
 * D's macro variables of dtrace(1)'s own process ($pid, $uid...), the
 * tracer's: `/pid != $pid/` leaves sonde's own events out.
 */
static bool macro_var(const char *name, int64_t *v)
{
	static const struct {
		const char *name;
		int64_t (*get)(void);
	} vars[] = {
		{ "$pid", dt_getpid }, { "$ppid", dt_getppid }, { "$uid", dt_getuid },
		{ "$gid", dt_getgid }, { "$euid", dt_geteuid }, { "$egid", dt_getegid },
		{ "$pgid", dt_getpgid }, { "$sid", dt_getsid },
	};

	for (size_t i = 0; i < ARRAY_SIZE(vars); i++)
		if (!strcmp(name, vars[i].name)) {
			*v = vars[i].get();
			return true;
		}
	return false;
}

struct node *dt_lower_var(struct lower *lw, struct node *n)
{
	int64_t v;

	if (macro_var(n->name, &v))
		return dt_mk_int(n->loc, v);
	if (!strcmp(n->name, "$projid") || !strcmp(n->name, "$taskid")) {
		dt_lower_err(lw, n->loc, "%s: Linux has no projects or tasks (Solaris' project and task ids)", n->name);
		return NULL;
	}
	if (strcmp(n->name, "$target"))
		return NULL;
	if (lw->dc->target_pid) {
		struct node *pid = node_new(N_INT, n->loc);

		pid->ival = lw->dc->target_pid;
		return pid;
	}
	if (!lw->dc->uses_cpid) {
		dt_lower_err(lw, n->loc, "%s needs -c CMD or -p PID", n->name);
		return NULL;
	}
	return as_pid_t(dt_mk(N_BUILTIN, n->loc, "cpid"));
}

static bool is_strarg(const struct dtrace_ctx *dc, struct loc loc)
{
	for (int i = 0; i < dc->strargs.n; i++)
		if (dc->strargs.v[i].line == loc.line && dc->strargs.v[i].col == loc.col)
			return true;
	return false;
}

struct node *dt_lower_macro_arg(struct lower *lw, struct node *n)
{
	bool str = is_strarg(lw->dc, n->loc);
	char what[32];

	if (n->name && !strcmp(n->name, "$#"))
		return NULL;
	if (n->pos >= 1 && n->pos <= lw->prog->npos)
		return str ? dt_mk_str(n->loc, lw->prog->pos[n->pos - 1]) : NULL;
	if (!lw->dc->defaultargs) {
		snprintf(what, sizeof(what), "%s%lld", str ? "$$" : "$", (long long)n->pos);
		dt_lower_err(lw, n->loc,
			     "macro argument %s is not defined (give it after the program, or -x defaultargs for 0 and \"\")",
			     what);
		return NULL;
	}
	return str ? dt_mk_str(n->loc, "") : dt_mk_int(n->loc, 0);
}

/* self->x = 0: DTrace frees the thread-local; delete its entry. */
struct node *dt_lower_assign(struct lower *lw, struct node *n)
{
	struct node *stmt, *del;

	(void)lw;
	if (n->op || !n->b || n->b->kind != N_INT || n->b->ival != 0 || !n->a ||
	    n->a->kind != N_MAP || strncmp(n->a->name, "@self_", 6))
		return NULL;
	del = dt_mk(N_CALL, n->loc, "delete");
	vec_push(&del->args, n->a);
	n->a = NULL;
	stmt = node_new(N_EXPR_STMT, n->loc);
	stmt->a = del;
	return stmt;
}
