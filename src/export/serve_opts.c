// SPDX-License-Identifier: GPL-2.0
/*
 * sonde serve's options.  The command line and the config file share one
 * table: a config line "listen 0.0.0.0:9464" is the option
 * "--listen 0.0.0.0:9464".  Options that describe a program (--name,
 * --prefix, --maps, --labels) apply to the program given last.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/serve.h"
#include "numparse.h"
#include "tools/tools.h"

#define MAX_CONFIG_DEPTH 4

struct serve_option {
	const char *name;
	bool takes_value;
	int (*apply)(struct serve_opts *o, const char *v);
};

static struct served *last_program(struct serve_opts *o, const char *opt)
{
	if (!o->progs.n) {
		fprintf(stderr, "ERROR: serve: --%s applies to a program: give the program first\n", opt);
		return NULL;
	}
	return o->progs.v[o->progs.n - 1];
}

static struct served *new_program(struct serve_opts *o, const char *name, char *text)
{
	struct served *sv = xcalloc(1, sizeof(*sv));

	sv->name = xstrdup(name);
	sv->text = text;
	vec_push(&o->progs, sv);
	return sv;
}

/* Words of s split at blanks (no quoting: tool options are plain words). */
static int split_words(const char *s, char ***words)
{
	VEC(char *) v = { 0 };
	const char *p = s;

	while (*p) {
		size_t n;

		p += strspn(p, " \t");
		n = strcspn(p, " \t");
		if (!n)
			break;
		vec_push(&v, xstrndup(p, n));
		p += n;
	}
	vec_push(&v, NULL);
	*words = v.v;
	return v.n - 1;
}

static void free_words(char **w)
{
	for (int i = 0; w[i]; i++)
		free(w[i]);
	free(w);
}

static int opt_maps(struct serve_opts *o, const char *v);
static int opt_label_values(struct serve_opts *o, const char *v);

/*
 * A tool names the maps worth exporting in its header ("// METRICS: @usecs
 * @msecs"); its other maps are its own bookkeeping (start times by thread
 * id, interval counters).  --maps after the tool replaces the list.  A
 * "// LABEL-VALUES: id=@name" line reads a label's values from a map.
 */
static void tool_metrics(struct serve_opts *o, const char *script)
{
	const char *p = script;

	while (p && strncmp(p, "//", 2) == 0) {
		const char *nl = strchr(p, '\n');
		char *line = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p)), *tok, *save;

		if (strncmp(line, "// METRICS:", 11) == 0)
			opt_maps(o, line + 11);
		if (strncmp(line, "// LABEL-VALUES:", 16) == 0)
			for (tok = strtok_r(line + 16, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save))
				opt_label_values(o, tok);
		free(line);
		p = nl ? nl + 1 : NULL;
	}
}

static int opt_tool(struct serve_opts *o, const char *v)
{
	char **w, *script, **params;
	int n = split_words(v, &w), np;
	struct served *sv;

	if (!n) {
		free_words(w);
		fprintf(stderr, "ERROR: serve: --tool: which tool?\n");
		return -1;
	}
	if (tools_script(w[0], n - 1, w + 1, &script, &params, &np) < 0) {
		free_words(w);
		return -1;
	}
	sv = new_program(o, w[0], script);
	sv->prefix = xasprintf("%s%s_", o->prefix, w[0]);
	/* the parameters point into w: keep copies */
	for (int i = 0; i < np; i++)
		params[i] = xstrdup(params[i]);
	sv->params = params;
	sv->nparams = np;
	free_words(w);
	tool_metrics(o, script);
	return 0;
}

static int opt_script(struct serve_opts *o, const char *v)
{
	size_t len;
	char *text = read_file(v, &len);
	const char *base = strrchr(v, '/');

	if (!text) {
		fprintf(stderr, "ERROR: serve: %s: %s\n", v, strerror(errno));
		return -1;
	}
	new_program(o, base ? base + 1 : v, text);
	return 0;
}

