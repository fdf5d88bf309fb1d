// SPDX-License-Identifier: GPL-2.0
/*
 * Continuous profiling.
 *
 * The program is `sonde profile`'s (prof_program(): stacks counted into
 * the map "@" in the kernel), run for as long as sonde runs, in a runner
 * thread as sonde serve runs programs.  A profile covers a window of
 * time: a served request (/debug/pprof/profile?seconds=N) or a push
 * interval.  A window starts with a snapshot of the map (raw key ->
 * count); at its end the difference with the map is folded into stacks
 * (collect_sink(), the same folding as `sonde profile`), encoded as pprof
 * (or folded text) and sent.  Windows overlap freely.
 *
 * The map and the stack map would fill up over days, so every
 * ROTATE_S seconds each open window folds what it has so far, and both
 * maps are emptied; the snapshots start again from nothing.  Samples
 * taken between that last read and the clearing are lost (a few
 * microseconds' worth).
 */
#include "export/profserve.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "export/http.h"
#include "export/serve.h"
#include "export/tls.h"
#include "lang/btf.h"
#include "lang/cdef.h"
#include "lang/types.h"
#include "profile/collect.h"
#include "profile/profile.h"
#include "numparse.h"
#include "runtime/child.h"
#include "runtime/privs.h"
#include "runtime/run.h"
#include "sym/usyms.h"

#define ROTATE_S	10
#define MAX_WINDOWS	8	/* open profiles: served requests and push intervals */
#define MAX_SECONDS	300
#define DEFAULT_SECONDS	30
#define MAX_LABELS	16

/* The map's counts at a window's start (or at the last rotation). */
struct snap {
	uint8_t *keys;		/* sorted, key_size bytes each */
	uint64_t *counts;
	size_t n, key_size;
};

struct window {
	bool used;
	uint64_t end_mono_ns;
	uint64_t from_wall_ns;
	uint64_t until_wall_ns;	/* when the map was read for its end */
	struct collect c;
	struct snap snap;
	uint64_t conn_id;	/* a served request's connection; 0: the push window */
};

struct profiler {
	struct prof_opts po;
	const char *listen, *web_config, *pyroscope, *parca, *service;
	unsigned interval_s;
	char *labels[MAX_LABELS];
	int nlabels;
	bool quiet;
	char host[256];
	struct served sv;
	const struct mapinfo *map;
	struct http_server http;
	bool listening;
	struct web_config wc;
	struct window win[MAX_WINDOWS];
	struct window *push_win;	/* the push interval's window, or NULL */
	uint64_t next_rotate_ns;
};

static uint64_t wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

bool profserve_wants(int argc, char **argv)
{
	static const char *const modes[] = { "--listen", "--pyroscope", "--parca" };

	if (argc < 2 || (strcmp(argv[1], "profile") && strcmp(argv[1], "offcputime")))
		return false;
	for (int i = 2; i < argc; i++)
		for (size_t m = 0; m < ARRAY_SIZE(modes); m++)
			if (strncmp(argv[i], modes[m], strlen(modes[m])) == 0)
				return true;
	return false;
}

/* ---- snapshots and windows ---------------------------------------------- */

static uint64_t weight(const struct mapinfo *m, const struct map_entry *e)
{
	return m->agg == AGG_COUNT ? e->count : (uint64_t)e->num;
}

static int key_cmp(const void *a, const void *b, void *size)
{
	return memcmp(a, b, *(size_t *)size);
}

static void snap_free(struct snap *s)
{
	free(s->keys);
	free(s->counts);
	memset(s, 0, sizeof(*s));
}

static void snap_take(struct snap *s, const struct mapinfo *m, const struct map_entries *es)
{
	size_t ks = m->key->size;
	uint8_t *tmp = xmalloc((ks + 8) * (es->n ? es->n : 1));

	snap_free(s);
	s->key_size = ks;
	s->n = es->n;
	/* sort key+count records together, then split them */
	for (int i = 0; i < es->n; i++) {
		uint64_t w = weight(m, &es->v[i]);

		memcpy(tmp + i * (ks + 8), es->v[i].key, ks);
		memcpy(tmp + i * (ks + 8) + ks, &w, 8);
	}
	qsort_r(tmp, es->n, ks + 8, key_cmp, &s->key_size);
	s->keys = xmalloc(ks * (es->n ? es->n : 1));
	s->counts = xmalloc(8 * (es->n ? es->n : 1));
	for (int i = 0; i < es->n; i++) {
		memcpy(s->keys + i * ks, tmp + i * (ks + 8), ks);
		memcpy(&s->counts[i], tmp + i * (ks + 8) + ks, 8);
	}
	free(tmp);
}

