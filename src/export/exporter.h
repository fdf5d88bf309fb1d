/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The programs sonde serve runs and the metrics they make: every
 * exported map's family (family.c) and sonde's own health (health.c).
 * The runner threads clear maps while the server thread reads them, so
 * the state is behind one lock.
 */
#ifndef SONDE_EXPORTER_H
#define SONDE_EXPORTER_H

#include <pthread.h>
#include <stdbool.h>

#include "export/family.h"
#include "export/http.h"
#include "lang/program.h"

/* Label names a user gave one map: --labels '@opens=comm,flags'. */
struct label_override {
	char *map;
	char **names;
	int n;
};

/* A label whose values another map holds: --label-values 'id=@name'. */
struct label_source {
	char *label;
	char *map;
};

struct served {
	char *name;		/* "runqlat", "opens.bt", "program1" */
	char *prefix;		/* family name prefix, e.g. "sonde_runqlat_" */
	char *text;		/* the script (owned) */
	char **params;		/* positional parameters (array owned) */
	int nparams;
	char **only;		/* --maps: export only these (NULL: all) */
	int nonly;
	VEC(struct label_override) labels;
	VEC(struct label_source) label_values;
	struct program prog;
	bool loaded;
	struct family *fams;
	int nfams;
	pthread_t thread;
	bool started;
	volatile bool attached;	/* its probes are attached */
	volatile bool done;	/* run_program returned */
	volatile int status;	/* its exit status */
};

struct exporter {
	pthread_mutex_t lock;
	VEC(struct served *) progs;
	struct family_limits lim;
	const char *prefix;	/* of the health metrics: "sonde_" */
	int stats_fd;		/* BPF_ENABLE_STATS: run time and count per program */
	const struct http_server *http;	/* its request counts, or NULL */
	uint64_t scrapes;
};

/* The families of every exported map of sv (after it is compiled). */
void exporter_add_families(struct exporter *x, struct served *sv, bool quiet);
/* Read every map and write the whole exposition. */
void exporter_collect(struct exporter *x, struct strbuf *out, enum expo_format fmt);
/* maps_clear()/maps_zero() are about to reset m: bank its values. */
void exporter_bank(struct exporter *x, const struct program *prog, const struct mapinfo *m);

/* sonde's own health metrics (health.c). */
void health_write(struct exporter *x, struct strbuf *out, enum expo_format fmt,
		  double collect_s);

/* Whether a map's family name is one of the health metrics' (prefix: x->prefix). */
bool health_name_taken(const char *prefix, const char *name);

#endif