static int opt_program(struct serve_opts *o, const char *v)
{
	char name[32];

	snprintf(name, sizeof(name), "program%d", o->progs.n + 1);
	new_program(o, name, xstrdup(v));
	return 0;
}

static int opt_name(struct serve_opts *o, const char *v)
{
	struct served *sv = last_program(o, "name");

	if (!sv)
		return -1;
	free(sv->name);
	sv->name = xstrdup(v);
	return 0;
}

static int opt_prefix(struct serve_opts *o, const char *v)
{
	struct served *sv;

	if (!o->progs.n) {
		o->prefix = v;	/* before any program: the global prefix */
		return 0;
	}
	sv = o->progs.v[o->progs.n - 1];
	free(sv->prefix);
	sv->prefix = xstrdup(v);
	return 0;
}

static int opt_maps(struct serve_opts *o, const char *v)
{
	struct served *sv = last_program(o, "maps");
	char *s, *tok, *save;

	if (!sv)
		return -1;
	for (int i = 0; i < sv->nonly; i++)
		free(sv->only[i]);
	sv->nonly = 0;
	s = xstrdup(v);
	for (tok = strtok_r(s, " ,\t", &save); tok; tok = strtok_r(NULL, " ,\t", &save)) {
		sv->only = xrealloc(sv->only, (sv->nonly + 1) * sizeof(char *));
		sv->only[sv->nonly++] = tok[0] == '@' ? xstrdup(tok) : xasprintf("@%s", tok);
	}
	free(s);
	return 0;
}

/* --labels '@opens=comm,flags' */
static int opt_labels(struct serve_opts *o, const char *v)
{
	struct served *sv = last_program(o, "labels");
	struct label_override lo = { 0 };
	const char *eq = strchr(v, '=');
	char *list, *tok, *save;

	if (!sv)
		return -1;
	if (!eq || eq == v) {
		fprintf(stderr, "ERROR: serve: --labels '%s': expected @MAP=NAME,NAME...\n", v);
		return -1;
	}
	lo.map = v[0] == '@' ? xstrndup(v, eq - v) : xasprintf("@%.*s", (int)(eq - v), v);
	list = xstrdup(eq + 1);
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		struct strbuf sb;

		sb_init(&sb);
		expo_sanitize(&sb, tok, true);
		lo.names = xrealloc(lo.names, (lo.n + 1) * sizeof(char *));
		lo.names[lo.n++] = sb_steal(&sb);
	}
	free(list);
	vec_push(&sv->labels, lo);
	return 0;
}

/* --label-values 'id=@name': label id's values are read from @name */
static int opt_label_values(struct serve_opts *o, const char *v)
{
	struct served *sv = last_program(o, "label-values");
	const char *eq = strchr(v, '=');
	struct label_source ls;
	struct strbuf sb;

	if (!sv)
		return -1;
	if (!eq || eq == v || eq[1] != '@' || !eq[2]) {
		fprintf(stderr, "ERROR: serve: --label-values '%s': expected LABEL=@MAP\n", v);
		return -1;
	}
	sb_init(&sb);
	sb_add(&sb, v, eq - v);
	ls.label = sb_steal(&sb);
	ls.map = xstrdup(eq + 1);
	vec_push(&sv->label_values, ls);
	return 0;
}

static int opt_listen(struct serve_opts *o, const char *v)
{
	o->listen = strcmp(v, "none") == 0 ? NULL : v;
	return 0;
}

static int opt_web_config(struct serve_opts *o, const char *v) { o->web_config = v; return 0; }
static int opt_textfile(struct serve_opts *o, const char *v) { o->textfile_dir = v; return 0; }
static int opt_push(struct serve_opts *o, const char *v) { o->push_url = v; return 0; }
static int opt_job(struct serve_opts *o, const char *v) { o->job = v; return 0; }
static int opt_quiet(struct serve_opts *o, const char *v) { o->quiet = true; return 0; }

/* --OPT's number, strictly (numparse.c): an error names the option and its range. */
static int number(const char *opt, const char *v, unsigned long lo, unsigned long hi,
		  unsigned long *out)
{
	char what[64];
	uint64_t n;

	snprintf(what, sizeof(what), "serve: --%s", opt);
	if (num_arg(what, v, lo, hi, NULL, &n) < 0)
		return -1;
	*out = n;
	return 0;
}

