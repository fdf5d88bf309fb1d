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
		"USAGE: sonde dtrace -l [-n DESCRIPTION]\n"
		"       sonde dtrace [-qw] [-c CMD] [-p PID] [-o FILE] [-x OPT[=VAL]]\n"
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
		"    -w           allow destructive actions (raise, stop, system, chill, copyout)\n");
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

bool dtrace_wants(const char *arg)
{
	return !strcmp(arg, "dtrace");
}

int dtrace_main(int argc, char **argv)
{
	const char *program = NULL, *list_pattern = NULL, *file = NULL, *cmd = NULL, *pid = NULL, *outfile = NULL;
	bool quiet = false, list = false, destructive = false;
	const char *xs[MAX_X];
	char *program_text = NULL;
	int nx = 0;
	char **av;
	int c, n = 0, status;

	optind = 0;
	while ((c = getopt(argc, argv, "+n:s:qc:p:o:x:wlh")) != -1) {
		switch (c) {
		case 'n':
			list_pattern = optarg;
			add_program(&program_text, optarg);
			program = program_text;
			break;
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
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 1;
		}
	}
	if (list && !file) {
		status = dtrace_list(list_pattern);
		free(program_text);
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
	free(av);
	return status;
}
