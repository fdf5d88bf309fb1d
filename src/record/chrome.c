// SPDX-License-Identifier: GPL-2.0
/*
 * The Chrome trace JSON export ({"traceEvents": [...]}, the format of
 * chrome://tracing, DevTools, Perfetto's legacy importer and speedscope):
 *
 *  M  process and thread names;
 *  X  syscalls on their thread (args: nr, ret), script spans on a
 *     companion row of the thread ("COMM spans", tid + SPAN_TID_BASE) so
 *     the two never cross, and what each CPU ran, on a "CPUs" process
 *     (one row per CPU).  Slices are complete events, written when they
 *     end, not B/E pairs: DevTools' trace engine matches B with E through
 *     one stack for all threads, so pairs of different threads that
 *     overlap in time would be mismatched;
 *  i  fork, exit, exec and script printfs (message and arguments);
 *  C  lost events per CPU and script counters.
 *
 * Times are microseconds from the first event, with nanosecond decimals.
 * Wakeups and migrations have no natural shape here: they are left to the
 * Perfetto export.
 */
#include "record/export.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define CPU_PID		4194305u	/* above any pid (pid_max is at most 2^22) */
#define SPAN_TID_BASE	4194304u

#define SPAN_STACK	32

struct chrome_thread {
	bool in_syscall;
	bool spans_named;
	uint64_t nr, since;		/* the syscall in progress */
	int span_depth;
	struct { uint64_t sid, since; } spans[SPAN_STACK];	/* open spans (deeper: lost) */
};

struct cj {
	const struct rec_file *f;
	FILE *out;
	bool first;
	struct chrome_thread *threads;	/* by thread slot */
	uint64_t *cpu_since;		/* per CPU: when its current task came on */
	uint32_t *cpu_tid;		/* per CPU: that task, or UINT32_MAX: unknown */
	uint64_t *lost_total;
};

static void json_str(FILE *out, const char *s, size_t n)
{
	fputc('"', out);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)	/* bytes, not necessarily UTF-8 */
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void json_cstr(FILE *out, const char *s)
{
	json_str(out, s, strlen(s));
}

/* The start of an event object: {"ph":..,"ts":..,"pid":..,"tid":.. */
static void begin(struct cj *c, char ph, uint64_t ts, uint32_t pid, uint32_t tid)
{
	uint64_t rel = ts >= c->f->first_ts ? ts - c->f->first_ts : 0;

	fputs(c->first ? "\n" : ",\n", c->out);
	c->first = false;
	fprintf(c->out, "{\"ph\":\"%c\",\"ts\":%" PRIu64 ".%03u,\"pid\":%u,\"tid\":%u", ph,
		rel / 1000, (unsigned)(rel % 1000), pid, tid);
}

static void name(struct cj *c, const char *n)
{
	fputs(",\"name\":", c->out);
	json_cstr(c->out, n);
}

static void meta_name(struct cj *c, const char *what, uint32_t pid, uint32_t tid,
		      const char *n)
{
	begin(c, 'M', c->f->first_ts, pid, tid);
	name(c, what);
	fputs(",\"args\":{\"name\":", c->out);
	json_cstr(c->out, n);
	fputs("}}", c->out);
}

static struct chrome_thread *state_of(struct cj *c, uint32_t tid)
{
	int slot = recf_thread_slot(c->f, tid);

	return slot >= 0 ? &c->threads[slot] : NULL;
}

static void write_names(struct cj *c)
{
	const struct rec_file *f = c->f;
	char buf[24];

	for (uint32_t i = 0; i < f->threads_cap; i++) {
		const struct rec_thread *t = &f->threads[i];

		if (!t->used)
			continue;
		if (t->tid == t->pid || !recf_thread(f, t->pid))
			meta_name(c, "process_name", t->pid, t->pid, recf_comm(f, t->pid, buf));
		meta_name(c, "thread_name", t->pid, t->tid, t->comm);
	}
	meta_name(c, "process_name", CPU_PID, 0, "CPUs");
	for (uint32_t cpu = 0; cpu < f->hdr.ncpus; cpu++) {
		char n[24];

		snprintf(n, sizeof(n), "cpu%u", cpu);
		meta_name(c, "thread_name", CPU_PID, cpu, n);
	}
}


