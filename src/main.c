// SPDX-License-Identifier: GPL-2.0
/*
 * sonde: command line, then source -> parse -> compile -> load -> run.
 */
#include <bpf/libbpf.h>
#include <errno.h>
#include <getopt.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "compile.h"
#include "dtrace/dtrace.h"
#include "export/profserve.h"
#include "export/serve.h"
#include "numparse.h"
#include "outfile.h"
#include "lang/btf.h"
#include "lang/cdef.h"
#include "lang/descriptors.h"
#include "lang/diag.h"
#include "lang/parser.h"
#include "lang/preproc.h"
#include "lang/types.h"
#include "probes/kallsyms.h"
#include "probes/provider.h"
#include "probes/uprobe_dwarf.h"
#include "sym/elf.h"
#include "sym/usyms.h"
#include "runtime/info.h"
#include "runtime/loader.h"
#include "runtime/privs.h"
#include "profile/profile.h"
#include "record/record.h"
#include "strace/strace.h"
#include "runtime/child.h"
#include "runtime/events.h"
#include "runtime/run.h"
#include "tools/tools.h"

#include "version.h"

struct options {
	const char *program;	/* -e */
	const char *file;
	const char *cmd;	/* -c */
	const char *outfile;	/* -o */
	const char *source_name;	/* --source-name: the name errors use for -e text */
	unsigned timeout;	/* --timeout SECONDS: stop as if interrupted */
	int pid;		/* -p */
	const char *unwind;	/* --unwind dwarf|fp, else SONDE_UNWIND */
	int dwarf_pid;		/* --dwarf-pid: unwind = dwarf, this process prepared first */
	const char *probe_filter;	/* --probe-filter REGEX */
	VEC(const char *) includes;	/* --include FILE, as #include <FILE> */
	bool dry_run;		/* --dry-run: load and attach, then stop */
	bool bench;		/* --mode bench, --bench: time the bench: probes */
	const char *mode;	/* the --mode or --bench given first, for conflicts */
	bool helper_warnings;	/* -k */
	const char *list_search;	/* -l SEARCH (or FILE) */
	bool list, dump, quiet, verbose, unsafe;
	bool dtrace;		/* -D: the program is D (src/dtrace/) */
	const char *dopts[16];	/* -x OPTION[=VALUE] of a D program */
	int ndopts;
	enum output_format format;
	int buffering;		/* -B: _IONBF, _IOLBF, _IOFBF or -1 for the default */
	char **pos;
	int npos;
};

