// SPDX-License-Identifier: GPL-2.0
/*
 * software:EVENT[:COUNT] and hardware:EVENT[:COUNT] — perf counters that
 * run the program once every COUNT events, on every online CPU (with -p, in
 * that process only).  The event
 * names, aliases and default counts are bpftrace's.
 */
#include <ctype.h>
#include <errno.h>
#include <linux/perf_event.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "perf.h"

struct counter_event {
	const char *name;
	const char *alias;
	uint64_t config;
	uint64_t default_count;
};

static const struct counter_event software_events[] = {
	{ "alignment-faults", NULL, PERF_COUNT_SW_ALIGNMENT_FAULTS, 1 },
	{ "bpf-output", NULL, PERF_COUNT_SW_BPF_OUTPUT, 1 },
	{ "context-switches", "cs", PERF_COUNT_SW_CONTEXT_SWITCHES, 1000 },
	{ "cpu-clock", "cpu", PERF_COUNT_SW_CPU_CLOCK, 1000000 },
	{ "cpu-migrations", NULL, PERF_COUNT_SW_CPU_MIGRATIONS, 1 },
	{ "dummy", NULL, PERF_COUNT_SW_DUMMY, 1 },
	{ "emulation-faults", NULL, PERF_COUNT_SW_EMULATION_FAULTS, 1 },
	{ "major-faults", NULL, PERF_COUNT_SW_PAGE_FAULTS_MAJ, 1 },
	{ "minor-faults", NULL, PERF_COUNT_SW_PAGE_FAULTS_MIN, 100 },
	{ "page-faults", "faults", PERF_COUNT_SW_PAGE_FAULTS, 100 },
	{ "task-clock", NULL, PERF_COUNT_SW_TASK_CLOCK, 1 },
	{ NULL },
};

static const struct counter_event hardware_events[] = {
	{ "backend-stalls", NULL, PERF_COUNT_HW_STALLED_CYCLES_BACKEND, 1000000 },
	{ "branch-instructions", "branches", PERF_COUNT_HW_BRANCH_INSTRUCTIONS, 100000 },
	{ "branch-misses", NULL, PERF_COUNT_HW_BRANCH_MISSES, 100000 },
	{ "bus-cycles", NULL, PERF_COUNT_HW_BUS_CYCLES, 100000 },
	{ "cache-misses", NULL, PERF_COUNT_HW_CACHE_MISSES, 1000000 },
	{ "cache-references", NULL, PERF_COUNT_HW_CACHE_REFERENCES, 1000000 },
	{ "cpu-cycles", "cycles", PERF_COUNT_HW_CPU_CYCLES, 1000000 },
	{ "frontend-stalls", NULL, PERF_COUNT_HW_STALLED_CYCLES_FRONTEND, 1000000 },
	{ "instructions", NULL, PERF_COUNT_HW_INSTRUCTIONS, 1000000 },
	{ "ref-cycles", NULL, PERF_COUNT_HW_REF_CPU_CYCLES, 1000000 },
	{ NULL },
};

struct counter_target {
	uint32_t type;		/* PERF_TYPE_SOFTWARE or PERF_TYPE_HARDWARE */
	uint64_t config;
	uint64_t count;
	int pid;		/* -p PID: count only that process (0: all) */
};

static const struct counter_event *events_of(const struct provider *prov)
{
	return strcmp(prov->name, "hardware") == 0 ? hardware_events : software_events;
}

static const struct counter_event *find_event(const struct counter_event *events,
					      const char *name, size_t len)
{
	for (const struct counter_event *e = events; e->name; e++) {
		if (strlen(e->name) == len && strncmp(e->name, name, len) == 0)
			return e;
		if (e->alias && strlen(e->alias) == len && strncmp(e->alias, name, len) == 0)
			return e;
	}
	return NULL;
}

/* COUNT: decimal digits, optionally "1e6" style; 0 on error. */
static uint64_t parse_count(const char *s)
{
	uint64_t v = 0;
	const char *p = s;

	for (; isdigit((unsigned char)*p); p++) {
		if (v > (UINT64_MAX - 9) / 10)
			return 0;
		v = v * 10 + (*p - '0');
	}
	if (p == s)
		return 0;
	if (*p == 'e' && isdigit((unsigned char)p[1])) {
		long exp = strtol(p + 1, (char **)&p, 10);

		while (exp-- > 0) {
			if (v > UINT64_MAX / 10)
				return 0;
			v *= 10;
		}
	}
	return *p ? 0 : v;
}

