// SPDX-License-Identifier: GPL-2.0
/*
 * The D front end's state: options from the command line and #pragma D
 * option, lowering, D's probe names, and the output set-up.
 */
#include "dtrace.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dt_internal.h"
#include "dt_lower.h"
#include "../lang/diag.h"
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "../probes/provider.h"
#include "../runtime/loader.h"
#include "../runtime/output.h"
#include "../runtime/run.h"

/* D options: what they set; the buffer options mean nothing to sonde's ring buffer. */
struct dt_option {
	const char *name;
	bool *(*flag)(struct dtrace_ctx *dc);	/* NULL: accepted, no effect */
};

static bool *opt_quiet(struct dtrace_ctx *dc) { return &dc->quiet; }
static bool *opt_aggsortkey(struct dtrace_ctx *dc) { return &dc->aggsortkey; }
static bool *opt_aggsortrev(struct dtrace_ctx *dc) { return &dc->aggsortrev; }
static bool *opt_destructive(struct dtrace_ctx *dc) { return &dc->destructive; }
static bool *opt_defaultargs(struct dtrace_ctx *dc) { return &dc->defaultargs; }
static bool *opt_zdefs(struct dtrace_ctx *dc) { return &dc->zdefs; }

static const struct dt_option options[] = {
	{ "quiet", opt_quiet },
	{ "aggsortkey", opt_aggsortkey },
	{ "aggsortrev", opt_aggsortrev },
	{ "destructive", opt_destructive },
	{ "defaultargs", opt_defaultargs },
	{ "zdefs", opt_zdefs },
	{ "bufsize", NULL }, { "aggsize", NULL }, { "switchrate", NULL }, { "aggrate", NULL },
	{ "cleanrate", NULL }, { "statusrate", NULL }, { "bufresize", NULL },
};

/*
 * strsize=N: D's strings hold up to N characters (and a NUL), as in
 * Oracle's DTrace for Linux (illumos counts the NUL in N); 256 by default.
 */
static int set_strsize(struct dtrace_ctx *dc, const char *opt, size_t len)
{
	char *end;
	unsigned long v;

	if (opt[len] != '=')
		return -2;
	errno = 0;
	v = strtoul(opt + len + 1, &end, 0);
	if (errno || end == opt + len + 1 || (*end && !strchr(" \t\r\n", *end)) || v < 1 ||
	    v >= CONFIG_STRLEN_MAX)
		return -2;
	dc->strsize = (uint32_t)v;
	return 0;
}

/*
 * A number with an optional size suffix (k, m, g, t: DTrace's), after
 * NAME=, into *v: 0, or -2 when it is none or not within lo..hi.
 */
static int option_number(const char *opt, size_t len, uint64_t lo, uint64_t hi, uint64_t *v)
{
	static const char suffixes[] = "kmgt";
	const char *p = opt + len + 1, *s;
	char *end;
	unsigned long long n;

	if (opt[len] != '=' || *p < '0' || *p > '9')
		return -2;
	errno = 0;
	n = strtoull(p, &end, 10);
	if (errno)
		return -2;
	if (*end && (s = strchr(suffixes, *end | 0x20))) {
		for (long i = 0; i <= s - suffixes; i++) {
			if (n > (hi >> 10))
				return -2;
			n <<= 10;
		}
		end++;
	}
	if ((*end && !strchr(" \t\r\n", *end)) || n < lo || n > hi)
		return -2;
	*v = n;
	return 0;
}

const char *dt_option_needs(const char *name, size_t len)
{
	if (len == 5 && !strncmp(name, "nspec", 5))
		return "a number of speculations, 1 to 254";
	if ((len == 8 && !strncmp(name, "specsize", 8)) ||
	    (len == 10 && !strncmp(name, "dynvarsize", 10)))
		return "a size in bytes (a k, m or g suffix multiplies it by 1024 each)";
	if ((len == 10 && !strncmp(name, "aggsortpos", 10)) ||
	    (len == 13 && !strncmp(name, "aggsortkeypos", 13)))
		return "a position, 0 to 255 (0 is the first)";
	if (len == 9 && !strncmp(name, "bufpolicy", 9))
		return "switch (sonde's ring buffer hands records out as they come: fill and ring are not supported)";
	return "a value of 1 to 65535 (characters)";
}

