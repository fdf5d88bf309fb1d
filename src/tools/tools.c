// SPDX-License-Identifier: GPL-2.0
/*
 * Built-in tools: the registry and the command line they share.
 *
 * A tool is a sonde script (tools/NAME.bt) embedded at build time.  Its
 * header names the options it takes (PARAMS: ...); this file parses them once
 * for every tool and hands them to the script as positional parameters, in
 * the order PARAMS lists them, so the scripts stay plain sonde code.  The
 * options sonde itself knows (-p, -c, -d, -f) go to sonde_main as they are.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "numparse.h"
#include "runtime/child.h"
#include "runtime/run.h"
#include "tools.h"
#include "tools_internal.h"
#include "util.h"

#define MAX_PARAMS 8

/* What an option does for a tool. */
enum opt_kind {
	OPT_FLAG,	/* present: the parameter is 1, else 0 */
	OPT_INT,	/* takes a number; absent: 0 */
	OPT_STRING,	/* takes a word; absent: "" */
};

struct tool_opt {
	char letter;		/* 0 for a positional argument */
	const char *param;	/* the name in PARAMS */
	enum opt_kind kind;
	const char *help;
	uint64_t min, max;	/* OPT_INT: the values accepted */
};

/* Every option any tool takes; a tool accepts those its PARAMS name. */
static const struct tool_opt tool_opts[] = {
	{ 'p', "pid", OPT_INT, "-p PID        trace this process only", 1, PID_MAX_LIMIT },
	{ 'T', "tstamp", OPT_FLAG, "-T            print a timestamp column" },
	{ 'x', "failed", OPT_FLAG, "-x            failed calls only" },
	{ 'n', "name", OPT_STRING, "-n NAME       processes with this name only" },
	{ 'P', "perproc", OPT_FLAG, "-P            by process" },
	{ 'L', "latency", OPT_FLAG, "-L            show the time spent too" },
	{ 'D', "disks", OPT_FLAG, "-D            one histogram per disk" },
	{ 'F', "flags", OPT_FLAG, "-F            one histogram per I/O flags" },
	{ 'm', "ms", OPT_FLAG, "-m            milliseconds instead of microseconds" },
	{ 'M', "perpid", OPT_FLAG, "-M            one histogram per process" },
	{ 't', "top", OPT_INT, "-t TOP        print the TOP busiest rows (default 10)", 1, 1000000 },
	{ 0, "func", OPT_STRING, "FUNC          LIB:FUNCTION to trace, e.g. libc:malloc" },
	{ 0, "interval", OPT_INT, "INTERVAL      print every INTERVAL seconds", 1, SONDE_TIMEOUT_MAX },
	{ 0, "count", OPT_INT, "COUNT         stop after COUNT intervals", 1, 1000000000 },
};

struct tool_args {
	const struct tool_def *tool;
	const char *values[MAX_PARAMS];	/* by PARAMS position; NULL = absent */
	const char *names[MAX_PARAMS];
	size_t nparams;
	const char *pid, *cmd, *duration, *format;
	bool quiet;
	bool bad;		/* a sonde option's value was refused */
};

static const struct tool_def *tool_find(const char *name)
{
	size_t i;

	for (i = 0; i < tool_count; i++)
		if (strcmp(tool_defs[i].name, name) == 0)
			return &tool_defs[i];
	return NULL;
}

bool tools_wants(const char *arg)
{
	return strcmp(arg, "tools") == 0 || strcmp(arg, "--tool-source") == 0 ||
	       tool_find(arg) != NULL;
}

static const struct tool_opt *opt_by_param(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tool_opts); i++)
		if (strlen(tool_opts[i].param) == len && strncmp(tool_opts[i].param, name, len) == 0)
			return &tool_opts[i];
	return NULL;
}

/* Split the tool's PARAMS into names; false when a name is unknown. */
static bool split_params(struct tool_args *ta)
{
	const char *p = ta->tool->params;
	size_t len;

	while (*p) {
		while (*p == ' ')
			p++;
		len = strcspn(p, " ");
		if (!len)
			break;
		if (ta->nparams == MAX_PARAMS || !opt_by_param(p, len)) {
			fprintf(stderr, "ERROR: %s: bad PARAMS entry '%.*s'\n", ta->tool->name, (int)len, p);
			return false;
		}
		ta->names[ta->nparams++] = opt_by_param(p, len)->param;
		p += len;
	}
	return true;
}

