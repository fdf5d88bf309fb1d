// SPDX-License-Identifier: GPL-2.0
/*
 * D providers mapped to Linux: a table from D's provider names to the
 * tracepoints, timers and specials sonde already attaches, and for the
 * providers Linux has no counterpart for, what to use instead.
 */
#include <dirent.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dt_internal.h"

#define TRACEFS_EVENTS "/sys/kernel/tracing/events"
#define TRACEFS_SYSCALLS TRACEFS_EVENTS "/syscalls"

struct dt_map_req {
	const char *target_exe;
	const struct source *src;
	struct loc loc;
	const struct dt_desc *d;
	bool expand_globs;
	dt_probelist *out;
};

static void add_probe(dt_probelist *out, const char *prov, char *attach, const char *func,
		      const char *name)
{
	struct dt_probe p = {
		.attach = attach, .func = xstrdup(func), .name = xstrdup(name), .prov = prov,
	};

	vec_push(out, p);
}

static bool is_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static const char *or_star(const char *s)
{
	return *s ? s : "*";
}

static int cmp_func(const void *a, const void *b)
{
	return strcmp(((const struct dt_probe *)a)->func, ((const struct dt_probe *)b)->func);
}

/* Each syscall whose entry tracepoint matches pattern, one probe each, by name. */
static int syscall_expand(struct dt_map_req *r, const char *pattern, bool entry)
{
	DIR *dir = opendir(TRACEFS_SYSCALLS);
	struct dirent *de;
	int found = 0, first = r->out->n;

	if (!dir) {
		diag_error(r->src, r->loc, "cannot list syscalls in %s", TRACEFS_SYSCALLS);
		return -1;
	}
	while ((de = readdir(dir))) {
		const char *fn;

		if (strncmp(de->d_name, "sys_enter_", 10) != 0)
			continue;
		fn = de->d_name + 10;
		if (fnmatch(pattern, fn, 0) != 0)
			continue;
		add_probe(r->out, "syscall", xasprintf("tracepoint:syscalls:sys_%s_%s",
						      entry ? "enter" : "exit", fn),
			  fn, entry ? "entry" : "return");
		r->out->v[r->out->n - 1].syscall = true;
		r->out->v[r->out->n - 1].entry = entry;
		found++;
	}
	closedir(dir);
	qsort(r->out->v + first, found, sizeof(r->out->v[0]), cmp_func);
	if (!found)
		diag_error(r->src, r->loc, "probe description matches no syscall");
	return found ? 0 : -1;
}

static int map_syscall(struct dt_map_req *r)
{
	const char *func = or_star(r->d->func), *name = r->d->name;
	int sides = 0;

	for (int entry = 1; entry >= 0; entry--) {
		const char *dname = entry ? "entry" : "return";
		struct dt_probe *p;

		if (*name && fnmatch(name, dname, 0) != 0)
			continue;
		sides++;
		if (r->expand_globs && is_glob(func)) {
			if (syscall_expand(r, func, entry) < 0)
				return -1;
			continue;
		}
		add_probe(r->out, "syscall", xasprintf("tracepoint:syscalls:sys_%s_%s",
						      entry ? "enter" : "exit", func),
			  func, dname);
		p = &r->out->v[r->out->n - 1];
		p->syscall = true;
		p->entry = entry;
	}
	if (!sides) {
		diag_error(r->src, r->loc, "syscall probes are named entry or return, not '%s'",
			   name);
		return -1;
	}
	return 0;
}

/* D's time suffixes and the unit sonde's profile/interval take. */
struct dt_unit {
	const char *suffix;
	const char *unit;
	unsigned mul;
};

static const struct dt_unit units[] = {
	{ "", "hz", 1 }, { "hz", "hz", 1 },
	{ "ns", "ns", 1 }, { "nsec", "ns", 1 },
	{ "us", "us", 1 }, { "usec", "us", 1 },
	{ "ms", "ms", 1 }, { "msec", "ms", 1 },
	{ "s", "s", 1 }, { "sec", "s", 1 },
	{ "m", "s", 60 }, { "min", "s", 60 },
	{ "h", "s", 3600 }, { "hour", "s", 3600 },
	{ "d", "s", 86400 }, { "day", "s", 86400 },
};

