// SPDX-License-Identifier: GPL-2.0
/*
 * speedscope JSON ("https://www.speedscope.app/file-format-schema.json"):
 * shared frames by name, one sampled profile whose samples are frame
 * index lists root first, with a weight each.  And the text top-N.
 */
#include "profile/writers.h"

#include <stdlib.h>
#include <string.h>

#include "runtime/format.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The distinct frame names, sorted (their index is the frame id). */
static char **frame_names(const struct folded *f, int *n)
{
	int total = 0, k = 0;
	char **all;

	for (int i = 0; i < f->stacks.n; i++)
		total += f->stacks.v[i].nframes;
	all = xmalloc((total ? total : 1) * sizeof(*all));
	for (int i = 0; i < f->stacks.n; i++)
		for (int j = 0; j < f->stacks.v[i].nframes; j++)
			all[total ? k++ : 0] = f->stacks.v[i].frames[j];
	qsort(all, k, sizeof(*all), cmp_str);
	*n = 0;
	for (int i = 0; i < k; i++)
		if (!*n || strcmp(all[*n - 1], all[i]))
			all[(*n)++] = all[i];
	return all;
}

static int frame_id(char **names, int n, const char *name)
{
	char **hit = bsearch(&name, names, n, sizeof(*names), cmp_str);

	return hit ? (int)(hit - names) : 0;
}

void speedscope_write(const struct folded *f, const char *name, const char *unit, FILE *out)
{
	int n;
	char **names = frame_names(f, &n);
	struct strbuf sb;

	sb_init(&sb);
	sb_adds(&sb, "{\"$schema\": \"https://www.speedscope.app/file-format-schema.json\", "
		"\"exporter\": \"sonde\", \"name\": ");
	json_string(&sb, name, strlen(name));
	sb_adds(&sb, ", \"activeProfileIndex\": 0, \"shared\": {\"frames\": [");
	for (int i = 0; i < n; i++) {
		sb_adds(&sb, i ? ", {\"name\": " : "{\"name\": ");
		json_string(&sb, names[i], strlen(names[i]));
		sb_addc(&sb, '}');
	}
	sb_adds(&sb, "]}, \"profiles\": [{\"type\": \"sampled\", \"name\": ");
	json_string(&sb, name, strlen(name));
	sb_addf(&sb, ", \"unit\": \"%s\", \"startValue\": 0, \"endValue\": %llu, \"samples\": [",
		unit, (unsigned long long)f->total);
	for (int i = 0; i < f->stacks.n; i++) {
		const struct fstack *s = &f->stacks.v[i];

		sb_adds(&sb, i ? ", [" : "[");
		for (int j = 0; j < s->nframes; j++)
			sb_addf(&sb, "%s%d", j ? ", " : "", frame_id(names, n, s->frames[j]));
		sb_addc(&sb, ']');
	}
	sb_adds(&sb, "], \"weights\": [");
	for (int i = 0; i < f->stacks.n; i++)
		sb_addf(&sb, "%s%llu", i ? ", " : "", (unsigned long long)f->stacks.v[i].count);
	sb_adds(&sb, "]}]}\n");
	fwrite(sb.buf, 1, sb.len, out);
	sb_free(&sb);
	free(names);
}

struct fn_count {
	const char *name;
	uint64_t self, total;
};

static int cmp_self(const void *a, const void *b)
{
	const struct fn_count *x = a, *y = b;

	if (x->self != y->self)
		return x->self < y->self ? 1 : -1;
	return strcmp(x->name, y->name);
}

void topn_write(const struct folded *f, int top, const char *countname, FILE *out)
{
	int n;
	char **names = frame_names(f, &n);
	struct fn_count *c = xcalloc(n ? n : 1, sizeof(*c));

	for (int i = 0; i < n; i++)
		c[i].name = names[i];
	for (int i = 0; i < f->stacks.n; i++) {
		const struct fstack *s = &f->stacks.v[i];

		for (int j = 0; j < s->nframes; j++) {
			bool seen = false;

			/* Recursion counts a function's total once per stack. */
			for (int k = 0; k < j && !seen; k++)
				seen = strcmp(s->frames[k], s->frames[j]) == 0;
			if (!seen)
				c[frame_id(names, n, s->frames[j])].total += s->count;
		}
		if (s->nframes)
			c[frame_id(names, n, s->frames[s->nframes - 1])].self += s->count;
	}
	qsort(c, n, sizeof(*c), cmp_self);
	fprintf(out, "%12s %7s %12s %7s  %s\n", "SELF", "SELF%", "TOTAL", "TOTAL%", "FUNCTION");
	for (int i = 0; i < n && i < top && c[i].self; i++)
		fprintf(out, "%12llu %6.2f%% %12llu %6.2f%%  %s\n", (unsigned long long)c[i].self,
			f->total ? 100.0 * c[i].self / f->total : 0.0,
			(unsigned long long)c[i].total,
			f->total ? 100.0 * c[i].total / f->total : 0.0, c[i].name);
	fprintf(out, "total: %llu %s\n", (unsigned long long)f->total, countname);
	free(c);
	free(names);
}