static int param_index(const struct tool_args *ta, const char *param)
{
	size_t i;

	for (i = 0; i < ta->nparams; i++)
		if (strcmp(ta->names[i], param) == 0)
			return i;
	return -1;
}

/* "-5" is a (bad) value, not an option: say it is out of range. */
static bool negative_number(const char *s)
{
	return s[0] == '-' && s[1] >= '0' && s[1] <= '9';
}

static void print_help(const struct tool_def *t, FILE *f)
{
	struct tool_args ta = { .tool = t };
	size_t i;

	/* the help text starts and ends with a blank line (the header's) */
	fprintf(f, "%s - %s\n%s", t->name, t->desc, t->help);
	if (!split_params(&ta))
		return;
	fprintf(f, "OPTIONS:\n");
	for (i = 0; i < ARRAY_SIZE(tool_opts); i++)
		if (param_index(&ta, tool_opts[i].param) >= 0)
			fprintf(f, "    %s\n", tool_opts[i].help);
	fprintf(f, "    -c CMD        run CMD and stop when it exits\n"
		   "    -d SECONDS    stop after SECONDS\n"
		   "    -f json       JSON lines instead of text\n"
		   "    -q            no status messages\n"
		   "    -h, --help    this help\n"
		   "\nThe script: sonde --tool-source %s\n", t->name);
}

/* The option with this letter, when the tool takes it. */
static const struct tool_opt *opt_for_letter(const struct tool_args *ta, char c)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tool_opts); i++)
		if (tool_opts[i].letter == c && param_index(ta, tool_opts[i].param) >= 0)
			return &tool_opts[i];
	return NULL;
}

static bool set_value(struct tool_args *ta, const struct tool_opt *o, const char *v)
{
	char what[64];
	uint64_t n;

	if (o->kind == OPT_INT) {
		if (o->letter)
			snprintf(what, sizeof(what), "%s: -%c", ta->tool->name, o->letter);
		else
			snprintf(what, sizeof(what), "%s: %s", ta->tool->name, o->param);
		if (num_arg(what, v, o->min, o->max, NULL, &n) < 0)
			return false;
	}
	ta->values[param_index(ta, o->param)] = v;
	return true;
}

/* The next positional parameter of the tool not yet given. */
static const struct tool_opt *next_positional(const struct tool_args *ta)
{
	size_t i;
	const struct tool_opt *o;

	for (i = 0; i < ta->nparams; i++) {
		o = opt_by_param(ta->names[i], strlen(ta->names[i]));
		if (!o->letter && !ta->values[i])
			return o;
	}
	return NULL;
}

/* A sonde option: -p, -c, -d, -f, -q; returns false when c is none. */
static bool sonde_option(struct tool_args *ta, char c, const char *v)
{
	uint64_t n;

	switch (c) {
	case 'c': ta->cmd = v; return true;
	case 'd':
		/* true: the option is ours, even when its value is refused */
		ta->duration = num_arg("-d", v, 1, SONDE_TIMEOUT_MAX, "seconds", &n) < 0 ? NULL : v;
		ta->bad = !ta->duration;
		return true;
	case 'f': ta->format = v; return true;
	default: return false;
	}
}

static bool takes_value(const struct tool_args *ta, char c)
{
	const struct tool_opt *o = opt_for_letter(ta, c);

	if (o)
		return o->kind != OPT_FLAG;
	return c == 'c' || c == 'd' || c == 'f' || c == 'p';
}

/* Parse one "-abc" / "-p PID" word; returns the words used, 0 on error. */
static int parse_short(struct tool_args *ta, int argc, char **argv, int i)
{
	const char *w = argv[i] + 1, *v;
	const struct tool_opt *o;
	int used = 1;

	for (; *w; w++) {
		if (*w == 'q') {
			ta->quiet = true;
			continue;
		}
		if (!takes_value(ta, *w)) {
			o = opt_for_letter(ta, *w);
			if (!o) {
				fprintf(stderr, "ERROR: %s: unknown option -%c (see sonde %s --help)\n",
					ta->tool->name, *w, ta->tool->name);
				return 0;
			}
			ta->values[param_index(ta, o->param)] = "1";
			continue;
		}
		if (w[1]) {
			v = w + 1;
		} else if (i + 1 < argc) {
			v = argv[i + 1];
			used = 2;
		} else {
			fprintf(stderr, "ERROR: %s: option -%c needs a value\n", ta->tool->name, *w);
			return 0;
		}
		if (*w == 'p') {
			int pid;

			if (pid_arg("-p", v, &pid) < 0)
				return 0;
			ta->pid = v;
			o = opt_for_letter(ta, 'p');
			if (o)
				ta->values[param_index(ta, "pid")] = v;
		} else if (!sonde_option(ta, *w, v) && !set_value(ta, opt_for_letter(ta, *w), v)) {
			return 0;
		}
		return ta->bad ? 0 : used;
	}
	return used;
}

