// SPDX-License-Identifier: GPL-2.0
/*
 * The Perfetto export: a Trace of TracePackets (field numbers from
 * Perfetto's proto documentation; tests/record/perfetto.proto lists every
 * field written here).
 *
 *  - process and thread tracks (TrackDescriptor) with their names;
 *  - the scheduler events as ftrace events in per-CPU bundles, from which
 *    Perfetto derives CPU slices and thread states;
 *  - syscalls as slices on their thread's track (begin at entry with the
 *    number, end at exit with the return value); script spans on a track
 *    of their own under the thread, so the two never cross;
 *  - fork/exit/exec and script printfs as instant events with debug
 *    annotations; script counters and lost events as counter tracks;
 *  - event and annotation names interned once (InternedData).
 */
#include "record/export.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "record/pbuf.h"

/* TracePacket */
#define TP_FTRACE_EVENTS	1
#define TP_TIMESTAMP		8
#define TP_SEQ_ID		10
#define TP_TRACK_EVENT		11
#define TP_INTERNED_DATA	12
#define TP_SEQ_FLAGS		13
#define TP_TRACK_DESCRIPTOR	60
#define SEQ_CLEARED		1
#define SEQ_NEEDS_STATE		2
/* TrackEvent */
#define TE_DEBUG_ANNOTATIONS	4
#define TE_TYPE			9
#define TE_NAME_IID		10
#define TE_TRACK_UUID		11
#define TE_COUNTER_VALUE	30
enum { TYPE_SLICE_BEGIN = 1, TYPE_SLICE_END = 2, TYPE_INSTANT = 3, TYPE_COUNTER = 4 };
/* DebugAnnotation */
#define DA_NAME_IID		1
#define DA_UINT			3
#define DA_INT			4
#define DA_STRING		6
/* TrackDescriptor, ProcessDescriptor, ThreadDescriptor */
#define TD_UUID			1
#define TD_NAME			2
#define TD_PROCESS		3
#define TD_THREAD		4
#define TD_PARENT		5
#define TD_COUNTER		8
#define PD_PID			1
#define PD_NAME			6
#define THD_PID			1
#define THD_TID			2
#define THD_NAME		5
/* FtraceEventBundle, FtraceEvent */
#define FB_CPU			1
#define FB_EVENT		2
#define FE_TIMESTAMP		1
#define FE_PID			2
#define FE_SCHED_SWITCH		4
#define FE_SCHED_WAKEUP		17
#define FE_SCHED_WAKEUP_NEW	114
#define FE_SCHED_EXEC		237
#define FE_SCHED_EXIT		238
#define FE_SCHED_FORK		239
#define FE_SCHED_MIGRATE	491

#define SEQ_TRACK_EVENTS	1
#define BUNDLE_EVENTS		512

/* Interned ids: event names, then annotation names. */
#define IID_SYSCALL(nr)		((nr) + 1)		/* nr < 1024 */
#define IID_SCRIPT(sid)		(2048 + (sid))
#define IID_KIND(kind)		(1024 + (kind))
#define IID_SYSCALL_OTHER	1500

enum { AN_NR = 1, AN_RET, AN_FILENAME, AN_CHILD, AN_MESSAGE, AN_ARG0 };
static const char *const annotation_names[] = {
	[AN_NR] = "nr", [AN_RET] = "ret", [AN_FILENAME] = "filename",
	[AN_CHILD] = "child_tid", [AN_MESSAGE] = "message",
	[AN_ARG0] = "arg0", "arg1", "arg2", "arg3", "arg4", "arg5", "arg6", "arg7",
};

/* Track uuids: one range per kind of track. */
#define UUID_PROCESS(pid)	(0x100000000ull + (pid))
#define UUID_THREAD(tid)	(0x200000000ull + (tid))
#define UUID_LOST(cpu)		(0x300000000ull + (uint64_t)(cpu))
#define UUID_COUNTER(sid)	(0x400000000ull + (sid))
#define UUID_SPANS(tid)		(0x500000000ull + (tid))

struct thread_state {
	bool in_syscall;
	bool spans_track;	/* its span track described */
	int span_depth;
};

