// SPDX-License-Identifier: GPL-2.0
/*
 * The descriptors of builtins and functions (lang/descriptors.h): every id
 * has a complete descriptor, exactly one emitter in the code generator,
 * and docs/language.md's tables say what `--list-builtins` and
 * `--list-functions` print.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/descriptors.h"
#include "bpf/cg_internal.h"
#include "util.h"
#include "test.h"

static void test_builtins(void)
{
	for (int id = B_NONE + 1; id < B_COUNT_; id++) {
		const struct builtin_desc *d = builtin_desc(id);

		CHECK(d && d->name && d->check);
		if (!d || !d->name)
			continue;
		if (!d->doc || !*d->doc)
			fprintf(stderr, "builtin %s: no doc line\n", d->name);
		CHECK(d->doc && *d->doc && !strchr(d->doc, '\n'));
		if (!cg_builtin_emitter_of(id))
			fprintf(stderr, "builtin %s: no emitter\n", d->name);
		CHECK(cg_builtin_emitter_of(id) != NULL);
		if (!d->numbered)
			CHECK_INT(builtin_id_by_name(d->name), id);
	}
	CHECK(builtin_desc(B_NONE) == NULL && builtin_desc(B_COUNT_) == NULL);
	CHECK(cg_builtin_emitter_of(B_NONE) == NULL && cg_builtin_emitter_of(B_COUNT_) == NULL);
	CHECK_INT(builtin_id_by_name("ctx"), B_ARGS);
	CHECK_INT(builtin_id_by_name("arg0"), B_NONE);	/* numbered: not a plain name */
}

static void test_funcs(void)
{
	for (int id = F_NONE + 1; id < F_COUNT_; id++) {
		const struct func_desc *d = func_desc(id);
		const struct cg_call_emitter *e = cg_call_emitter_of(id);

		CHECK(d && d->name && d->sig && d->check);
		if (!d || !d->name)
			continue;
		CHECK(d->doc && *d->doc && !strchr(d->doc, '\n'));
		CHECK(d->min_args >= 0 && d->min_args <= d->max_args);
		CHECK(strncmp(d->sig, d->name, strlen(d->name)) == 0);
		CHECK_INT(func_id_by_name(d->name), id);
		/* one emitter: a value, or the update of the map an aggregation is assigned to */
		CHECK(e != NULL);
		if (!e)
			continue;
		if (!!e->value + !!e->agg != 1)
			fprintf(stderr, "function %s: %d emitters\n", d->name, !!e->value + !!e->agg);
		CHECK_INT(!!e->value + !!e->agg, 1);
		CHECK_INT(!!e->agg, d->agg != AGG_NONE);
	}
	CHECK(func_desc(F_NONE) == NULL && cg_call_emitter_of(F_COUNT_) == NULL);
}

/*
 * The rows "| `NAME` | DOC |" of the table after the heading, as the
 * listing prints them ("%-24s %s\n").
 */
static char *doc_table(const char *doc, const char *heading)
{
	const char *p = strstr(doc, heading);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	bool in_table = false;

	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);

		if (n > 3 && strncmp(p, "| `", 3) == 0) {
			char *line = strndup(p, n);
			char *sep = strstr(line, "` | ");

			in_table = true;
			if (sep && n > 2 && strcmp(line + n - 2, " |") == 0) {
				*sep = 0;
				line[n - 2] = 0;
				fprintf(f, "%-24s %s\n", line + 3, sep + 4);
			}
			free(line);
		} else if (in_table && *p != '|') {
			break;
		}
		p = eol ? eol + 1 : NULL;
	}
	fclose(f);
	return out;
}

static char *listing(void (*list)(FILE *out))
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	list(f);
	fclose(f);
	return out;
}

static void test_docs(void)
{
	size_t size;
	char *doc = read_file("docs/language.md", &size);
	char *want, *got;

	if (!doc) {
		TEST_SKIP("descriptors", "docs/language.md not found (run from the source tree)");
		return;
	}
	want = listing(builtins_list);
	got = doc_table(doc, "\n## Builtin variables\n");
	CHECK_STR(got, want);
	free(want);
	free(got);
	want = listing(funcs_list);
	got = doc_table(doc, "\n## Functions\n");
	CHECK_STR(got, want);
	free(want);
	free(got);
	free(doc);
}

int main(void)
{
	test_builtins();
	test_funcs();
	test_docs();
	return test_done("descriptors");
}