static void complete(struct cj *c, uint64_t since, uint64_t ts, uint32_t pid, uint32_t tid,
		     const char *n, const char *cat)
{
	uint64_t dur = ts >= since ? ts - since : 0;

	begin(c, 'X', since, pid, tid);
	name(c, n);
	fprintf(c->out, ",\"cat\":\"%s\",\"dur\":%" PRIu64 ".%03u", cat, dur / 1000,
		(unsigned)(dur % 1000));
}

/* The syscall in progress on t, ended at ts (with its return value when known). */
static void end_syscall(struct cj *c, struct chrome_thread *t, uint32_t tid, uint64_t ts,
			bool with_ret, int64_t ret)
{
	const char *sys = rec_syscall_name(t->nr);

	complete(c, t->since, ts, recf_pid(c->f, tid), tid, sys ? sys : "syscall", "syscall");
	fprintf(c->out, ",\"args\":{\"nr\":%" PRIu64, t->nr);
	if (with_ret)
		fprintf(c->out, ",\"ret\":%" PRId64, ret);
	fputs("}}", c->out);
	t->in_syscall = false;
}

static void syscall_event(struct cj *c, const struct rec_event *ev)
{
	uint32_t tid = (uint32_t)ev->f[0];
	struct chrome_thread *t = state_of(c, tid);

	if (!t)
		return;
	if (ev->kind == RK_SYS_EXIT) {
		if (t->in_syscall)	/* else it began before the recording */
			end_syscall(c, t, tid, ev->ts, true, (int64_t)ev->f[2]);
		return;
	}
	if (t->in_syscall)	/* its exit was lost: end it here */
		end_syscall(c, t, tid, ev->ts, false, 0);
	t->in_syscall = true;
	t->nr = ev->f[1];
	t->since = ev->ts;
}

/* What ran on the CPU until now, as one X event. */
static void cpu_switch(struct cj *c, const struct rec_event *ev)
{
	uint32_t cpu = (uint32_t)ev->cpu, prev = (uint32_t)ev->f[0];
	char buf[24];

	if (c->cpu_tid[cpu] == prev && prev != 0) {
		uint64_t dur = ev->ts - c->cpu_since[cpu];

		begin(c, 'X', c->cpu_since[cpu], CPU_PID, cpu);
		name(c, recf_comm(c->f, prev, buf));
		fprintf(c->out, ",\"cat\":\"sched\",\"dur\":%" PRIu64 ".%03u,\"args\":{\"tid\":%u}}",
			dur / 1000, (unsigned)(dur % 1000), prev);
	}
	c->cpu_tid[cpu] = (uint32_t)ev->f[3];
	c->cpu_since[cpu] = ev->ts;
}

static void instant(struct cj *c, const struct rec_event *ev)
{
	uint32_t tid = (uint32_t)ev->f[0];

	begin(c, 'i', ev->ts, recf_pid(c->f, tid), tid);
	fputs(",\"s\":\"t\"", c->out);
	if (ev->kind == RK_INSTANT) {
		name(c, export_name(c->f, ev->f[1]));
		fputs(",\"cat\":\"script\",\"args\":{\"message\":", c->out);
		json_str(c->out, ev->str, ev->slen);
		for (int i = 0; i < ev->nargs; i++) {
			const struct rec_arg *a = &ev->args[i];

			fprintf(c->out, ",\"arg%d\":", i);
			if (a->type == RA_STR)
				json_str(c->out, a->s, a->slen);
			else if (a->type == RA_INT)
				fprintf(c->out, "%" PRId64, a->i);
			else
				fprintf(c->out, "%" PRIu64, (uint64_t)a->i);
		}
		fputs("}}", c->out);
		return;
	}
	name(c, rec_kind_name(ev->kind));
	fputs(",\"cat\":\"sched\"", c->out);
	if (ev->kind == RK_FORK)
		fprintf(c->out, ",\"args\":{\"child_tid\":%" PRIu64 "}", ev->f[1]);
	else if (ev->kind == RK_EXEC) {
		fputs(",\"args\":{\"filename\":", c->out);
		json_str(c->out, ev->str, ev->slen);
		fputc('}', c->out);
	}
	fputc('}', c->out);
}

static void end_span(struct cj *c, uint64_t ts, struct chrome_thread *t, uint32_t pid,
		     uint32_t tid)
{
	t->span_depth--;
	if (t->span_depth >= SPAN_STACK)
		return;
	complete(c, t->spans[t->span_depth].since, ts, pid, SPAN_TID_BASE + tid,
		 export_name(c->f, t->spans[t->span_depth].sid), "span");
	fputc('}', c->out);
}