struct pf {
	const struct rec_file *f;
	FILE *out;
	struct pbuf b;			/* the packets, written out as it grows */
	struct pbuf *bundles;		/* per CPU: encoded FtraceEvents */
	int *bundle_n;
	struct thread_state *threads;	/* by thread slot */
	uint8_t *counter_seen;		/* by string id: its track described */
	uint64_t *lost_total;		/* per CPU */
};

static void flush_out(struct pf *p, bool force)
{
	if (p->b.len && (force || p->b.len > (1u << 20))) {
		fwrite(p->b.buf, 1, p->b.len, p->out);
		p->b.len = 0;
	}
}

/* A TracePacket of the track-event sequence; returns the track_event's start. */
static size_t begin_event(struct pf *p, size_t *packet, uint64_t ts, int type, uint64_t track)
{
	size_t ev;

	*packet = pb_begin(&p->b, 1);
	pb_uint(&p->b, TP_TIMESTAMP, ts);
	pb_uint(&p->b, TP_SEQ_ID, SEQ_TRACK_EVENTS);
	pb_uint(&p->b, TP_SEQ_FLAGS, SEQ_NEEDS_STATE);
	ev = pb_begin(&p->b, TP_TRACK_EVENT);
	pb_uint(&p->b, TE_TYPE, (uint64_t)type);
	pb_uint(&p->b, TE_TRACK_UUID, track);
	return ev;
}

static void end_event(struct pf *p, size_t packet, size_t ev)
{
	pb_end(&p->b, ev);
	pb_end(&p->b, packet);
	flush_out(p, false);
}

static void annotate_int(struct pf *p, int name, int64_t v)
{
	size_t a = pb_begin(&p->b, TE_DEBUG_ANNOTATIONS);

	pb_uint(&p->b, DA_NAME_IID, (uint64_t)name);
	pb_int(&p->b, DA_INT, v);
	pb_end(&p->b, a);
}

static void annotate_str(struct pf *p, int name, const char *s, size_t n)
{
	size_t a = pb_begin(&p->b, TE_DEBUG_ANNOTATIONS);

	pb_uint(&p->b, DA_NAME_IID, (uint64_t)name);
	pb_bytes(&p->b, DA_STRING, s, n);
	pb_end(&p->b, a);
}

/* ---- the first packets: interned names, tracks ------------------------------ */

static void intern_name(struct pbuf *b, uint64_t iid, const char *name)
{
	size_t n = pb_begin(b, 2);	/* InternedData.event_names */

	pb_uint(b, 1, iid);
	pb_str(b, 2, name);
	pb_end(b, n);
}

static void write_interned(struct pf *p)
{
	size_t packet = pb_begin(&p->b, 1), data;
	char buf[32];

	pb_uint(&p->b, TP_SEQ_ID, SEQ_TRACK_EVENTS);
	pb_uint(&p->b, TP_SEQ_FLAGS, SEQ_CLEARED);
	data = pb_begin(&p->b, TP_INTERNED_DATA);
	for (uint64_t nr = 0; nr < 1024; nr++) {
		const char *name = rec_syscall_name(nr);

		if (name)
			intern_name(&p->b, IID_SYSCALL(nr), name);
	}
	intern_name(&p->b, IID_SYSCALL_OTHER, "syscall");
	for (unsigned k = 0; k < RK_THREAD; k++)
		intern_name(&p->b, IID_KIND(k), rec_kind_name(k));
	for (int i = 0; i < p->f->strings.n; i++) {
		snprintf(buf, sizeof(buf), "?%d", i + 1);
		intern_name(&p->b, IID_SCRIPT((uint64_t)i + 1),
			    p->f->strings.v[i] ? p->f->strings.v[i] : buf);
	}
	for (size_t i = 1; i < ARRAY_SIZE(annotation_names); i++) {
		size_t n = pb_begin(&p->b, 3);	/* debug_annotation_names */

		pb_uint(&p->b, 1, i);
		pb_str(&p->b, 2, annotation_names[i]);
		pb_end(&p->b, n);
	}
	pb_end(&p->b, data);
	pb_end(&p->b, packet);
}

