// SPDX-License-Identifier: GPL-2.0
/*
 * perf_event_open and BPF perf links.  Every attachment made here is an
 * fd: when sonde exits, however it exits, the kernel tears it down.
 */
#include <bpf/bpf.h>
#include <ctype.h>
#include <errno.h>
#include <linux/perf_event.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "perf.h"

static int perf_event_open(struct perf_event_attr *attr, int pid, int cpu)
{
	int fd = syscall(SYS_perf_event_open, attr, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int perf_open(struct perf_event_attr *attr, int pid, int cpu)
{
	return perf_event_open(attr, pid, cpu);
}

int perf_open_counter(uint32_t type, uint64_t config, uint64_t period, int pid, int cpu)
{
	struct perf_event_attr attr = {
		.type = type,
		.size = sizeof(attr),
		.config = config,
		.sample_period = period,
		.wakeup_events = 1,
		.disabled = 1,
	};

	return perf_event_open(&attr, pid, cpu);
}

int perf_open_tracepoint(int tp_id, int cpu)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_TRACEPOINT,
		.size = sizeof(attr),
		.config = (uint64_t)tp_id,
		.sample_period = 1,
		.wakeup_events = 1,
		.disabled = 1,	/* enabled once the program is attached */
	};

	/*
	 * A BPF program on a tracepoint event runs for hits on every CPU, so
	 * one event (pid -1, cpu 0) covers the system.
	 */
	return perf_event_open(&attr, -1, cpu);
}

int perf_open_cpu_clock(int cpu, uint64_t period_ns, uint64_t freq_hz)
{
	return perf_open_cpu_clock_pid(-1, cpu, period_ns, freq_hz);
}

int perf_open_cpu_clock_pid(int pid, int cpu, uint64_t period_ns, uint64_t freq_hz)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.size = sizeof(attr),
		.config = PERF_COUNT_SW_CPU_CLOCK,
		.disabled = 1,
	};

	if (freq_hz) {
		attr.freq = 1;
		attr.sample_freq = freq_hz;
	} else {
		attr.sample_period = period_ns;
	}
	return perf_event_open(&attr, pid, cpu);
}

/* ---- the uprobe PMU ---- */

/* A number from a sysfs file of the PMU, or -1. */
static long pmu_read_number(const char *pmu, const char *file)
{
	char *path = xasprintf("/sys/bus/event_source/devices/%s/%s", pmu, file);
	char *text = read_file(path, NULL);
	long v = -1;

	free(path);
	if (text && isdigit((unsigned char)text[0]))
		v = strtol(text, NULL, 10);
	free(text);
	return v;
}

/*
 * The first bit of a config field from format/FIELD ("config:0",
 * "config:32-63"), or -1 when the PMU does not have the field.
 */
static int pmu_config_bit(const char *pmu, const char *field)
{
	char *path = xasprintf("/sys/bus/event_source/devices/%s/format/%s", pmu, field);
	char *text = read_file(path, NULL);
	int bit = -1;

	free(path);
	if (text && strncmp(text, "config:", 7) == 0 && isdigit((unsigned char)text[7]))
		bit = (int)strtol(text + 7, NULL, 10);
	free(text);
	return bit < 64 ? bit : -1;
}

int perf_open_uprobe(const char *path, uint64_t offset, uint64_t ref_ctr_off, bool retprobe,
		     int pid)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.sample_period = 1,
		.wakeup_events = 1,
		.disabled = 1,	/* enabled once the program is attached */
	};
	long type = pmu_read_number("uprobe", "type");
	int bit;

	if (type < 0)
		return -ENOSYS;
	attr.type = (uint32_t)type;
	attr.config1 = (uint64_t)(uintptr_t)path;
	attr.config2 = offset;
	if (retprobe) {
		bit = pmu_config_bit("uprobe", "retprobe");
		if (bit < 0)
			return -EOPNOTSUPP;
		attr.config |= 1ULL << bit;
	}
	if (ref_ctr_off) {
		bit = pmu_config_bit("uprobe", "ref_ctr_offset");
		if (bit < 0)
			return -EOPNOTSUPP;
		attr.config |= ref_ctr_off << bit;
	}
	/* As for tracepoints, the program runs on every CPU; pid filters. */
	return pid > 0 ? perf_event_open(&attr, pid, -1) : perf_event_open(&attr, -1, 0);
}