static uint64_t snap_count(const struct snap *s, const uint8_t *key)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = memcmp(s->keys + mid * s->key_size, key, s->key_size);

		if (!c)
			return s->counts[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static int read_map(struct profiler *p, struct map_entries *es)
{
	int n = libbpf_num_possible_cpus();

	return maps_read(&p->sv.prog, p->map, n > 0 ? n : 1, es);
}

/* Fold what the map gained since w's snapshot into w's stacks. */
static void window_fold(struct profiler *p, struct window *w, const struct map_entries *es)
{
	struct map_entries delta = { 0 };

	for (int i = 0; i < es->n; i++) {
		uint64_t now = weight(p->map, &es->v[i]), before = snap_count(&w->snap, es->v[i].key);
		struct map_entry *d;

		if (now <= before)
			continue;
		d = map_entries_add(&delta, p->map, es->v[i].key, NULL);
		d->count = now - before;
		d->num = (int64_t)(now - before);
	}
	collect_sink(&p->sv.prog, p->map, &delta, &w->c);
	map_entries_free(&delta);
}

static struct window *window_open(struct profiler *p, unsigned seconds, uint64_t conn_id,
				  const struct map_entries *es)
{
	for (int i = 0; i < MAX_WINDOWS; i++) {
		struct window *w = &p->win[i];

		if (w->used)
			continue;
		memset(w, 0, sizeof(*w));
		w->used = true;
		w->c.map_name = "@";
		w->c.root_with_id = p->po.group != 0;
		w->end_mono_ns = monotonic_ns() + (uint64_t)seconds * 1000000000ull;
		w->from_wall_ns = wall_ns();
		w->conn_id = conn_id;
		snap_take(&w->snap, p->map, es);
		return w;
	}
	return NULL;
}

static void window_close(struct window *w)
{
	folded_free(&w->c.folded);
	snap_free(&w->snap);
	w->used = false;
}

static void profile_of(struct profiler *p, struct window *w, struct profile_window *pw)
{
	*pw = (struct profile_window){
		.folded = &w->c.folded, .offcpu = p->po.offcpu, .hz = p->po.hz,
		.from_ns = w->from_wall_ns, .until_ns = w->until_wall_ns, .service = p->service,
		.host = p->host, .labels = p->labels, .nlabels = p->nlabels,
	};
}

/* Empty the map and the stacks after every window has folded its part. */
static void rotate(struct profiler *p, const struct map_entries *es)
{
	int fd = p->sv.prog.maps.v[IMAP_STACKS].fd;
	uint64_t key, next;

	for (int i = 0; i < MAX_WINDOWS; i++) {
		if (!p->win[i].used)
			continue;
		window_fold(p, &p->win[i], es);
		snap_free(&p->win[i].snap);
	}
	maps_clear(&p->sv.prog, p->map);
	while (fd >= 0 && bpf_map_get_next_key(fd, NULL, &next) == 0) {
		key = next;
		if (bpf_map_delete_elem(fd, &key))
			break;
	}
}

/* ---- serving and pushing ------------------------------------------------ */

static void answer(struct profiler *p, struct window *w)
{
	struct http_response r = { .status = 200, .content_type = "application/octet-stream",
				   .headers = "Content-Disposition: attachment; filename=\"profile\"\r\n" };
	struct profile_window pw;

	sb_init(&r.body);
	profile_of(p, w, &pw);
	profile_pprof(&pw, &r.body);
	http_complete(&p->http, w->conn_id, &r);
	sb_free(&r.body);
}

static void push(struct profiler *p, struct window *w)
{
	struct profile_window pw;
	char err[256];

	profile_of(p, w, &pw);
	if (p->pyroscope && push_pyroscope(p->pyroscope, &pw, err, sizeof(err)) < 0)
		fprintf(stderr, "WARNING: profile: --pyroscope: %s\n", err);
	if (p->parca && push_parca(p->parca, &pw, err, sizeof(err)) < 0)
		fprintf(stderr, "WARNING: profile: --parca: %s\n", err);
}

/* Finish the windows whose time is up; rotate when it is time. */
static void tick(struct profiler *p)
{
	struct map_entries es = { 0 };
	uint64_t now = monotonic_ns(), read_at;
	bool due = false;

	for (int i = 0; i < MAX_WINDOWS; i++)
		due |= p->win[i].used && now >= p->win[i].end_mono_ns;
	if (!due && now < p->next_rotate_ns)
		return;
	if (read_map(p, &es) < 0)
		return;
	read_at = wall_ns();
	for (int i = 0; i < MAX_WINDOWS; i++) {
		struct window *w = &p->win[i];

		if (!w->used || now < w->end_mono_ns)
			continue;
		/* the window ends at the read; folding (symbols) may take longer */
		w->until_wall_ns = read_at;
		window_fold(p, w, &es);
		if (w->conn_id)
			answer(p, w);
		else
			push(p, w);
		window_close(w);
		if (w == p->push_win)
			p->push_win = window_open(p, p->interval_s, 0, &es);
	}
	if (now >= p->next_rotate_ns) {
		rotate(p, &es);
		p->next_rotate_ns = now + ROTATE_S * 1000000000ull;
	}
	map_entries_free(&es);
}

static void handle(const struct http_request *req, struct http_response *r, void *arg)
{
	struct profiler *p = arg;
	const char *path = p->po.offcpu ? "/debug/pprof/offcpu" : "/debug/pprof/profile";
	struct map_entries es = { 0 };
	char v[32], *end;
	unsigned long seconds = DEFAULT_SECONDS;

	if (strcmp(req->path, path) != 0) {
		r->status = 404;
		sb_addf(&r->body, "404 Not Found (the profile is at %s?seconds=N)\n", path);
		return;
	}
	if (http_query_param(req->query, "seconds", v, sizeof(v))) {
		seconds = strtoul(v, &end, 10);
		if (*end || !*v || seconds < 1 || seconds > MAX_SECONDS) {
			r->status = 400;
			sb_addf(&r->body, "seconds: 1 to %d\n", MAX_SECONDS);
			return;
		}
	}
	if (read_map(p, &es) < 0 || !window_open(p, seconds, r->conn_id, &es)) {
		r->status = 503;
		sb_adds(&r->body, "too many profiles in progress\n");
	} else {
		r->defer_ms = seconds * 1000;
	}
	map_entries_free(&es);
}

/* ---- options ------------------------------------------------------------ */

enum { O_LISTEN = 256, O_PYRO, O_PARCA, O_INTERVAL, O_SERVICE, O_LABEL, O_WEBCFG, O_USER,
       O_KERNEL, O_PROC, O_THREAD, O_MIN };

static const struct option long_opts[] = {
	{ "listen", required_argument, NULL, O_LISTEN },
	{ "pyroscope", required_argument, NULL, O_PYRO },
	{ "parca", required_argument, NULL, O_PARCA },
	{ "interval", required_argument, NULL, O_INTERVAL },
	{ "service", required_argument, NULL, O_SERVICE },
	{ "label", required_argument, NULL, O_LABEL },
	{ "web-config", required_argument, NULL, O_WEBCFG },
	{ "frequency", required_argument, NULL, 'F' },
	{ "pid", required_argument, NULL, 'p' },
	{ "user-only", no_argument, NULL, O_USER },
	{ "kernel-only", no_argument, NULL, O_KERNEL },
	{ "per-process", no_argument, NULL, O_PROC },
	{ "per-thread", no_argument, NULL, O_THREAD },
	{ "min-block", required_argument, NULL, O_MIN },
	{ "help", no_argument, NULL, 'h' },
	{ 0 }
};

static void usage(FILE *f, const char *cmd)
{
	fprintf(f,
		"USAGE: sonde %s [options] --listen ADDR | --pyroscope URL | --parca URL\n\n"
		"Profiles continuously (docs/export.md):\n"
		"    --listen ADDR      serve /debug/pprof/%s?seconds=N (pprof) at HOST:PORT\n"
		"    --web-config FILE  TLS and basic auth for --listen\n"
		"    --pyroscope URL    push to Pyroscope (POST URL/ingest) every --interval\n"
		"    --parca URL        push to Parca (POST URL/profiles/writeraw) every --interval\n"
		"    --interval SECONDS of the pushes (default 15)\n"
		"    --service NAME     the service_name label (default sonde)\n"
		"    --label NAME=VALUE another label (repeatable)\n"
		"    -F HZ, -p PID, --user-only, --kernel-only, --per-process, --per-thread%s\n"
		"    -q                 no status messages\n",
		cmd, strcmp(cmd, "offcputime") ? "profile" : "offcpu",
		strcmp(cmd, "offcputime") ? "" : ", --min-block US");
}

static int add_label(struct profiler *p, const char *kv)
{
	const char *eq = strchr(kv, '=');
	size_t n = eq ? (size_t)(eq - kv) : 0;

	if (!eq || !n || strspn(kv, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != n ||
	    (kv[0] >= '0' && kv[0] <= '9') || strpbrk(eq + 1, "{},=\"") || p->nlabels == MAX_LABELS) {
		fprintf(stderr, "ERROR: --label '%s': expected NAME=VALUE (a label name; no {},=\" in the value; %d at most)\n",
			kv, MAX_LABELS);
		return -1;
	}
	p->labels[p->nlabels++] = (char *)kv;
	return 0;
}

static int option(struct profiler *p, int c, const char *arg)
{
	int v;

	switch (c) {
	case O_LISTEN: p->listen = arg; return 0;
	case O_PYRO: p->pyroscope = arg; return 0;
	case O_PARCA: p->parca = arg; return 0;
	case O_SERVICE: p->service = arg; return 0;
	case O_WEBCFG: p->web_config = arg; return 0;
	case O_LABEL: return add_label(p, arg);
	case O_USER: p->po.user_only = true; return 0;
	case O_KERNEL: p->po.kernel_only = true; return 0;
	case O_PROC: p->po.group = 1; return 0;
	case O_THREAD: p->po.group = 2; return 0;
	case 'q': p->quiet = true; return 0;
	case O_INTERVAL:
		if (num_arg_int("--interval", arg, 1, 3600, "seconds", &v) < 0)
			return -1;
		p->interval_s = v;
		return 0;
	case 'F':
		return num_arg_int("-F", arg, 1, 10000, "samples a second", &p->po.hz);
	case 'p':
		return pid_arg("-p", arg, &p->po.pid);
	case O_MIN:
		if (num_arg_int("--min-block", arg, 1, 1000000000, "microseconds", &v) < 0)
			return -1;
		p->po.min_us = v;
		return 0;
	}
	return -1;
}

static int parse(struct profiler *p, int argc, char **argv)
{
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "F:p:qh", long_opts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout, argv[0]);
			return 1;
		}
		if (c == '?' || option(p, c, optarg) < 0) {
			usage(stderr, argv[0]);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "ERROR: %s: unexpected argument '%s' (-o, -c and -d are for one-off profiles)\n",
			argv[0], argv[optind]);
		return -1;
	}
	if (p->po.user_only && p->po.kernel_only) {
		fprintf(stderr, "ERROR: --user-only and --kernel-only exclude each other\n");
		return -1;
	}
	return 0;
}

