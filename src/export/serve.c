// SPDX-License-Identifier: GPL-2.0
/*
 * sonde serve: the driver.
 *
 * Every program is compiled and loaded first, in this thread, so that a
 * mistake in any of them stops sonde before anything is attached.  Then
 * each runs in its own thread through run_program() (BEGIN, attach, the
 * ring buffer, END: the same runtime as `sonde FILE`), while this thread
 * serves HTTP, writes the textfile and pushes.  Signals are blocked in
 * every thread and read here through a signalfd; run_stop() then ends
 * the programs.  The map fds stay open until the end, so the maps of a
 * program that ended by itself (exit()) are still served.
 */
#include "export/serve.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "compile.h"
#include "export/http.h"
#include "export/tls.h"
#include "lang/btf.h"
#include "lang/cdef.h"
#include "lang/parser.h"
#include "lang/preproc.h"
#include "lang/types.h"
#include "profile/writers.h"
#include "runtime/loader.h"
#include "runtime/privs.h"
#include "runtime/run.h"

#define DEFAULT_LISTEN "127.0.0.1:9464"

struct server {
	struct serve_opts *o;
	struct exporter x;
	struct http_server http;
	bool listening;
	struct web_config wc;
	char host[256];
	uint64_t next_push_ns;
	bool ready;		/* every program attached: said so */
};

bool serve_wants(const char *arg)
{
	return strcmp(arg, "serve") == 0;
}

static struct source *source_of(struct served *sv)
{
	struct source *raw = xcalloc(1, sizeof(*raw)), *pp = xcalloc(1, sizeof(*pp));

	raw->name = xstrdup(sv->name);
	raw->text = xstrdup(sv->text);
	raw->len = strlen(sv->text);
	if (preproc_run(raw, pp) < 0) {
		free(pp->name);
		free(pp->text);
		free(pp);
		pp = NULL;
	}
	free(raw->name);
	free(raw->text);
	free(raw);
	return pp;
}

/* Compile and load one program; its errors are printed where they are. */
int serve_load(struct served *sv)
{
	struct program *prog = &sv->prog;
	struct compile_opts co = { .start_ns = monotonic_ns() };

	prog->src = source_of(sv);
	if (!prog->src)
		return -1;
	prog->cfg.max_strlen = 1024;
	prog->cfg.map_keys_max = 4096;
	prog->cfg.ringbuf_size = 1 << 20;
	prog->cfg.hist_sums = true;	/* histograms get their _sum */
	prog->pos = sv->params;
	prog->npos = sv->nparams;
	prog->ast = parse_program(prog->src);
	if (!prog->ast || compile_program(prog, &co) < 0)
		return -1;
	if (prog->cfg.unwind_dwarf) {
		fprintf(stderr, "ERROR: %s: unwind = dwarf is not served (maps kept in user space)\n",
			sv->name);
		return -1;
	}
	prog->cfg.no_print_maps = true;	/* the maps are served, not printed at the end */
	sv->loaded = true;
	if (loader_create_maps(prog) || loader_load_progs(prog, false))
		return -1;
	return 0;
}

void serve_unload(struct served *sv)
{
	struct program *prog = &sv->prog;

	if (sv->loaded)
		loader_unload(prog);
	program_free(prog);
	if (prog->ast)
		node_free(prog->ast);
	if (prog->src) {
		free(prog->src->name);
		free(prog->src->text);
		free(prog->src);
	}
	for (int i = 0; i < sv->nfams; i++)
		family_free(&sv->fams[i]);
	sv->nfams = 0;
}

/* Two families with one name would make an invalid exposition. */
static int check_names(struct exporter *x)
{
	for (int a = 0; a < x->progs.n; a++)
		for (int i = 0; i < x->progs.v[a]->nfams; i++)
			if (health_name_taken(x->prefix, x->progs.v[a]->fams[i].name)) {
				fprintf(stderr, "ERROR: serve: %s exports %s, a name of sonde's own health metrics: give it a --prefix\n",
					x->progs.v[a]->name, x->progs.v[a]->fams[i].name);
				return -1;
			}
	for (int a = 0; a < x->progs.n; a++)
		for (int i = 0; i < x->progs.v[a]->nfams; i++)
			for (int b = a; b < x->progs.n; b++)
				for (int j = b == a ? i + 1 : 0; j < x->progs.v[b]->nfams; j++)
					if (!strcmp(x->progs.v[a]->fams[i].name, x->progs.v[b]->fams[j].name)) {
						fprintf(stderr, "ERROR: serve: %s and %s both export %s: give one a --prefix\n",
							x->progs.v[a]->name, x->progs.v[b]->name,
							x->progs.v[a]->fams[i].name);
						return -1;
					}
	return 0;
}