static void write_track(struct pf *p, uint64_t uuid, uint64_t parent, const char *name,
			bool counter)
{
	size_t packet = pb_begin(&p->b, 1), td = pb_begin(&p->b, TP_TRACK_DESCRIPTOR);

	pb_uint(&p->b, TD_UUID, uuid);
	if (parent)
		pb_uint(&p->b, TD_PARENT, parent);
	pb_str(&p->b, TD_NAME, name);
	if (counter)
		pb_end(&p->b, pb_begin(&p->b, TD_COUNTER));
	pb_end(&p->b, td);
	pb_end(&p->b, packet);
}

static void write_process(struct pf *p, uint32_t pid)
{
	size_t packet = pb_begin(&p->b, 1), td = pb_begin(&p->b, TP_TRACK_DESCRIPTOR), pd;
	char buf[24];

	pb_uint(&p->b, TD_UUID, UUID_PROCESS(pid));
	pd = pb_begin(&p->b, TD_PROCESS);
	pb_int(&p->b, PD_PID, pid);
	pb_str(&p->b, PD_NAME, recf_comm(p->f, pid, buf));
	pb_end(&p->b, pd);
	pb_end(&p->b, td);
	pb_end(&p->b, packet);
}

static void write_thread(struct pf *p, const struct rec_thread *t)
{
	size_t packet = pb_begin(&p->b, 1), td = pb_begin(&p->b, TP_TRACK_DESCRIPTOR), thd;

	pb_uint(&p->b, TD_UUID, UUID_THREAD(t->tid));
	pb_uint(&p->b, TD_PARENT, UUID_PROCESS(t->pid));
	thd = pb_begin(&p->b, TD_THREAD);
	pb_int(&p->b, THD_PID, t->pid);
	pb_int(&p->b, THD_TID, t->tid);
	pb_str(&p->b, THD_NAME, t->comm);
	pb_end(&p->b, thd);
	pb_end(&p->b, td);
	pb_end(&p->b, packet);
}

/* Every process once (by its main thread or first thread seen), every thread. */
static void write_tracks(struct pf *p)
{
	const struct rec_file *f = p->f;
	uint8_t *done = xcalloc(f->threads_cap ? f->threads_cap : 1, 1);

	for (uint32_t i = 0; i < f->threads_cap; i++) {
		const struct rec_thread *t = &f->threads[i];
		int slot = t->used ? recf_thread_slot(f, t->pid) : -1;

		if (!t->used || (slot >= 0 && done[slot]))
			continue;
		write_process(p, t->pid);
		if (slot >= 0)
			done[slot] = 1;
		else
			done[i] = 1;
	}
	for (uint32_t i = 0; i < f->threads_cap; i++)
		if (f->threads[i].used)
			write_thread(p, &f->threads[i]);
	for (uint32_t cpu = 0; cpu < f->hdr.ncpus; cpu++) {
		char name[48];

		if (!f->cpu_lost[cpu])
			continue;
		snprintf(name, sizeof(name), "lost events cpu%u", cpu);
		write_track(p, UUID_LOST(cpu), 0, name, true);
	}
	free(done);
}

/* ---- scheduler events: ftrace bundles ------------------------------------------ */

static void flush_bundle(struct pf *p, int cpu)
{
	struct pbuf *e = &p->bundles[cpu];
	size_t packet, bundle;

	if (!p->bundle_n[cpu])
		return;
	packet = pb_begin(&p->b, 1);
	pb_uint(&p->b, TP_SEQ_ID, 100 + (uint64_t)cpu);
	bundle = pb_begin(&p->b, TP_FTRACE_EVENTS);
	pb_uint(&p->b, FB_CPU, (uint64_t)cpu);
	pb_room(&p->b, e->len);
	memcpy(p->b.buf + p->b.len, e->buf, e->len);
	p->b.len += e->len;
	pb_end(&p->b, bundle);
	pb_end(&p->b, packet);
	e->len = 0;
	p->bundle_n[cpu] = 0;
	flush_out(p, false);
}