/* ---- the driver ----------------------------------------------------------- */

static int setup(struct profiler *p)
{
	char err[256], msg[256];

	if (privs_check(msg, sizeof(msg)) < 0) {
		fprintf(stderr, "%s\n", msg);
		return -1;
	}
	if (p->listen && p->web_config) {
		if (web_config_read(p->web_config, &p->wc, err, sizeof(err)) < 0)
			goto fail;
		if (p->wc.cert_file &&
		    !(p->http.tls = tls_server_new(p->wc.cert_file, p->wc.key_file, err, sizeof(err))))
			goto fail;
		p->http.auth = p->wc.users;
	}
	p->sv.name = xstrdup(p->po.offcpu ? "offcputime" : "profile");
	p->sv.text = prof_program(&p->po);
	p->sv.prefix = xstrdup("");
	if (serve_load(&p->sv) < 0)
		return -1;
	for (int i = 0; i < p->sv.prog.usermaps.n; i++)
		if (strcmp(p->sv.prog.usermaps.v[i]->name, "@") == 0)
			p->map = p->sv.prog.usermaps.v[i];
	if (!p->map)
		return -1;
	if (p->listen) {
		p->http.handler = handle;
		p->http.arg = p;
		if (http_listen(&p->http, p->listen, err, sizeof(err)) < 0)
			goto fail;
		p->listening = true;
	}
	return 0;
fail:
	fprintf(stderr, "ERROR: %s\n", err);
	return -1;
}