static void usage(FILE *f)
{
	fprintf(f,
		"USAGE:\n"
		"    sonde [options] FILE [ARGS...]\n"
		"    sonde [options] -e 'PROGRAM' [ARGS...]\n"
		"    sonde [options] -          (program from stdin)\n"
		"    sonde -l [PATTERN]\n"
		"    sonde COMMAND [options]   (each takes -h)\n"
		"\n"
		"COMMANDS:\n"
		"    tools                     list the built-in tools; sonde TOOL runs one (execsnoop, ...)\n"
		"    profile, offcputime       CPU and off-CPU profiles, flame graphs (docs/profiling.md)\n"
		"    flamegraph, collapse      render or fold existing stacks\n"
		"    serve                     programs and tools as Prometheus metrics (docs/export.md)\n"
		"    record, convert, heatmap  binary traces, Perfetto/CTF/Chrome exports (docs/record.md)\n"
		"    strace                    strace's output from BPF, no ptrace (docs/tools.md)\n"
		"    dtrace                    D programs with dtrace(1)'s flags (docs/dtrace.md)\n"
		"\n"
		"OPTIONS:\n"
		"    -e PROGRAM     the program to run\n"
		"    -c 'CMD'       run CMD (held until the probes are attached), exit when it exits;\n"
		"                   its pid is the cpid builtin\n"
		"    -p PID         stop when PID exits\n"
		"    -l [PATTERN]   list probes matching PATTERN (* wildcards); -lv with arguments\n"
		"    -o FILE        write the program's output to FILE\n"
		"    -f FORMAT      output format: text (default) or json\n"
		"    -B MODE        output buffering: none, line or full (default: line on a\n"
		"                   terminal, else full, flushed after every batch of events)\n"
		"    -D             the program is D (see sonde dtrace -h)\n"
		"    -x OPT[=VAL]   a D option (with -D)\n"
		"    -q             quiet: no status messages\n"
		"    -v             verbose: the whole verifier log on a rejection\n"
		"    --dump         print the AST and the BPF of every probe, load nothing\n"
		"    --unsafe       allow functions that change the system\n"
		"    --dry-run      compile, load and attach, then exit without running\n"
		"    --mode MODE    bench: time each bench:NAME probe (nothing is attached);\n"
		"                   codegen: as --dump; bpftrace's compiler-bench, test and\n"
		"                   format modes are not supported\n"
		"    --bench        the same as --mode bench\n"
		"    --probe-filter REGEX  only the probes whose name REGEX matches (BEGIN/END always)\n"
		"    --include FILE as '#include <FILE>' before the program\n"
		"    --no-warnings  no WARNING messages\n"
		"    --debuginfo DIR  look for separate debug files (by build id or debuglink) in DIR\n"
		"                   first; relative to the binary's directory; repeatable\n"
		"    --traceable-functions FILE  the kernel functions kprobes and fentry may attach\n"
		"                   to, one a line as in available_filter_functions\n"
		"    -k             warn where a map read finds no element or a probe read fails\n"
		"    --usdt-file-activation  accepted: USDT semaphores are always set for\n"
		"                   every process that maps the file\n"
		"    --unwind MODE  user stacks by fp (frame pointers, default) or dwarf (.eh_frame,\n"
		"                   unwound in user space; for code without frame pointers)\n"
		"    --dwarf-pid PID  --unwind dwarf, with PID's mappings read before probes attach\n"
		"    --info         what this kernel supports (run it first on a new host)\n"
		"    --list-builtins, --list-functions\n"
		"                   the language's builtin variables and functions, one line each\n"
		"    -h, --help     this help\n"
		"    -V, --version  the version\n"
		"\n"
		"EXAMPLES:\n"
		"    sonde -e 'tracepoint:syscalls:sys_enter_openat { printf(\"%%s %%s\\n\", comm, str(args.filename)); }'\n"
		"    sonde -e 'tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }'\n"
		"    sonde -l 'tracepoint:sched:*'\n");
}

enum { OPT_DUMP = 256, OPT_UNSAFE, OPT_INFO, OPT_SOURCE_NAME, OPT_TIMEOUT, OPT_UNWIND,
       OPT_LIST_BUILTINS, OPT_LIST_FUNCTIONS };
/* bpftrace's long options (additive, kept apart) */
enum { OPT_DRY_RUN = 300, OPT_PROBE_FILTER, OPT_INCLUDE, OPT_NO_WARNINGS, OPT_USDT_FILE_ACT,
       OPT_DEBUGINFO, OPT_MODE, OPT_BENCH, OPT_DWARF_PID, OPT_TRACEABLE };

static const struct option long_options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "dump", no_argument, NULL, OPT_DUMP },
	{ "unsafe", no_argument, NULL, OPT_UNSAFE },
	{ "info", no_argument, NULL, OPT_INFO },
	{ "list-builtins", no_argument, NULL, OPT_LIST_BUILTINS },
	{ "list-functions", no_argument, NULL, OPT_LIST_FUNCTIONS },
	{ "source-name", required_argument, NULL, OPT_SOURCE_NAME },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "unwind", required_argument, NULL, OPT_UNWIND },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "probe-filter", required_argument, NULL, OPT_PROBE_FILTER },
	{ "include", required_argument, NULL, OPT_INCLUDE },
	{ "no-warnings", no_argument, NULL, OPT_NO_WARNINGS },
	{ "usdt-file-activation", no_argument, NULL, OPT_USDT_FILE_ACT },
	{ "debuginfo", required_argument, NULL, OPT_DEBUGINFO },
	{ "traceable-functions", required_argument, NULL, OPT_TRACEABLE },
	{ "mode", required_argument, NULL, OPT_MODE },
	{ "bench", no_argument, NULL, OPT_BENCH },
	{ "dwarf-pid", required_argument, NULL, OPT_DWARF_PID },
	{ NULL, 0, NULL, 0 },
};

static int parse_buffering(const char *s)
{
	if (strcmp(s, "none") == 0)
		return _IONBF;
	if (strcmp(s, "line") == 0)
		return _IOLBF;
	if (strcmp(s, "full") == 0)
		return _IOFBF;
	return -2;
}

