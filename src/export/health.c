// SPDX-License-Identifier: GPL-2.0
/*
 * sonde's own health, as metrics: what a fleet owner alerts on.
 *
 *   events_lost_total{program}          ring buffer records the probes could not send
 *   map_keys{program,map}               keys in the kernel map at this scrape
 *   map_max_keys{program,map}           its limit; keys == limit: new keys are dropped
 *   map_full{program,map}               1 when the map is full
 *   series_dropped{program,map}         keys not exported (the series limit)
 *   program_running{program}            0 once the program has ended (exit())
 *   bpf_prog_runs_total{program,probe}  the kernel's run count (bpf_stats)
 *   bpf_prog_run_seconds_total{...}     the kernel's run time (bpf_stats)
 *   scrape_duration_seconds             reading the maps for this scrape
 *   scrapes_total                       expositions built since start
 *   http_requests_total                 requests read (refused ones too)
 *   http_connections_dropped_total      idle connections closed for room, or 503s
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <stdlib.h>
#include <string.h>

#include "export/exporter.h"
#include "runtime/loader.h"
#include "version.h"


static uint64_t lost_events(const struct program *prog)
{
	int n = libbpf_num_possible_cpus(), fd = prog->maps.v[IMAP_LOST].fd;
	uint64_t *vals, sum = 0;
	uint32_t key = 0;

	if (n <= 0 || fd < 0)
		return 0;
	vals = xcalloc(n, sizeof(uint64_t));
	if (bpf_map_lookup_elem(fd, &key, vals) == 0)
		for (int i = 0; i < n; i++)
			sum += vals[i];
	free(vals);
	return sum;
}

/* name="value" into out. */
static void label(struct strbuf *out, const char *name, const char *value)
{
	if (out->len)
		sb_addc(out, ',');
	sb_addf(out, "%s=", name);
	expo_label_value(out, value, strlen(value));
}

static char *family_name(struct exporter *x, const char *suffix)
{
	return xasprintf("%s%s", x->prefix, suffix);
}

static void write_lost(struct exporter *x, struct strbuf *out, enum expo_format fmt)
{
	char *name = family_name(x, "events_lost");
	struct strbuf l;

	expo_family_header(out, fmt, name, MK_COUNTER, "ring buffer records lost (the ring was full)");
	sb_init(&l);
	for (int i = 0; i < x->progs.n; i++) {
		l.len = 0;
		label(&l, "program", x->progs.v[i]->name);
		expo_sample_u(out, name, "_total", l.buf, NULL, lost_events(&x->progs.v[i]->prog));
	}
	sb_free(&l);
	free(name);
}

enum map_stat { MS_KEYS, MS_MAX, MS_FULL, MS_DROPPED };

static uint64_t map_stat(const struct family *f, enum map_stat which)
{
	bool hashed = f->m->keyed && !f->m->lru;

	switch (which) {
	case MS_KEYS:
		return f->keys;
	case MS_MAX:
		return f->m->max_entries;
	case MS_FULL:
		/* hist keys are one per bucket: count only plain keyed maps */
		return hashed && f->m->agg != AGG_HIST && f->m->agg != AGG_LHIST &&
		       f->keys >= f->m->max_entries;
	case MS_DROPPED:
		return f->dropped;
	}
	return 0;
}

static void write_map_stat(struct exporter *x, struct strbuf *out, enum expo_format fmt,
			   const char *suffix, const char *help, enum map_stat which)
{
	char *name = family_name(x, suffix);
	struct strbuf l;

	expo_family_header(out, fmt, name, MK_GAUGE, help);
	sb_init(&l);
	for (int i = 0; i < x->progs.n; i++) {
		struct served *sv = x->progs.v[i];

		for (int j = 0; j < sv->nfams; j++) {
			l.len = 0;
			label(&l, "program", sv->name);
			label(&l, "map", sv->fams[j].m->name);
			expo_sample_u(out, name, NULL, l.buf, NULL, map_stat(&sv->fams[j], which));
		}
	}
	sb_free(&l);
	free(name);
}

static void write_running(struct exporter *x, struct strbuf *out, enum expo_format fmt)
{
	char *name = family_name(x, "program_running");
	struct strbuf l;

	expo_family_header(out, fmt, name, MK_GAUGE, "1 while the program runs, 0 once it has ended");
	sb_init(&l);
	for (int i = 0; i < x->progs.n; i++) {
		l.len = 0;
		label(&l, "program", x->progs.v[i]->name);
		expo_sample_u(out, name, NULL, l.buf, NULL, !x->progs.v[i]->done);
	}
	sb_free(&l);
	free(name);
}

/* One probe's kernel statistics; several programs may share a name (two BEGIN blocks). */
struct probe_stat {
	const char *probe;
	uint64_t runs, ns;
};

