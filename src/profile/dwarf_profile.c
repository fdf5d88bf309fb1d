// SPDX-License-Identifier: GPL-2.0
/*
 * The DWARF-mode profile loop.  Samples are unwound when they arrive (the
 * stack copies are large; the frames are not) and counted in a table of
 * distinct raw stacks, so memory grows with the number of different
 * stacks, not with the number of samples.  Symbols are looked up once per
 * distinct stack, at the end, the way frame-pointer mode does it.
 */
#include "profile/dwarf_profile.h"

#include <bpf/libbpf.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "profile/dwarf_bpf.h"
#include "sym/dwarf_unwind.h"
#include "runtime/child.h"
#include "sym/usyms.h"

#define MAX_USER_FRAMES	128

/* One distinct stack and its count. */
struct raw_stack {
	int pid;
	int64_t id;
	char comm[16];
	int nu, nk;
	uint64_t *addrs;	/* nu user frames then nk kernel frames, leaf first */
	uint64_t count;
};

struct stack_table {
	VEC(struct raw_stack) v;
	int *slots;		/* indices into v, -1 when empty */
	uint32_t nslots;
};

struct dwarf_run {
	const struct dwarf_profile_opts *opts;
	struct dwarf_unwinder *unwinder;
	struct stack_table table;
	pid_t child;
	int child_go_fd;
	bool child_exited;
	uint64_t samples;
};

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

/* ---- the table of distinct stacks ---- */

#define hash_words fnv32_add

static uint32_t stack_hash(const struct raw_stack *s)
{
	uint32_t h = FNV32_SEED;

	h = hash_words(h, &s->pid, sizeof(s->pid));
	h = hash_words(h, &s->id, sizeof(s->id));
	h = hash_words(h, s->comm, sizeof(s->comm));
	h = hash_words(h, &s->nu, sizeof(s->nu));
	h = hash_words(h, s->addrs, (size_t)(s->nu + s->nk) * 8);
	return h ^ (h >> 15);
}

static bool stack_equal(const struct raw_stack *a, const struct raw_stack *b)
{
	return a->pid == b->pid && a->id == b->id && a->nu == b->nu && a->nk == b->nk &&
	       memcmp(a->comm, b->comm, sizeof(a->comm)) == 0 &&
	       memcmp(a->addrs, b->addrs, (size_t)(a->nu + a->nk) * 8) == 0;
}

static void table_grow(struct stack_table *t)
{
	uint32_t n = t->nslots ? t->nslots * 2 : 1024;

	free(t->slots);
	t->slots = xmalloc(n * sizeof(*t->slots));
	memset(t->slots, 0xff, n * sizeof(*t->slots));
	t->nslots = n;
	for (int i = 0; i < t->v.n; i++) {
		uint32_t h = stack_hash(&t->v.v[i]) & (n - 1);

		while (t->slots[h] >= 0)
			h = (h + 1) & (n - 1);
		t->slots[h] = i;
	}
}

/* Count s once (its addrs are copied when it is new); true when it is new. */
static bool table_add(struct stack_table *t, const struct raw_stack *s)
{
	uint32_t h;

	if ((uint32_t)t->v.n * 2 >= t->nslots)
		table_grow(t);
	h = stack_hash(s) & (t->nslots - 1);
	while (t->slots[h] >= 0) {
		struct raw_stack *old = &t->v.v[t->slots[h]];

		if (stack_equal(old, s)) {
			old->count++;
			return false;
		}
		h = (h + 1) & (t->nslots - 1);
	}
	vec_push(&t->v, *s);
	t->v.v[t->v.n - 1].count = 1;
	t->v.v[t->v.n - 1].addrs = xmalloc((size_t)(s->nu + s->nk + 1) * 8);
	memcpy(t->v.v[t->v.n - 1].addrs, s->addrs, (size_t)(s->nu + s->nk) * 8);
	t->slots[h] = t->v.n - 1;
	return true;
}

static void table_fold(const struct stack_table *t, struct collect *c)
{
	for (int i = 0; i < t->v.n; i++) {
		const struct raw_stack *s = &t->v.v[i];
		struct collect_stack cs = {
			.comm = s->comm, .id = s->id, .pid = s->pid,
			.ustack = s->addrs, .nustack = s->nu,
			.kstack = s->addrs + s->nu, .nkstack = s->nk,
		};

		collect_add_stack(c, &cs, s->count);
	}
}

static void table_free(struct stack_table *t)
{
	for (int i = 0; i < t->v.n; i++)
		free(t->v.v[i].addrs);
	vec_free(&t->v);
	free(t->slots);
	t->slots = NULL;
	t->nslots = 0;
}

/* ---- samples ---- */

/*
 * A new stack's user frames are looked up while its process still runs:
 * a frame outside the mappings remembered for it (read while the dynamic
 * loader was still mapping libraries) makes the cache read them again,
 * which is no longer possible once the process has exited.
 */