/*
 * The tracer's -p, worded as bpftrace words it (its runtime tests match the
 * lines), with the accepted range as a hint.  Tools keep pid_arg's wording.
 */
static int tracer_pid_arg(const char *s, int *pid)
{
	uint64_t v;
	int err = num_parse(s, 1, PID_MAX_LIMIT, &v);

	if (err == -1 && (s[0] >= '0' && s[0] <= '9'))
		fprintf(stderr, "ERROR: Failed to parse pid: invalid trailing bytes: %.64s\n", s);
	else if (err == -1)
		fprintf(stderr, "ERROR: Failed to parse pid: invalid integer: %.64s\n", s);
	else if (err)
		fprintf(stderr, "ERROR: Pid out of range: %.64s\n", s);
	if (err) {
		fprintf(stderr, "HINT: -p takes a process id from 1 to %d\n", PID_MAX_LIMIT);
		return -1;
	}
	return pid_arg("-p", s, pid);
}

/*
 * bpftrace's developer modes: bench times the bench: probes; codegen
 * stops after code generation, which is what --dump shows.  Its other
 * modes (compiler-bench, test, format) have no counterpart here.
 */
static int parse_mode(const char *opt, const char *mode, struct options *o)
{
	if (o->mode && strcmp(opt, "--mode") != 0) {
		fprintf(stderr, "ERROR: USAGE: %s conflicts with existing --mode\n", opt);
		return -1;
	}
	o->mode = mode;
	o->bench = false;
	if (strcmp(mode, "bench") == 0) {
		o->bench = true;
	} else if (strcmp(mode, "codegen") == 0) {
		o->dump = true;
	} else if (!strcmp(mode, "compiler-bench") || !strcmp(mode, "test") ||
		   !strcmp(mode, "format")) {
		fprintf(stderr, "ERROR: --mode %s is not supported (bench and codegen are)\n", mode);
		return -1;
	} else {
		fprintf(stderr, "ERROR: USAGE: --mode can only be 'codegen', 'compiler-bench', "
			"'bench', 'test' or 'format'.\n");
		return -1;
	}
	return 0;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	uint64_t v;
	int c;

	o->buffering = -1;
	optind = 0;	/* a tool may call sonde_main() after parsing its own options */
again:
	while ((c = getopt_long(argc, argv, "+e:c:p:o:f:B:lqvdDx:hVk", long_options, NULL)) != -1) {
		switch (c) {
		case 'e': o->program = optarg; break;
		case 'c': o->cmd = optarg; break;
		case 'o': o->outfile = optarg; break;
		case 'l': o->list = true; break;
		case 'q': o->quiet = true; break;
		case 'D': o->dtrace = true; break;
		case 'x':
			if (o->ndopts == (int)ARRAY_SIZE(o->dopts)) {
				fprintf(stderr, "ERROR: -x: at most %zu options\n", ARRAY_SIZE(o->dopts));
				return -1;
			}
			o->dopts[o->ndopts++] = optarg;
			break;
		case 'v': o->verbose = true; break;
		case 'd': case OPT_DUMP: o->dump = true; break;
		case OPT_UNSAFE: o->unsafe = true; break;
		case OPT_INFO: info_print(stdout); exit(0);
		case OPT_LIST_BUILTINS: builtins_list(stdout); exit(0);
		case OPT_LIST_FUNCTIONS: funcs_list(stdout); exit(0);
		case OPT_SOURCE_NAME: o->source_name = optarg; break;
		case OPT_UNWIND: o->unwind = optarg; break;
		case OPT_DWARF_PID:
			if (pid_arg("--dwarf-pid", optarg, &o->dwarf_pid) < 0)
				return -1;
			break;
		case OPT_DRY_RUN: o->dry_run = true; break;
		case 'k': o->helper_warnings = true; break;
		case OPT_PROBE_FILTER: o->probe_filter = optarg; break;
		case OPT_INCLUDE: vec_push(&o->includes, optarg); break;
		case OPT_TRACEABLE:
			if (access(optarg, R_OK) != 0) {
				fprintf(stderr, "ERROR: --traceable-functions %s: %s\n", optarg,
					strerror(errno));
				return -1;
			}
			kfuncs_set_file(optarg);	/* kprobe and fentry function lists */
			break;
		case OPT_DEBUGINFO:
			elf_debug_dir_add(optarg);	/* probes and DWARF arguments */
			usyms_debuginfo_dir(optarg);	/* symbols of stacks */
			break;
		case OPT_NO_WARNINGS: diag_no_warnings = true; break;
		case OPT_USDT_FILE_ACT: break;	/* the kernel's semaphore counter is per file */
		case OPT_MODE:
			if (parse_mode("--mode", optarg, o) < 0)
				return -1;
			break;
		case OPT_BENCH:
			if (parse_mode("--bench", "bench", o) < 0)
				return -1;
			break;
		case OPT_TIMEOUT:
			if (num_arg("--timeout", optarg, 1, SONDE_TIMEOUT_MAX, "seconds", &v) < 0)
				return -1;
			o->timeout = v;
			break;
		case 'h': usage(stdout); exit(0);
		case 'V':
			printf("sonde v%s\nbpftrace v%s compatible: its language, output and options\n",
			       SONDE_VERSION, BPFTRACE_MATCHED);
			exit(0);
		case 'p':
			if (tracer_pid_arg(optarg, &o->pid) < 0)
				return -1;
			break;
		case 'f':
			if (strcmp(optarg, "text") == 0) {
				o->format = OUT_TEXT;
			} else if (strcmp(optarg, "json") == 0) {
				o->format = OUT_JSON;
			} else {
				fprintf(stderr, "ERROR: Invalid output format \"%s\"\nValid formats: 'text', 'json'\n", optarg);
				return -1;
			}
			break;
		case 'B':
			o->buffering = parse_buffering(optarg);
			if (o->buffering == -2) {
				fprintf(stderr, "ERROR: -B: unknown buffering mode '%s' (none, line or full)\n", optarg);
				return -1;
			}
			break;
		default:
			usage(stderr);
			return -1;
		}
	}
	/* -l SEARCH -p PID: as in bpftrace, options may follow the search */
	if (o->list && !o->program && !o->list_search && optind < argc) {
		o->list_search = argv[optind++];
		goto again;
	}
	if (!o->program && optind < argc && !o->list)
		o->file = argv[optind++];
	o->pos = argv + optind;
	o->npos = argc - optind;
	return 0;
}

