/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sonde serve: run programs and built-in tools continuously and serve
 * their maps as Prometheus metrics (docs/export.md).
 */
#ifndef SONDE_SERVE_H
#define SONDE_SERVE_H

#include <stdbool.h>

#include "export/exporter.h"

struct serve_opts {
	const char *listen;		/* NULL: do not listen */
	const char *web_config;
	const char *prefix;		/* "sonde_" */
	const char *textfile_dir;
	const char *push_url;
	const char *job;
	unsigned interval_s;		/* textfile and push period */
	int max_series;
	unsigned ttl_s;
	bool quiet;
	VEC(struct served *) progs;
	VEC(char *) owned;		/* strings read from config files */
	int config_depth;
};

/* Whether argv[1] is the serve command. */
bool serve_wants(const char *arg);
int serve_main(int argc, char **argv);

/*
 * Shared with the continuous profiler (profserve.c): compile and load a
 * program (0, or -1 after its errors), free it, run it in a thread
 * (pthread_create's start routine, arg a struct served), and the
 * signalfd of SIGINT/SIGTERM/SIGHUP, blocked in every thread created
 * after it.
 */
int serve_load(struct served *sv);
void serve_unload(struct served *sv);
void *serve_runner(void *arg);
int serve_signalfd(void);

/* serve_opts.c: the command line and config files.  0, or -1 after a message. */
int serve_parse(struct serve_opts *o, int argc, char **argv);
void serve_opts_free(struct serve_opts *o);
void serve_usage(FILE *f);

/* push.c: the textfile collector's file and the Pushgateway. */
int push_textfile(const char *dir, const char *body, size_t len, char *err, size_t errlen);
int push_gateway(const char *url, const char *job, const char *instance, const char *body,
		 size_t len, char *err, size_t errlen);

#endif
