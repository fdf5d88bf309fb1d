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

/*
 * Frame ids are the names' places in strcmp order, so the shared frame
 * list reads sorted.
 */
struct frame_ids {
	char **names;		/* by id */
	uint32_t *rank;		/* folded name id -> frame id */
	int n;
};

static void frame_ids_init(struct frame_ids *ids, const struct folded *f)
{
	ids->n = f->names.n;
	ids->rank = folded_name_ranks(f);
	ids->names = xmalloc((ids->n ? ids->n : 1) * sizeof(*ids->names));
	for (int i = 0; i < ids->n; i++)
		ids->names[ids->rank[i]] = f->names.v[i];
}

static void frame_ids_free(struct frame_ids *ids)
{
	free(ids->names);
	free(ids->rank);
}

static int frame_id(const struct frame_ids *ids, const char *frame)
{
	return ids->rank[folded_name_id(frame)];
}

void speedscope_write(const struct folded *f, const char *name, const char *unit, FILE *out)
{
	struct frame_ids ids;
	struct strbuf sb;

	frame_ids_init(&ids, f);
	sb_init(&sb);
	sb_adds(&sb, "{\"$schema\": \"https://www.speedscope.app/file-format-schema.json\", "
		"\"exporter\": \"sonde\", \"name\": ");
	json_string(&sb, name, strlen(name));
	sb_adds(&sb, ", \"activeProfileIndex\": 0, \"shared\": {\"frames\": [");
	for (int i = 0; i < ids.n; i++) {
		sb_adds(&sb, i ? ", {\"name\": " : "{\"name\": ");
		json_string(&sb, ids.names[i], strlen(ids.names[i]));
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
			sb_addf(&sb, "%s%d", j ? ", " : "", frame_id(&ids, s->frames[j]));
		sb_addc(&sb, ']');
	}
	sb_adds(&sb, "], \"weights\": [");
	for (int i = 0; i < f->stacks.n; i++)
		sb_addf(&sb, "%s%llu", i ? ", " : "", (unsigned long long)f->stacks.v[i].count);
	sb_adds(&sb, "]}]}\n");
	fwrite(sb.buf, 1, sb.len, out);
	sb_free(&sb);
	frame_ids_free(&ids);
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
	struct frame_ids ids;
	struct fn_count *c;
	int n;

	frame_ids_init(&ids, f);
	n = ids.n;
	c = xcalloc(n ? n : 1, sizeof(*c));
	for (int i = 0; i < n; i++)
		c[i].name = ids.names[i];
	for (int i = 0; i < f->stacks.n; i++) {
		const struct fstack *s = &f->stacks.v[i];

		for (int j = 0; j < s->nframes; j++) {
			bool seen = false;

			/* Recursion counts a function's total once per stack. */
			for (int k = 0; k < j && !seen; k++)
				seen = s->frames[k] == s->frames[j];	/* interned */
			if (!seen)
				c[frame_id(&ids, s->frames[j])].total += s->count;
		}
		if (s->nframes)
			c[frame_id(&ids, s->frames[s->nframes - 1])].self += s->count;
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
	frame_ids_free(&ids);
}