static void say_ready(struct profiler *p)
{
	if (p->quiet)
		return;
	fprintf(stderr, "sonde %s: attached", p->sv.name);
	if (p->listening)
		fprintf(stderr, "; profiles at http%s://%s/debug/pprof/%s?seconds=N",
			p->http.tls ? "s" : "", p->http.addr, p->po.offcpu ? "offcpu" : "profile");
	if (p->pyroscope)
		fprintf(stderr, "; pushing to Pyroscope at %s", p->pyroscope);
	if (p->parca)
		fprintf(stderr, "; pushing to Parca at %s", p->parca);
	fprintf(stderr, "\n");
}

static int loop(struct profiler *p, int sigfd)
{
	struct http_server idle = { .fd = -1 };
	bool ready = false;

	for (;;) {
		if (!ready && (p->sv.attached || p->sv.done)) {
			struct map_entries es = { 0 };

			ready = true;
			if ((p->pyroscope || p->parca) && read_map(p, &es) == 0)
				p->push_win = window_open(p, p->interval_s, 0, &es);
			map_entries_free(&es);
			say_ready(p);
		}
		if (http_poll(p->listening ? &p->http : &idle, sigfd, ready ? 200 : 50))
			return 0;
		if (p->sv.done) {
			if (p->sv.status)
				fprintf(stderr, "ERROR: %s ended with status %d\n", p->sv.name,
					p->sv.status);
			return p->sv.status ? 1 : 0;
		}
		if (ready)
			tick(p);
	}
}