static void on_reset(const struct program *prog, const struct mapinfo *m, void *arg)
{
	exporter_bank(arg, prog, m);
}

static void on_attached(void *arg)
{
	((struct served *)arg)->attached = true;
}

void *serve_runner(void *arg)
{
	struct served *sv = arg;
	struct run_opts ro = { .out = stdout, .format = OUT_TEXT, .quiet = true,
			       .child_go_fd = -1, .on_attached = on_attached,
			       .attached_arg = sv };

	sv->status = run_program(&sv->prog, &ro);
	sv->done = true;
	return NULL;
}

static const char index_page[] =
	"<html><head><title>sonde</title></head><body><h1>sonde</h1>\n"
	"<p><a href=\"/metrics\">Metrics</a></p></body></html>\n";

/* Prometheus asks for gzip: thousands of series shrink about tenfold. */
static void gzip_body(struct http_response *r)
{
	struct strbuf gz;

	sb_init(&gz);
	if (pprof_gzip(r->body.buf, r->body.len, &gz) == 0) {
		sb_free(&r->body);
		r->body = gz;
		r->headers = "Content-Encoding: gzip\r\n";
	} else {
		sb_free(&gz);
	}
}

static void handle(const struct http_request *req, struct http_response *r, void *arg)
{
	struct server *s = arg;
	enum expo_format fmt;

	if (strcmp(req->path, "/metrics") == 0) {
		fmt = expo_negotiate(req->accept);
		r->content_type = fmt == EXPO_OPENMETRICS ? EXPO_OPENMETRICS_TYPE : EXPO_TEXT_TYPE;
		exporter_collect(&s->x, &r->body, fmt);
		if (req->accept_gzip)
			gzip_body(r);
	} else if (strcmp(req->path, "/") == 0) {
		r->content_type = "text/html; charset=utf-8";
		sb_adds(&r->body, index_page);
	} else {
		r->status = 404;
		sb_adds(&r->body, "404 Not Found\n");
	}
}

static int setup_http(struct server *s)
{
	char err[256];

	if (!s->o->listen)
		return 0;
	if (s->o->web_config) {
		if (web_config_read(s->o->web_config, &s->wc, err, sizeof(err)) < 0)
			goto fail;
		if (s->wc.cert_file) {
			s->http.tls = tls_server_new(s->wc.cert_file, s->wc.key_file, err, sizeof(err));
			if (!s->http.tls)
				goto fail;
		}
		s->http.auth = s->wc.users;
	}
	s->http.handler = handle;
	s->http.arg = s;
	if (http_listen(&s->http, s->o->listen, err, sizeof(err)) < 0)
		goto fail;
	s->listening = true;
	s->x.http = &s->http;
	return 0;
fail:
	fprintf(stderr, "ERROR: serve: %s\n", err);
	return -1;
}

/* --textfile and --push: one exposition in text format, every interval. */
static void push_all(struct server *s)
{
	struct strbuf body;
	char err[256];

	sb_init(&body);
	exporter_collect(&s->x, &body, EXPO_TEXT);
	if (s->o->textfile_dir &&
	    push_textfile(s->o->textfile_dir, body.buf, body.len, err, sizeof(err)) < 0)
		fprintf(stderr, "WARNING: serve: --textfile: %s\n", err);
	if (s->o->push_url &&
	    push_gateway(s->o->push_url, s->o->job, s->host, body.buf, body.len, err, sizeof(err)) < 0)
		fprintf(stderr, "WARNING: serve: --push: %s\n", err);
	sb_free(&body);
}

int serve_signalfd(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);	/* inherited by the runner threads */
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

/* A program that ended with a non-zero status (it failed to attach): stop. */
static struct served *failed_program(struct server *s)
{
	for (int i = 0; i < s->x.progs.n; i++)
		if (s->x.progs.v[i]->done && s->x.progs.v[i]->status)
			return s->x.progs.v[i];
	return NULL;
}

/* Once every program has attached (or ended): the line scripts wait for. */
static void say_ready(struct server *s)
{
	const char *plural = s->x.progs.n == 1 ? "" : "s";

	for (int i = 0; i < s->x.progs.n; i++)
		if (!s->x.progs.v[i]->attached && !s->x.progs.v[i]->done)
			return;
	s->ready = true;
	if (s->o->quiet)
		return;
	fprintf(stderr, "sonde serve: %d program%s attached", s->x.progs.n, plural);
	if (s->listening)
		fprintf(stderr, "; metrics at http%s://%s/metrics", s->http.tls ? "s" : "",
			s->http.addr);
	if (s->o->textfile_dir)
		fprintf(stderr, "; writing %s/sonde.prom", s->o->textfile_dir);
	if (s->o->push_url)
		fprintf(stderr, "; pushing to %s", s->o->push_url);
	fprintf(stderr, "\n");
}