static int parse_tool_args(struct tool_args *ta, int argc, char **argv)
{
	const struct tool_opt *o;
	int i = 0, used;

	if (!split_params(ta))
		return -1;
	while (i < argc) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			print_help(ta->tool, stdout);
			return 1;
		}
		if (argv[i][0] == '-' && argv[i][1] && !negative_number(argv[i])) {
			used = parse_short(ta, argc, argv, i);
			if (!used)
				return -1;
			i += used;
			continue;
		}
		o = next_positional(ta);
		if (!o) {
			fprintf(stderr, "ERROR: %s: unexpected argument '%s' (see sonde %s --help)\n",
				ta->tool->name, argv[i], ta->tool->name);
			return -1;
		}
		if (!set_value(ta, o, argv[i]))
			return -1;
		i++;
	}
	if (param_index(ta, "func") >= 0 && !ta->values[param_index(ta, "func")]) {
		fprintf(stderr, "ERROR: %s: which function? e.g. sonde %s libc:malloc\n",
			ta->tool->name, ta->tool->name);
		return -1;
	}
	return 0;
}

/* The kernel's dev_t as block tracepoints carry it: major << 20 | minor. */
#define KERNEL_DEV(maj, min) (((unsigned long)(maj) << 20) | (min))
/* Enough for a host's disks; more (hundreds of loop devices) go unnamed. */
#define MAX_DISK_NAMES 256

/* "DISK_NAMES" is the line a script defines empty for the runner to fill. */
static const char disk_names_line[] = "#define DISK_NAMES\n";

/*
 * Append to sb one @disk[dev] = "name"; per block device, from the links in
 * /sys/dev/block (named MAJ:MIN, pointing at .../block/NAME): the script
 * cannot read files, so the names reach it as code.
 */