static int opt_interval(struct serve_opts *o, const char *v)
{
	unsigned long n;

	if (number("interval", v, 1, 86400, &n))
		return -1;
	o->interval_s = n;
	return 0;
}

static int opt_max_series(struct serve_opts *o, const char *v)
{
	unsigned long n;

	if (number("max-series", v, 1, 1000000, &n))
		return -1;
	o->max_series = n;
	return 0;
}

static int opt_ttl(struct serve_opts *o, const char *v)
{
	unsigned long n;

	if (number("series-ttl", v, 0, 30 * 86400, &n))
		return -1;
	o->ttl_s = n;
	return 0;
}

static int opt_config(struct serve_opts *o, const char *v);

static const struct serve_option serve_options[] = {
	{ "tool", true, opt_tool },
	{ "script", true, opt_script },
	{ "program", true, opt_program },
	{ "name", true, opt_name },
	{ "prefix", true, opt_prefix },
	{ "maps", true, opt_maps },
	{ "labels", true, opt_labels },
	{ "label-values", true, opt_label_values },
	{ "listen", true, opt_listen },
	{ "web-config", true, opt_web_config },
	{ "textfile", true, opt_textfile },
	{ "push", true, opt_push },
	{ "job", true, opt_job },
	{ "interval", true, opt_interval },
	{ "max-series", true, opt_max_series },
	{ "series-ttl", true, opt_ttl },
	{ "config", true, opt_config },
	{ "quiet", false, opt_quiet },
};

static const struct serve_option *find_option(const char *name, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(serve_options); i++)
		if (strlen(serve_options[i].name) == len &&
		    strncmp(serve_options[i].name, name, len) == 0)
			return &serve_options[i];
	return NULL;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = 0;
	return s;
}

/* One "option value" line of a config file. */
static int config_line(struct serve_opts *o, const char *path, int lineno, char *line)
{
	char *t = trim(line), *val;
	const struct serve_option *opt;
	size_t klen;

	if (!*t || *t == '#')
		return 0;
	klen = strcspn(t, " \t");
	opt = find_option(t, klen);
	if (!opt) {
		fprintf(stderr, "ERROR: %s:%d: unknown setting '%.*s'\n", path, lineno, (int)klen, t);
		return -1;
	}
	val = trim(t + klen);
	if (opt->takes_value && !*val) {
		fprintf(stderr, "ERROR: %s:%d: %s needs a value\n", path, lineno, opt->name);
		return -1;
	}
	val = xstrdup(val);
	vec_push(&o->owned, val);
	return opt->apply(o, val);
}

static int opt_config(struct serve_opts *o, const char *v)
{
	char line[4096];
	FILE *f;
	int lineno = 0, rc = 0;

	if (o->config_depth >= MAX_CONFIG_DEPTH) {
		fprintf(stderr, "ERROR: serve: %s: config files nested too deep\n", v);
		return -1;
	}
	f = fopen(v, "r");
	if (!f) {
		fprintf(stderr, "ERROR: serve: --config %s: %s\n", v, strerror(errno));
		return -1;
	}
	o->config_depth++;
	while (!rc && fgets(line, sizeof(line), f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			fprintf(stderr, "ERROR: %s:%d: line too long\n", v, lineno);
			rc = -1;
			break;
		}
		rc = config_line(o, v, lineno, line);
	}
	o->config_depth--;
	fclose(f);
	return rc;
}