static int map_profile(struct dt_map_req *r)
{
	const char *name = r->d->name, *rest;
	const char *kind = strncmp(name, "profile-", 8) == 0 ? "profile" :
			   strncmp(name, "tick-", 5) == 0 ? "interval" : NULL;
	unsigned long long n;
	char *end;

	if (!kind)
		goto bad;
	rest = name + (kind[0] == 'p' ? 8 : 5);
	n = strtoull(rest, &end, 10);
	if (end == rest || n == 0)
		goto bad;
	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		const char *unit = units[i].unit;

		if (strcmp(end, units[i].suffix) != 0)
			continue;
		if (strcmp(unit, "ns") == 0) {
			if (n % 1000) {
				diag_error(r->src, r->loc, "'%s': periods below a microsecond are not supported",
					   name);
				return -1;
			}
			n /= 1000;
			unit = "us";
		}
		add_probe(r->out, "profile", xasprintf("%s:%s:%llu", kind, unit, n * units[i].mul),
			  "", name);
		return 0;
	}
bad:
	diag_error(r->src, r->loc, "profile probes are named profile-N or tick-N[ns|us|ms|s|m|h|d|hz], not '%s'",
		   name);
	return -1;
}

/* Providers whose probes are each one tracepoint. */
struct dt_fixed {
	const char *prov, *name, *attach, *func;
};

static const struct dt_fixed fixed[] = {
	{ "proc", "exec-success", "tracepoint:sched:sched_process_exec", "" },
	{ "proc", "exit", "tracepoint:sched:sched_process_exit", "" },
	{ "proc", "create", "rawtracepoint:sched_process_fork", "" },
	{ "proc", "signal-send", "rawtracepoint:signal_generate", "" },
	{ "proc", "signal-handle", "tracepoint:signal:signal_deliver", "" },
	{ "sched", "off-cpu", "tracepoint:sched:sched_switch", "" },
	{ "sched", "on-cpu", "rawtracepoint:sched_switch", "" },
	{ "sched", "wakeup", "rawtracepoint:sched_wakeup", "" },
	{ "sched", "enqueue", "tracepoint:sched:sched_wakeup", "" },
	{ "sched", "enqueue", "tracepoint:sched:sched_wakeup_new", "" },
	{ "sched", "enqueue", "rawtracepoint:sched_migrate_task", "" },
	{ "sched", "dequeue", "tracepoint:sched:sched_switch", "" },
	{ "sched", "dequeue", "rawtracepoint:sched_migrate_task", "" },
	{ "proc", "lwp-exit", "rawtracepoint:sched_process_exit", "" },
	{ "io", "start", "tracepoint:block:block_rq_issue", "" },
	{ "io", "done", "tracepoint:block:block_rq_complete", "" },
	{ "lockstat", "contention-begin", "tracepoint:lock:contention_begin", "" },
	{ "lockstat", "contention-end", "tracepoint:lock:contention_end", "" },
};

