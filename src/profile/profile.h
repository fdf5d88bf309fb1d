/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The profiling commands: `sonde profile`, `sonde offcputime`,
 * `sonde flamegraph` and `sonde collapse`.
 */
#ifndef SONDE_PROFILE_PROFILE_H
#define SONDE_PROFILE_PROFILE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "profile/folded.h"

/* Whether argv[1] names one of the commands. */
bool profile_wants(const char *arg);
/* Run it (argv[0] is the command name); returns the exit status. */
int profile_dispatch(int argc, char **argv);

int profile_main(int argc, char **argv);
int offcputime_main(int argc, char **argv);
int flamegraph_main(int argc, char **argv);
int collapse_main(int argc, char **argv);

/* Output formats of profile/offcputime, chosen by --format or -o's extension. */
enum prof_format { PF_FOLDED, PF_SVG, PF_PPROF, PF_SPEEDSCOPE, PF_TEXT, PF_COUNT };

/* The options profile and offcputime share. */
struct prof_opts {
	int hz;
	int pid;
	const char *cmd;
	int duration;
	bool user_only, kernel_only;
	int group;		/* 0: by comm, 1: comm-PID, 2: comm-TID */
	const char *out;
	int format;		/* -1: by -o's extension */
	uint64_t min_us;	/* offcputime: shortest block counted */
	bool offcpu;
	bool dwarf;		/* --unwind dwarf */
};

/*
 * The sonde program that counts stacks into the map "@": sampled at hz
 * (profile) or blocked microseconds summed (offcputime).  Keys are
 * [kstack, ustack, comm(, pid|tid)] as collect_sink() folds them.
 */
char *prof_program(const struct prof_opts *o);

int prof_format_parse(const char *name);
/* By file name: .svg, .pb.gz/.pprof, .json/.speedscope, .txt; else folded. */
enum prof_format prof_format_for_path(const char *path);
/*
 * Write f to fd, opened by outfile_open() from path (NULL and -1: stdout),
 * in format fmt; fd is closed.  title names the graph, countname/unit the
 * values.  0 or -1 (the error printed).
 */
int prof_write(const struct folded *f, enum prof_format fmt, const char *path, int fd,
	       const char *title, const char *countname, const char *unit);

#endif