/* DTrace's options sonde does not have, and why (the error says it). */
static const struct {
	const char *name, *why;
} lacking[] = {
	{ "flowindent", "sonde has no flow indentation (print probefunc and probename)" },
	{ "stackindent", "stack frames are indented 14 columns" },
	{ "stackframes", "write stack(N) for N frames" },
	{ "ustackframes", "write ustack(N) for N frames" },
	{ "jstackframes", "Java stacks (jstack()) are not supported" },
	{ "jstackstrsize", "Java stacks (jstack()) are not supported" },
	{ "cpu", "write /cpu == N/ in the predicates" },
	{ "grabanon", "Linux has no anonymous DTrace state" },
	{ "rawbytes", "tracemem() always dumps hex and ASCII" },
	{ "aggpercpu", "aggregations are printed merged across CPUs" },
	{ "aggzoom", "quantize() bars are scaled to the total count" },
	{ "aggpack", "aggregations print in dtrace(1)'s default layout" },
	{ "agghist", "aggregations print in dtrace(1)'s default layout" },
	{ "cpp", "sonde's preprocessor always runs" },
};

/* Why sonde lacks the D option name (len bytes), or NULL when DTrace has no such option. */
const char *dt_option_lacking(const char *name, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(lacking); i++)
		if (strlen(lacking[i].name) == len && !strncmp(name, lacking[i].name, len))
			return lacking[i].why;
	return NULL;
}

/*
 * bufpolicy=switch (DTrace's default) is what sonde's ring buffer does;
 * fill and ring keep records back, which sonde never does.
 */
static int set_bufpolicy(const char *opt, size_t len)
{
	if (opt[len] != '=' || strncmp(opt + len + 1, "switch", 6) ||
	    (opt[len + 7] && !strchr(" \t\r\n", opt[len + 7])))
		return -2;
	return 0;
}

/* NAME[=VALUE]: 0, -1 when sonde does not know NAME, -2 for a bad VALUE. */
int dt_set_option(struct dtrace_ctx *dc, const char *opt, size_t len)
{
	uint64_t v;

	if (len == 7 && !strncmp(opt, "strsize", 7))
		return set_strsize(dc, opt, len);
	if (len == 9 && !strncmp(opt, "bufpolicy", 9))
		return set_bufpolicy(opt, len);
	if (len == 5 && !strncmp(opt, "nspec", 5)) {
		if (option_number(opt, len, 1, SPEC_MAX, &v) < 0)
			return -2;
		dc->nspec = (uint32_t)v;
		return 0;
	}
	if (len == 8 && !strncmp(opt, "specsize", 8)) {
		if (option_number(opt, len, 0, 1ull << 30, &v) < 0)
			return -2;
		dc->specsize = v;
		return 0;
	}
	if (len == 10 && !strncmp(opt, "dynvarsize", 10)) {
		if (option_number(opt, len, 1, 1ull << 40, &v) < 0)
			return -2;
		dc->dynvarsize = v;
		return 0;
	}
	if ((len == 10 && !strncmp(opt, "aggsortpos", 10)) ||
	    (len == 13 && !strncmp(opt, "aggsortkeypos", 13))) {
		if (option_number(opt, len, 0, 255, &v) < 0)
			return -2;
		*(len == 10 ? &dc->aggsortpos : &dc->aggsortkeypos) = (int)v;
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(options); i++) {
		if (strlen(options[i].name) != len || strncmp(opt, options[i].name, len))
			continue;
		if (options[i].flag)
			*options[i].flag(dc) = true;
		return 0;
	}
	return -1;
}