/* D probes that exist on Solaris but have no exact Linux counterpart here. */
static const struct dt_fixed absent[] = {
	{ "sched", "sleep", NULL, "sched:::dequeue (a thread leaving the CPU to sleep)" },
	{ "sched", "preempt", NULL, "sched:::off-cpu" },
	{ "sched", "remain-cpu", NULL, "sched:::on-cpu" },
	{ "proc", "exec", NULL, "syscall::execve:entry" },
	{ "proc", "exec-failure", NULL, "syscall::execve:return /arg0 < 0/" },
	{ "proc", "lwp-create", NULL, "proc:::create (sched_process_fork: threads too)" },
	{ "proc", "start", NULL, "proc:::create (it runs in the parent)" },
	{ "proc", "lwp-start", NULL, "proc:::create (it runs in the parent)" },
	{ "io", "wait-start", NULL, "io:::start" },
	{ "io", "wait-done", NULL, "io:::done" },
	{ "lockstat", "adaptive-acquire", NULL, "lockstat:::contention-begin / contention-end (contended locks only)" },
	{ "lockstat", "adaptive-release", NULL, "lockstat:::contention-end (contended locks only)" },
	{ "lockstat", "adaptive-block", NULL, "lockstat:::contention-begin / contention-end (contended locks only)" },
	{ "lockstat", "adaptive-spin", NULL, "lockstat:::contention-begin / contention-end (contended locks only)" },
	{ "lockstat", "spin-acquire", NULL, "lockstat:::contention-begin / contention-end (contended locks only)" },
	{ "lockstat", "spin-release", NULL, "lockstat:::contention-end (contended locks only)" },
	{ "lockstat", "spin-spin", NULL, "lockstat:::contention-begin / contention-end (contended locks only)" },
	{ "lockstat", "rw-acquire", NULL, "lockstat:::contention-begin / contention-end (contended locks only)" },
	{ "lockstat", "rw-release", NULL, "lockstat:::contention-end (contended locks only)" },
	{ "lockstat", "rw-block", NULL, "lockstat:::contention-begin / contention-end (contended locks only)" },
};

static int map_fixed(struct dt_map_req *r)
{
	const char *name = r->d->name, *prov = r->d->prov;
	int found = 0;

	for (size_t i = 0; i < ARRAY_SIZE(absent); i++)
		if (!strcmp(absent[i].prov, prov) && !strcmp(absent[i].name, name)) {
			diag_error(r->src, r->loc, "%s:::%s has no Linux counterpart: use %s",
				   prov, name, absent[i].func);
			return -1;
		}
	for (size_t i = 0; i < ARRAY_SIZE(fixed); i++) {
		if (strcmp(fixed[i].prov, prov) || fnmatch(or_star(name), fixed[i].name, 0))
			continue;
		add_probe(r->out, fixed[i].prov, xstrdup(fixed[i].attach), fixed[i].func,
			  fixed[i].name);
		r->out->v[r->out->n - 1].next_task = !strcmp(fixed[i].name, "on-cpu");
		r->out->v[r->out->n - 1].migrating = strstr(fixed[i].attach, "migrate") != NULL;
		r->out->v[r->out->n - 1].sleeping = !strcmp(fixed[i].name, "dequeue") &&
						    !r->out->v[r->out->n - 1].migrating;
		found++;
	}
	if (!found)
		diag_error(r->src, r->loc, "the %s provider has no probe '%s'", prov, name);
	return found ? 0 : -1;
}

/* Providers not (yet) mapped, and what to use instead. */
struct dt_missing {
	const char *prov, *instead;
};

static const struct dt_missing missing[] = {
	{ "sysinfo", "tracepoint:* of the subsystem, with sonde -e" },
	{ "vminfo", "tracepoint:vmscan:* or tracepoint:exceptions:page_fault_user, with sonde -e" },
	{ "mib", "tracepoint:tcp:* / tracepoint:sock:*, with sonde -e" },
	{ "tcp", "tracepoint:tcp:*, with sonde -e" },
	{ "ip", "tracepoint:net:*, with sonde -e" },
	{ "cpc", "the profile provider (profile-N)" },
};

/*
 * fbt:MODULE:FUNCTION:entry|return: kprobe:FUNCTION / kretprobe:FUNCTION
 * (wildcards allowed: kprobe_multi).  The module is not needed to find a
 * kernel function; it is kept in the attach point when given.  argN are
 * the arguments on entry; on return arg1 is the return value (arg0, the
 * return's offset in DTrace, has no counterpart).
 */
