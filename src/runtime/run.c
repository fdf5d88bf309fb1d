// SPDX-License-Identifier: GPL-2.0
/*
 * The runtime: BEGIN, attach, the ring buffer loop, signals, the -c child,
 * END and the final map printout; self:signal probes when SIGUSR1 comes,
 * and --mode bench's timed runs instead of the attach and the loop.
 */
#include "run.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "catfile.h"
#include "child.h"
#include "events.h"
#include "runhold.h"
#include "loader.h"
#include "pcap.h"
#include "lang/diag.h"
#include "format.h"
#include "printf.h"
#include "umaps.h"
#include "ustacks.h"

#define STOP_EXIT_EVENT (-1000)
#define STOP_OUTPUT_FAILED (-1001)

/*
 * Records per batch: the output is flushed after each, so this bounds how
 * long a line waits in the buffer under a flood (16k records take a few
 * milliseconds to format).
 */
#define BATCH_MAX 16384
/*
 * After a batch, the consumer naps this long before it reads again, and
 * waits in epoll only when it found nothing.  The kernel signals the
 * reader (an irq_work, a self-interrupt on the traced CPU) each time a
 * record lands on an empty ring, so a reader that keeps up record by
 * record would cost the traced program a signal per event; napping lets
 * records gather and bounds those signals to about one per nap.
 */
#define NAP_NS 1000000ull
/* After a signal, the records still in the ring are printed for at most this long. */
#define STOP_DRAIN_NS 300000000ull
/* Losses are reported at most this often while running. */
#define LOST_REPORT_NS 1000000000ull

struct runner {
	struct program *prog;
	const struct run_opts *opts;
	struct output out;
	struct event_ring ring;
	struct pcap_out *pcap;	/* skboutput()'s files, or NULL */
	uint64_t lost_reported;
	uint64_t next_lost_report;
	uint64_t dropped_at_stop;	/* left in the ring when a signal cut the drain */
	uint64_t drain_deadline;	/* a signal came: the drain stops here (0: none) */
	int exit_code;
	bool exiting;
	bool child_exited;
	int child_status;
	uint64_t deadline_ns;	/* --timeout */
	bool in_loop;		/* polling while probes are attached */
	bool cat_warned;	/* cat() has said it cut a file */
	bool in_iter;		/* draining what an iterator's pass printed */
	struct held *runs;	/* D clause-runs' records until each ends (runhold.c) */
};

static volatile int stop_signal;
/* SIGUSR1 came and the self:signal:SIGUSR1 probes have not run for it yet */
static volatile int usr1_pending;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void on_usr1(int sig)
{
	usr1_pending = 1;
}

void run_stop(int sig)
{
	stop_signal = sig;
}

static void install_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static bool has_kind(const struct program *prog, enum provider_kind kind)
{
	for (int i = 0; i < prog->progs.n; i++)
		if (prog->progs.v[i].prov->kind == kind)
			return true;
	return false;
}

/*
 * self:signal:SIGUSR1: the signal no longer ends sonde; the probes run
 * from the event loop (not in the handler: they print).
 */
static void install_usr1(const struct program *prog)
{
	struct sigaction sa = { .sa_handler = on_usr1 };

	if (!has_kind(prog, PROV_SIGNAL))
		return;
	usr1_pending = 0;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
}

static void restore_usr1(const struct program *prog)
{
	if (has_kind(prog, PROV_SIGNAL))
		signal(SIGUSR1, SIG_DFL);
}

/*
 * What system() or cat() read: as it is in text, one record of the given
 * type in JSON ("syscall" and "cat", as bpftrace names them).
 */
static void emit_captured(struct runner *r, const char *type, const char *buf, size_t n)
{
	struct strbuf js;

	if (r->opts->format != OUT_JSON) {
		fwrite(buf, 1, n, r->out.f);
		return;
	}
	sb_init(&js);
	json_string(&js, buf, n);
	fprintf(r->out.f, "{\"type\": \"%s\", \"data\": %s}\n", type, js.buf);
	sb_free(&js);
}