/*
 * --include FILE is '#include <FILE>' ahead of the program: each runs
 * through the preprocessor on its own, so the program's line numbers stay.
 */
static int run_includes(const struct options *o)
{
	for (int i = 0; i < o->includes.n; i++) {
		struct source in = { .name = "--include" }, out = { 0 };
		int err;

		in.text = xasprintf("#include <%s>\n", o->includes.v[i]);
		in.len = strlen(in.text);
		err = preproc_run(&in, &out);
		free(in.text);
		free(out.name);
		free(out.text);
		if (err < 0)
			return -1;
	}
	return 0;
}

/* --probe-filter REGEX, compiled once; bpftrace's words when it is not one. */
static int compile_probe_filter(const struct options *o, regex_t *re)
{
	char why[256];
	int err;

	err = regcomp(re, o->probe_filter, REG_EXTENDED | REG_NOSUB);
	if (!err)
		return 0;
	regerror(err, re, why, sizeof(why));
	fprintf(stderr, "ERROR: Invalid --probe-filter regex '%s': %s\n", o->probe_filter, why);
	return -1;
}
static void free_source(struct source *src);

static struct source *load_source(const struct options *o)
{
	struct source *src = xcalloc(1, sizeof(*src));
	bool too_big = false;

	if (o->program) {
		src->name = xstrdup(o->source_name ? o->source_name : "stdin");
		src->len = strlen(o->program);
		too_big = src->len > SOURCE_MAX_SIZE;
		src->len = MIN(src->len, (size_t)SOURCE_MAX_SIZE);
		src->text = xstrndup(o->program, src->len);
	} else {
		const char *path = strcmp(o->file, "-") == 0 ? "/dev/stdin" : o->file;

		src->name = xstrdup(path == o->file ? o->file : "stdin");
		src->text = read_file_max(path, SOURCE_MAX_SIZE, &src->len, &too_big);
	}
	if (!src->text) {
		fprintf(stderr, "ERROR: failed to open file '%s': %s\n", o->file, strerror(errno));
		free(src->name);
		free(src);
		return NULL;
	}
	if (too_big) {
		diag_source_too_big(src);
		free_source(src);
		return NULL;
	}
	return src;
}

