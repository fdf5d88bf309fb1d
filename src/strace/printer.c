// SPDX-License-Identifier: GPL-2.0
/* See printer.h. */
#include "strace/printer.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>

#include "strace/flags.h"
#include "strace/fmt.h"
#include "strace/stack.h"
#include "strace/summary.h"
#include "strace/sysent.h"
#include "util.h"

#define TASK_BUCKETS	4096
#define RESULT_COLUMN	40

struct task {
	struct task *next;
	int tid;
	bool exited;
	struct strace_rec *enter;	/* the call in progress, NULL between calls */
	struct strace_rec *exec;	/* what the kernel's exec saw, until execve returns */
	struct strace_rec *signal;	/* ignored signal that came during the call */
	bool shown;			/* its entry was printed (not deferred) */
	char *stack;			/* -k: the call's stack, printed after its line */
	char *sigstack;			/* -k: where the next delivered signal found it */
	FILE *out;			/* -ff: its own file */
	bool out_opened;		/* -ff: the file was created (append after) */
	bool line_open;			/* -ff: its line waits for its end */
	size_t open_col;
};

struct printer {
	struct printer_opts o;
	struct task *buckets[TASK_BUCKETS];
	int live;
	struct task *open;		/* whose line is waiting for its end */
	size_t open_col;		/* and how wide it is so far */
	uint64_t mono_to_real;		/* ns to add to a monotonic time */
	uint64_t last_ts;
	struct summary sum;
	struct strbuf line;
	int until_exec;			/* the held command, before its execve */
	struct stacks *stacks;		/* -k */
	FILE *base_out;			/* o.out; with -ff, o.out is the task's file */
};

