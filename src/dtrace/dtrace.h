/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The D front end (sonde -D, sonde dtrace).
 *
 * D's clause syntax (descriptions, /predicate/, { statements }) is close
 * enough to bpftrace's that the shared parser reads it into the shared
 * AST; dtrace_lower() then rewrites the D meanings in place: probe
 * descriptions to sonde attach points, D variables (globals, self->,
 * this->) to maps and $vars, D builtins and actions to sonde's.  What
 * follows is the normal pipeline (sema, codegen, loader, runtime); only
 * the output takes D's layout (per-event CPU/ID/FUNCTION:NAME lines and
 * aggregations printed at exit as dtrace(1) prints them).
 */
#ifndef SONDE_DTRACE_H
#define SONDE_DTRACE_H

#include <stdbool.h>
#include <stdio.h>

#include "lang/program.h"

struct dtrace_ctx;

/* What the command line says about a D program. */
struct dtrace_opts {
	bool quiet;		/* -q: no per-event lines */
	bool has_cmd;		/* -c CMD: $target is its pid */
	const char *cmd;	/* -c CMD, or NULL */
	int pid;		/* -p PID: $target */
	const char **x;		/* -x OPTION[=VALUE], nx of them */
	int nx;
};

/*
 * Read the D options of the command line and of src (#pragma D option
 * ..., before the preprocessor drops them), and rewrite src's D
 * declarations (blanked) and inlines (#define).  NULL after an error.
 */
struct dtrace_ctx *dtrace_new(struct source *src, const struct dtrace_opts *o);
/* -w or #pragma D option destructive: destructive actions (raise()) allowed. */
bool dtrace_destructive(const struct dtrace_ctx *dc);
/* The settings D's options make: strsize (string size), no mark on cut strings. */
void dtrace_config(const struct dtrace_ctx *dc, struct config *cfg);
/* Rewrite prog->ast (parsed from D) into the bpftrace-language AST; 0 or -1. */
int dtrace_lower(struct dtrace_ctx *dc, struct program *prog);
/* After compile: name the probes as D does ("read:entry") for the event lines. */
void dtrace_name_probes(struct dtrace_ctx *dc, struct program *prog);
/* "dtrace: script 'FILE' matched N probes" (or description '...' when FILE is NULL) to stderr. */
void dtrace_report_matched(const struct dtrace_ctx *dc, const struct program *prog,
			   const char *what);
/* Print the aggregations at exit in dtrace(1)'s layout, to out. */
void dtrace_output_setup(struct dtrace_ctx *dc, struct program *prog, FILE *out);
void dtrace_free(struct dtrace_ctx *dc);

/* dtrace -l [-n PATTERN]: list the D probes; the exit status. */
int dtrace_list(const char *pattern);

/* sonde dtrace [dtrace(1) options]: translated to sonde -D. */
int dtrace_main(int argc, char **argv);
bool dtrace_wants(const char *arg);

#endif