/* system("cmd %d", ...): run it (--unsafe only) and pass its output through. */
static void run_system(struct runner *r, const struct event_spec *ev, const void *payload)
{
	struct strbuf cmd, got;
	char buf[4096];
	size_t n;
	FILE *p;

	sb_init(&cmd);
	sb_init(&got);
	format_printf(&cmd, ev->fmt, ev->args, payload, r->prog);
	fflush(r->out.f);
	p = popen(cmd.buf, "r");
	if (p) {
		while ((n = fread(buf, 1, sizeof(buf), p)) > 0) {
			if (r->opts->format == OUT_JSON)
				sb_add(&got, buf, n);	/* one record when it is done */
			else
				fwrite(buf, 1, n, r->out.f);
		}
		pclose(p);
	}
	if (r->opts->format == OUT_JSON)
		emit_captured(r, "syscall", got.buf ? got.buf : "", got.len);
	sb_free(&got);
	sb_free(&cmd);
}

/* cat("/proc/%d/status", pid): print a file (catfile.c bounds it). */
static void run_cat(struct runner *r, const struct event_spec *ev, const void *payload)
{
	struct strbuf path;
	char where[256];

	/* where the call is, as compile errors say it */
	snprintf(where, sizeof(where), "%s:%d:%d-%d", diag_source_of(r->prog->src, ev->loc)->name, ev->loc.line,
		 ev->loc.col, ev->loc.end_line == ev->loc.line ? ev->loc.end_col + 1 : ev->loc.col + 1);
	sb_init(&path);
	format_printf(&path, ev->fmt, ev->args, payload, r->prog);
	if (r->opts->format == OUT_JSON) {
		char *text = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&text, &len);

		/* JSON: one "cat" record of what was read */
		if (mem) {
			cat_file(mem, path.buf, r->prog->cfg.cat_bytes_max, &r->cat_warned, where);
			fclose(mem);
			emit_captured(r, "cat", text ? text : "", len);
			free(text);
		}
	} else {
		cat_file(r->out.f, path.buf, r->prog->cfg.cat_bytes_max, &r->cat_warned, where);
	}
	sb_free(&path);
}

/*
 * unwatch(addr): every watchpoint probe on addr stops.  Only while the
 * probes are attached: once detached their events are closed.
 */
static void run_unwatch(struct runner *r, const struct event_spec *ev, const uint8_t *payload)
{
	const struct type *t = ev->args->fields[0].type;
	uint64_t addr = 0;

	if (!r->in_loop)
		return;
	memcpy(&addr, payload + ev->args->fields[0].offset, MIN(t->size, sizeof(addr)));
	for (int i = 0; i < r->prog->progs.n; i++) {
		const struct prog_spec *ps = &r->prog->progs.v[i];

		if (ps->prov->unwatch)
			ps->prov->unwatch(ps->target, addr);
	}
}

static struct run_record_hooks record_hooks;

void run_set_record_hooks(const struct run_record_hooks *hooks)
{
	if (hooks)
		record_hooks = *hooks;
	else
		memset(&record_hooks, 0, sizeof(record_hooks));
}

