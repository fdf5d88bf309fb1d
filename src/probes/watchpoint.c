// SPDX-License-Identifier: GPL-2.0
/*
 * watchpoint:ADDR:LEN:MODE — a hardware breakpoint (PERF_TYPE_BREAKPOINT)
 * on LEN bytes at ADDR, firing on reads (r), writes (w) or execution (x).
 * With -p PID it watches that process's address space: a breakpoint is
 * a per-thread event, so one is opened for each of its threads (inherited
 * by the threads they start later); without, a kernel address on every CPU.
 */
#include <dirent.h>
#include <errno.h>
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "perf.h"

struct wp_target {
	uint64_t addr;
	uint32_t len;
	uint32_t bp_type;	/* HW_BREAKPOINT_R | _W | _X */
	int pid;		/* 0: every CPU */
	fdlist events;		/* its breakpoints while attached, for unwatch() */
};

/* "r", "w", "x", "rw" (any order); 0 on error. */
static uint32_t parse_mode(const char *mode)
{
	uint32_t bits = 0;

	for (const char *p = mode; *p; p++) {
		uint32_t bit = *p == 'r' ? HW_BREAKPOINT_R : *p == 'w' ? HW_BREAKPOINT_W :
			       *p == 'x' ? HW_BREAKPOINT_X : 0;

		if (!bit || (bits & bit))
			return 0;
		bits |= bit;
	}
	/* Execution breakpoints cannot also watch data. */
	if ((bits & HW_BREAKPOINT_X) && bits != HW_BREAKPOINT_X)
		return 0;
	return bits;
}

static int wp_parse(const char *spec, struct wp_target *t, const char **why)
{
	char *copy = xstrdup(spec), *len_s, *mode_s, *end;
	int err = -1;

	len_s = strchr(copy, ':');
	mode_s = len_s ? strchr(len_s + 1, ':') : NULL;
	if (!mode_s || strchr(mode_s + 1, ':')) {
		*why = "watchpoint probe type requires 3 arguments (ADDR:LEN:MODE)";
		goto out;
	}
	*len_s++ = '\0';
	*mode_s++ = '\0';
	t->addr = strtoull(copy, &end, 0);
	if (end == copy || *end || !t->addr) {
		*why = "the address is not a number";
		goto out;
	}
	t->len = strtoul(len_s, &end, 0);
	if (end == len_s || *end || (t->len != 1 && t->len != 2 && t->len != 4 && t->len != 8)) {
		*why = "the length must be 1, 2, 4 or 8";
		goto out;
	}
	t->bp_type = parse_mode(mode_s);
	if (!t->bp_type) {
		*why = "the mode must be r, w, x or rw";
		goto out;
	}
	err = 0;
out:
	free(copy);
	return err;
}

static int wp_expand(const struct provider *prov, const char *spec,
		     const struct expand_ctx *ctx, probelist *out)
{
	struct wp_target *t = xcalloc(1, sizeof(*t));
	const char *why;
	struct probe p;

	if (wp_parse(spec, t, &why)) {
		diag_error(ctx->src, ctx->loc, "Invalid watchpoint %s: %s", spec, why);
		free(t);
		return -1;
	}
	t->pid = ctx->pid;
	p.name = xasprintf("%s:%s", prov->name, spec);
	p.target = t;
	vec_push(out, p);
	return 0;
}

/* Attach one breakpoint and keep its perf event (the first fd it adds). */
static int attach_bp(struct wp_target *t, const char *probe, int perf_fd, int prog_fd,
		     fdlist *fds)
{
	int first = fds->n, err = perf_attach_event(probe, perf_fd, prog_fd, 0, fds);

	if (!err)
		vec_push(&t->events, fds->v[first]);
	return err;
}

static int open_bp(const struct wp_target *t, int pid, int cpu)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_BREAKPOINT,
		.size = sizeof(attr),
		.sample_period = 1,
		.wakeup_events = 1,
		.disabled = 1,
		.inherit = pid > 0,	/* threads started later watch it too */
		.bp_addr = t->addr,
		/* the kernel takes an execute breakpoint only as long as a long */
		.bp_len = t->bp_type == HW_BREAKPOINT_X ? sizeof(long) : t->len,
		.bp_type = t->bp_type,
	};

	return perf_open(&attr, pid, cpu);
}

/*
 * -p PID: a breakpoint in each thread the process has now, the main thread
 * last.  A thread that ends meanwhile is passed over.
 */
static int attach_threads(struct wp_target *t, const char *probe, int prog_fd,
			  fdlist *fds)
{
	char path[64];
	struct dirent *de;
	int err = 0;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", t->pid);
	dir = opendir(path);
	if (!dir)
		return attach_bp(t, probe, open_bp(t, t->pid, -1), prog_fd, fds);
	while (!err && (de = readdir(dir))) {
		int tid = atoi(de->d_name), fd;

		if (tid <= 0 || tid == t->pid)
			continue;
		fd = open_bp(t, tid, -1);
		if (fd == -ESRCH)
			continue;	/* the thread ended */
		err = attach_bp(t, probe, fd, prog_fd, fds);
	}
	closedir(dir);
	if (!err)
		err = attach_bp(t, probe, open_bp(t, t->pid, -1), prog_fd, fds);
	return err;
}

static int wp_attach(void *target, const char *probe, int prog_fd, fdlist *fds)
{
	struct wp_target *t = target;
	cpulist cpus = { 0 };
	int err;

	t->events.n = 0;	/* a program run again (sonde serve) attaches anew */
	if (t->pid)
		return attach_threads(t, probe, prog_fd, fds);
	err = perf_online_cpus(&cpus);
	if (err) {
		fprintf(stderr, "ERROR: %s: cannot read the online CPUs: %s\n", probe,
			strerror(-err));
		return err;
	}
	for (int i = 0; i < cpus.n && !err; i++)
		err = attach_bp(t, probe, open_bp(t, -1, cpus.v[i]), prog_fd, fds);
	vec_free(&cpus);
	return err;
}

/* Watchpoints name addresses: there is nothing to list. */
static void wp_list(const char *pattern, bool verbose, FILE *out)
{
}

static struct type *wp_args_type(void *target)
{
	return NULL;
}

/*
 * unwatch(addr), as bpftrace detaches the watchpoints on addr: the
 * breakpoints are disabled (closed with the other attachments when sonde
 * detaches).  Nothing watches addr: nothing to do, silently.
 */
static void wp_unwatch(void *target, uint64_t addr)
{
	struct wp_target *t = target;

	if (t->addr != addr)
		return;
	for (int i = 0; i < t->events.n; i++)
		ioctl(t->events.v[i], PERF_EVENT_IOC_DISABLE, 0);
	t->events.n = 0;
}

static void wp_free_target(void *target)
{
	struct wp_target *t = target;

	vec_free(&t->events);
	free(t);
}

const struct provider provider_watchpoint = {
	.name = "watchpoint",
	.aliases = (const char *const[]){ "w", NULL },
	.kind = PROV_ATTACHED,
	.prog_type = BPF_PROG_TYPE_PERF_EVENT,
	.expand = wp_expand,
	.args_type = wp_args_type,
	.attach = wp_attach,
	.list = wp_list,
	.free_target = wp_free_target,
	.unwatch = wp_unwatch,
};