static int run(struct profiler *p)
{
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
	int sigfd, status = 1;

	setrlimit(RLIMIT_MEMLOCK, &rl);
	if (setup(p) < 0)
		return 1;
	/* signals blocked before any thread starts (the symbol watcher too) */
	sigfd = serve_signalfd();
	if (!p->po.kernel_only)
		usyms_watch_start(usyms_get(), 100);
	p->next_rotate_ns = monotonic_ns() + ROTATE_S * 1000000000ull;
	if (pthread_create(&p->sv.thread, NULL, serve_runner, &p->sv) == 0) {
		p->sv.started = true;
		status = loop(p, sigfd);
		run_stop(SIGTERM);
		pthread_join(p->sv.thread, NULL);
	}
	if (sigfd >= 0)
		close(sigfd);
	if (!p->po.kernel_only)
		usyms_watch_stop(usyms_get());
	return status;
}

int profserve_main(int argc, char **argv)
{
	struct profiler p = {
		.po = { .hz = 49, .format = -1, .offcpu = strcmp(argv[0], "offcputime") == 0 },
		.service = "sonde", .interval_s = 15,
	};
	int status = parse(&p, argc, argv);

	p.http.fd = -1;
	gethostname(p.host, sizeof(p.host) - 1);
	if (status == 0)
		status = run(&p);
	else
		status = status > 0 ? 0 : 1;
	for (int i = 0; i < MAX_WINDOWS; i++)
		if (p.win[i].used)
			window_close(&p.win[i]);
	if (p.listening)
		http_close(&p.http);
	tls_server_free(p.http.tls);
	web_config_free(&p.wc);
	serve_unload(&p.sv);
	free(p.sv.name);
	free(p.sv.text);
	free(p.sv.prefix);
	btf_free();
	cdef_free();
	types_free_all();
	return status;
}