static int handle_record(void *ctx, const void *data, size_t size)
{
	struct runner *r = ctx;
	const struct event_header *h = data;
	const struct event_spec *ev;

	if (r->exiting && !r->in_iter)
		return STOP_EXIT_EVENT;
	if (r->out.error)
		return STOP_OUTPUT_FAILED;
	if (record_hooks.record && size >= sizeof(*h) && record_hooks.record(data, size, record_hooks.arg))
		return 0;
	if (size < sizeof(*h) || h->id >= (uint64_t)r->prog->events.n)
		return 0;
	ev = &r->prog->events.v[h->id];
	if (ev->kind == EV_EXIT) {
		int64_t code = 0;

		if (size >= sizeof(*h) + sizeof(code))
			memcpy(&code, (const char *)data + sizeof(*h), sizeof(code));
		r->exit_code = (int)code;
		r->exiting = true;
		/* an iterator's pass has run whole: all it printed prints, as in bpftrace */
		return r->in_iter ? 0 : STOP_EXIT_EVENT;
	}
	if (size - sizeof(*h) < ev->args->size || ev->kind == EV_HOLD_END)
		return 0;	/* malformed: never read past the record */
	if (ev->kind == EV_JOIN) {
		struct strbuf sb;

		sb_init(&sb);
		format_join(&sb, (const uint8_t *)data + sizeof(*h), 16, 256, ev->fmt);
		if (r->opts->format == OUT_JSON) {
			fprintf(r->out.f, "{\"type\": \"join\", \"data\": ");
			{
				struct strbuf js;

				sb_init(&js);
				json_string(&js, sb.buf, sb.len);
				fprintf(r->out.f, "%s}\n", js.buf);
				sb_free(&js);
			}
		} else {
			fprintf(r->out.f, "%s\n", sb.buf);
		}
		sb_free(&sb);
	} else if (ev->kind == EV_USTACK_SAMPLE)
		ustacks_add_sample(r->prog->ustacks, data, size);
	else if (ev->kind == EV_SYSTEM)
		run_system(r, ev, (const char *)data + sizeof(*h));
	else if (ev->kind == EV_CAT)
		run_cat(r, ev, (const char *)data + sizeof(*h));
	else if (ev->kind == EV_UNWATCH)
		run_unwatch(r, ev, (const uint8_t *)data + sizeof(*h));
	else
		output_event(&r->out, ev, (const char *)data + sizeof(*h), size - sizeof(*h));
	/* under a flood the ring never empties: stop reading on a signal; the
	 * rest is drained once the probes are detached */
	if (stop_signal && r->in_loop)
		return -EINTR;
	/* records that take long each (system() under a flood) stop it too */
	if (r->drain_deadline && monotonic_ns() >= r->drain_deadline)
		return -ETIME;
	if (ferror_unlocked(r->out.f) && output_flush(&r->out) < 0)
		return STOP_OUTPUT_FAILED;
	return 0;
}

/* A D clause's records are held until the clause-run ends (held.c). */
static int on_record(void *ctx, const void *data, size_t size)
{
	struct runner *r = ctx;
	const struct event_header *h = data;

	int rc;

	if (size < sizeof(*h) || !(h->id & HOLD_BITS))
		return handle_record(ctx, data, size);
	rc = runhold_take(&r->runs, r->prog, data, size, handle_record, r);
	/* a released exit() stops the consumer as its record would have */
	return !rc && r->exiting && !r->in_iter ? STOP_EXIT_EVENT : rc;
}

static int skip_record(void *ctx, const void *data, size_t size)
{
	return 0;
}

/* Print what the ring holds (BEGIN's records, the rest at exit). */
static void drain(struct runner *r)
{
	r->drain_deadline = stop_signal ? monotonic_ns() + STOP_DRAIN_NS : 0;
	while (!r->exiting && !r->out.error) {
		long n = event_ring_consume(&r->ring, BATCH_MAX, on_record, r);

		pcap_consume(r->pcap);
		output_flush(&r->out);
		if (r->drain_deadline && monotonic_ns() >= r->drain_deadline) {
			/* Ctrl-C under a flood: stop within a second; say what was skipped */
			r->dropped_at_stop += event_ring_consume(&r->ring, 0, skip_record, NULL);
			break;
		}
		if (n < BATCH_MAX)
			break;
	}
	r->drain_deadline = 0;
}

static uint64_t lost_total(struct runner *r)
{
	int ncpus = r->out.ncpus, i;
	uint64_t *vals = xcalloc(ncpus, sizeof(uint64_t)), sum = 0;
	uint32_t key = 0;

	if (bpf_map_lookup_elem(r->prog->maps.v[IMAP_LOST].fd, &key, vals) == 0)
		for (i = 0; i < ncpus; i++)
			sum += vals[i];
	free(vals);
	return sum;
}

/* New losses, in the output stream where they happened, once a second at most. */
static void report_lost(struct runner *r)
{
	uint64_t now = monotonic_ns(), lost;

	if (now < r->next_lost_report)
		return;
	r->next_lost_report = now + LOST_REPORT_NS;
	lost = lost_total(r);
	if (lost > r->lost_reported) {
		output_lost(&r->out, lost - r->lost_reported);
		r->lost_reported = lost;
	}
}

/* At exit: the run's total, once, when anything was lost. */
static void report_lost_total(struct runner *r)
{
	uint64_t lost = lost_total(r) + r->dropped_at_stop;

	if (lost)
		output_lost_total(&r->out, lost, r->ring.records + lost_total(r));
}