static int map_fbt(struct dt_map_req *r)
{
	const struct dt_desc *d = r->d;
	const char *func = d->func, *name = d->name;
	int sides = 0;

	if (!*func) {
		diag_error(r->src, r->loc, "fbt probes need a function (fbt::FUNCTION:entry): tracing every kernel function is not supported");
		return -1;
	}
	for (int entry = 1; entry >= 0; entry--) {
		const char *dname = entry ? "entry" : "return";
		struct dt_probe *p;

		if (*name && fnmatch(name, dname, 0) != 0)
			continue;
		sides++;
		add_probe(r->out, "fbt", xasprintf("%s:%s%s%s", entry ? "kprobe" : "kretprobe",
						   d->mod, *d->mod ? ":" : "", func),
			  func, dname);
		p = &r->out->v[r->out->n - 1];
		p->regs = true;
		p->entry = entry;
	}
	if (!sides) {
		diag_error(r->src, r->loc, "fbt probes are named entry or return, not '%s'", name);
		return -1;
	}
	return 0;
}

/*
 * sdt:SUBSYSTEM::NAME: Linux's static kernel probes are its tracepoints
 * (tracepoint:SUBSYSTEM:NAME; an empty subsystem matches all of them).
 */
static int map_sdt(struct dt_map_req *r)
{
	const struct dt_desc *d = r->d;

	if (!*d->name) {
		diag_error(r->src, r->loc, "sdt probes need a name (sdt:SUBSYSTEM::NAME, a tracepoint)");
		return -1;
	}
	add_probe(r->out, "sdt", xasprintf("tracepoint:%s:%s", or_star(d->mod), d->name),
		  d->func, d->name);
	return 0;
}

struct dt_provider {
	const char *name;
	int (*map)(struct dt_map_req *r);
};

static const struct dt_provider providers[] = {
	{ "syscall", map_syscall },
	{ "profile", map_profile },
	{ "proc", map_fixed },
	{ "sched", map_fixed },
	{ "io", map_fixed },
	{ "lockstat", map_fixed },
	{ "fbt", map_fbt },
	{ "sdt", map_sdt },
};

/*
 * pid$target:MODULE:FUNCTION:entry|return|OFFSET (or pidNNN): a uprobe
 * or uretprobe on the module (a library name such as libc, a path, or
 * a.out for the target's executable), filtered by the pid in lower.c; a
 * hex OFFSET is the instruction that many bytes into the function.
 */
static int map_pid(struct dt_map_req *r)
{
	const struct dt_desc *d = r->d;
	const char *which = d->prov + 3, *mod = d->mod, *name = d->name;
	char *end, *attach, exe[PATH_MAX];
	long pid = 0;
	bool is_offset;

	if (strcmp(which, "$target")) {
		pid = strtol(which, &end, 10);
		if (end == which || *end || pid <= 0) {
			diag_error(r->src, r->loc, "the pid provider is pid$target or pidNNN, not '%s'",
				   d->prov);
			return -1;
		}
	}
	if ((!*mod || !strcmp(mod, "a.out")) && pid) {
		/* pidNNN's a.out: the process's executable */
		char link[64];
		ssize_t n;

		snprintf(link, sizeof(link), "/proc/%ld/exe", pid);
		n = readlink(link, exe, sizeof(exe) - 1);
		if (n <= 0) {
			diag_error(r->src, r->loc, "pid%s: no such process (its executable cannot be read)",
				   which);
			return -1;
		}
		exe[n] = 0;
		mod = exe;
	} else if (!*mod || !strcmp(mod, "a.out")) {
		if (!r->target_exe) {
			diag_error(r->src, r->loc, "the pid provider's a.out needs -c CMD or -p PID: or name the module (libc, a path)");
			return -1;
		}
		mod = r->target_exe;
	}
	is_offset = *name && strspn(name, "0123456789abcdefABCDEF") == strlen(name);
	if (!*d->func || is_glob(d->func) ||
	    (strcmp(name, "entry") && strcmp(name, "return") && !is_offset)) {
		diag_error(r->src, r->loc, "pid provider probes are FUNCTION:entry, FUNCTION:return or FUNCTION:OFFSET (a hex offset into the function: pid$target::main:1c)");
		return -1;
	}
	if (is_offset)	/* the instruction at that offset: a uprobe there */
		attach = xasprintf("uprobe:%s:%s+0x%llx", mod, d->func, strtoull(name, NULL, 16));
	else
		attach = xasprintf("%s:%s:%s", name[0] == 'e' ? "uprobe" : "uretprobe", mod,
				   d->func);
	add_probe(r->out, "pid", attach, d->func, name);
	r->out->v[r->out->n - 1].user = true;
	r->out->v[r->out->n - 1].regs = true;
	r->out->v[r->out->n - 1].entry = is_offset || name[0] == 'e';
	r->out->v[r->out->n - 1].pid = (int)pid;
	return 0;
}