static void ftrace_wakeup(struct pf *p, struct pbuf *e, const struct rec_event *ev, int field)
{
	size_t m = pb_begin(e, (unsigned)field);
	char buf[24];

	pb_str(e, 1, recf_comm(p->f, (uint32_t)ev->f[1], buf));
	pb_int(e, 2, (int64_t)ev->f[1]);
	pb_int(e, 3, (int64_t)ev->f[2]);
	pb_int(e, 4, 1);
	pb_int(e, 5, (int64_t)ev->f[3]);
	pb_end(e, m);
}

static void ftrace_event(struct pf *p, const struct rec_event *ev)
{
	struct pbuf *e = &p->bundles[ev->cpu];
	size_t fe = pb_begin(e, FB_EVENT), m;
	char b1[24], b2[24];

	pb_uint(e, FE_TIMESTAMP, ev->ts);
	pb_uint(e, FE_PID, ev->f[0]);
	switch (ev->kind) {
	case RK_SWITCH:
		m = pb_begin(e, FE_SCHED_SWITCH);
		pb_str(e, 1, recf_comm(p->f, (uint32_t)ev->f[0], b1));
		pb_int(e, 2, (int64_t)ev->f[0]);
		pb_int(e, 3, (int64_t)ev->f[2]);
		pb_int(e, 4, (int64_t)ev->f[1]);
		pb_str(e, 5, recf_comm(p->f, (uint32_t)ev->f[3], b2));
		pb_int(e, 6, (int64_t)ev->f[3]);
		pb_int(e, 7, (int64_t)ev->f[4]);
		pb_end(e, m);
		break;
	case RK_WAKEUP:
		ftrace_wakeup(p, e, ev, FE_SCHED_WAKEUP);
		break;
	case RK_WAKEUP_NEW:
		ftrace_wakeup(p, e, ev, FE_SCHED_WAKEUP_NEW);
		break;
	case RK_MIGRATE:
		m = pb_begin(e, FE_SCHED_MIGRATE);
		pb_str(e, 1, recf_comm(p->f, (uint32_t)ev->f[1], b1));
		pb_int(e, 2, (int64_t)ev->f[1]);
		pb_int(e, 3, (int64_t)ev->f[2]);
		pb_int(e, 4, (int64_t)ev->f[3]);
		pb_int(e, 5, (int64_t)ev->f[4]);
		pb_end(e, m);
		break;
	case RK_FORK:
		m = pb_begin(e, FE_SCHED_FORK);
		pb_str(e, 1, recf_comm(p->f, (uint32_t)ev->f[0], b1));
		pb_int(e, 2, (int64_t)ev->f[0]);
		pb_str(e, 3, recf_comm(p->f, (uint32_t)ev->f[1], b2));
		pb_int(e, 4, (int64_t)ev->f[1]);
		pb_end(e, m);
		break;
	case RK_EXIT:
		m = pb_begin(e, FE_SCHED_EXIT);
		pb_str(e, 1, recf_comm(p->f, (uint32_t)ev->f[0], b1));
		pb_int(e, 2, (int64_t)ev->f[0]);
		pb_int(e, 3, recf_pid(p->f, (uint32_t)ev->f[0]));
		pb_int(e, 4, (int64_t)ev->f[1]);
		pb_end(e, m);
		break;
	case RK_EXEC:
		m = pb_begin(e, FE_SCHED_EXEC);
		pb_bytes(e, 1, ev->str, ev->slen);
		pb_int(e, 2, (int64_t)ev->f[0]);
		pb_int(e, 3, (int64_t)ev->f[1]);
		pb_end(e, m);
		break;
	}
	pb_end(e, fe);
	if (++p->bundle_n[ev->cpu] >= BUNDLE_EVENTS)
		flush_bundle(p, ev->cpu);
}

/* ---- track events --------------------------------------------------------------- */

static struct thread_state *state_of(struct pf *p, uint32_t tid)
{
	int slot = recf_thread_slot(p->f, tid);

	return slot >= 0 ? &p->threads[slot] : NULL;
}

