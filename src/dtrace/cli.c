// SPDX-License-Identifier: GPL-2.0
/*
 * sonde dtrace: dtrace(1)'s command line, translated to sonde -D.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "dtrace.h"
#include "../tools/tools.h"
#include "../util.h"

#define MAX_X 16	/* -x options (sonde -D takes as many) */

static void usage(FILE *f)
{
	fprintf(f,
		"USAGE: sonde dtrace -l [-n DESC | -P PROV | -m MOD | -f FUNC]\n"
		"       sonde dtrace [-qweZ] [-c CMD] [-p PID] [-o FILE] [-x OPT[=VAL]]\n"
		"                    { -n 'PROGRAM' | -s FILE } [ARGS...]\n"
		"       sonde -D [sonde options] { -e 'PROGRAM' | FILE }\n"
		"\n"
		"    -n PROGRAM   D program text (probe descriptions, predicates, clauses)\n"
		"    -s FILE      D script\n"
		"    -q           quiet: only what the program prints, and the aggregations\n"
		"    -c CMD       run CMD; $target is its pid; exit when it exits\n"
		"    -p PID       $target is PID; exit when it exits\n"
		"    -o FILE      output to FILE\n"
		"    -x OPT=VAL   quiet, aggsortkey, aggsortrev, defaultargs; bufsize, switchrate... (docs/dtrace.md)\n"
		"    -l [-n DESC] list the probes a description matches (all without -n)\n"
		"    -w           allow destructive actions (raise, stop, system, chill, copyout)\n"
		"    -P PROV, -m [PROV:]MOD, -f [[PROV:]MOD:]FUNC  the probes of those fields\n"
		"    -Z           a description may match no probe\n"
		"    -e           compile and load, then exit without running\n");
}

/*
 * Each -n adds a line to the program; one without a clause body
 * (-n 'syscall::read:entry') is D's clause without actions.
 */
static void add_program(char **text, const char *arg)
{
	const char *body = strchr(arg, '{') ? "" : "{}";
	char *joined = xasprintf("%s%s%s%s", *text ? *text : "", *text ? "\n" : "", arg, body);

	free(*text);
	*text = joined;
}

/*
 * -P PROVIDER, -m [PROVIDER:]MODULE, -f [[PROVIDER:]MODULE:]FUNCTION: a
 * probe description of the fields given, the ones on their right empty
 * (dtrace(1)'s -P syscall is syscall:::), those on their left too.
 */
static char *field_desc(const char *arg, int right)
{
	size_t fields = strcspn(arg, "/{");	/* a predicate or an action may follow */
	int colons = right;
	char *desc;
	size_t n = 0;

	for (size_t i = 0; i < fields; i++)
		colons += arg[i] == ':';
	desc = xcalloc(strlen(arg) + 8, 1);
	for (; colons < 3; colons++)
		desc[n++] = ':';
	memcpy(desc + n, arg, fields);
	n += fields;
	for (int i = 0; i < right; i++)
		desc[n++] = ':';
	if (arg[fields])
		desc[n++] = ' ';	/* a predicate's '/' is not read as part of the description */
	strcpy(desc + n, arg + fields);
	return desc;
}

/* dtrace(1)'s options sonde does not take, and why. */
static const struct {
	int opt;
	const char *why;
} unsupported[] = {
	{ 'F', "-F (flowindent) is not supported: print probefunc and probename in the clause" },
	{ 'i', "-i PROBE-ID is not supported: sonde's probe ids are its own numbering of a program's probes; use -n with a description" },
	{ 'a', "-a (anonymous tracing state) is not supported: Linux has no anonymous DTrace state" },
	{ 'A', "-A (anonymous tracing from boot) is not supported: Linux has no anonymous DTrace state" },
	{ 'G', "-G (an ELF file of the D program's DOF) is not supported: sonde loads the program at once" },
	{ 'S', "-S (show the D compiler's DIF) is not supported: sonde -D --dump PROGRAM shows its lowered program" },
	{ 'v', "-v (the programs' stability attributes) is not supported: sonde has no stability attributes" },
	{ 'V', "-V (the D API version) is not supported: sonde -V prints sonde's version" },
	{ 'H', "-H (the files the C preprocessor includes) is not supported" },
	{ 'I', "-I (the C preprocessor's include path) is not supported: sonde's preprocessor runs without cpp's includes" },
	{ 'D', "-D (a C preprocessor macro) is not supported: #define it in the program" },
	{ 'U', "-U (undefine a C preprocessor macro) is not supported" },
	{ 'X', "-X (the ANSI C conformance of cpp) is not supported" },
};