/* Before perf links (Linux 5.15): attach by ioctl on the event itself. */
static int attach_by_ioctl(int perf_fd, int prog_fd)
{
	if (ioctl(perf_fd, PERF_EVENT_IOC_SET_BPF, prog_fd) < 0)
		return -errno;
	return 0;
}

int perf_attach_prog(int perf_fd, int prog_fd, uint64_t cookie, fdlist *fds)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts, .perf_event.bpf_cookie = cookie);
	int link = bpf_link_create(prog_fd, perf_fd, BPF_PERF_EVENT, &opts);

	if (link >= 0) {
		vec_push(fds, link);
	} else {
		int err = link;	/* libbpf returns -errno */

		/* Old kernels reject the link type; a cookie then has no carrier. */
		if (err != -EINVAL || cookie)
			return err;
		err = attach_by_ioctl(perf_fd, prog_fd);
		if (err)
			return err;
	}
	if (ioctl(perf_fd, PERF_EVENT_IOC_ENABLE, 0) < 0)
		return -errno;
	return 0;
}

int perf_attach_event(const char *probe, int perf_fd, int prog_fd, uint64_t cookie,
		      fdlist *fds)
{
	int err;

	if (perf_fd < 0) {
		fprintf(stderr, "ERROR: %s: perf_event_open failed: %s\n", probe,
			strerror(-perf_fd));
		return perf_fd;
	}
	vec_push(fds, perf_fd);
	err = perf_attach_prog(perf_fd, prog_fd, cookie, fds);
	if (err) {
		fprintf(stderr, "ERROR: %s: attaching the BPF program failed: %s\n", probe,
			strerror(-err));
		return err;
	}
	return 0;
}

/* ---- timer specs ---- */

struct time_unit {
	const char *name;
	uint64_t ns;		/* 0: a frequency */
};

static const struct time_unit time_units[] = {
	{ "s", 1000000000ULL },
	{ "ms", 1000000ULL },
	{ "us", 1000ULL },
	{ "ns", 1ULL },
	{ "hz", 0 },
};

static const struct time_unit *find_unit(const char *name, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(time_units); i++)
		if (strlen(time_units[i].name) == len &&
		    strncmp(time_units[i].name, name, len) == 0)
			return &time_units[i];
	return NULL;
}

/*
 * Decimal digits with an optional eN exponent (1e6); end at the first other
 * char.  -1 when s is not a number, -2 when it does not fit in 64 bits.
 */
static int parse_count(const char *s, const char **end, uint64_t *out)
{
	uint64_t v = 0;
	const char *p = s;

	if (!isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		if (v > (UINT64_MAX - (*p - '0')) / 10)
			return -2;	/* a number, too large */
		v = v * 10 + (*p - '0');
	}
	if (*p == 'e' && isdigit((unsigned char)p[1])) {
		int exp = 0;

		for (p++; isdigit((unsigned char)*p); p++) {
			exp = exp * 10 + (*p - '0');
			if (exp > 19)
				return -2;
		}
		while (exp--) {
			if (v > UINT64_MAX / 10)
				return -2;
			v *= 10;
		}
	}
	*end = p;
	*out = v;
	return 0;
}

static int timer_from(const struct time_unit *unit, uint64_t n, struct perf_timer *out,
		      const char **why)
{
	if (n == 0) {
		*why = "the rate must be greater than zero";
		return -1;
	}
	out->freq_hz = unit->ns ? 0 : n;
	out->period_ns = unit->ns ? n : 0;
	if (unit->ns && n > UINT64_MAX / unit->ns) {
		*why = "the period is too long";
		return -1;
	}
	out->period_ns *= unit->ns;
	return 0;
}