/*
 * Settings from the environment, under bpftrace's names or a SONDE_ prefix
 * (SONDE_ wins).  Each is checked against its range: a malformed or
 * out-of-range value stops sonde with an error naming it.
 */
struct env_setting {
	const char *name;		/* without the prefix */
	uint64_t min, max;
	const char *unit;
	void (*apply)(struct config *cfg, uint64_t v);
};

static void set_strlen(struct config *cfg, uint64_t v)
{
	cfg->max_strlen = v;
}

static void set_map_keys(struct config *cfg, uint64_t v)
{
	cfg->map_keys_max = v;
}

static void set_max_bpf_progs(struct config *cfg, uint64_t v)
{
	cfg->max_bpf_progs = v;
}

static uint32_t pow2_at_least(uint64_t v)
{
	uint32_t p = 4096;

	while (p < v && p < (1u << 30))
		p <<= 1;
	return p;
}

static void set_ringbuf(struct config *cfg, uint64_t v)
{
	cfg->ringbuf_size = pow2_at_least(v);
	cfg->ringbuf_explicit = true;
}

static void set_rb_pages(struct config *cfg, uint64_t v)
{
	cfg->ringbuf_size = pow2_at_least(v * 4096);
	cfg->ringbuf_explicit = true;
}

static void set_cat_bytes(struct config *cfg, uint64_t v)
{
	cfg->cat_bytes_max = v;
}

static const struct env_setting env_settings[] = {
	{ "STRLEN", 1, CONFIG_STRLEN_MAX, "bytes", set_strlen },
	{ "MAX_STRLEN", 1, CONFIG_STRLEN_MAX, "bytes", set_strlen },
	{ "MAP_KEYS_MAX", 1, CONFIG_MAP_KEYS_MAX, "keys", set_map_keys },
	{ "MAX_MAP_KEYS", 1, CONFIG_MAP_KEYS_MAX, "keys", set_map_keys },
	{ "MAX_BPF_PROGS", 1, 1 << 20, "programs", set_max_bpf_progs },
	{ "RINGBUF_SIZE", 4096, CONFIG_RINGBUF_MAX, "bytes", set_ringbuf },
	{ "PERF_RB_PAGES", 1, CONFIG_RINGBUF_MAX / 4096, "pages", set_rb_pages },
	{ "CAT_BYTES_MAX", 1, CONFIG_CAT_BYTES_MAX, "bytes", set_cat_bytes },
	{ "MAX_CAT_BYTES", 1, CONFIG_CAT_BYTES_MAX, "bytes", set_cat_bytes },	/* bpftrace's newer name */
};

/* Switches read where they act; checked here so that a typo is said. */
static const char *const env_flags[] = {
	"SONDE_SYSCALL_MERGE", "SONDE_SYM_POLL", "SONDE_SYM_DEBUG",
	"SONDE_DWARF_RECORDED_MAPS", "SONDE_PROFILE_SCRIPT",
};

static int check_env_flags(void)
{
	const char *v;

	for (size_t i = 0; i < ARRAY_SIZE(env_flags); i++) {
		v = getenv(env_flags[i]);
		if (v && *v && strcmp(v, "0") && strcmp(v, "1")) {
			fprintf(stderr, "ERROR: %s: '%.64s' is not a switch: expected 0 or 1\n",
				env_flags[i], v);
			return -1;
		}
	}
	return 0;
}

static int config_from_env(struct config *cfg)
{
	static const char *const prefixes[] = { "BPFTRACE_", "SONDE_" };
	const struct env_setting *e;
	char name[64];
	const char *val;
	uint64_t v;
	size_t i, p;

	if (check_env_flags() < 0)
		return -1;
	for (p = 0; p < ARRAY_SIZE(prefixes); p++) {
		for (i = 0; i < ARRAY_SIZE(env_settings); i++) {
			e = &env_settings[i];
			snprintf(name, sizeof(name), "%s%s", prefixes[p], e->name);
			val = getenv(name);
			if (!val)
				continue;
			if (num_arg(name, val, e->min, e->max, e->unit, &v) < 0)
				return -1;
			e->apply(cfg, v);
		}
	}
	return 0;
}