/*
 * BEGIN and END run once, in sonde's own context, through BPF_PROG_TEST_RUN;
 * the self:signal probes too, each time the signal comes.
 */
static int run_special(struct runner *r, enum provider_kind kind)
{
	int i;

	for (i = 0; i < r->prog->progs.n && !r->exiting; i++) {
		struct prog_spec *ps = &r->prog->progs.v[i];
		LIBBPF_OPTS(bpf_test_run_opts, topts);

		if (ps->prov->kind != kind)
			continue;
		if (bpf_prog_test_run_opts(loader_prog_fd(r->prog, ps), &topts) < 0) {
			fprintf(stderr, "ERROR: %s: running the probe failed: %s\n", ps->probe,
				strerror(errno));
			return -1;
		}
		drain(r);
	}
	return 0;
}

/*
 * iter probes run when their iterator is read: read each once, then the
 * program is done (as a BEGIN-only program is).
 */
static bool run_iterators(struct runner *r)
{
	bool any = false;
	int i;

	for (i = 0; i < r->prog->progs.n; i++) {
		struct prog_spec *ps = &r->prog->progs.v[i];

		if (!ps->prov->run)
			continue;
		any = true;
		fflush(r->out.f);
		ps->prov->run(ps->target, r->out.f);
		r->in_iter = true;
		event_ring_consume(&r->ring, 0, on_record, r);
		output_flush(&r->out);
		r->in_iter = false;
	}
	return any;
}

static bool has_attached_probes(const struct program *prog)
{
	return has_kind(prog, PROV_ATTACHED);
}

static void check_child(struct runner *r)
{
	pid_t child = r->opts->child;

	if (child > 0 && !r->child_exited && waitpid(child, &r->child_status, WNOHANG) == child)
		r->child_exited = true;
}

static bool should_stop(struct runner *r)
{
	if (stop_signal || r->exiting)
		return true;
	check_child(r);
	if (r->child_exited)
		return true;
	if (r->opts->pid > 0 && kill(r->opts->pid, 0) < 0 && errno == ESRCH)
		return true;
	if (r->deadline_ns && monotonic_ns() >= r->deadline_ns)
		return true;
	return false;
}

static void nap(void)
{
	struct timespec ts = { 0, NAP_NS };

	nanosleep(&ts, NULL);
}

/*
 * Read in batches, flush after each (a pipe sees every event within a
 * batch's time), nap while records flow, sleep in epoll when none came.
 */
static void event_loop(struct runner *r)
{
	long n;
	int err;

	r->in_loop = true;
	while (!should_stop(r)) {
		if (usr1_pending) {
			usr1_pending = 0;
			if (run_special(r, PROV_SIGNAL) < 0)
				break;
			continue;
		}
		n = event_ring_consume(&r->ring, BATCH_MAX, on_record, r);
		pcap_consume(r->pcap);
		if (n == STOP_EXIT_EVENT || n == STOP_OUTPUT_FAILED)
			break;
		if (output_flush_batch(&r->out) < 0)
			break;
		report_lost(r);
		if (record_hooks.status)
			record_hooks.status(false, record_hooks.arg);
		if (n == BATCH_MAX || n == -EINTR)
			continue;
		if (n > 0) {
			nap();
			continue;
		}
		err = event_ring_wait(&r->ring, 100);
		if (err < 0 && err != -EINTR) {
			fprintf(stderr, "ERROR: waiting for the ring buffer failed: %s\n",
				strerror(-err));
			break;
		}
	}
	r->in_loop = false;
}

/*
 * bpftrace reads BEGIN's output only once every probe is attached, so it
 * prints after "Attached N probes".  sonde still drains the ring buffer
 * after each BEGIN (a chatty BEGIN loses nothing) but into memory, and
 * writes that out when the probes are attached.  The runtime's messages
 * on stderr (warnings, -k's failed reads, errorf) are held too, each with
 * the length the output had when it came, so that they print after the
 * status line and in their place among the output, as bpftrace's (events
 * of the same ring buffer) do.
 */
struct held_msg {
	size_t at;	/* the held output's length when it was written */
	char *text;
	size_t len;
};