static uint64_t syscall_iid(uint64_t nr)
{
	return nr < 1024 && rec_syscall_name(nr) ? IID_SYSCALL(nr) : IID_SYSCALL_OTHER;
}

static void slice_end(struct pf *p, uint64_t ts, uint64_t track, int ret_name, int64_t ret)
{
	size_t packet, te = begin_event(p, &packet, ts, TYPE_SLICE_END, track);

	if (ret_name)
		annotate_int(p, ret_name, ret);
	end_event(p, packet, te);
}

static void syscall_event(struct pf *p, const struct rec_event *ev)
{
	uint32_t tid = (uint32_t)ev->f[0];
	struct thread_state *t = state_of(p, tid);
	size_t packet, te;

	if (!t)
		return;
	if (ev->kind == RK_SYS_EXIT) {
		if (t->in_syscall)	/* an exit without its entry began before the recording */
			slice_end(p, ev->ts, UUID_THREAD(tid), AN_RET, (int64_t)ev->f[2]);
		t->in_syscall = false;
		return;
	}
	if (t->in_syscall)	/* the exit was lost: end it here */
		slice_end(p, ev->ts, UUID_THREAD(tid), 0, 0);
	te = begin_event(p, &packet, ev->ts, TYPE_SLICE_BEGIN, UUID_THREAD(tid));
	pb_uint(&p->b, TE_NAME_IID, syscall_iid(ev->f[1]));
	annotate_int(p, AN_NR, (int64_t)ev->f[1]);
	end_event(p, packet, te);
	t->in_syscall = true;
}

static void process_instant(struct pf *p, const struct rec_event *ev)
{
	size_t packet, te = begin_event(p, &packet, ev->ts, TYPE_INSTANT, UUID_THREAD(ev->f[0]));

	pb_uint(&p->b, TE_NAME_IID, IID_KIND(ev->kind));
	if (ev->kind == RK_FORK)
		annotate_int(p, AN_CHILD, (int64_t)ev->f[1]);
	else if (ev->kind == RK_EXEC)
		annotate_str(p, AN_FILENAME, ev->str, ev->slen);
	end_event(p, packet, te);
}

static void script_instant(struct pf *p, const struct rec_event *ev)
{
	size_t packet, te = begin_event(p, &packet, ev->ts, TYPE_INSTANT, UUID_THREAD(ev->f[0]));

	pb_uint(&p->b, TE_NAME_IID, IID_SCRIPT(ev->f[1]));
	annotate_str(p, AN_MESSAGE, ev->str, ev->slen);
	for (int i = 0; i < ev->nargs; i++) {
		const struct rec_arg *a = &ev->args[i];
		size_t an = pb_begin(&p->b, TE_DEBUG_ANNOTATIONS);

		pb_uint(&p->b, DA_NAME_IID, AN_ARG0 + (uint64_t)i);
		if (a->type == RA_STR)
			pb_bytes(&p->b, DA_STRING, a->s, a->slen);
		else if (a->type == RA_INT)
			pb_int(&p->b, DA_INT, a->i);
		else
			pb_uint(&p->b, DA_UINT, (uint64_t)a->i);
		pb_end(&p->b, an);
	}
	end_event(p, packet, te);
}

static void script_span(struct pf *p, const struct rec_event *ev)
{
	uint32_t tid = (uint32_t)ev->f[0];
	struct thread_state *t = state_of(p, tid);
	size_t packet, te;

	if (!t)
		return;
	if (ev->kind == RK_END) {
		if (t->span_depth > 0) {
			slice_end(p, ev->ts, UUID_SPANS(tid), 0, 0);
			t->span_depth--;
		}
		return;
	}
	if (!t->spans_track) {
		char name[40];

		snprintf(name, sizeof(name), "spans %u", tid);
		write_track(p, UUID_SPANS(tid), UUID_THREAD(tid), name, false);
		t->spans_track = true;
	}
	te = begin_event(p, &packet, ev->ts, TYPE_SLICE_BEGIN, UUID_SPANS(tid));
	pb_uint(&p->b, TE_NAME_IID, IID_SCRIPT(ev->f[1]));
	end_event(p, packet, te);
	t->span_depth++;
}