/* BPFTRACE_STR_TRUNC_TRAILER (or SONDE_): what follows a string str() cut short. */
static void trunc_trailer_env(struct config *cfg)
{
	const char *s = getenv("SONDE_STR_TRUNC_TRAILER");

	if (!s)
		s = getenv("BPFTRACE_STR_TRUNC_TRAILER");
	if (s)
		cfg->str_trunc_trailer = s;
}

/* BPFTRACE_SHOW_DEBUG_INFO (or SONDE_): show_debug_info before the config block applies. */
static int debug_info_env(struct config *cfg)
{
	static const char *const vars[] = { "BPFTRACE_SHOW_DEBUG_INFO", "SONDE_SHOW_DEBUG_INFO" };
	const char *v;

	for (size_t i = 0; i < ARRAY_SIZE(vars); i++) {
		v = getenv(vars[i]);
		if (!v)
			continue;
		if (!strcmp(v, "1") || !strcmp(v, "true")) {
			cfg->no_debug_info = false;
		} else if (!strcmp(v, "0") || !strcmp(v, "false")) {
			cfg->no_debug_info = true;
		} else {
			fprintf(stderr, "ERROR: %s: '%.64s' is not a switch: expected 0, 1, true or false\n",
				vars[i], v);
			return -1;
		}
	}
	return 0;
}

/* BPFTRACE_STACK_MODE (or SONDE_STACK_MODE): overrides the config block, as in bpftrace. */
static int stack_mode_env(struct config *cfg)
{
	const char *name = getenv("SONDE_STACK_MODE");
	int mode;

	if (!name || !*name)
		name = getenv("BPFTRACE_STACK_MODE");
	if (!name || !*name)
		return 0;
	mode = compile_stack_mode(name);
	if (mode < 0) {
		fprintf(stderr, "ERROR: stack mode '%s' is not bpftrace, perf, raw or build_id\n", name);
		return -1;
	}
	cfg->stack_mode = mode;
	cfg->stack_mode_env = true;
	return 0;
}

/* --unwind, else SONDE_UNWIND / BPFTRACE_UNWIND; a config block may override it. */
static int unwind_option(const struct options *o, struct config *cfg)
{
	static const char *const vars[] = { "SONDE_UNWIND", "BPFTRACE_UNWIND" };
	const char *mode = o->unwind, *from = "--unwind";
	size_t i;

	if (o->dwarf_pid && mode && strcmp(mode, "dwarf")) {
		fprintf(stderr, "ERROR: --dwarf-pid unwinds from DWARF: not with --unwind %.64s\n", mode);
		return -1;
	}
	if (o->dwarf_pid)
		mode = "dwarf";	/* bpftrace's way to ask for DWARF stacks of a running process */

	for (i = 0; !mode && i < ARRAY_SIZE(vars); i++) {
		mode = getenv(vars[i]);
		from = vars[i];
		if (mode && !*mode)
			mode = NULL;	/* set but empty: as unset */
	}
	if (!mode)
		return 0;
	if (strcmp(mode, "dwarf") && strcmp(mode, "fp")) {
		fprintf(stderr, "ERROR: %s: unknown unwind mode '%.64s' (dwarf or fp)\n", from, mode);
		return -1;
	}
	cfg->unwind_dwarf = mode[0] == 'd';
	return 0;
}

static void free_source(struct source *src)
{
	if (!src)
		return;
	free(src->name);
	free(src->text);
	free(src);
}


static void list_program_probes(struct program *prog, int pid)
{
	int i, j;

	for (i = 0; i < prog->ast->args.n; i++) {
		struct node *p = prog->ast->args.v[i];

		if (p->kind != N_PROBE)
			continue;
		for (j = 0; j < p->args.n; j++) {
			struct expand_ctx ctx = {
				.src = prog->src, .loc = p->args.v[j]->loc, .pid = pid,
				.no_attach = true, .listing = true,
			};
			const struct provider *prov;
			probelist list = { 0 };
			int k;

			if (probe_expand(p->args.v[j]->str, &ctx, &list, &prov) < 0)
				continue;
			for (k = 0; k < list.n; k++) {
				printf("%s\n", list.v[k].name);
				free(list.v[k].name);
				if (prov->free_target)
					prov->free_target(list.v[k].target);
			}
			vec_free(&list);
		}
	}
}