static int serve_loop(struct server *s, int sigfd)
{
	bool pushing = s->o->textfile_dir || s->o->push_url;
	struct served *bad;

	for (;;) {
		if (!s->ready)
			say_ready(s);
		uint64_t now = monotonic_ns();
		int timeout = s->ready ? 500 : 50;

		if (pushing && now >= s->next_push_ns) {
			push_all(s);
			s->next_push_ns = now + (uint64_t)s->o->interval_s * 1000000000ull;
		}
		if (pushing && (s->next_push_ns - now) / 1000000 < (uint64_t)timeout)
			timeout = (int)((s->next_push_ns - now) / 1000000);
		if (s->listening ? http_poll(&s->http, sigfd, timeout) : 
		    http_poll(&(struct http_server){ .fd = -1 }, sigfd, timeout))
			return 0;
		bad = failed_program(s);
		if (bad) {
			fprintf(stderr, "ERROR: serve: %s ended with status %d\n", bad->name, bad->status);
			return 1;
		}
	}
}

static int start_runners(struct server *s)
{
	for (int i = 0; i < s->x.progs.n; i++) {
		struct served *sv = s->x.progs.v[i];

		if (pthread_create(&sv->thread, NULL, serve_runner, sv)) {
			fprintf(stderr, "ERROR: serve: starting %s: %s\n", sv->name, strerror(errno));
			return -1;
		}
		sv->started = true;
	}
	return 0;
}

static void stop_runners(struct server *s)
{
	run_stop(SIGTERM);
	for (int i = 0; i < s->x.progs.n; i++)
		if (s->x.progs.v[i]->started)
			pthread_join(s->x.progs.v[i]->thread, NULL);
}

static int load_all(struct server *s)
{
	for (int i = 0; i < s->o->progs.n; i++) {
		struct served *sv = s->o->progs.v[i];

		if (!sv->prefix)
			sv->prefix = xstrdup(s->o->prefix);
		vec_push(&s->x.progs, sv);
		if (serve_load(sv) < 0)
			return -1;
		exporter_add_families(&s->x, sv, s->o->quiet);
	}
	return check_names(&s->x);
}

static void defaults(struct serve_opts *o)
{
	o->listen = DEFAULT_LISTEN;
	o->prefix = "sonde_";
	o->job = "sonde";
	o->interval_s = 15;
	o->max_series = 2000;
	o->ttl_s = 600;
}

static int serve_run(struct server *s)
{
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
	char msg[256];
	int sigfd, status = 1;

	if (privs_check(msg, sizeof(msg)) < 0) {
		fprintf(stderr, "%s\n", msg);
		return 1;
	}
	setrlimit(RLIMIT_MEMLOCK, &rl);
	gethostname(s->host, sizeof(s->host) - 1);
	s->x.lim.max_series = s->o->max_series;
	s->x.lim.ttl_ns = (uint64_t)s->o->ttl_s * 1000000000ull;
	s->x.prefix = s->o->prefix;
	if (load_all(s) < 0 || setup_http(s) < 0)
		return 1;
	/* the kernel counts run time and runs of every program while this fd is open */
	s->x.stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
	sigfd = serve_signalfd();
	maps_set_reset_hook(on_reset, &s->x);
	if (start_runners(s) == 0)
		status = serve_loop(s, sigfd);
	stop_runners(s);
	maps_set_reset_hook(NULL, NULL);
	if (s->x.stats_fd >= 0)
		close(s->x.stats_fd);
	if (sigfd >= 0)
		close(sigfd);
	return status;
}

int serve_main(int argc, char **argv)
{
	struct serve_opts o = { 0 };
	struct server s = { .o = &o };
	int status = 1, r;

	defaults(&o);
	pthread_mutex_init(&s.x.lock, NULL);
	s.x.stats_fd = -1;
	s.http.fd = -1;
	r = serve_parse(&o, argc - 1, argv + 1);
	if (r)
		goto out;
	if (!o.progs.n) {
		fprintf(stderr, "ERROR: serve: no program to run (a tool, a FILE or -e; sonde serve --help)\n");
		goto out;
	}
	if (!o.listen && !o.textfile_dir && !o.push_url) {
		fprintf(stderr, "ERROR: serve: --listen none with neither --textfile nor --push: nowhere to export\n");
		goto out;
	}
	status = serve_run(&s);
out:
	if (s.listening)
		http_close(&s.http);
	tls_server_free(s.http.tls);
	web_config_free(&s.wc);
	for (int i = 0; i < s.x.progs.n; i++)
		serve_unload(s.x.progs.v[i]);
	vec_free(&s.x.progs);
	serve_opts_free(&o);
	pthread_mutex_destroy(&s.x.lock);
	btf_free();
	cdef_free();
	types_free_all();
	return r > 0 ? 0 : status;
}