static void counter(struct pf *p, uint64_t ts, uint64_t track, int64_t value)
{
	size_t packet, te = begin_event(p, &packet, ts, TYPE_COUNTER, track);

	pb_int(&p->b, TE_COUNTER_VALUE, value);
	end_event(p, packet, te);
}

static void script_counter(struct pf *p, const struct rec_event *ev)
{
	uint64_t sid = ev->f[1];

	if (sid == 0 || sid > (uint64_t)p->f->strings.n)
		return;
	if (!p->counter_seen[sid]) {
		write_track(p, UUID_COUNTER(sid), 0, export_name(p->f, sid), true);
		p->counter_seen[sid] = 1;
	}
	counter(p, ev->ts, UUID_COUNTER(sid), (int64_t)ev->f[2]);
}

static void visit(struct pf *p, const struct rec_event *ev)
{
	switch (ev->kind) {
	case RK_SWITCH: case RK_WAKEUP: case RK_WAKEUP_NEW: case RK_MIGRATE:
		ftrace_event(p, ev);
		break;
	case RK_FORK: case RK_EXIT: case RK_EXEC:
		ftrace_event(p, ev);
		process_instant(p, ev);
		break;
	case RK_SYS_ENTER: case RK_SYS_EXIT:
		syscall_event(p, ev);
		break;
	case RK_INSTANT:
		script_instant(p, ev);
		break;
	case RK_BEGIN: case RK_END:
		script_span(p, ev);
		break;
	case RK_COUNTER:
		script_counter(p, ev);
		break;
	}
}

/* Slices still open at the end close at the last event's time. */
static void close_open(struct pf *p)
{
	const struct rec_file *f = p->f;

	for (uint32_t i = 0; i < f->threads_cap; i++) {
		struct thread_state *t = &p->threads[i];

		if (!f->threads[i].used)
			continue;
		if (t->in_syscall)
			slice_end(p, f->last_ts, UUID_THREAD(f->threads[i].tid), 0, 0);
		for (; t->span_depth > 0; t->span_depth--)
			slice_end(p, f->last_ts, UUID_SPANS(f->threads[i].tid), 0, 0);
	}
}

static void write_losses(struct pf *p)
{
	for (int i = 0; i < p->f->losses.n; i++) {
		const struct rec_loss *l = &p->f->losses.v[i];

		if (l->cpu < 0 || (uint32_t)l->cpu >= p->f->hdr.ncpus)
			continue;
		p->lost_total[l->cpu] += l->count;
		counter(p, l->ts, UUID_LOST(l->cpu), (int64_t)p->lost_total[l->cpu]);
	}
}

int export_perfetto(const struct rec_file *f, FILE *out)
{
	struct pf p = { .f = f, .out = out };
	struct rec_event ev;
	uint32_t ncpus = f->hdr.ncpus;

	p.bundles = xcalloc(ncpus, sizeof(*p.bundles));
	p.bundle_n = xcalloc(ncpus, sizeof(int));
	p.threads = xcalloc(f->threads_cap ? f->threads_cap : 1, sizeof(*p.threads));
	p.counter_seen = xcalloc((size_t)f->strings.n + 1, 1);
	p.lost_total = xcalloc(ncpus, sizeof(uint64_t));
	write_interned(&p);
	write_tracks(&p);
	for (int i = 0; i < f->refs.n; i++)
		if (recf_event(f, i, &ev))
			visit(&p, &ev);
	for (uint32_t cpu = 0; cpu < ncpus; cpu++)
		flush_bundle(&p, (int)cpu);
	close_open(&p);
	write_losses(&p);
	flush_out(&p, true);
	for (uint32_t cpu = 0; cpu < ncpus; cpu++)
		free(p.bundles[cpu].buf);
	free(p.bundles);
	free(p.bundle_n);
	free(p.threads);
	free(p.counter_seen);
	free(p.lost_total);
	free(p.b.buf);
	return ferror(out) ? -1 : 0;
}