/* The statistics of prog's programs, summed by probe name. */
static int probe_stats(const struct program *prog, struct probe_stat *out)
{
	int n = 0;

	for (int j = 0; j < prog->progs.n; j++) {
		const struct prog_spec *ps = &prog->progs.v[j];
		struct bpf_prog_info info = { 0 };
		uint32_t len = sizeof(info);
		int k;

		if (ps->dup_of >= 0 || ps->fd < 0 || bpf_obj_get_info_by_fd(ps->fd, &info, &len))
			continue;
		for (k = 0; k < n && strcmp(out[k].probe, ps->probe); k++)
			;
		if (k == n)
			out[n++] = (struct probe_stat){ .probe = ps->probe };
		out[k].runs += info.run_cnt;
		out[k].ns += info.run_time_ns;
	}
	return n;
}

/* Run count and time of each loaded BPF program, from bpf_stats. */
static void write_bpf_stats(struct exporter *x, struct strbuf *out, enum expo_format fmt)
{
	char *runs = family_name(x, "bpf_prog_runs"), *secs = family_name(x, "bpf_prog_run_seconds");
	struct strbuf a, b, l;

	sb_init(&a);
	sb_init(&b);
	sb_init(&l);
	expo_family_header(&a, fmt, runs, MK_COUNTER, "times the kernel ran the probe's program (bpf_stats)");
	expo_family_header(&b, fmt, secs, MK_COUNTER, "time the kernel spent in the probe's program (bpf_stats)");
	for (int i = 0; i < x->progs.n; i++) {
		const struct program *prog = &x->progs.v[i]->prog;
		struct probe_stat *st = xcalloc(prog->progs.n ? prog->progs.n : 1, sizeof(*st));
		int n = probe_stats(prog, st);

		for (int k = 0; k < n; k++) {
			l.len = 0;
			label(&l, "program", x->progs.v[i]->name);
			label(&l, "probe", st[k].probe);
			expo_sample_u(&a, runs, "_total", l.buf, NULL, st[k].runs);
			expo_sample_d(&b, secs, "_total", l.buf, NULL, st[k].ns / 1e9);
		}
		free(st);
	}
	sb_add(out, a.buf, a.len);
	sb_add(out, b.buf, b.len);
	sb_free(&a);
	sb_free(&b);
	sb_free(&l);
	free(runs);
	free(secs);
}

static void write_one(struct exporter *x, struct strbuf *out, enum expo_format fmt,
		      const char *suffix, enum metric_kind kind, const char *help,
		      const char *extra, double v)
{
	char *name = family_name(x, suffix);

	expo_family_header(out, fmt, name, kind, help);
	expo_sample_d(out, name, kind == MK_COUNTER ? "_total" : NULL, NULL, extra, v);
	free(name);
}

/* The families health_write() writes, after the prefix. */
static const char *const health_families[] = {
	"events_lost", "map_keys", "map_max_keys", "map_full", "series_dropped",
	"program_running", "bpf_prog_runs", "bpf_prog_run_seconds", "scrapes",
	"http_requests", "http_connections_dropped", "scrape_duration_seconds", "build_info",
};

bool health_name_taken(const char *prefix, const char *name)
{
	size_t n = strlen(prefix);

	if (strncmp(name, prefix, n) != 0)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(health_families); i++)
		if (strcmp(name + n, health_families[i]) == 0)
			return true;
	return false;
}

void health_write(struct exporter *x, struct strbuf *out, enum expo_format fmt,
		  double collect_s)
{
	write_lost(x, out, fmt);
	write_map_stat(x, out, fmt, "map_keys", "keys in the kernel map", MS_KEYS);
	write_map_stat(x, out, fmt, "map_max_keys", "the map's key limit (max_map_keys)", MS_MAX);
	write_map_stat(x, out, fmt, "map_full", "1 when the map is full and refuses new keys", MS_FULL);
	write_map_stat(x, out, fmt, "series_dropped",
		       "keys not exported at this scrape (--max-series)", MS_DROPPED);
	write_running(x, out, fmt);
	write_bpf_stats(x, out, fmt);
	write_one(x, out, fmt, "scrapes", MK_COUNTER, "expositions built", NULL, (double)x->scrapes);
	if (x->http) {
		write_one(x, out, fmt, "http_requests", MK_COUNTER,
			  "HTTP requests read, refused ones included", NULL, (double)x->http->requests);
		write_one(x, out, fmt, "http_connections_dropped", MK_COUNTER,
			  "connections closed to make room, or refused (503)", NULL,
			  (double)x->http->refused);
	}
	write_one(x, out, fmt, "scrape_duration_seconds", MK_GAUGE,
		  "time to read the maps for this exposition", NULL, collect_s);
	write_one(x, out, fmt, "build_info", MK_GAUGE, "sonde's version",
		  "version=\"" SONDE_VERSION "\"", 1);
}