static int apply_option(struct dtrace_ctx *dc, const struct source *src, struct loc loc,
			const char *opt)
{
	size_t len = strcspn(opt, "= \t\r\n");

	int err = dt_set_option(dc, opt, len);

	if (err == 0)
		return 0;
	loc.end_col = loc.col + (int)len - 1;
	if (err == -2)
		diag_error(src, loc, "D option '%.*s' needs %s", (int)len, opt,
			   dt_option_needs(opt, len));
	else if (dt_option_lacking(opt, len))
		diag_error(src, loc, "D option '%.*s' is not supported: %s", (int)len, opt,
			   dt_option_lacking(opt, len));
	else
		diag_error(src, loc, "unknown or unsupported D option '%.*s'", (int)len, opt);
	return -1;
}

/* #pragma D option NAME[=VALUE], anywhere at the start of a line. */
static int scan_pragmas(struct dtrace_ctx *dc, const struct source *src)
{
	static const char pragma[] = "#pragma D option ";
	const char *line = src->text;
	int lineno = 1, err = 0;

	while (line && line < src->text + src->len) {
		const char *p = line + strspn(line, " \t");

		if (!strncmp(p, pragma, sizeof(pragma) - 1)) {
			const char *opt = p + sizeof(pragma) - 1;
			struct loc loc = { lineno, (int)(opt - line) + 1, lineno, 0 };

			opt += strspn(opt, " \t");
			if (apply_option(dc, src, loc, opt) < 0)
				err = -1;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
		lineno++;
	}
	return err;
}

/* The executable $target runs: -p's /proc/PID/exe, -c's first word (through PATH). */
static char *target_exe(const struct dtrace_opts *o)
{
	char path[PATH_MAX], *word, *dirs, *dir, *save = NULL, *found = NULL;
	ssize_t len;

	if (o->pid) {
		char link[32];

		snprintf(link, sizeof(link), "/proc/%d/exe", o->pid);
		len = readlink(link, path, sizeof(path) - 1);
		if (len <= 0)
			return NULL;
		path[len] = '\0';
		return xstrdup(path);
	}
	if (!o->cmd)
		return NULL;
	word = xstrndup(o->cmd + strspn(o->cmd, " \t"), strcspn(o->cmd + strspn(o->cmd, " \t"), " \t"));
	if (strchr(word, '/') || !getenv("PATH"))
		return word;
	dirs = xstrdup(getenv("PATH"));
	for (dir = strtok_r(dirs, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
		snprintf(path, sizeof(path), "%s/%s", dir, word);
		if (access(path, X_OK) == 0)
			found = xstrdup(path);
	}
	free(dirs);
	free(word);
	return found;
}

struct dtrace_ctx *dtrace_new(struct source *src, const struct dtrace_opts *o)
{
	struct dtrace_ctx *dc = xcalloc(1, sizeof(*dc));
	int err = 0;

	dc->quiet = o->quiet;
	dc->strsize = DT_STRSIZE_DEFAULT;
	dc->nspec = DT_NSPEC_DEFAULT;
	dc->specsize = DT_SPECSIZE_DEFAULT;
	dc->uses_cpid = o->has_cmd;
	dc->target_pid = o->pid;
	dc->target_exe = target_exe(o);
	for (int i = 0; i < o->nx; i++) {
		size_t len = strcspn(o->x[i], "=");

		int bad = dt_set_option(dc, o->x[i], len);

		if (bad == -2)
			fprintf(stderr, "ERROR: -x: D option '%.*s' needs %s\n", (int)len, o->x[i],
				dt_option_needs(o->x[i], len));
		else if (bad < 0 && dt_option_lacking(o->x[i], len))
			fprintf(stderr, "ERROR: -x: D option '%.*s' is not supported: %s\n", (int)len,
				o->x[i], dt_option_lacking(o->x[i], len));
		else if (bad < 0)
			fprintf(stderr, "ERROR: -x: unknown or unsupported D option '%.*s'\n",
				(int)len, o->x[i]);
		if (bad < 0)
			err = -1;
	}
	if (err || scan_pragmas(dc, src) < 0 || dt_rewrite_decls(dc, src) < 0) {
		dtrace_free(dc);
		return NULL;
	}
	return dc;
}

bool dtrace_destructive(const struct dtrace_ctx *dc)
{
	return dc->destructive;
}

void dtrace_config(const struct dtrace_ctx *dc, struct config *cfg)
{
	cfg->max_strlen = dc->strsize + 1;	/* sonde's string sizes count the NUL */
	cfg->str_trunc_trailer = "";	/* DTrace marks no cut string */
	cfg->spec_count = dc->nspec;
	cfg->dyn_var_bytes = dc->dynvarsize;
	cfg->map_full_cpu = true;	/* aggregation drops are reported per CPU */
	cfg->c_pointer_diff = true;	/* y - x is the elements between, as in C */
	if (dc->zdefs)	/* -Z: a description that matches no probe is left out */
		cfg->missing_probes = MISSING_IGNORE;
}

int dtrace_lower(struct dtrace_ctx *dc, struct program *prog)
{
	diag_rewrite = dt_rewrite_var_names;
	return dt_lower_program(dc, prog);
}

/*
 * The probe builtin prints "%6d %32s" of D's id and function:name.  The
 * id is sonde's probe number (DTrace numbers the kernel's probe table):
 * one per attach point and D probe (its label), so D probes that share
 * an attach point (off-cpu and dequeue) have their own.
 */
void dtrace_name_probes(struct dtrace_ctx *dc, struct program *prog)
{
	char name[256];

	for (int i = 0; i < prog->probe_names.n; i++) {
		char *old = prog->probe_names.v[i];
		char *label = strstr(old, PROBE_LABEL_SEP);

		if (label)	/* D's probe of the attach point (compile.c) */
			*label++ = '\0';
		dt_full_name(&dc->probes, old, label, name, sizeof(name));
		vec_push(&dc->full_names, xstrdup(name));
		dt_display_name(&dc->probes, old, label, name, sizeof(name));
		prog->probe_names.v[i] = xasprintf("%6d %32s", i + 1, name);
		free(old);
	}
}

void dtrace_report_matched(const struct dtrace_ctx *dc, const struct program *prog,
			   const char *what)
{
	int n = 0;

	if (dc->quiet)
		return;	/* quiet (-q, -x quiet, the pragma) says nothing of it, as dtrace(1) */
	for (int i = 0; i < prog->progs.n; i++)
		n += prog->progs.v[i].sys_probes ? prog->progs.v[i].merged : 1;
	n--;	/* the heading's BEGIN */
	if (what)
		fprintf(stderr, "dtrace: script '%s' matched %d probe%s\n", what, n,
			n == 1 ? "" : "s");
	else
		fprintf(stderr, "dtrace: description '%s' matched %d probe%s\n",
			dc->first_desc ? dc->first_desc : "", n, n == 1 ? "" : "s");
}

static int cmp_first_use(const void *pa, const void *pb)
{
	const struct mapinfo *a = *(struct mapinfo *const *)pa, *b = *(struct mapinfo *const *)pb;

	if (a->first_use.line != b->first_use.line)
		return a->first_use.line - b->first_use.line;
	return a->first_use.col - b->first_use.col;
}

/*
 * Lost events as dtrace(1) reports drops: "dtrace: N drops on CPU M" on
 * stderr, for each CPU that lost records since the last report.
 */
static void report_drops(const struct program *prog, void *arg)
{
	struct dtrace_ctx *dc = arg;
	int ncpus = libbpf_num_possible_cpus();
	uint64_t *vals;
	uint32_t key = 0;

	if (ncpus <= 0 || IMAP_LOST >= prog->maps.n)
		return;
	if (!dc->drops_said) {
		dc->drops_said = xcalloc(ncpus, sizeof(*dc->drops_said));
		dc->ncpus = ncpus;
	}
	vals = xcalloc(ncpus, sizeof(*vals));
	if (bpf_map_lookup_elem(prog->maps.v[IMAP_LOST].fd, &key, vals) == 0)
		for (int i = 0; i < ncpus && i < dc->ncpus; i++) {
			if (vals[i] <= dc->drops_said[i])
				continue;
			fprintf(stderr, "dtrace: %llu drop%s on CPU %d\n",
				(unsigned long long)(vals[i] - dc->drops_said[i]),
				vals[i] - dc->drops_said[i] == 1 ? "" : "s", i);
			dc->drops_said[i] = vals[i];
		}
	free(vals);
}

/*
 * D variables that could not be stored (a full map refused the update in
 * the probe): dtrace(1)'s "dtrace: N dynamic variable drops", for those
 * since the last report.
 */
void dt_report_dyndrops(struct dtrace_ctx *dc)
{
	uint64_t n = dc->dyndrops - dc->dyndrops_said;

	if (!n)
		return;
	fflush(dc->out);
	fprintf(stderr, "dtrace: %llu dynamic variable drop%s\n", (unsigned long long)n,
		n == 1 ? "" : "s");
	dc->dyndrops_said = dc->dyndrops;
	dc->dyndrops_said_ns = monotonic_ns();
}

/*
 * Aggregation updates a full map refused, as dtrace(1) reports them:
 * "dtrace: N aggregation drops on CPU M", for each CPU with drops not
 * reported yet.
 */
void dt_report_aggdrops(struct dtrace_ctx *dc)
{
	bool said = false;

	for (int i = 0; i < dc->ncpus_agg; i++) {
		uint64_t n = dc->aggdrops[i] - dc->aggdrops_said[i];

		if (!n)
			continue;
		if (!said)
			fflush(dc->out);
		said = true;
		fprintf(stderr, "dtrace: %llu aggregation drop%s on CPU %d\n", (unsigned long long)n,
			n == 1 ? "" : "s", i);
		dc->aggdrops_said[i] = dc->aggdrops[i];
	}
	if (said)
		dc->aggdrops_said_ns = monotonic_ns();
}

static bool count_aggdrop(struct dtrace_ctx *dc, const struct event_spec *ev,
			  const uint8_t *payload)
{
	uint32_t cpu;

	if (!ev->args || ev->args->kind != TY_TUPLE || ev->args->nfields < 1)
		return false;
	memcpy(&cpu, payload + ev->args->fields[0].offset, sizeof(cpu));
	if (!dc->aggdrops) {
		int n = libbpf_num_possible_cpus();

		dc->ncpus_agg = n > 0 ? n : 1;
		dc->aggdrops = xcalloc(dc->ncpus_agg, sizeof(*dc->aggdrops));
		dc->aggdrops_said = xcalloc(dc->ncpus_agg, sizeof(*dc->aggdrops_said));
	}
	if ((int)cpu >= dc->ncpus_agg)
		cpu = (uint32_t)dc->ncpus_agg - 1;
	dc->aggdrops[cpu]++;
	if (monotonic_ns() - dc->aggdrops_said_ns >= 1000000000ull)
		dt_report_aggdrops(dc);
	return true;
}

/*
 * A map refused a new key: a D variable's counts as a dynamic variable
 * drop, an aggregation's as an aggregation drop on its CPU (each reported
 * once a second at most).
 */
static bool count_dyndrop(const struct program *prog, const struct event_spec *ev,
			  const uint8_t *payload, void *arg)
{
	struct dtrace_ctx *dc = arg;

	if (!ev->map)
		return false;
	if (ev->map->agg != AGG_NONE)
		return count_aggdrop(dc, ev, payload);
	dc->dyndrops++;
	if (monotonic_ns() - dc->dyndrops_said_ns >= 1000000000ull)
		dt_report_dyndrops(dc);
	return true;
}

static bool loc_before(int line, int col, int line2, int col2)
{
	return line < line2 || (line == line2 && col <= col2);
}

/* The action (0: the predicate) whose source holds loc, or -1. */
static int action_at(const struct dtrace_ctx *dc, struct loc loc)
{
	for (int i = 0; i < dc->actions.n; i++) {
		const struct loc *a = &dc->actions.v[i].loc;

		if (loc_before(a->line, a->col, loc.line, loc.col) &&
		    loc_before(loc.line, loc.col, a->end_line, a->end_col))
			return dc->actions.v[i].action;
	}
	return -1;
}

#define DTRACEFLT_BADADDR 1

/*
 * A read faulted (the probe stopped there).  What the clause traced
 * before it, its event line's start included, was held back and is
 * dropped (runtime/held.c), as DTrace discards a faulting clause's data:
 * nothing to end here.  fault_done() runs DTrace's ERROR probe and prints
 * dtrace(1)'s report.
 */
static const char *report_fault(const struct program *prog, const struct event_spec *ev,
				int64_t ret, uint64_t addr, int probe, void *arg)
{
	return NULL;
}

/* Records of the ERROR clauses: they print right after the fault that ran them. */
static int from_error_probe(const struct event_spec *ev, void *arg)
{
	const struct program *prog = arg;

	for (int i = 0; i < prog->progs.n; i++)
		if (prog->progs.v[i].prov->kind == PROV_ERROR &&
		    prog->progs.v[i].probe_index == ev->probe_index)
			return 1;
	return 0;
}

/*
 * DTrace's ERROR probe, run with DTrace's arguments (arg1 the enabled
 * probe, arg2 the action, arg3 the offset, arg4 the fault type, arg5 the
 * address); what it printed is handled at once, ahead of the records
 * other probes sent after the fault; then dtrace(1)'s report on stderr.
 */
static void fault_done(const struct program *prog, const struct event_spec *ev, int64_t ret,
		       uint64_t addr, int probe, void *arg)
{
	struct dtrace_ctx *dc = arg;
	int action = action_at(dc, ev->loc);
	int64_t off = ev->top;
	int epid = ev->op + (dc->quiet ? 1 : 0);	/* not the heading's BEGIN */
	uint64_t args[6] = { 0, (uint64_t)epid, (uint64_t)(action < 0 ? 0 : action),
			     (uint64_t)off, DTRACEFLT_BADADDR, addr };
	const char *name = probe >= 0 && probe < dc->full_names.n ? dc->full_names.v[probe] : "";
	bool ran = false;
	char where[32];

	for (int i = 0; i < prog->progs.n; i++) {
		const struct prog_spec *ps = &prog->progs.v[i];
		LIBBPF_OPTS(bpf_test_run_opts, topts, .ctx_in = args, .ctx_size_in = sizeof(args));

		if (ps->prov->kind != PROV_ERROR)
			continue;
		if (bpf_prog_test_run_opts(loader_prog_fd(prog, ps), &topts) < 0)
			fprintf(stderr, "dtrace: running the ERROR probe failed: %s\n", strerror(errno));
		ran = true;
	}
	if (ran)
		run_handle_ahead(from_error_probe, (void *)prog);
	if (action > 0)
		snprintf(where, sizeof(where), "action #%d", action);
	else
		snprintf(where, sizeof(where), "predicate");
	fflush(dc->out);
	fprintf(stderr, "dtrace: error on enabled probe ID %d (ID %d: %s): invalid address (0x%llx) in %s at DIF offset %lld\n",
		epid, probe + 1, name, (unsigned long long)addr, where, (long long)off);
	dc->errors++;
}

/* DTrace prints aggregations in the order the program names them first. */
void dtrace_output_setup(struct dtrace_ctx *dc, struct program *prog, FILE *out)
{
	qsort(prog->usermaps.v, prog->usermaps.n, sizeof(prog->usermaps.v[0]), cmp_first_use);
	dc->out = out;
	output_set_map_sink(dt_print_aggregation, dc);
	output_set_print_hook(dt_printa, dc);
	output_set_loss_text(report_drops, dc);
	output_set_fault_hook(report_fault, fault_done, dc);
	output_set_map_full_hook(count_dyndrop, dc);
	dt_spec_setup(dc, prog);
}

/* dtrace -l [-n PATTERN]: the probes a description matches, in dtrace(1)'s columns. */
int dtrace_list(const char *pattern)
{
	static const char *const everything[] = {
		"dtrace:::BEGIN", "dtrace:::END", "dtrace:::ERROR", "syscall:::", "proc:::", "sched:::", "io:::",
		"lockstat:::",
	};
	struct source src = { .name = (char *)"-n", .text = (char *)pattern };
	dt_probelist probes = { 0 };
	int err = 0;

	if (pattern) {
		struct loc loc = { 1, 1, 1, (int)strlen(pattern) };

		src.len = strlen(pattern);
		err = dt_map_description(&src, loc, pattern, true, NULL, &probes);
	} else {
		for (size_t i = 0; i < ARRAY_SIZE(everything); i++) {
			struct loc loc = { 1, 1, 1, 1 };

			src.text = (char *)everything[i];
			src.len = strlen(src.text);
			err |= dt_map_description(&src, loc, everything[i], true, NULL, &probes);
		}
	}
	if (!err) {
		printf("%5s %10s %20s %32s %s\n", "ID", "PROVIDER", "MODULE", "FUNCTION", "NAME");
		int id = 0;

		for (int i = 0; i < probes.n; i++) {
			const struct dt_probe *p = &probes.v[i], *prev = i ? &probes.v[i - 1] : NULL;

			/* one D probe may be several tracepoints (sched:::enqueue) */
			if (prev && !strcmp(prev->prov, p->prov) && !strcmp(prev->func, p->func) &&
			    !strcmp(prev->name, p->name))
				continue;
			printf("%5d %10s %20s %32s %s\n", ++id, p->prov, "", p->func, p->name);
		}
	}
	dt_probelist_free(&probes);
	return err ? 1 : 0;
}

void dtrace_free(struct dtrace_ctx *dc)
{
	if (!dc)
		return;
	output_set_map_sink(NULL, NULL);
	output_set_print_hook(NULL, NULL);
	output_set_loss_text(NULL, NULL);
	output_set_fault_hook(NULL, NULL, NULL);
	output_set_map_full_hook(NULL, NULL);
	free(dc->drops_said);
	free(dc->aggdrops);
	free(dc->aggdrops_said);
	vec_free(&dc->actions);
	vec_free(&dc->strargs);
	for (int i = 0; i < dc->full_names.n; i++)
		free(dc->full_names.v[i]);
	vec_free(&dc->full_names);
	dt_probelist_free(&dc->probes);
	for (int i = 0; i < dc->sites.n; i++) {
		for (int j = 0; j < dc->sites.v[i].aggs.n; j++)
			free(dc->sites.v[i].aggs.v[j]);
		vec_free(&dc->sites.v[i].aggs);
		free(dc->sites.v[i].fmt);
	}
	vec_free(&dc->sites);
	for (int i = 0; i < dc->printed.n; i++)
		free(dc->printed.v[i]);
	vec_free(&dc->printed);
	for (int i = 0; i < dc->norm_maps.n; i++)
		free(dc->norm_maps.v[i]);
	vec_free(&dc->norm_maps);
	vec_free(&dc->norm_divs);
	for (int i = 0; i < dc->keywidths.n; i++)
		free(dc->keywidths.v[i].map);
	vec_free(&dc->keywidths);
	for (int i = 0; i < dc->llqs.n; i++) {
		free(dc->llqs.v[i].map);
		free(dc->llqs.v[i].bounds);
	}
	vec_free(&dc->llqs);
	for (int i = 0; i < dc->stddevs.n; i++)
		free(dc->stddevs.v[i]);
	vec_free(&dc->stddevs);
	free(dc->first_desc);
	free(dc->target_exe);
	for (int i = 0; i < dc->globals.n; i++)
		free(dc->globals.v[i]);
	vec_free(&dc->globals);
	for (int i = 0; i < dc->strvars.n; i++)
		free(dc->strvars.v[i]);
	vec_free(&dc->strvars);
	for (int i = 0; i < dc->this_shared.n; i++)
		free(dc->this_shared.v[i]);
	vec_free(&dc->this_shared);
	for (int i = 0; i < dc->decls.n; i++) {
		free(dc->decls.v[i].name);
		free(dc->decls.v[i].struct_type);
		free(dc->decls.v[i].ptr_type);
	}
	vec_free(&dc->decls);
	for (int i = 0; i < dc->typedefs.n; i++)
		free(dc->typedefs.v[i]);
	vec_free(&dc->typedefs);
	for (int i = 0; i < dc->struct_typedefs.n; i++)
		free(dc->struct_typedefs.v[i]);
	vec_free(&dc->struct_typedefs);
	for (int i = 0; i < dc->assigned.n; i++)
		free(dc->assigned.v[i]);
	vec_free(&dc->assigned);
	dt_spec_free(dc);
	free(dc);
}
