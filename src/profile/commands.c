// SPDX-License-Identifier: GPL-2.0
/*
 * The profiling commands.  profile and offcputime write a sonde program
 * that counts stacks in the kernel (one map of stack pairs -> counts, so
 * the cost does not grow with the sample rate), run it through
 * sonde_main(), and take the map at exit through the output's map sink.
 */
#include "profile/profile.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "numparse.h"
#include "outfile.h"
#include "profile/collapse.h"
#include "profile/collect.h"
#include "profile/dwarf_profile.h"
#include "profile/flamegraph.h"
#include "profile/writers.h"
#include "runtime/child.h"
#include "runtime/output.h"
#include "runtime/run.h"
#include "sym/usyms.h"
#include "tools/tools.h"

static const char *const format_names[PF_COUNT] = {
	[PF_FOLDED] = "folded", [PF_SVG] = "svg", [PF_PPROF] = "pprof",
	[PF_SPEEDSCOPE] = "speedscope", [PF_TEXT] = "text",
};

int prof_format_parse(const char *name)
{
	for (int i = 0; i < PF_COUNT; i++)
		if (strcmp(name, format_names[i]) == 0)
			return i;
	return -1;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

enum prof_format prof_format_for_path(const char *path)
{
	if (!path)
		return PF_FOLDED;
	if (ends_with(path, ".svg"))
		return PF_SVG;
	if (ends_with(path, ".pb.gz") || ends_with(path, ".pprof") || ends_with(path, ".pb"))
		return PF_PPROF;
	if (ends_with(path, ".json") || ends_with(path, ".speedscope"))
		return PF_SPEEDSCOPE;
	if (ends_with(path, ".txt"))
		return PF_TEXT;
	return PF_FOLDED;
}

int prof_write(const struct folded *f, enum prof_format fmt, const char *path, int fd,
	       const char *title, const char *countname, const char *unit)
{
	struct fg_options fo;
	FILE *out = stdout;
	int err = 0;

	if (fmt == PF_PPROF) {
		if (fd < 0) {
			fprintf(stderr, "ERROR: the pprof format needs -o FILE\n");
			return -1;
		}
		err = pprof_write(f, countname, unit, fd);
		if (err)
			fprintf(stderr, "ERROR: %s: %s\n", path, strerror(-err));
		return err ? -1 : 0;
	}
	if (fd >= 0 && !(out = fdopen(fd, "w"))) {
		fprintf(stderr, "ERROR: %s: %s\n", path, strerror(errno));
		close(fd);
		return -1;
	}
	switch (fmt) {
	case PF_SVG:
		fg_options_init(&fo);
		fo.title = title;
		fo.countname = countname;
		fo.palette = FG_KERNEL;
		if (flamegraph_write(f, &fo, out))
			fprintf(stderr, "warning: no samples: the flame graph is empty\n");
		break;
	case PF_SPEEDSCOPE:
		speedscope_write(f, title, unit, out);
		break;
	case PF_TEXT:
		topn_write(f, 20, countname, out);
		break;
	default:
		folded_write(f, out);
		break;
	}
	if (out != stdout && fclose(out)) {
		fprintf(stderr, "ERROR: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* ---- profile / offcputime ---- */

enum { OPT_USER = 256, OPT_KERNEL, OPT_PER_PROCESS, OPT_PER_THREAD, OPT_FORMAT, OPT_MIN,
       OPT_UNWIND };

static const struct option prof_long[] = {
	{ "frequency", required_argument, NULL, 'F' },
	{ "pid", required_argument, NULL, 'p' },
	{ "command", required_argument, NULL, 'c' },
	{ "duration", required_argument, NULL, 'd' },
	{ "output", required_argument, NULL, 'o' },
	{ "user-only", no_argument, NULL, OPT_USER },
	{ "kernel-only", no_argument, NULL, OPT_KERNEL },
	{ "per-process", no_argument, NULL, OPT_PER_PROCESS },
	{ "per-thread", no_argument, NULL, OPT_PER_THREAD },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "min-block", required_argument, NULL, OPT_MIN },
	{ "unwind", required_argument, NULL, OPT_UNWIND },
	{ "help", no_argument, NULL, 'h' },
	{ 0 }
};

static void prof_usage(FILE *f, bool offcpu)
{
	fprintf(f, "USAGE: sonde %s [options]\n\n", offcpu ? "offcputime" : "profile");
	if (!offcpu)
		fprintf(f, "    -F HZ            samples a second on every CPU (default 49)\n");
	fprintf(f,
		"    -p PID           only this process\n"
		"    -c 'CMD'         run CMD and profile it until it exits\n"
		"    -d SECONDS       stop after SECONDS (default: Ctrl-C)\n"
		"    --user-only      user stacks only\n"
		"    --kernel-only    kernel stacks only\n"
		"    --per-process    one root per process (comm-PID)\n"
		"    --per-thread     one root per thread (comm-TID)\n"
		"    -o FILE          output file; its extension picks the format\n"
		"    --format F       folded (default), svg, pprof, speedscope or text\n");
	if (!offcpu)
		fprintf(f, "    --unwind MODE    user stacks by frame pointers (fp, default) or by\n"
			"                     DWARF CFI from copied stacks (dwarf)\n");
	if (offcpu)
		fprintf(f, "    --min-block US   count blocks of at least US microseconds (default 1)\n");
}

/* The ranges of the numeric options (docs/safety.md, "Runtime limits"). */
#define PROF_HZ_MAX 100000		/* the kernel's default perf_event_max_sample_rate */
#define PROF_MIN_BLOCK_MAX 3600000000	/* an hour, in microseconds */
#define FG_PIXELS_MAX 1000000

static int prof_option(struct prof_opts *o, int c, const char *arg)
{
	uint64_t v;

	switch (c) {
	case 'F': return num_arg_int("-F", arg, 1, PROF_HZ_MAX, "samples a second", &o->hz);
	case 'p': return pid_arg("-p", arg, &o->pid);
	case 'd': return num_arg_int("-d", arg, 1, SONDE_TIMEOUT_MAX, "seconds", &o->duration);
	case 'c': o->cmd = arg; return 0;
	case 'o': o->out = arg; return 0;
	case OPT_USER: o->user_only = true; return 0;
	case OPT_KERNEL: o->kernel_only = true; return 0;
	case OPT_PER_PROCESS: o->group = 1; return 0;
	case OPT_PER_THREAD: o->group = 2; return 0;
	case OPT_MIN:
		if (num_arg("--min-block", arg, 1, PROF_MIN_BLOCK_MAX, "microseconds", &v) < 0)
			return -1;
		o->min_us = v;
		return 0;
	case OPT_FORMAT:
		if ((o->format = prof_format_parse(arg)) < 0) {
			fprintf(stderr, "ERROR: --format: unknown format '%s'\n", arg);
			return -1;
		}
		return 0;
	case OPT_UNWIND:
		if (strcmp(arg, "fp") == 0 || strcmp(arg, "dwarf") == 0) {
			o->dwarf = arg[0] == 'd';
			return 0;
		}
		fprintf(stderr, "ERROR: --unwind %s: expected fp or dwarf\n", arg);
		return -1;
	}
	return -1;
}

static int prof_parse(struct prof_opts *o, int argc, char **argv)
{
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "F:p:c:d:o:h", prof_long, NULL)) != -1) {
		if (c == 'h') {
			prof_usage(stdout, o->offcpu);
			return 1;
		}
		if (c == '?' || prof_option(o, c, optarg)) {
			prof_usage(stderr, o->offcpu);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "ERROR: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	if (o->user_only && o->kernel_only) {
		fprintf(stderr, "ERROR: --user-only and --kernel-only exclude each other\n");
		return -1;
	}
	if (o->dwarf && o->offcpu) {
		fprintf(stderr, "ERROR: --unwind dwarf: only sonde profile unwinds by DWARF\n");
		return -1;
	}
	if (o->pid && o->cmd) {
		fprintf(stderr, "ERROR: -p and -c exclude each other\n");
		return -1;
	}
	return 0;
}

/* The key of the stack map: [kstack, ustack, comm(, pid|tid)]. */
static void stack_key(struct strbuf *sb, const struct prof_opts *o, const char *comm,
		      const char *kst, const char *ust, const char *pid, const char *tid)
{
	if (!o->user_only)
		sb_addf(sb, "%s, ", kst);
	if (!o->kernel_only)
		sb_addf(sb, "%s, ", ust);
	sb_adds(sb, comm);
	if (o->group)
		sb_addf(sb, ", %s", o->group == 2 ? tid : pid);
}

static void filter(struct strbuf *sb, const struct prof_opts *o)
{
	if (o->pid)
		sb_addf(sb, "/pid == %d/ ", o->pid);
	else if (o->cmd)
		sb_adds(sb, "/pid == cpid/ ");
}

static char *profile_script(const struct prof_opts *o)
{
	struct strbuf sb;

	sb_init(&sb);
	sb_addf(&sb, "profile:hz:%d ", o->hz);
	filter(&sb, o);
	sb_adds(&sb, "{ @[");
	stack_key(&sb, o, "comm", "kstack", "ustack", "pid", "tid");
	sb_adds(&sb, "] = count(); }\n");
	if (o->duration)
		sb_addf(&sb, "interval:s:%d { exit(); }\n", o->duration);
	return sb_steal(&sb);
}

/*
 * Off-CPU time: at a switch, the task leaving (the current one, whose
 * stacks kstack/ustack take) records when and where it blocked; when it is
 * switched back in, the time it was away is added to those stacks.
 */
static char *offcpu_script(const struct prof_opts *o)
{
	struct strbuf sb;

	sb_init(&sb);
	sb_adds(&sb, "tracepoint:sched:sched_switch ");
	filter(&sb, o);
	sb_adds(&sb, "{ @start[tid] = nsecs; ");
	if (!o->user_only)
		sb_adds(&sb, "@kst[tid] = kstack; ");
	if (!o->kernel_only)
		sb_adds(&sb, "@ust[tid] = ustack; ");
	sb_adds(&sb, "@comm[tid] = comm; @tgid[tid] = pid; }\n");
	sb_adds(&sb, "tracepoint:sched:sched_switch /@start[args.next_pid]/ {\n"
		"\t$t = args.next_pid; $us = (nsecs - @start[$t]) / 1000;\n");
	sb_addf(&sb, "\tif ($us >= %llu) { @[", (unsigned long long)(o->min_us ? o->min_us : 1));
	stack_key(&sb, o, "@comm[$t]", "@kst[$t]", "@ust[$t]", "@tgid[$t]", "$t");
	sb_adds(&sb, "] = sum($us); }\n\tdelete(@start, $t);\n}\n");
	if (o->duration)
		sb_addf(&sb, "interval:s:%d { exit(); }\n", o->duration);
	return sb_steal(&sb);
}

char *prof_program(const struct prof_opts *o)
{
	return o->offcpu ? offcpu_script(o) : profile_script(o);
}

static int run_collect(const struct prof_opts *o, const char *script, struct collect *c)
{
	char *argv[8];
	int argc = 0, status;

	argv[argc++] = "sonde";
	argv[argc++] = "-q";
	if (o->cmd) {
		argv[argc++] = "-c";
		argv[argc++] = (char *)o->cmd;
	}
	argv[argc++] = "-e";
	argv[argc++] = (char *)script;
	argv[argc] = NULL;
	/* Processes that exit before the end still resolve: watch from the start. */
	if (!o->kernel_only)
		usyms_watch_start(usyms_get(), 100);
	output_set_map_sink(collect_sink, c);
	status = sonde_main(argc, argv);
	output_set_map_sink(NULL, NULL);
	usyms_watch_stop(usyms_get());
	return status;
}

/* --unwind dwarf: no program in the language, a dedicated sampler. */
static int run_dwarf(const struct prof_opts *o, struct collect *c)
{
	struct dwarf_profile_opts d = {
		.hz = o->hz, .pid = o->pid, .cmd = o->cmd, .duration = o->duration,
		.user_only = o->user_only, .kernel_only = o->kernel_only, .group = o->group,
	};

	return dwarf_profile_run(&d, c);
}

static int prof_run(struct prof_opts *o, int argc, char **argv)
{
	struct collect c = { .map_name = "@" };
	enum prof_format fmt;
	char *script;
	int status = prof_parse(o, argc, argv), fd = -1;

	if (status)
		return status > 0 ? 0 : 1;	/* bad options: exit 1, as every error */
	fmt = o->format >= 0 ? (enum prof_format)o->format : prof_format_for_path(o->out);
	if (fmt == PF_PPROF && !o->out) {
		fprintf(stderr, "ERROR: the pprof format needs -o FILE\n");
		return 1;
	}
	/* a refused -o is said now, not after a long profile */
	if (o->out && (fd = outfile_open("-o", o->out)) < 0)
		return 1;
	c.root_with_id = o->group != 0;
	if (o->dwarf) {
		status = run_dwarf(o, &c);
	} else {
		script = prof_program(o);
		if (getenv("SONDE_PROFILE_SCRIPT"))
			fputs(script, stderr);
		status = run_collect(o, script, &c);
		free(script);
	}
	if (status == 0 && !o->kernel_only && !o->dwarf && collect_mostly_truncated(&c))
		fprintf(stderr, "warning: most user stacks stop after one or two frames: the "
			"binaries were likely built without frame pointers; %s\n",
			o->offcpu ? "-fno-omit-frame-pointer gives full stacks" :
			"--unwind dwarf unwinds them from their CFI");
	if (status == 0 && prof_write(&c.folded, fmt, o->out, fd,
				      o->offcpu ? "Off-CPU Time Flame Graph" : "CPU Flame Graph",
				      o->offcpu ? "us" : "samples",
				      o->offcpu ? "microseconds" : "count"))
		status = 1;
	else if (status != 0 && fd >= 0)
		close(fd);
	folded_free(&c.folded);
	return status;
}

int profile_main(int argc, char **argv)
{
	struct prof_opts o = { .hz = 49, .format = -1 };

	return prof_run(&o, argc, argv);
}

int offcputime_main(int argc, char **argv)
{
	struct prof_opts o = { .format = -1, .offcpu = true };

	return prof_run(&o, argc, argv);
}

/* ---- flamegraph / collapse ---- */

enum { FG_TITLE = 256, FG_SUBTITLE, FG_WIDTH, FG_COLORS, FG_INVERTED, FG_REVERSE,
       FG_MINWIDTH, FG_COUNTNAME, FG_DIFF, FG_HEIGHT };

static const struct option fg_long[] = {
	{ "title", required_argument, NULL, FG_TITLE },
	{ "subtitle", required_argument, NULL, FG_SUBTITLE },
	{ "width", required_argument, NULL, FG_WIDTH },
	{ "height", required_argument, NULL, FG_HEIGHT },
	{ "colors", required_argument, NULL, FG_COLORS },
	{ "palette", required_argument, NULL, FG_COLORS },
	{ "inverted", no_argument, NULL, FG_INVERTED },
	{ "reverse", no_argument, NULL, FG_REVERSE },
	{ "minwidth", required_argument, NULL, FG_MINWIDTH },
	{ "countname", required_argument, NULL, FG_COUNTNAME },
	{ "diff", no_argument, NULL, FG_DIFF },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 }
};