static void span(struct cj *c, const struct rec_event *ev)
{
	uint32_t tid = (uint32_t)ev->f[0];
	struct chrome_thread *t = state_of(c, tid);
	uint32_t pid = recf_pid(c->f, tid);

	if (!t)
		return;
	if (!t->spans_named) {
		char n[40], buf[24];

		snprintf(n, sizeof(n), "%s spans", recf_comm(c->f, tid, buf));
		meta_name(c, "thread_name", pid, SPAN_TID_BASE + tid, n);
		t->spans_named = true;
	}
	if (ev->kind == RK_END) {
		if (t->span_depth > 0)
			end_span(c, ev->ts, t, pid, tid);
		return;
	}
	if (t->span_depth < SPAN_STACK) {
		t->spans[t->span_depth].sid = ev->f[1];
		t->spans[t->span_depth].since = ev->ts;
	}
	t->span_depth++;
}

static void counter(struct cj *c, uint64_t ts, uint32_t pid, const char *n, const char *series,
		    int64_t v)
{
	begin(c, 'C', ts, pid, 0);
	name(c, n);
	fputs(",\"args\":{", c->out);
	json_cstr(c->out, series);
	fprintf(c->out, ":%" PRId64 "}}", v);
}

static void visit(struct cj *c, const struct rec_event *ev)
{
	switch (ev->kind) {
	case RK_SWITCH:
		cpu_switch(c, ev);
		break;
	case RK_FORK: case RK_EXIT: case RK_EXEC: case RK_INSTANT:
		instant(c, ev);
		break;
	case RK_SYS_ENTER: case RK_SYS_EXIT:
		syscall_event(c, ev);
		break;
	case RK_BEGIN: case RK_END:
		span(c, ev);
		break;
	case RK_COUNTER:
		counter(c, ev->ts, recf_pid(c->f, (uint32_t)ev->f[0]),
			export_name(c->f, ev->f[1]), "value", (int64_t)ev->f[2]);
		break;
	}
}

static void close_open(struct cj *c)
{
	const struct rec_file *f = c->f;

	for (uint32_t i = 0; i < f->threads_cap; i++) {
		struct chrome_thread *t = &c->threads[i];
		uint32_t tid = f->threads[i].tid;

		if (!f->threads[i].used)
			continue;
		if (t->in_syscall)
			end_syscall(c, t, tid, f->last_ts, false, 0);
		while (t->span_depth > 0)
			end_span(c, f->last_ts, t, f->threads[i].pid, tid);
	}
}

static void losses(struct cj *c)
{
	for (int i = 0; i < c->f->losses.n; i++) {
		const struct rec_loss *l = &c->f->losses.v[i];
		char series[24];

		if (l->cpu < 0 || (uint32_t)l->cpu >= c->f->hdr.ncpus)
			continue;
		c->lost_total[l->cpu] += l->count;
		snprintf(series, sizeof(series), "cpu%d", l->cpu);
		counter(c, l->ts, CPU_PID, "lost events", series, (int64_t)c->lost_total[l->cpu]);
	}
}

int export_chrome(const struct rec_file *f, FILE *out)
{
	struct cj c = { .f = f, .out = out, .first = true };
	uint32_t ncpus = f->hdr.ncpus;
	struct rec_event ev;

	c.threads = xcalloc(f->threads_cap ? f->threads_cap : 1, sizeof(*c.threads));
	c.cpu_since = xcalloc(ncpus, sizeof(uint64_t));
	c.cpu_tid = xmalloc(ncpus * sizeof(uint32_t));
	memset(c.cpu_tid, 0xff, ncpus * sizeof(uint32_t));
	c.lost_total = xcalloc(ncpus, sizeof(uint64_t));
	fputs("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[", out);
	write_names(&c);
	for (int i = 0; i < f->refs.n; i++)
		if (recf_event(f, i, &ev))
			visit(&c, &ev);
	close_open(&c);
	losses(&c);
	fputs("\n]}\n", out);
	free(c.threads);
	free(c.cpu_since);
	free(c.cpu_tid);
	free(c.lost_total);
	return ferror(out) ? -1 : 0;
}