/* A USDT provider names its process: PROVIDER$target, PROVIDERNNN, PROVIDER*. */
static bool is_usdt_provider(const char *prov)
{
	size_t n = strcspn(prov, "$0123456789*");

	if (!n || !prov[n])
		return false;
	if (prov[n] == '$')
		return !strcmp(prov + n, "$target");
	if (prov[n] == '*')
		return !prov[n + 1];
	return strspn(prov + n, "0123456789") == strlen(prov + n);
}

/*
 * PROVIDER$target:MODULE:FUNCTION:NAME (or PROVIDERNNN): the USDT probe
 * PROVIDER:NAME of MODULE (a path or library; empty or a.out: the
 * target's executable), in that process; PROVIDER* in every process
 * running that file.  The function field is not needed on Linux.
 */
static int map_usdt(struct dt_map_req *r)
{
	const struct dt_desc *d = r->d;
	size_t n = strcspn(d->prov, "$0123456789*");
	const char *which = d->prov + n, *mod = d->mod;
	struct dt_probe *p;
	char *prov = xstrndup(d->prov, n);

	if (!*mod || !strcmp(mod, "a.out")) {
		if (!r->target_exe) {
			diag_error(r->src, r->loc, "the USDT probes of a.out need -c CMD or -p PID: or name the file in the module field (%s:/path/to/binary::%s)",
				   d->prov, or_star(d->name));
			free(prov);
			return -1;
		}
		mod = r->target_exe;
	}
	if (!*d->name) {
		diag_error(r->src, r->loc, "USDT probes need a name (%s:::NAME)", d->prov);
		free(prov);
		return -1;
	}
	add_probe(r->out, "usdt", xasprintf("usdt:%s:%s:%s", mod, prov, d->name), d->func,
		  d->name);
	p = &r->out->v[r->out->n - 1];
	p->prov = "usdt";
	p->usdt = true;
	p->user = *which != '*';
	p->pid = *which >= '0' && *which <= '9' ? atoi(which) : 0;
	free(prov);
	return 0;
}

/* Fields are right-aligned: "read:entry" is function:name. */
static int split_desc(const char *text, struct dt_desc *d)
{
	char *fields[4] = { NULL };
	char *copy = xstrdup(text), *p = copy;
	int n = 1;

	for (char *c = copy; *c; c++)
		n += *c == ':';
	if (n > 4) {
		free(copy);
		return -1;
	}
	for (int i = 4 - n; i < 4; i++) {
		char *colon = strchr(p, ':');

		if (colon)
			*colon = '\0';
		fields[i] = xstrdup(p);
		p = colon ? colon + 1 : p + strlen(p);
	}
	for (int i = 0; i < 4 - n; i++)
		fields[i] = xstrdup("");
	d->prov = fields[0];
	d->mod = fields[1];
	d->func = fields[2];
	d->name = fields[3];
	free(copy);
	return 0;
}

static void desc_free(struct dt_desc *d)
{
	free(d->prov);
	free(d->mod);
	free(d->func);
	free(d->name);
}

static int map_special_name(struct dt_map_req *r, const char *name)
{
	if (!strcmp(name, "ERROR")) {
		add_probe(r->out, "dtrace", xstrdup("dtrace_error"), "", name);
		r->out->v[r->out->n - 1].error = true;
		return 0;
	}
	if (strcmp(name, "BEGIN") && strcmp(name, "END")) {
		diag_error(r->src, r->loc, "dtrace:::%s is not supported (BEGIN, END and ERROR are)",
			   name);
		return -1;
	}
	add_probe(r->out, "dtrace", xstrdup(name), "", name);
	return 0;
}