static void fg_usage(FILE *f)
{
	fprintf(f,
		"USAGE: sonde flamegraph [options] [FILE...]   (folded stacks; stdin when no FILE)\n"
		"       sonde flamegraph --diff BEFORE AFTER\n\n"
		"    --title TEXT, --subtitle TEXT\n"
		"    --width PX (1200), --height PX (frame height, 16)\n"
		"    --colors hot|mem|io|kernel   (kernel: _[k] frames apart from user ones)\n"
		"    --inverted      icicle graph (root at the top)\n"
		"    --reverse       merge stacks from the leaf\n"
		"    --minwidth PX   leave out narrower frames (0.1)\n"
		"    --countname N   what a count is (samples)\n"
		"    -o FILE         write the SVG to FILE (default stdout)\n");
}

static int fg_option(struct fg_options *o, int c, const char *arg)
{
	char *end;

	switch (c) {
	case FG_TITLE: o->title = arg; return 0;
	case FG_SUBTITLE: o->subtitle = arg; return 0;
	case FG_COUNTNAME: o->countname = arg; return 0;
	case FG_INVERTED: o->inverted = true; return 0;
	case FG_REVERSE: o->reverse = true; return 0;
	case FG_DIFF: o->diff = true; return 0;
	case FG_WIDTH: return num_arg_int("--width", arg, 1, FG_PIXELS_MAX, "pixels", &o->width);
	case FG_HEIGHT:
		return num_arg_int("--height", arg, 1, FG_PIXELS_MAX, "pixels", &o->frame_height);
	case FG_MINWIDTH:
		o->minwidth = strtod(arg, &end);
		if (*end || end == arg || !(o->minwidth >= 0 && o->minwidth <= FG_PIXELS_MAX) ||
		    isspace((unsigned char)*arg)) {
			fprintf(stderr, "ERROR: --minwidth: '%s' is not a number of pixels from 0 to %d\n",
				arg, FG_PIXELS_MAX);
			return -1;
		}
		return 0;
	case FG_COLORS:
		if ((int)(o->palette = fg_palette_parse(arg)) < 0) {
			fprintf(stderr, "ERROR: --colors: unknown palette '%s' (hot, mem, io, kernel)\n",
				arg);
			return -1;
		}
		return 0;
	}
	return -1;
}

