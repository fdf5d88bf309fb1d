// SPDX-License-Identifier: GPL-2.0
/*
 * Named program parameters (named_params.h): split from the positional
 * ones, looked up by getopt(), and checked once the whole program is known.
 */
#include "named_params.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "--name[=value]": the name's length, 0 when word is not one */
static size_t option_name_len(const char *word)
{
	if (strncmp(word, "--", 2) != 0 || !word[2] || word[2] == '=')
		return 0;
	return strcspn(word + 2, "=");
}

void named_params_split(struct program *prog)
{
	char **positional = xcalloc(prog->npos ? prog->npos : 1, sizeof(char *));
	int n = 0;

	for (int i = 0; i < prog->npos; i++) {
		if (strcmp(prog->pos[i], "--") == 0)
			continue;	/* separates the program's parameters */
		if (option_name_len(prog->pos[i]))
			vec_push(&prog->named, prog->pos[i]);
		else
			positional[n++] = prog->pos[i];
	}
	prog->pos = positional;	/* the words stay argv's; the array is ours */
	prog->npos = n;
	prog->pos_owned = true;
}

static void declare(struct program *prog, const char *name, const char *desc)
{
	struct named_opt o = { 0 };

	for (int i = 0; i < prog->opts.n; i++) {
		if (strcmp(prog->opts.v[i].name, name) == 0) {
			if (desc && !prog->opts.v[i].desc)
				prog->opts.v[i].desc = xstrdup(desc);
			return;
		}
	}
	o.name = xstrdup(name);
	o.desc = desc ? xstrdup(desc) : NULL;
	vec_push(&prog->opts, o);
}

const char *named_param_get(struct program *prog, const char *name, const char *desc,
			    bool bare_ok)
{
	size_t len = strlen(name);

	declare(prog, name, desc);
	for (int i = prog->named.n - 1; i >= 0; i--) {	/* the last one given wins */
		const char *w = prog->named.v[i];

		if (option_name_len(w) != len || strncmp(w + 2, name, len) != 0)
			continue;
		return w[2 + len] == '=' ? w + 3 + len : (bare_ok ? "" : w + 2 + len);
	}
	return NULL;
}

static bool declared(const struct program *prog, const char *word)
{
	size_t len = option_name_len(word);

	for (int i = 0; i < prog->opts.n; i++)
		if (strlen(prog->opts.v[i].name) == len &&
		    strncmp(prog->opts.v[i].name, word + 2, len) == 0)
			return true;
	return false;
}

static void list_options(const struct program *prog, bool one_line)
{
	fprintf(stderr, "HINT: expected program options:");
	for (int i = 0; i < prog->opts.n; i++) {
		const struct named_opt *o = &prog->opts.v[i];

		if (one_line)
			fprintf(stderr, "%s --%s", i ? "," : "", o->name);
		else
			fprintf(stderr, "\n  --%s%s%s", o->name, o->desc ? ": " : "",
				o->desc ? o->desc : "");
	}
	fputc('\n', stderr);
}

int named_params_check(struct program *prog)
{
	struct strbuf bad;
	int unexpected = 0;

	for (int i = 0; i < prog->named.n; i++) {
		if (strcmp(prog->named.v[i], "--help") == 0 && !declared(prog, "--help")) {
			list_options(prog, false);
			return 1;
		}
	}
	sb_init(&bad);
	for (int i = 0; i < prog->named.n; i++) {
		if (declared(prog, prog->named.v[i]))
			continue;
		sb_addf(&bad, "%s%.*s", unexpected++ ? ", " : "",
			(int)(2 + option_name_len(prog->named.v[i])), prog->named.v[i]);
	}
	if (unexpected) {
		diag_plain_error("unexpected program command line options: %s", bad.buf);
		if (prog->opts.n)
			list_options(prog, true);
	}
	sb_free(&bad);
	return unexpected ? -1 : 0;
}

void named_params_free(struct program *prog)
{
	for (int i = 0; i < prog->opts.n; i++) {
		free(prog->opts.v[i].name);
		free(prog->opts.v[i].desc);
	}
	vec_free(&prog->opts);
	vec_free(&prog->named);
	if (prog->pos_owned)
		free(prog->pos);
	prog->pos = NULL;
	prog->pos_owned = false;
}