/*
 * -l [SEARCH]: a search that looks like a missing file is still a search,
 * after a warning that says so; as in bpftrace, its matching nothing is
 * then no error (the warning has told what happened).
 */
static int list_search(const char *search, bool verbose, int pid)
{
	if (search && strchr(search, '.') && !strpbrk(search, ":*")) {
		diag_plain_warning("It appears that '%s' is a filename but the file does not exist. Treating '%s' as a search pattern.",
				   search, search);
		probe_list_pid(search, verbose, pid, stdout);
		return 0;
	}
	return probe_list_report(search && strcmp(search, "*") ? search : NULL, verbose, pid, stdout);
}

static void raise_memlock(void)
{
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };

	setrlimit(RLIMIT_MEMLOCK, &rl);	/* only older kernels need it */
}

static int run(struct program *prog, const struct options *o, FILE *out, pid_t child,
	       int go_fd)
{
	struct run_opts ro = {
		.format = o->format, .quiet = o->quiet || o->dtrace, .child = child,
		.child_go_fd = go_fd, .pid = o->pid, .out = out,
		.timeout = o->timeout, .dry_run = o->dry_run, .bench = o->bench,
		.dwarf_pid = o->dwarf_pid,
		.out_name = o->outfile, .buffering = o->buffering + 1,
	};
	int err, status;

	raise_memlock();
	err = loader_create_maps(prog);
	if (!err)
		err = loader_load_progs(prog, o->verbose);
	if (err) {
		status = 1;
	} else {
		status = run_program(prog, &ro);
		go_fd = -1;	/* run_program released or killed the child */
	}
	loader_unload(prog);
	return status;
}

/*
 * sonde's own command line.  Built-in tools (sonde execsnoop ...) build an
 * argument list for it: --source-name TOOL -e SCRIPT [options] [params].
 */