struct held_output {
	FILE *real;
	FILE *mem;
	char *buf;
	size_t len;
	FILE *diag_real;	/* diag_out while nothing is held */
	FILE *diag;		/* diag_out while held: into msgs */
	VEC(struct held_msg) msgs;
};

static ssize_t hold_msg_write(void *cookie, const char *data, size_t n)
{
	struct held_output *h = cookie;
	struct held_msg *last = h->msgs.n ? &h->msgs.v[h->msgs.n - 1] : NULL;
	struct held_msg m;

	fflush(h->mem);	/* h->len: where the message goes */
	if (last && last->at == h->len) {
		last->text = xrealloc(last->text, last->len + n);
		memcpy(last->text + last->len, data, n);
		last->len += n;
		return (ssize_t)n;
	}
	m.at = h->len;
	m.text = xmalloc(n ? n : 1);
	memcpy(m.text, data, n);
	m.len = n;
	vec_push(&h->msgs, m);
	return (ssize_t)n;
}

static void hold_output(struct runner *r, struct held_output *h)
{
	cookie_io_functions_t io = { .write = hold_msg_write };

	h->real = r->out.f;
	h->mem = open_memstream(&h->buf, &h->len);
	if (!h->mem)
		return;
	r->out.f = h->mem;
	h->diag = fopencookie(h, "w", io);
	if (!h->diag)
		return;
	setvbuf(h->diag, NULL, _IONBF, 0);	/* each message placed as it comes */
	h->diag_real = diag_out;
	diag_out = h->diag;
}

/* The held output, with the messages in their places. */
static void write_held(struct held_output *h)
{
	size_t pos = 0;
	FILE *err = h->diag_real ? h->diag_real : stderr;

	for (int i = 0; i < h->msgs.n; i++) {
		struct held_msg *m = &h->msgs.v[i];

		if (m->at > pos) {
			fwrite(h->buf + pos, 1, m->at - pos, h->real);
			fflush(h->real);
			pos = m->at;
		}
		fwrite(m->text, 1, m->len, err);
		fflush(err);
		free(m->text);
	}
	vec_free(&h->msgs);
	if (h->len > pos)
		fwrite(h->buf + pos, 1, h->len - pos, h->real);
}

static void release_output(struct runner *r, struct held_output *h)
{
	if (!h->mem)
		return;
	if (h->diag) {
		diag_out = h->diag_real;
		fclose(h->diag);
		h->diag = NULL;
	}
	fclose(h->mem);
	h->mem = NULL;
	r->out.f = h->real;
	write_held(h);
	fflush(r->out.f);
	free(h->buf);
	h->buf = NULL;
}

/*
 * Start the held -c command, unless a signal stopped the attaching: then
 * closing the pipe makes it exit without running (it would run untraced).
 * A command that cannot be executed ends the run with status 1.
 */
static void release_child(struct runner *r, bool interrupted)
{
	int fd = r->opts->child_go_fd;

	if (fd < 0)
		return;
	if (interrupted) {
		close(fd);
		return;
	}
	if (child_release(fd) < 0) {
		r->exit_code = 1;
		r->exiting = true;
	}
}

static void discard_ring(void *arg)
{
	struct runner *r = arg;

	event_ring_consume(&r->ring, 0, skip_record, NULL);
}

/* What the timed runs lost filling the ring was thrown away anyway. */
static void reset_lost(struct runner *r)
{
	int ncpus = r->out.ncpus;
	uint64_t *zeros = xcalloc(ncpus, sizeof(uint64_t));
	uint32_t key = 0;

	bpf_map_update_elem(r->prog->maps.v[IMAP_LOST].fd, &key, zeros, BPF_ANY);
	free(zeros);
}

/* --mode bench: the results on the program's output, what they printed dropped. */
static int run_benches(struct runner *r)
{
	struct bench_io io = { .discard = discard_ring, .arg = r, .stop = &stop_signal };
	int err;

	drain(r);	/* BEGIN's output */
	err = bench_run_all(r->prog, r->out.f, r->opts->format, &io);
	reset_lost(r);
	r->exiting = false;	/* an exit() in a timed run ends nothing */
	return err;
}