static int read_inputs(struct folded *f, const struct fg_options *o, int n, char **files)
{
	int bad = 0;

	if (o->diff && n != 2) {
		fprintf(stderr, "ERROR: --diff takes two files: BEFORE AFTER\n");
		return -1;
	}
	for (int i = 0; i < (n ? n : 1); i++) {
		const char *path = n ? files[i] : "-";
		int err = folded_read(f, path, o->diff && i == 1, &bad);

		if (err) {
			fprintf(stderr, "ERROR: %s: %s\n", path, strerror(-err));
			return -1;
		}
	}
	if (bad)
		fprintf(stderr, "warning: %d line%s without a count skipped\n", bad,
			bad == 1 ? "" : "s");
	return 0;
}

int flamegraph_main(int argc, char **argv)
{
	struct fg_options o;
	struct folded f = { 0 };
	const char *out_path = NULL;
	FILE *out = stdout;
	int c, status = 0;

	fg_options_init(&o);
	optind = 0;
	while ((c = getopt_long(argc, argv, "o:h", fg_long, NULL)) != -1) {
		if (c == 'h') {
			fg_usage(stdout);
			return 0;
		}
		if (c == 'o')
			out_path = optarg;
		else if (c == '?' || fg_option(&o, c, optarg)) {
			fg_usage(stderr);
			return 1;
		}
	}
	if (read_inputs(&f, &o, argc - optind, argv + optind)) {
		folded_free(&f);
		return 1;
	}
	if (out_path && !(out = outfile_fopen("-o", out_path))) {
		folded_free(&f);
		return 1;
	}
	if (flamegraph_write(&f, &o, out)) {
		fprintf(stderr, "ERROR: no stacks to draw\n");
		status = 1;
	}
	if (out_path && fclose(out))
		status = 1;
	folded_free(&f);
	return status;
}