int sonde_main(int argc, char **argv)
{
	struct options o = { 0 };
	struct program prog = { 0 };
	struct compile_opts co = { 0 };
	struct source *src = NULL;
	struct dtrace_ctx *dc = NULL;
	FILE *out = stdout;
	regex_t filter;
	bool have_filter = false;
	pid_t child = 0;
	int go_fd = -1, status = 1;
	char privs_msg[256];
	bool privileged;

	co.start_ns = monotonic_ns();
	if (parse_options(argc, argv, &o) < 0)
		goto out;
	if (o.list && !o.program && !o.file) {
		const char *search = o.list_search;

		if (!search || access(search, F_OK) != 0) {
			status = list_search(search, o.verbose, o.pid);
			goto out;
		}
		o.file = search;	/* -l FILE: the probes of that program */
	}
	if (!o.program && !o.file) {
		usage(stderr);
		goto out;
	}
	if (o.probe_filter) {
		if (compile_probe_filter(&o, &filter) < 0)
			goto out;
		have_filter = true;
		co.probe_filter = &filter;
	}
	if (run_includes(&o) < 0)
		goto out;
	diag_max_errors = 100;
	src = load_source(&o);
	if (!src)
		goto out;
	if (o.dtrace) {
		struct dtrace_opts dto = {
			.quiet = o.quiet, .has_cmd = o.cmd != NULL, .cmd = o.cmd, .pid = o.pid,
			.x = o.dopts, .nx = o.ndopts,
		};

		dc = dtrace_new(src, &dto);
		if (!dc)
			goto out;
	}
	/* #define, #include and #if; line numbers stay those of the file */
	{
		struct source *pp = xcalloc(1, sizeof(*pp));

		if (preproc_run(src, pp) < 0) {
			free(pp->name);
			free(pp->text);
			free(pp);
			free_source(src);
			dtrace_free(dc);
			return 1;
		}
		free_source(src);
		src = pp;
	}
	prog.src = src;
	prog.cfg.max_strlen = 1024;
	prog.cfg.map_keys_max = 4096;
	prog.cfg.ringbuf_size = event_ring_default_size(libbpf_num_possible_cpus());
	prog.cfg.cat_bytes_max = CONFIG_CAT_BYTES_DEFAULT;
	prog.cfg.unsafe = o.unsafe || (dc && dtrace_destructive(dc));
	prog.cfg.helper_warnings = o.helper_warnings;
	/* D reports every fault (dtrace:::ERROR) as dtrace(1) does; bpftrace only with -k */
	prog.cfg.read_faults = dc ? READS_ABORT : o.helper_warnings ? READS_WARN : READS_UNCHECKED;
	if (config_from_env(&prog.cfg) < 0 || unwind_option(&o, &prog.cfg) < 0 ||
	    stack_mode_env(&prog.cfg) < 0 || debug_info_env(&prog.cfg) < 0)
		goto out;
	trunc_trailer_env(&prog.cfg);
	if (dc)
		dtrace_config(dc, &prog.cfg);
	prog.pos = o.pos;
	prog.npos = o.npos;
	prog.ast = dc ? parse_d_program(src) : parse_program(src);
	if (!prog.ast || (dc && dtrace_lower(dc, &prog) < 0))
		goto out;
	if (o.list) {
		list_program_probes(&prog, o.pid);
		status = 0;
		goto out;
	}
	/*
	 * Without the privileges to load, the program is still compiled, so
	 * that its errors come first (and the front end runs as any user);
	 * the missing privilege is reported before anything would need it.
	 */
	privileged = o.dump || privs_check(privs_msg, sizeof(privs_msg)) == 0;
	if (!o.dump && privileged) {
		const char *why = lockdown_explain(lockdown_mode());

		if (why && !o.quiet)
			diag_plain_warning("%s", why);
		/* before the -c command starts: a refused -o leaves nothing running */
		/* D appends to -o's file, as dtrace(1) */
		if (o.outfile && !(out = o.dtrace ? outfile_fopen_append("-o", o.outfile) :
						  outfile_fopen("-o", o.outfile)))
			goto out;
	}
	if (o.cmd && !o.dump && privileged) {
		if (child_check_command(o.cmd) < 0)
			goto out;
		child = child_spawn_held(o.cmd, &go_fd);
		if (child < 0) {
			fprintf(stderr, "ERROR: -c: %s\n", strerror(errno));
			goto out;
		}
		co.cpid = child;
	}
	co.pid = o.pid;
	co.no_attach = o.dump;
	co.bench = o.bench;
	if (compile_program(&prog, &co) < 0)
		goto out;
	if (dc)
		dtrace_name_probes(dc, &prog);
	if (!privileged) {
		fprintf(stderr, "%s\n", privs_msg);
		goto out;
	}
	if (o.dump) {
		ast_dump(stdout, prog.ast, 0);
		loader_dump(stdout, &prog);
		status = 0;
		goto out;
	}
	if (o.unsafe && !o.quiet)
		diag_plain_warning("--unsafe: this program may change the system (system(), signal() and the like are allowed)");
	if (dc) {
		dtrace_report_matched(dc, &prog, o.program ? NULL : o.file);
		dtrace_output_setup(dc, &prog, out);
	}
	status = run(&prog, &o, out, child, go_fd);
	go_fd = -1;
	child = 0;
out:
	if (out && out != stdout)
		fclose(out);
	if (go_fd >= 0)
		close(go_fd);	/* the held child exits without running */
	if (child > 0)
		waitpid(child, NULL, 0);
	dtrace_free(dc);
	program_free(&prog);
	if (prog.ast)
		node_free(prog.ast);
	free_source(src);
	diag_sources_free();	/* imported files */
	if (have_filter)
		regfree(&filter);
	vec_free(&o.includes);
	btf_free();
	cdef_free();
	uprobe_dwarf_free();
	types_free_all();
	return status;
}

int main(int argc, char **argv)
{
	if (argc > 1 && serve_wants(argv[1]))
		return serve_main(argc - 1, argv + 1);
	if (profserve_wants(argc, argv))
		return profserve_main(argc - 1, argv + 1);
	if (argc > 1 && profile_wants(argv[1]))
		return profile_dispatch(argc - 1, argv + 1);
	if (argc > 1 && record_wants(argv[1]))
		return record_dispatch(argc - 1, argv + 1);
	if (argc > 1 && dtrace_wants(argv[1]))
		return dtrace_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "strace") == 0)
		return strace_main(argc - 1, argv + 1);
	if (argc > 1 && tools_wants(argv[1]))
		return tools_main(argc, argv);
	return sonde_main(argc, argv);
}