static void finish(struct runner *r)
{
	/* END runs even after exit(); events from END print. */
	r->exiting = false;
	run_special(r, PROV_END);
	report_lost_total(r);
	if (record_hooks.status)
		record_hooks.status(true, record_hooks.arg);
	if (!r->prog->cfg.no_print_maps && !r->opts->bench && !r->out.error)
		output_all_maps(&r->out);
	output_flush(&r->out);
}

/*
 * A failed write ends the run with a message and a non-zero status; a
 * reader that went away (EPIPE) ends it quietly, with the status of a
 * process killed by SIGPIPE, as `cmd | head -1` expects.
 */
static int output_status(struct runner *r, int status)
{
	if (!r->out.error)
		return status;
	output_report_error(&r->out);
	return r->out.error == EPIPE ? 128 + SIGPIPE : 1;
}

/*
 * --dry-run: the programs are loaded; attach them and stop, as bpftrace
 * does: BEGIN and END do not run, nothing prints, the -c command never
 * starts.
 */
static int dry_run(struct program *prog, const struct run_opts *o)
{
	fdlist fds = { 0 };
	int err = loader_attach(prog, &fds, &stop_signal);

	loader_detach(&fds);
	vec_free(&fds);
	if (o->child > 0) {
		if (o->child_go_fd >= 0)
			close(o->child_go_fd);	/* the held child exits without running */
		waitpid(o->child, NULL, 0);
	}
	return err && err != -EINTR ? 1 : 0;
}

/* unwind = dwarf: the stacks and maps kept in user space. */
static void free_user_space_maps(struct program *prog)
{
	for (int i = 0; i < prog->usermaps.n; i++)
		umap_free(prog->usermaps.v[i]);
	ustacks_free(prog->ustacks);
	prog->ustacks = NULL;
}

static int count_attachable(const struct program *prog)
{
	int i, n = 0;

	for (i = 0; i < prog->progs.n; i++)
		if (prog->progs.v[i].prov->kind == PROV_ATTACHED)
			n += prog->progs.v[i].sys_probes ? prog->progs.v[i].merged : 1;
	return n;
}

/* The probes the user sees: a merged syscall program counts as its tracepoints. */
static int count_probes(const struct program *prog)
{
	int i, n = 0;

	for (i = 0; i < prog->progs.n; i++)
		n += prog->progs.v[i].sys_probes ? prog->progs.v[i].merged : 1;
	return n - prog->probes_skipped;
}

/*
 * "Attached N probes", true to the count: a signal that stopped the
 * attaching says how far it got instead.
 */
static void report_attached(struct runner *r)
{
	struct program *prog = r->prog;
	int total = count_probes(prog);

	if (r->opts->bench)
		return;	/* bpftrace prints the results only */
	if (prog->probes_unattached) {
		fprintf(stderr, "Interrupted while attaching: %d of %d probes attached\n",
			total - prog->probes_unattached, total);
		return;
	}
	if (!r->opts->quiet && r->opts->format != OUT_JSON)
		output_attached(&r->out, total);
}

/*
 * The probes are attached: the status line, then, when the environment
 * asks for it as bpftrace's runtime tests do, a marker on stdout that a
 * test driver waits for before it starts its workload; then BEGIN's output.
 */
static void announce_attached(struct runner *r, struct held_output *h)
{
	report_attached(r);
	if (getenv("__BPFTRACE_NOTIFY_PROBES_ATTACHED")) {
		fflush(r->out.f == h->mem ? h->real : r->out.f);
		fputs("__BPFTRACE_NOTIFY_PROBES_ATTACHED\n", stdout);
		fflush(stdout);
	}
	release_output(r, h);
}

/* The run of this thread, while its records are handled (run_handle_ahead). */
static __thread struct runner *cur_runner;

struct ahead_pick {
	struct runner *r;
	run_pick_fn pick;
	void *arg;
};

static int pick_record(void *ctx, const void *data, size_t size)
{
	struct ahead_pick *p = ctx;
	const struct event_header *h = data;

	if (size < sizeof(*h) || EVENT_INDEX(h->id) >= (uint64_t)p->r->prog->events.n)
		return 0;
	return p->pick(&p->r->prog->events.v[EVENT_INDEX(h->id)], p->arg);
}