/* Whether the kernel can open this counter: 0 or -errno. */
static int counter_check(uint32_t type, uint64_t config)
{
	int fd = perf_open_counter(type, config, 1000000, -1, 0);

	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

static int counter_expand(const struct provider *prov, const char *spec,
			  const struct expand_ctx *ctx, probelist *out)
{
	const char *colon = strchr(spec, ':');
	size_t len = colon ? (size_t)(colon - spec) : strlen(spec);
	const struct counter_event *e = find_event(events_of(prov), spec, len);
	struct counter_target *t;
	struct probe p;
	uint64_t count;
	int err;

	if (!*spec || (colon && strchr(colon + 1, ':'))) {
		diag_error(ctx->src, ctx->loc, "%s probe type requires 1 or 2 arguments",
			   prov->name);
		return -1;
	}
	if (!e) {
		diag_error(ctx->src, ctx->loc, "Invalid %s event: %.*s", prov->name, (int)len, spec);
		return -1;
	}
	count = colon ? parse_count(colon + 1) : e->default_count;
	if (!count) {
		diag_error(ctx->src, ctx->loc, "Invalid count for %s probe: %s", prov->name,
			   colon + 1);
		return -1;
	}
	t = xcalloc(1, sizeof(*t));
	t->type = events_of(prov) == hardware_events ? PERF_TYPE_HARDWARE : PERF_TYPE_SOFTWARE;
	t->config = e->config;
	t->count = count;
	t->pid = ctx->pid;
	err = ctx->no_attach ? 0 : counter_check(t->type, t->config);
	/* refused for want of privileges says nothing of the kernel: the
	 * privilege check reports that once the program is compiled */
	if (err && err != -EACCES && err != -EPERM) {
		diag_plain_error("%s:%s: this kernel has no %s counter support (perf_event_open failed: %s)",
				 prov->name, spec, prov->name, strerror(-err));
		free(t);
		return -1;
	}
	/* -l of a program names the event as -l lists it, without a count */
	p.name = ctx->listing ? xasprintf("%s:%s:", prov->name, e->name) :
				xasprintf("%s:%s", prov->name, spec);
	p.target = t;
	vec_push(out, p);
	return 0;
}

static int counter_attach(void *target, const char *probe, int prog_fd, fdlist *fds)
{
	const struct counter_target *t = target;
	cpulist cpus = { 0 };
	int err;

	/* -p PID: one event that follows the process, as bpftrace attaches it */
	if (t->pid > 0)
		return perf_attach_event(probe, perf_open_counter(t->type, t->config, t->count,
								  t->pid, -1),
					 prog_fd, 0, fds);
	err = perf_online_cpus(&cpus);
	if (err) {
		fprintf(stderr, "ERROR: %s: cannot read the online CPUs: %s\n", probe,
			strerror(-err));
		return err;
	}
	for (int i = 0; i < cpus.n && !err; i++) {
		int fd = perf_open_counter(t->type, t->config, t->count, -1, cpus.v[i]);

		err = perf_attach_event(probe, fd, prog_fd, 0, fds);
	}
	vec_free(&cpus);
	return err;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names and aliases, sorted as bpftrace lists them: "software:cs:". */
static void counter_list_events(const char *prov_name, const struct counter_event *events,
				const char *pattern, FILE *out)
{
	VEC(char *) names = { 0 };

	for (const struct counter_event *e = events; e->name; e++) {
		vec_push(&names, xasprintf("%s:%s:", prov_name, e->name));
		if (e->alias)
			vec_push(&names, xasprintf("%s:%s:", prov_name, e->alias));
	}
	if (names.n)
		qsort(names.v, names.n, sizeof(names.v[0]), cmp_str);
	for (int i = 0; i < names.n; i++) {
		if (!pattern || probe_match(pattern, names.v[i]))
			fprintf(out, "%s\n", names.v[i]);
		free(names.v[i]);
	}
	vec_free(&names);
}

static void software_list(const char *pattern, bool verbose, FILE *out)
{
	counter_list_events("software", software_events, pattern, out);
}

static void hardware_list(const char *pattern, bool verbose, FILE *out)
{
	counter_list_events("hardware", hardware_events, pattern, out);
}

static struct type *counter_args_type(void *target)
{
	return NULL;
}

static void counter_free_target(void *target)
{
	free(target);
}

const struct provider provider_software = {
	.name = "software",
	.aliases = (const char *const[]){ "s", NULL },
	.kind = PROV_ATTACHED,
	.prog_type = BPF_PROG_TYPE_PERF_EVENT,
	.expand = counter_expand,
	.args_type = counter_args_type,
	.attach = counter_attach,
	.list = software_list,
	.free_target = counter_free_target,
};

const struct provider provider_hardware = {
	.name = "hardware",
	.aliases = (const char *const[]){ "h", NULL },
	.kind = PROV_ATTACHED,
	.prog_type = BPF_PROG_TYPE_PERF_EVENT,
	.expand = counter_expand,
	.args_type = counter_args_type,
	.attach = counter_attach,
	.list = hardware_list,
	.free_target = counter_free_target,
};