void serve_usage(FILE *f)
{
	fprintf(f,
		"USAGE:\n"
		"    sonde serve [OPTIONS] [TOOL | FILE]... \n"
		"\n"
		"Runs programs and built-in tools until stopped and serves their maps as\n"
		"Prometheus metrics at http://LISTEN/metrics (rules: docs/export.md).\n"
		"\n"
		"PROGRAMS:\n"
		"    TOOL, --tool 'TOOL [OPTIONS]'   a built-in tool, e.g. --tool 'runqlat -m'\n"
		"    FILE, --script FILE             a script\n"
		"    -e PROGRAM, --program PROGRAM   a program given as text\n"
		"  applying to the program before them:\n"
		"    --name NAME          its name (the program label of health metrics)\n"
		"    --prefix P           prefix of its metric names (sonde_ for scripts, sonde_TOOL_ for tools)\n"
		"    --maps '@a @b'       export only these maps\n"
		"    --labels '@m=a,b'    names of @m's key labels (default: from the key expressions)\n"
		"    --label-values 'L=@m' the values of label L read from map @m (@m[key] = \"text\")\n"
		"\n"
		"OPTIONS:\n"
		"    --listen ADDR        where to serve: HOST:PORT (default 127.0.0.1:9464), none\n"
		"    --web-config FILE    TLS and basic auth (tls_server_config, basic_auth_users)\n"
		"    --textfile DIR       write DIR/sonde.prom for node_exporter every --interval\n"
		"    --push URL           push to a Pushgateway (http://HOST:PORT) every --interval\n"
		"    --job NAME           the Pushgateway job (default sonde)\n"
		"    --interval SECONDS   of --textfile and --push (default 15)\n"
		"    --max-series N       series per map (default 2000); more keys are not exported\n"
		"    --series-ttl SECONDS how long a counter outlives its key (default 600)\n"
		"    --prefix P           (before any program) the prefix of every name (default sonde_)\n"
		"    --config FILE        options from FILE, one per line: 'listen :9464', 'tool runqlat'\n"
		"    -q, --quiet          no status messages\n"
		"    -h, --help           this help\n");
}

int serve_parse(struct serve_opts *o, int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const struct serve_option *opt;

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			serve_usage(stdout);
			return 1;
		}
		if (strcmp(a, "-q") == 0)
			a = "--quiet";
		if (strcmp(a, "-e") == 0)
			a = "--program";
		if (a[0] != '-') {
			/* a tool's name, else a script file */
			char **w;
			int n = split_words(a, &w);
			bool tool = n && tools_wants(w[0]) && strcmp(w[0], "tools") &&
				    strcmp(w[0], "--tool-source");

			free_words(w);
			if ((tool ? opt_tool(o, a) : opt_script(o, a)) < 0)
				return -1;
			continue;
		}
		opt = strncmp(a, "--", 2) == 0 ? find_option(a + 2, strlen(a + 2)) : NULL;
		if (!opt) {
			fprintf(stderr, "ERROR: serve: unknown option '%s' (sonde serve --help)\n", a);
			return -1;
		}
		if (opt->takes_value && i + 1 >= argc) {
			fprintf(stderr, "ERROR: serve: %s needs a value\n", a);
			return -1;
		}
		if (opt->apply(o, opt->takes_value ? argv[++i] : NULL) < 0)
			return -1;
	}
	return 0;
}

void serve_opts_free(struct serve_opts *o)
{
	for (int i = 0; i < o->progs.n; i++) {
		struct served *sv = o->progs.v[i];

		free(sv->name);
		free(sv->prefix);
		free(sv->text);
		for (int j = 0; j < sv->nparams; j++)
			free(sv->params[j]);
		free(sv->params);
		for (int j = 0; j < sv->nonly; j++)
			free(sv->only[j]);
		free(sv->only);
		for (int j = 0; j < sv->labels.n; j++) {
			free(sv->labels.v[j].map);
			for (int k = 0; k < sv->labels.v[j].n; k++)
				free(sv->labels.v[j].names[k]);
			free(sv->labels.v[j].names);
		}
		vec_free(&sv->labels);
		for (int j = 0; j < sv->label_values.n; j++) {
			free(sv->label_values.v[j].label);
			free(sv->label_values.v[j].map);
		}
		vec_free(&sv->label_values);
		free(sv->fams);
		free(sv);
	}
	vec_free(&o->progs);
	for (int i = 0; i < o->owned.n; i++)
		free(o->owned.v[i]);
	vec_free(&o->owned);
}