static int on_picked(void *ctx, const void *data, size_t size)
{
	struct ahead_pick *p = ctx;

	return on_record(p->r, data, size);
}

int run_replay_record(const void *data, size_t size)
{
	if (!cur_runner)
		return 0;
	return on_record(cur_runner, data, size);
}

long run_handle_ahead(run_pick_fn pick, void *arg)
{
	struct ahead_pick p = { cur_runner, pick, arg };

	if (!cur_runner)
		return 0;
	return event_ring_take_ahead(&cur_runner->ring, pick_record, on_picked, &p);
}

int run_program(struct program *prog, const struct run_opts *o)
{
	struct runner r = { .prog = prog, .opts = o };
	struct held_output held = { 0 };
	fdlist fds = { 0 };
	int err;

	install_signals();
	if (o->dry_run)
		return dry_run(prog, o);
	if (prog->cfg.unwind_dwarf)
		prog->ustacks = ustacks_new();
	if (prog->ustacks && o->dwarf_pid && !ustacks_prepare(prog->ustacks, o->dwarf_pid))
		fprintf(stderr, "WARNING: --dwarf-pid %d: no mappings to unwind through\n",
			o->dwarf_pid);
	output_init(&r.out, o->out, o->format, prog);
	output_stream(&r.out, o->out_name, o->buffering - 1);
	err = event_ring_open(&r.ring, prog->maps.v[IMAP_RINGBUF].fd);
	if (err) {
		fprintf(stderr, "ERROR: reading the ring buffer failed: %s\n", strerror(-err));
		output_fini(&r.out);
		return 1;
	}
	r.pcap = pcap_open(prog, &err);
	if (err) {
		event_ring_close(&r.ring);
		output_fini(&r.out);
		return 1;
	}
	/* JSON readers expect attached_probes first; text waits for the attach. */
	if (o->format == OUT_JSON && !o->quiet && !o->bench)
		output_attached(&r.out, count_probes(prog));
	install_usr1(prog);
	hold_output(&r, &held);
	cur_runner = &r;
	if (run_special(&r, PROV_BEGIN) < 0)
		goto fail;
	if (o->bench && !r.exiting && !stop_signal && !r.out.error) {
		announce_attached(&r, &held);
		release_child(&r, false);
		if (run_benches(&r) < 0)
			r.exit_code = 1;
	} else if (!r.exiting && !stop_signal && !r.out.error) {
		err = loader_attach(prog, &fds, &stop_signal);
		if (err && err != -EINTR)
			goto fail;
		announce_attached(&r, &held);
		if (o->on_attached)
			o->on_attached(o->attached_arg);
		release_child(&r, prog->probes_unattached > 0);
		if (o->timeout)
			r.deadline_ns = monotonic_ns() + (uint64_t)o->timeout * 1000000000ull;
		if (run_iterators(&r))
			r.exiting = true;
		else if (has_attached_probes(prog) || has_kind(prog, PROV_SIGNAL) || o->child > 0)
			event_loop(&r);
	} else {
		if (stop_signal)	/* a signal during BEGIN: nothing gets attached */
			prog->probes_unattached = count_attachable(prog);
		announce_attached(&r, &held);
		release_child(&r, stop_signal != 0);
	}
	loader_detach(&fds);
	drain(&r);	/* what the probes wrote before they were detached */
	finish(&r);
	cur_runner = NULL;
	pcap_close(r.pcap);
	event_ring_close(&r.ring);
	held_free(r.runs);
	vec_free(&fds);
	free_user_space_maps(prog);
	if (o->child > 0 && !r.child_exited) {
		kill(o->child, SIGTERM);
		waitpid(o->child, NULL, 0);
	}
	output_fini(&r.out);
	restore_usr1(prog);
	return output_status(&r, r.exit_code);
fail:
	cur_runner = NULL;
	restore_usr1(prog);
	release_output(&r, &held);
	loader_detach(&fds);
	pcap_close(r.pcap);
	event_ring_close(&r.ring);
	output_fini(&r.out);
	vec_free(&fds);
	free_user_space_maps(prog);
	if (o->child > 0) {
		kill(o->child, SIGKILL);
		waitpid(o->child, NULL, 0);
	}
	return 1;
}