static char *read_stdin(void)
{
	struct strbuf sb;
	char buf[65536];
	size_t n;

	sb_init(&sb);
	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
		sb_add(&sb, buf, n);
	return sb_steal(&sb);
}

int collapse_main(int argc, char **argv)
{
	struct folded f = { 0 };
	bool keep_pid = false;
	int i = 1, nfiles;

	if (i < argc && strcmp(argv[i], "--pid") == 0) {
		keep_pid = true;
		i++;
	}
	if (i < argc && (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)) {
		printf("USAGE: sonde collapse [--pid] [FILE...]   (perf script output; stdin when no FILE)\n");
		return 0;
	}
	nfiles = argc - i;
	for (int k = 0; k < (nfiles ? nfiles : 1); k++) {
		const char *path = nfiles ? argv[i + k] : "-";
		char *text = strcmp(path, "-") == 0 ? read_stdin() : read_file(path, NULL);

		if (!text) {
			fprintf(stderr, "ERROR: %s: %s\n", path, strerror(errno));
			folded_free(&f);
			return 1;
		}
		collapse_perf(&f, text, keep_pid);
		free(text);
	}
	folded_write(&f, stdout);
	folded_free(&f);
	return 0;
}

/* ---- dispatch ---- */

static const struct {
	const char *name;
	int (*main)(int argc, char **argv);
} commands[] = {
	{ "profile", profile_main },
	{ "offcputime", offcputime_main },
	{ "flamegraph", flamegraph_main },
	{ "collapse", collapse_main },
};

bool profile_wants(const char *arg)
{
	for (size_t i = 0; arg && i < ARRAY_SIZE(commands); i++)
		if (strcmp(arg, commands[i].name) == 0)
			return true;
	return false;
}

int profile_dispatch(int argc, char **argv)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (argc > 0 && strcmp(argv[0], commands[i].name) == 0)
			return commands[i].main(argc, argv);
	return 2;
}