static int map_special(struct dt_map_req *r)
{
	static const char *const all[] = { "BEGIN", "END", "ERROR" };
	int err = 0;

	if (*r->d->name)
		return map_special_name(r, r->d->name);
	for (size_t i = 0; i < ARRAY_SIZE(all); i++)	/* dtrace::: (-P dtrace) */
		err |= map_special_name(r, all[i]);
	return err;
}

static int map_provider(struct dt_map_req *r)
{
	const char *prov = r->d->prov;

	/* a description without a provider: the provider its name belongs to */
	if (!*prov && (!strncmp(r->d->name, "tick-", 5) || !strncmp(r->d->name, "profile-", 8)))
		return map_profile(r);
	if (!*prov && (!strcmp(r->d->name, "entry") || !strcmp(r->d->name, "return")))
		return map_syscall(r);
	/* a function alone (dtrace -f read): the system call's entry and return */
	if (!*prov && !*r->d->mod && *r->d->func && !*r->d->name)
		return map_syscall(r);
	if (!*prov || !strcmp(prov, "dtrace"))
		return map_special(r);
	if (!strncmp(prov, "pid", 3) && (prov[3] == '$' || (prov[3] >= '0' && prov[3] <= '9')))
		return map_pid(r);
	if (is_usdt_provider(prov))
		return map_usdt(r);
	for (size_t i = 0; i < ARRAY_SIZE(providers); i++)
		if (!strcmp(providers[i].name, prov))
			return providers[i].map(r);
	for (size_t i = 0; i < ARRAY_SIZE(missing); i++)
		if (!strcmp(missing[i].prov, prov)) {
			diag_error(r->src, r->loc, "the %s provider is not available in sonde dtrace: use %s",
				   prov, missing[i].instead);
			return -1;
		}
	diag_error(r->src, r->loc, "unknown provider '%s' (syscall, profile, proc, sched, io, pid, fbt, sdt, lockstat, a USDT PROVIDER$target, BEGIN, END)",
		   prov);
	return -1;
}

int dt_map_description(const struct source *src, struct loc loc, const char *text,
		       bool expand_globs, const char *target_exe, dt_probelist *out)
{
	struct dt_desc d;
	struct dt_map_req r = {
		.target_exe = target_exe, .src = src, .loc = loc, .d = &d, .expand_globs = expand_globs, .out = out,
	};
	int err;

	if (split_desc(text, &d) < 0) {
		diag_error(src, loc, "a probe description has at most 4 fields (provider:module:function:name)");
		return -1;
	}
	if (is_glob(d.prov) && !is_usdt_provider(d.prov)) {
		diag_error(src, loc, "a glob in the provider field is not supported: name the provider");
		err = -1;
	} else {
		err = map_provider(&r);
	}
	desc_free(&d);
	return err;
}

void dt_probelist_free(dt_probelist *l)
{
	for (int i = 0; i < l->n; i++) {
		free(l->v[i].attach);
		free(l->v[i].func);
		free(l->v[i].name);
	}
	vec_free(l);
}

/* A probe's attach point names the sonde probe: rawtracepoint:X is rawtracepoint:vmlinux:X. */
static bool names_probe(const char *attach, const char *sonde_name)
{
	static const char raw[] = "rawtracepoint:", vmlinux[] = "vmlinux:";

	if (!strcmp(attach, sonde_name))
		return true;
	return !strncmp(attach, raw, sizeof(raw) - 1) && !strncmp(sonde_name, raw, sizeof(raw) - 1) &&
	       !strncmp(sonde_name + sizeof(raw) - 1, vmlinux, sizeof(vmlinux) - 1) &&
	       !strcmp(attach + sizeof(raw) - 1, sonde_name + sizeof(raw) + sizeof(vmlinux) - 2);
}

char *dt_probe_label(const struct dt_probe *p)
{
	return xasprintf("%s:%s", p->prov, p->name);
}