static void warm_symbols(const struct raw_stack *s)
{
	struct usym_info info;

	for (int i = 0; i < s->nu; i++)
		usyms_resolve(usyms_get(), s->pid, s->addrs[i], &info);
}

static int on_sample(void *ctx, void *data, size_t size)
{
	struct dwarf_run *r = ctx;
	const struct dwarf_record *rec = data;
	uint64_t addrs[MAX_USER_FRAMES + DWARF_KSTACK_MAX];
	struct raw_stack s = { .addrs = addrs };

	if (size < sizeof(*rec))
		return 0;
	r->samples++;
	s.pid = (int)rec->pid;
	s.id = r->opts->group == 2 ? rec->tid : rec->pid;
	memcpy(s.comm, rec->comm, sizeof(s.comm));
	s.comm[sizeof(s.comm) - 1] = '\0';
	if (!r->opts->kernel_only && rec->pid) {
		struct dwarf_sample ds = {
			.pid = (int)rec->pid, .tid = (int)rec->tid, .regs = rec->regs,
			.stack = rec->stack, .stack_len = MIN(rec->stack_len, DWARF_STACK_BYTES),
		};

		usyms_add_pid(usyms_get(), s.pid, false);
		s.nu = dwarf_unwind(r->unwinder, &ds, addrs, MAX_USER_FRAMES);
	}
	if (!r->opts->user_only && rec->kstack_bytes > 0) {
		s.nk = (int)MIN(rec->kstack_bytes / 8, DWARF_KSTACK_MAX);
		memcpy(addrs + s.nu, rec->kstack, (size_t)s.nk * 8);
	}
	if (table_add(&r->table, &s))
		warm_symbols(&s);
	return 0;
}

/* ---- the command ---- */


static bool should_stop(struct dwarf_run *r, uint64_t deadline)
{
	if (stop_signal)
		return true;
	if (r->child > 0 && !r->child_exited && waitpid(r->child, NULL, WNOHANG) == r->child)
		r->child_exited = true;
	if (r->child_exited)
		return true;
	if (r->opts->pid > 0 && kill(r->opts->pid, 0) < 0 && errno == ESRCH)
		return true;
	return deadline && monotonic_ns() >= deadline;
}

static void sample_loop(struct dwarf_run *r, struct ring_buffer *rb)
{
	uint64_t deadline = r->opts->duration ?
		monotonic_ns() + (uint64_t)r->opts->duration * 1000000000ull : 0;

	while (!should_stop(r, deadline)) {
		int err = ring_buffer__poll(rb, 100);

		if (err < 0 && err != -EINTR) {
			fprintf(stderr, "ERROR: reading samples failed: %s\n", strerror(-err));
			break;
		}
	}
}

static void end_child(struct dwarf_run *r, int sig)
{
	if (r->child_go_fd >= 0)
		close(r->child_go_fd);	/* a held child exits without running */
	r->child_go_fd = -1;
	if (r->child > 0 && !r->child_exited) {
		kill(r->child, sig);
		waitpid(r->child, NULL, 0);
	}
}

static int sample(struct dwarf_run *r)
{
	struct dwarf_sampler s;
	struct ring_buffer *rb = NULL;
	int target = r->child > 0 ? r->child : r->opts->pid;
	int status = 1;

	if (dwarf_sampler_open(&s, r->opts->hz, target))
		goto out;
	rb = ring_buffer__new(s.map_fd, on_sample, r, NULL);
	if (!rb) {
		fprintf(stderr, "ERROR: opening the sample ring buffer failed: %s\n",
			strerror(errno));
		goto out;
	}
	if (r->child_go_fd >= 0) {
		int err = child_release(r->child_go_fd);

		r->child_go_fd = -1;
		if (err < 0)
			goto out;	/* the command could not run; it said why */
	}
	sample_loop(r, rb);
	status = 0;
out:
	dwarf_sampler_close(&s);	/* stop sampling, then take what is left */
	if (rb)
		ring_buffer__consume(rb);
	ring_buffer__free(rb);
	return status;
}

int dwarf_profile_run(const struct dwarf_profile_opts *o, struct collect *c)
{
	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
	struct dwarf_run r = { .opts = o, .child_go_fd = -1 };
	int status;

#ifndef __x86_64__
	fprintf(stderr, "ERROR: --unwind dwarf: only x86-64 is supported\n");
	return 1;
#endif
	if (o->cmd && child_check_command(o->cmd) < 0)
		return 1;
	if (o->cmd && (r.child = child_spawn_held(o->cmd, &r.child_go_fd)) < 0) {
		fprintf(stderr, "ERROR: -c: %s\n", strerror(errno));
		return 1;
	}
	stop_signal = 0;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	r.unwinder = dwarf_unwinder_new();
	if (!o->kernel_only)
		usyms_watch_start(usyms_get(), 100);
	status = sample(&r);
	end_child(&r, status ? SIGKILL : SIGTERM);
	usyms_watch_stop(usyms_get());
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (status == 0)
		table_fold(&r.table, c);
	table_free(&r.table);
	dwarf_unwinder_free(r.unwinder);
	return status;
}
