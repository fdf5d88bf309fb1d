/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Continuous profiling: `sonde profile` and `sonde offcputime` with
 * --listen (serve /debug/pprof/profile?seconds=N, the Go convention Parca
 * and Pyroscope scrape), --pyroscope URL or --parca URL (push every
 * --interval seconds).  docs/export.md, "Profiles".
 */
#ifndef SONDE_PROFSERVE_H
#define SONDE_PROFSERVE_H

#include <stdbool.h>

#include "profile/folded.h"
#include "util.h"

/* Whether argv asks `profile`/`offcputime` for a continuous mode. */
bool profserve_wants(int argc, char **argv);
/* argv[0] is "profile" or "offcputime". */
int profserve_main(int argc, char **argv);

/* A profile and what the receivers need to know about it (profpush.c). */
struct profile_window {
	const struct folded *folded;
	bool offcpu;
	int hz;
	uint64_t from_ns, until_ns;	/* wall clock */
	const char *service, *host;
	char **labels;			/* "name=value" */
	int nlabels;
};

/* The pprof of a window, gzipped. */
void profile_pprof(const struct profile_window *w, struct strbuf *gz);
/* POST /ingest (folded for CPU, pprof for off-CPU); 0 or -1 with err. */
int push_pyroscope(const char *url, const struct profile_window *w, char *err, size_t errlen);
/* POST /profiles/writeraw; 0 or -1 with err. */
int push_parca(const char *url, const struct profile_window *w, char *err, size_t errlen);

#endif