/* The D probe known of the sonde probe (label: D's, or NULL), or NULL. */
static const struct dt_probe *find_known(const dt_probelist *known, const char *sonde_name,
					 const char *label)
{
	for (int i = 0; i < known->n; i++) {
		const struct dt_probe *p = &known->v[i];
		size_t n = strlen(p->prov);

		if (!names_probe(p->attach, sonde_name))
			continue;
		if (!label || (!strncmp(label, p->prov, n) && label[n] == ':' &&
			       !strcmp(label + n + 1, p->name)))
			return p;
	}
	return NULL;
}

void dt_display_name(const dt_probelist *known, const char *sonde_name, const char *label,
		     char *buf, size_t size)
{
	static const char enter[] = "tracepoint:syscalls:sys_enter_";
	static const char exit_[] = "tracepoint:syscalls:sys_exit_";
	const struct dt_probe *p;

	if (!strncmp(sonde_name, enter, sizeof(enter) - 1)) {
		snprintf(buf, size, "%s:entry", sonde_name + sizeof(enter) - 1);
		return;
	}
	if (!strncmp(sonde_name, exit_, sizeof(exit_) - 1)) {
		snprintf(buf, size, "%s:return", sonde_name + sizeof(exit_) - 1);
		return;
	}
	p = find_known(known, sonde_name, label);
	if (p)
		snprintf(buf, size, "%s:%s", p->func, p->name);
	else
		snprintf(buf, size, "%s", sonde_name);
}

void dt_full_name(const dt_probelist *known, const char *sonde_name, const char *label,
		  char *buf, size_t size)
{
	const struct dt_probe *p;
	char fn[256];

	if (!strncmp(sonde_name, "tracepoint:syscalls:sys_e", 25)) {
		dt_display_name(known, sonde_name, label, fn, sizeof(fn));
		snprintf(buf, size, "syscall::%s", fn);
		return;
	}
	p = find_known(known, sonde_name, label);
	if (p)
		snprintf(buf, size, "%s::%s:%s", p->prov, p->func, p->name);
	else
		snprintf(buf, size, "%s", sonde_name);
}

/*
 * The name of field i of a tracepoint's format (path), counting the fields
 * after the common ones; from: the index of the first of them (-1 for a
 * syscall's, whose first field is __syscall_nr).  "char comm[16];" is comm.
 */
static char *format_field(const char *path, int i, int from)
{
	char line[512];
	FILE *f = fopen(path, "r");
	int idx = from;
	char *found = NULL;

	if (!f)
		return NULL;
	while (!found && fgets(line, sizeof(line), f)) {
		char *end, *start;

		if (!strstr(line, "field:") || strstr(line, "common_"))
			continue;
		if (idx++ != i)
			continue;
		end = strchr(line, ';');
		if (!end)
			break;
		*end = '\0';
		if (end > line && end[-1] == ']' && (end = strrchr(line, '[')))
			*end = '\0';
		start = end;
		while (start > line && (start[-1] == '_' || (start[-1] >= 'a' && start[-1] <= 'z') ||
					(start[-1] >= '0' && start[-1] <= '9') ||
					(start[-1] >= 'A' && start[-1] <= 'Z')))
			start--;
		found = start < end ? xstrdup(start) : NULL;
	}
	fclose(f);
	return found;
}

/* tracefs lists the fields after the common ones; the first is __syscall_nr. */
char *dt_syscall_arg_field(const char *func, int i)
{
	char path[256];

	snprintf(path, sizeof(path), TRACEFS_SYSCALLS "/sys_enter_%s/format", func);
	return format_field(path, i, -1);
}

/* sdt:SUBSYSTEM::NAME: the i-th field of tracepoint SUBSYSTEM:NAME, or NULL. */
char *dt_tracepoint_arg_field(const char *subsys, const char *name, int i)
{
	char path[512];

	snprintf(path, sizeof(path), TRACEFS_EVENTS "/%s/%s/format", subsys, name);
	return format_field(path, i, 0);
}