static void add_disk_names(struct strbuf *sb)
{
	DIR *d = opendir("/sys/dev/block");
	struct dirent *e;
	char path[512], target[512], *name;
	unsigned int maj, min, n = 0;
	ssize_t len;

	if (!d)
		return;
	while ((e = readdir(d)) && n < MAX_DISK_NAMES) {
		if (sscanf(e->d_name, "%u:%u", &maj, &min) != 2)
			continue;
		snprintf(path, sizeof(path), "/sys/dev/block/%s", e->d_name);
		len = readlink(path, target, sizeof(target) - 1);
		if (len <= 0)
			continue;
		target[len] = 0;
		name = strrchr(target, '/');
		name = name ? name + 1 : target;
		/* a device name is a plain word; anything else stays out of the code */
		if (!*name || name[strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-.")])
			continue;
		sb_addf(sb, " @disk[%lu] = \"%s\";", KERNEL_DEV(maj, min), name);
		n++;
	}
	closedir(d);
}

/*
 * The script with its placeholders filled: a probe's attach point cannot
 * come from a parameter, so funccount-style tools write their probes as
 * uprobe:FUNC and uretprobe:FUNC; a tool that names disks has a line
 * "#define DISK_NAMES", which becomes the table of block devices (on the
 * same line, so error positions do not move).
 */
static char *script_for(const struct tool_args *ta)
{
	int fi = param_index(ta, "func");
	const char *s = ta->tool->script, *hit;
	struct strbuf sb;

	sb_init(&sb);
	while (fi >= 0 && (hit = strstr(s, "probe:FUNC"))) {
		sb_add(&sb, s, hit - s + strlen("probe:"));
		sb_adds(&sb, ta->values[fi]);
		s = hit + strlen("probe:FUNC");
	}
	hit = strstr(s, disk_names_line);
	if (hit) {
		sb_add(&sb, s, hit - s + strlen(disk_names_line) - 1);
		add_disk_names(&sb);
		s = hit + strlen(disk_names_line) - 1;
	}
	sb_adds(&sb, s);
	return sb_steal(&sb);
}

static int run_tool(const struct tool_def *t, int argc, char **argv)
{
	struct tool_args ta = { .tool = t };
	VEC(char *) av = { 0 };
	char *script;
	size_t i;
	int r, status;

	if (t->needs[0])
		fprintf(stderr, "WARNING: %s needs %s, which sonde lacks yet: its output is incomplete\n",
			t->name, t->needs);
	r = parse_tool_args(&ta, argc, argv);
	if (r)
		return r < 0 ? 1 : 0;
	script = script_for(&ta);
	vec_push(&av, "sonde");
	vec_push(&av, "--source-name");
	vec_push(&av, (char *)t->name);
	vec_push(&av, "-e");
	vec_push(&av, script);
	if (ta.pid) {
		vec_push(&av, "-p");
		vec_push(&av, (char *)ta.pid);
	}
	if (ta.cmd) {
		vec_push(&av, "-c");
		vec_push(&av, (char *)ta.cmd);
	}
	if (ta.format) {
		vec_push(&av, "-f");
		vec_push(&av, (char *)ta.format);
	}
	if (ta.duration) {
		vec_push(&av, "--timeout");
		vec_push(&av, (char *)ta.duration);
	}
	if (ta.quiet)
		vec_push(&av, "-q");
	vec_push(&av, "--");
	for (i = 0; i < ta.nparams; i++) {
		const struct tool_opt *o = opt_by_param(ta.names[i], strlen(ta.names[i]));

		vec_push(&av, (char *)(ta.values[i] ? ta.values[i] : o->kind == OPT_STRING ? "" : "0"));
	}
	vec_push(&av, NULL);
	status = sonde_main(av.n - 1, av.v);
	vec_free(&av);
	free(script);
	return status;
}

int tools_script(const char *name, int argc, char **argv, char **script, char ***params,
		 int *nparams)
{
	const struct tool_def *t = tool_find(name);
	struct tool_args ta = { 0 };
	size_t i;

	if (!t) {
		fprintf(stderr, "ERROR: no tool named %s (sonde tools lists them)\n", name);
		return -1;
	}
	ta.tool = t;
	if (parse_tool_args(&ta, argc, argv))
		return -1;
	if (ta.cmd || ta.duration || ta.format) {
		fprintf(stderr, "ERROR: %s: -c, -d and -f do not apply to a served tool\n", name);
		return -1;
	}
	*script = script_for(&ta);
	*params = xcalloc(ta.nparams + 1, sizeof(char *));
	for (i = 0; i < ta.nparams; i++) {
		const struct tool_opt *o = opt_by_param(ta.names[i], strlen(ta.names[i]));

		(*params)[i] = (char *)(ta.values[i] ? ta.values[i] : o->kind == OPT_STRING ? "" : "0");
	}
	*nparams = ta.nparams;
	return 0;
}

static int list_tools(void)
{
	size_t i;

	for (i = 0; i < tool_count; i++) {
		printf("%-16s %s", tool_defs[i].name, tool_defs[i].desc);
		if (tool_defs[i].needs[0])
			printf(" (needs %s)", tool_defs[i].needs);
		printf("\n");
	}
	printf("\nRun one: sonde TOOL [options]; its help: sonde TOOL --help\n");
	return 0;
}

static int tool_source(int argc, char **argv)
{
	const struct tool_def *t = argc > 2 ? tool_find(argv[2]) : NULL;

	if (!t) {
		fprintf(stderr, "ERROR: --tool-source: %s%s (sonde tools lists them)\n",
			argc > 2 ? "no tool named " : "which tool?", argc > 2 ? argv[2] : "");
		return 1;
	}
	fputs(t->script, stdout);
	return 0;
}

int tools_main(int argc, char **argv)
{
	const struct tool_def *t;

	if (strcmp(argv[1], "tools") == 0)
		return list_tools();
	if (strcmp(argv[1], "--tool-source") == 0)
		return tool_source(argc, argv);
	t = tool_find(argv[1]);
	if (!t)
		return sonde_main(argc, argv);
	return run_tool(t, argc - 2, argv + 2);
}

/*
 * sonde_main() lives in main.c; the unit tests link everything but
 * main.c, so they get this stand-in (the binary's real one wins).
 */
__attribute__((weak)) int sonde_main(int argc, char **argv)
{
	return 1;
}