static int unsupported_option(int c)
{
	for (size_t i = 0; i < ARRAY_SIZE(unsupported); i++)
		if (unsupported[i].opt == c) {
			fprintf(stderr, "dtrace: %s\n", unsupported[i].why);
			return 1;
		}
	usage(stderr);
	return 1;
}

bool dtrace_wants(const char *arg)
{
	return !strcmp(arg, "dtrace");
}

int dtrace_main(int argc, char **argv)
{
	const char *program = NULL, *list_pattern = NULL, *file = NULL, *cmd = NULL, *pid = NULL, *outfile = NULL;
	bool quiet = false, list = false, destructive = false, zdefs = false, compile_only = false;
	char *desc = NULL;
	const char *xs[MAX_X];
	char *program_text = NULL;
	int nx = 0;
	char **av;
	int c, n = 0, status;

	optind = 0;
	opterr = 0;	/* an option sonde lacks gets its own message */
	while ((c = getopt(argc, argv, "+n:s:qc:p:o:x:wlP:m:f:Zb:CeFi:aAGhSvVHI:D:U:X:")) != -1) {
		switch (c) {
		case 'n':
			list_pattern = optarg;
			add_program(&program_text, optarg);
			program = program_text;
			break;
		case 'P': case 'm': case 'f':
			free(desc);
			desc = field_desc(optarg, c == 'P' ? 3 : c == 'm' ? 2 : 1);
			list_pattern = desc;
			add_program(&program_text, desc);
			program = program_text;
			break;
		case 'Z': zdefs = true; break;
		case 'b':	/* the principal buffer's size: sonde sizes its ring buffer itself */
		case 'C':	/* sonde's preprocessor always runs (#define, #include of the program) */
			break;
		case 'e': compile_only = true; break;
		case 'h': usage(stdout); free(desc); free(program_text); return 0;
		case 's': file = optarg; break;
		case 'q': quiet = true; break;
		case 'c': cmd = optarg; break;
		case 'p': pid = optarg; break;
		case 'o': outfile = optarg; break;
		case 'w': destructive = true; break;
		case 'l': list = true; break;
		case 'x':
			if (nx == MAX_X) {
				fprintf(stderr, "ERROR: -x: at most %d options\n", MAX_X);
				return 1;
			}
			xs[nx++] = optarg;
			break;
		case '?':
			if (optopt && strchr("nscpoxPmfbiIDUX", optopt))
				fprintf(stderr, "dtrace: option -%c needs an argument\n", optopt);
			else
				fprintf(stderr, "dtrace: invalid option -- '%c'\n", optopt);
			usage(stderr);
			free(desc);
			free(program_text);
			return 1;
		default:
			free(desc);
			free(program_text);
			return unsupported_option(c);
		}
	}
	if (list && !file) {
		status = dtrace_list(list_pattern);
		free(program_text);
		free(desc);
		return status;
	}
	if (!program == !file) {
		fprintf(stderr, "ERROR: sonde dtrace: give one of -n PROGRAM or -s FILE\n");
		usage(stderr);
		return 1;
	}
	av = xcalloc(argc + 16 + 2 * MAX_X, sizeof(*av));
	av[n++] = "sonde";
	av[n++] = "-D";
	if (quiet)
		av[n++] = "-q";
	if (destructive) {
		av[n++] = "-x";
		av[n++] = "destructive";
	}
	if (zdefs) {
		av[n++] = "-x";
		av[n++] = "zdefs";
	}
	if (compile_only)
		av[n++] = "--dry-run";
	if (cmd) {
		av[n++] = "-c";
		av[n++] = (char *)cmd;
	}
	if (pid) {
		av[n++] = "-p";
		av[n++] = (char *)pid;
	}
	if (outfile) {
		av[n++] = "-o";
		av[n++] = (char *)outfile;
	}
	for (int i = 0; i < nx; i++) {
		av[n++] = "-x";
		av[n++] = (char *)xs[i];
	}
	if (program) {
		av[n++] = "-e";
		av[n++] = program_text;
	} else {
		av[n++] = (char *)file;
	}
	for (int i = optind; i < argc; i++)
		av[n++] = argv[i];
	status = sonde_main(n, av);
	free(program_text);
	free(desc);
	free(av);
	return status;
}