int perf_parse_timer(const char *spec, struct perf_timer *out, const char **why)
{
	const char *colon = strchr(spec, ':');
	const struct time_unit *unit;
	const char *end;
	uint64_t n;

	memset(out, 0, sizeof(*out));
	if (colon) {
		/* UNIT:N */
		unit = find_unit(spec, colon - spec);
		if (!unit) {
			*why = "unknown time unit (expected s, ms, us, ns or hz)";
			return -1;
		}
		int r = parse_count(colon + 1, &end, &n);

		if (r || *end) {
			*why = r == -2 ? "the number does not fit in 64 bits" :
			       "the rate is not a number";
			return -1;
		}
		return timer_from(unit, n, out, why);
	}
	/* N with an optional unit suffix: interval:100ms, interval:1000000 */
	switch (parse_count(spec, &end, &n)) {
	case -1:
		*why = "the rate is not a number";
		return -1;
	case -2:
		*why = "the number does not fit in 64 bits";
		return -1;
	}
	unit = *end ? find_unit(end, strlen(end)) : find_unit("ns", 2);
	if (!unit) {
		*why = "unknown time unit (expected s, ms, us, ns or hz)";
		return -1;
	}
	/* bpftrace's bound for a bare number, nanoseconds: profile:99 is no 99 Hz */
	if (!*end && n < 1000) {
		*why = "a number without a unit is a period in nanoseconds, at least 1000 (1us); "
		       "for a frequency, write hz:N";
		return -1;
	}
	return timer_from(unit, n, out, why);
}

/*
 * The short form (interval:100ms, interval:1000000) is named as bpftrace
 * names it: microseconds, "interval:us:100000" ("interval:us:" in -l of a
 * program); a period of a fraction of a microsecond and an hz rate keep
 * their own forms.
 */
static char *timer_short_name(const char *prov, const char *spec, const struct perf_timer *t,
			      bool listing)
{
	if (t->freq_hz)
		return listing ? xasprintf("%s:hz:", prov) :
				 xasprintf("%s:hz:%llu", prov, (unsigned long long)t->freq_hz);
	if (t->period_ns % 1000)
		return xasprintf("%s:%s", prov, spec);
	return listing ? xasprintf("%s:us:", prov) :
			 xasprintf("%s:us:%llu", prov, (unsigned long long)(t->period_ns / 1000));
}

int perf_timer_expand(const struct provider *prov, const char *spec,
		      const struct expand_ctx *ctx, probelist *out)
{
	struct perf_timer timer;
	const char *why, *colon;
	struct probe p;

	if (!*spec) {
		diag_error(ctx->src, ctx->loc, "%s probe type requires 1 or 2 arguments",
			   prov->name);
		return -1;
	}
	if (perf_parse_timer(spec, &timer, &why)) {
		diag_error(ctx->src, ctx->loc, "Invalid %s probe %s:%s: %s", prov->name,
			   prov->name, spec, why);
		return -1;
	}
	timer.pid = ctx->pid;
	colon = strchr(spec, ':');
	/* -l of a program names a timer by its unit, as -l lists it */
	if (ctx->listing && colon)
		p.name = xasprintf("%s:%.*s", prov->name, (int)(colon - spec + 1), spec);
	else if (colon)
		p.name = xasprintf("%s:%s", prov->name, spec);
	else
		p.name = timer_short_name(prov->name, spec, &timer, ctx->listing);
	p.target = xmalloc(sizeof(timer));
	memcpy(p.target, &timer, sizeof(timer));
	vec_push(out, p);
	return 0;
}

void perf_timer_list(const char *prov_name, const char *pattern, FILE *out)
{
	/* The forms bpftrace lists, in its (sorted) order. */
	static const char *const forms[] = { "hz", "ms", "s", "us" };

	for (size_t i = 0; i < ARRAY_SIZE(forms); i++) {
		char *name = xasprintf("%s:%s:", prov_name, forms[i]);

		if (!pattern || probe_match(pattern, name))
			fprintf(out, "%s\n", name);
		free(name);
	}
}

/* ---- CPUs ---- */

int perf_parse_cpulist(const char *text, cpulist *out)
{
	const char *p = text;

	while (*p && !isspace((unsigned char)*p)) {
		char *end;
		long lo = strtol(p, &end, 10), hi;

		if (end == p || lo < 0)
			return -1;
		hi = lo;
		p = end;
		if (*p == '-') {
			hi = strtol(p + 1, &end, 10);
			if (end == p + 1 || hi < lo || hi - lo > 65536)
				return -1;
			p = end;
		}
		for (long c = lo; c <= hi; c++)
			vec_push(out, (int)c);
		if (*p == ',')
			p++;
		else if (*p && !isspace((unsigned char)*p))
			return -1;
	}
	return out->n ? 0 : -1;
}

int perf_online_cpus(cpulist *out)
{
	char *text = read_file("/sys/devices/system/cpu/online", NULL);
	int err;

	if (!text)
		return -errno;
	err = perf_parse_cpulist(text, out) ? -EINVAL : 0;
	free(text);
	return err;
}