static uint64_t now_ns(clockid_t clk)
{
	struct timespec t;

	clock_gettime(clk, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

struct printer *printer_new(const struct printer_opts *o)
{
	struct printer *p = xcalloc(1, sizeof(*p));

	p->o = *o;
	p->base_out = o->out;
	p->mono_to_real = now_ns(CLOCK_REALTIME) - now_ns(CLOCK_MONOTONIC);
	sb_init(&p->line);
	if (o->stacks)
		p->stacks = stacks_new();
	return p;
}

static struct task *task_get(struct printer *p, int tid, bool create)
{
	struct task **b = &p->buckets[(unsigned)tid % TASK_BUCKETS];

	for (struct task *t = *b; t; t = t->next)
		if (t->tid == tid)
			return t;
	if (!create)
		return NULL;
	struct task *t = xcalloc(1, sizeof(*t));

	t->tid = tid;
	t->next = *b;
	*b = t;
	p->live++;
	return t;
}

int printer_live(const struct printer *p)
{
	return p->live;
}

bool printer_exited(const struct printer *p, int tid)
{
	struct task *t = task_get((struct printer *)p, tid, false);

	return t && t->exited;
}

static bool printing(const struct printer *p)
{
	return !p->o.summary || p->o.summary_and_calls;
}

/*
 * Lines wait for the exit when -z/-Z decide by the result, and with -y,
 * which must know whether the call found its fd closed (EBADF: no path).
 */
static bool deferred(const struct printer *p)
{
	return p->o.sel->only_failed || p->o.sel->only_successful || p->o.fd_paths;
}

static void prefix(struct printer *p, int tid, uint64_t ts)
{
	struct strbuf *sb = &p->line;

	if (p->o.ff_base)
		;	/* the file says whose lines they are */
	else if (p->o.pid_always)
		sb_addf(sb, "%-5d ", tid);
	else if (p->o.follow && p->live > 1)
		sb_addf(sb, "[pid %5d] ", tid);
	if (p->o.ts != TS_NONE) {
		uint64_t real = ts + p->mono_to_real;
		time_t sec = (time_t)(real / 1000000000ull);
		long usec = (long)(real % 1000000000ull / 1000);
		struct tm tm;

		localtime_r(&sec, &tm);
		if (p->o.ts == TS_EPOCH)
			sb_addf(sb, "%lld.%06ld ", (long long)sec, usec);
		else if (p->o.ts == TS_USEC)
			sb_addf(sb, "%02d:%02d:%02d.%06ld ", tm.tm_hour, tm.tm_min, tm.tm_sec, usec);
		else
			sb_addf(sb, "%02d:%02d:%02d ", tm.tm_hour, tm.tm_min, tm.tm_sec);
	}
	if (p->o.relative) {
		uint64_t d = p->last_ts && ts > p->last_ts ? ts - p->last_ts : 0;

		sb_addf(sb, "%6llu.%06llu ", (unsigned long long)(d / 1000000000ull),
			(unsigned long long)(d % 1000000000ull / 1000));
		p->last_ts = ts;
	}
}

static void emit(struct printer *p)
{
	fwrite(p->line.buf, 1, p->line.len, p->o.out);
	p->line.len = 0;
	p->line.buf[0] = 0;
}

static bool selected(const struct printer *p, long long nr)
{
	return nr >= 0 && nr < ARCH_SYSCALLS_MAX && p->o.sel->nr[nr];
}

/* -k: the stack of t's call, after its line (or dropped with it). */
static void emit_stack(struct printer *p, struct task *t, bool print)
{
	if (t->stack && print)
		fputs(t->stack, p->o.out);
	free(t->stack);
	t->stack = NULL;
}

static void on_stack(struct printer *p, const struct strace_rec *r)
{
	struct task *t = task_get(p, (int)r->tid, true);
	char **slot = r->nr < 0 ? &t->sigstack : &t->stack;

	free(*slot);
	*slot = NULL;
	if (p->stacks && printing(p) && (r->nr < 0 || selected(p, r->nr)))
		*slot = stacks_format(p->stacks, r);
}

/* Another event comes first: the open line ends unfinished. */
static void interrupt_open(struct printer *p, struct task *except)
{
	if (!p->open || p->open == except)
		return;
	fputs(" <unfinished ...>\n", p->o.out);
	p->open = NULL;
}

static void call_of(const struct printer *p, struct call *c, const struct strace_rec *enter,
		    const struct strace_rec *exit, int nr)
{
	c->exec = NULL;
	c->sys = sysent_get(nr);
	c->enter = enter;
	c->exit = exit;
	c->strsize = p->o.strsize;
	c->fd_paths = p->o.fd_paths;
}

/*
 * A path that could not be read at entry (a page the task has not
 * touched yet) is read again at exit, after the kernel faulted it in, and
 * an execve's from the kernel's exec record: such a call prints whole at
 * exit instead of showing an address now.
 */
static bool entry_unreadable(const struct strace_rec *r)
{
	const unsigned char *q = (const unsigned char *)(r + 1);
	const unsigned char *end = (const unsigned char *)r + r->size;

	while (q + sizeof(struct strace_blob) <= end) {
		struct strace_blob b;

		memcpy(&b, q, sizeof(b));
		if (b.kind == BK_PATH && b.len <= 0)
			return true;
		q += sizeof(b) + (b.kind != BK_COUNT && b.len > 0 ? (size_t)b.len : 0);
	}
	return false;
}

static void on_enter(struct printer *p, const struct strace_rec *r)
{
	struct task *t = task_get(p, (int)r->tid, true);
	struct call c;

	free(t->enter);
	t->enter = NULL;
	if (!selected(p, r->nr))
		return;
	t->enter = xmalloc(r->size);
	memcpy(t->enter, r, r->size);
	t->shown = false;
	if (!printing(p) || deferred(p) || entry_unreadable(r))
		return;
	interrupt_open(p, NULL);
	call_of(p, &c, r, NULL, (int)r->nr);
	prefix(p, t->tid, r->ts);
	fmt_enter(&p->line, &c);
	if (c.sys->ret == R_NONE) {	/* exit, exit_group: no return to wait for */
		fmt_exit(&p->line, &c);
		sb_adds(&p->line, " ");
		while (p->line.len < RESULT_COLUMN)
			sb_addc(&p->line, ' ');
		fmt_return(&p->line, &c);
		sb_addc(&p->line, '\n');
		emit(p);
		emit_stack(p, t, true);
		free(t->enter);
		t->enter = NULL;
		return;
	}
	p->open_col = p->line.len;
	emit(p);
	t->shown = true;
	p->open = t;
}

static bool status_shown(const struct printer *p, long long ret)
{
	bool failed = ret < 0 && ret >= -4095;

	return !(p->o.sel->only_failed && !failed) && !(p->o.sel->only_successful && failed);
}

static void finish_line(struct printer *p, const struct call *c, size_t col0)
{
	fmt_exit(&p->line, c);
	sb_addc(&p->line, ' ');
	while (p->line.len + col0 < RESULT_COLUMN)
		sb_addc(&p->line, ' ');
	fmt_return(&p->line, c);
	if (p->o.durations && c->enter && c->exit) {
		uint64_t d = c->exit->ts - c->enter->ts;

		sb_addf(&p->line, " <%llu.%06llu>", (unsigned long long)(d / 1000000000ull),
			(unsigned long long)(d % 1000000000ull / 1000));
	}
	sb_addc(&p->line, '\n');
}

static void flush_signal(struct printer *p, struct task *t);

static void on_exit_rec(struct printer *p, const struct strace_rec *r)
{
	struct task *t = task_get(p, (int)r->tid, true);
	struct call c;

	/* sigreturn restores the registers: its exit has no syscall number */
	if (t->enter && t->enter->nr == SYS_rt_sigreturn && r->nr == -1) {
		struct strace_rec *fixed = xmalloc(r->size);

		memcpy(fixed, r, r->size);
		fixed->nr = SYS_rt_sigreturn;
		on_exit_rec(p, fixed);
		free(fixed);
		return;
	}
	if (!t->enter || t->enter->nr != r->nr)
		return;		/* the call began before tracing did */
	call_of(p, &c, t->enter, r, (int)r->nr);
	c.exec = r->ret == 0 ? t->exec : NULL;
	summary_add(&p->sum, (int)r->nr, r->ts - t->enter->ts, r->ret < 0 && r->ret >= -4095);
	if (printing(p) && status_shown(p, r->ret)) {
		size_t col0 = 0;

		if (!t->shown) {
			interrupt_open(p, NULL);
			prefix(p, t->tid, t->enter->ts);
			fmt_enter(&p->line, &c);
		} else if (p->open == t) {
			col0 = p->open_col;
		} else {
			interrupt_open(p, NULL);
			prefix(p, t->tid, r->ts);
			sb_addf(&p->line, "<... %s resumed>", c.sys->name);
		}
		finish_line(p, &c, col0);
		emit(p);
		emit_stack(p, t, true);
		p->open = NULL;
	}
	emit_stack(p, t, false);
	free(t->enter);
	t->enter = NULL;
	free(t->exec);
	t->exec = NULL;
	flush_signal(p, t);
}

static void on_exec(struct printer *p, const struct strace_rec *r)
{
	struct task *t = task_get(p, (int)r->tid, true);

	free(t->exec);
	t->exec = xmalloc(r->size);
	memcpy(t->exec, r, r->size);
	if (p->stacks)
		stacks_exec(p->stacks, (int)r->pid);
}

static void on_proc_exit(struct printer *p, const struct strace_rec *r)
{
	struct task *t = task_get(p, (int)r->tid, true);
	int code = (int)r->ret;

	if (t->enter) {		/* ended inside a call */
		if (printing(p) && t->shown) {
			if (p->open != t) {
				interrupt_open(p, NULL);
				prefix(p, t->tid, r->ts);
				sb_addf(&p->line, "<... %s resumed>", sysent_get((int)t->enter->nr)->name);
			}
			sb_adds(&p->line, ")");
			while (p->line.len + (p->open == t ? p->open_col : 0) < RESULT_COLUMN)
				sb_addc(&p->line, ' ');
			sb_adds(&p->line, " = ?\n");
			emit(p);
			p->open = NULL;
		}
		free(t->enter);
		t->enter = NULL;
	}
	flush_signal(p, t);
	interrupt_open(p, NULL);
	if (printing(p)) {
		prefix(p, t->tid, r->ts);
		if (code & 0x7f) {
			struct strbuf sig;

			sb_init(&sig);
			print_signal(&sig, code & 0x7f);
			sb_addf(&p->line, "+++ killed by %s%s +++\n", sig.buf,
				(code & 0x80) ? " (core dumped)" : "");
			sb_free(&sig);
		} else {
			sb_addf(&p->line, "+++ exited with %d +++\n", (code >> 8) & 0xff);
		}
		emit(p);
	}
	if (!t->exited)
		p->live--;
	t->exited = true;
}

static void print_signal_line(struct printer *p, const struct strace_rec *r)
{
	if (r->nr > 0 && r->nr < SELECT_SIGNALS && !p->o.sel->signal[r->nr]) {
		struct task *t = task_get(p, (int)r->tid, false);

		if (t) {	/* -e signal= leaves it out, and its stack */
			free(t->sigstack);
			t->sigstack = NULL;
		}
		return;
	}
	interrupt_open(p, NULL);
	prefix(p, (int)r->tid, r->ts);
	sb_adds(&p->line, "--- ");
	fmt_signal(&p->line, r);
	sb_adds(&p->line, " ---\n");
	emit(p);
	if (r->type == REC_SIGNAL) {
		struct task *t = task_get(p, (int)r->tid, false);

		if (t && t->sigstack) {
			fputs(t->sigstack, p->o.out);
			free(t->sigstack);
			t->sigstack = NULL;
		}
	}
}

/*
 * A signal reported while its task is inside a call is one the kernel
 * ignored at once (signal_generate): a traced task would have seen it on
 * the way out of the call, so it prints after the call's line.
 */
static void on_signal(struct printer *p, const struct strace_rec *r)
{
	struct task *t = task_get(p, (int)r->tid, !p->o.known_only);

	if (!t)
		return;		/* signal_generate cannot tell a task's cgroup */
	if (!printing(p))
		return;
	if (t->enter) {
		if (t->signal)
			print_signal_line(p, t->signal);
		free(t->signal);
		t->signal = xmalloc(r->size);
		memcpy(t->signal, r, r->size);
		return;
	}
	print_signal_line(p, r);
}

static void flush_signal(struct printer *p, struct task *t)
{
	if (!t->signal)
		return;
	print_signal_line(p, t->signal);
	free(t->signal);
	t->signal = NULL;
}

/*
 * The held command's records before its execve succeeds are dropped: its
 * wait for sonde, and the misses of its $PATH search (strace searches
 * $PATH itself).  The execve that succeeds prints whole at its exit.
 */
static bool held_record(struct printer *p, const struct strace_rec *r)
{
	struct task *t = task_get(p, (int)r->tid, true);

	if (r->type == REC_PROC_EXIT) {	/* it never exec'd: its exit still counts */
		p->until_exec = 0;
		return true;
	}
	if (r->nr != SYS_execve || (r->type != REC_ENTER && r->type != REC_EXIT))
		return r->type == REC_EXEC;
	if (r->type == REC_ENTER) {
		free(t->enter);
		t->enter = xmalloc(r->size);
		memcpy(t->enter, r, r->size);
		t->shown = false;
		return false;
	}
	p->until_exec = r->ret == 0 ? 0 : p->until_exec;
	if (r->ret != 0 || !selected(p, r->nr)) {
		free(t->enter);
		t->enter = NULL;
		return false;
	}
	return true;
}

void printer_until_exec(struct printer *p, int tid)
{
	p->until_exec = tid;
}

/*
 * -ff: the task's lines go to FILE.TID, each file with its own open line
 * (strace writes a call whole in its thread's file: no unfinished/resumed).
 */
static struct task *ff_enter(struct printer *p, int tid)
{
	struct task *t = task_get(p, tid, true);
	char name[PATH_MAX];

	if (!t->out) {
		snprintf(name, sizeof(name), "%s.%d", p->o.ff_base, tid);
		t->out = fopen(name, t->out_opened ? "a" : "w");
		if (!t->out) {
			fprintf(stderr, "ERROR: strace: -o %s: %s\n", name, strerror(errno));
			t->out = stderr;
		}
		t->out_opened = true;
	}
	p->o.out = t->out;
	p->open = t->line_open ? t : NULL;
	p->open_col = t->open_col;
	return t;
}

static void ff_leave(struct printer *p, struct task *t)
{
	t->line_open = p->open == t;
	t->open_col = p->open_col;
	p->open = NULL;
	p->o.out = p->base_out;
	if (t->exited && t->out && t->out != stderr) {
		fclose(t->out);
		t->out = NULL;
	}
}

static void dispatch(struct printer *p, const struct strace_rec *r);

void printer_record(struct printer *p, const struct strace_rec *r)
{
	struct task *t;

	if (!p->o.ff_base || (p->o.known_only && !task_get(p, (int)r->tid, false) &&
			      r->type == REC_SIGNAL)) {
		dispatch(p, r);
		return;
	}
	t = ff_enter(p, (int)r->tid);
	dispatch(p, r);
	ff_leave(p, t);
}

static void dispatch(struct printer *p, const struct strace_rec *r)
{
	if (p->until_exec && (int)r->tid == p->until_exec && !held_record(p, r))
		return;
	switch (r->type) {
	case REC_ENTER:
		on_enter(p, r);
		break;
	case REC_EXIT:
		on_exit_rec(p, r);
		break;
	case REC_PROC_EXIT:
		on_proc_exit(p, r);
		break;
	case REC_SIGNAL:
		on_signal(p, r);
		break;
	case REC_EXEC:
		on_exec(p, r);
		break;
	case REC_STACK:
		on_stack(p, r);
		break;
	}
}

void printer_add_counts(struct printer *p, int nr, uint64_t calls, uint64_t errors, uint64_t ns)
{
	if (nr < 0 || nr >= ARCH_SYSCALLS_MAX || !p->o.sel->nr[nr])
		return;
	p->sum.calls[nr] += calls;
	p->sum.errors[nr] += errors;
	p->sum.ns[nr] += ns;
}

void printer_flush(struct printer *p)
{
	fflush(p->base_out);
	for (int i = 0; p->o.ff_base && i < TASK_BUCKETS; i++)
		for (struct task *t = p->buckets[i]; t; t = t->next)
			if (t->out)
				fflush(t->out);
}

void printer_finish(struct printer *p)
{
	interrupt_open(p, NULL);
	for (int i = 0; p->o.ff_base && i < TASK_BUCKETS; i++) {
		for (struct task *t = p->buckets[i]; t; t = t->next) {
			if (t->line_open && t->out)
				fputs(" <unfinished ...>\n", t->out);
			t->line_open = false;
		}
	}
	if (p->o.summary)
		summary_print(&p->sum, p->o.out);
	printer_flush(p);
}

void printer_free(struct printer *p)
{
	for (int i = 0; i < TASK_BUCKETS; i++) {
		for (struct task *t = p->buckets[i], *n; t; t = n) {
			n = t->next;
			free(t->enter);
			free(t->exec);
			free(t->signal);
			free(t->stack);
			free(t->sigstack);
			if (t->out && t->out != stderr)
				fclose(t->out);
			free(t);
		}
	}
	sb_free(&p->line);
	stacks_free(p->stacks);
	free(p);
}
