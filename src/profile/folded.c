// SPDX-License-Identifier: GPL-2.0
/*
 * Folded stacks and the frame tree.  The tree is built with one hash table
 * keyed by (parent node, frame name), so 200,000 stacks of 30 frames merge
 * in one pass without per-node child lists to search.
 */
#include "profile/folded.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static uint32_t hash_name(const char *name)
{
	uint32_t h = 2166136261u;

	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h ^ (h >> 15);
}

static void names_grow(struct folded *f)
{
	uint32_t n = f->nslots ? f->nslots * 2 : 1024;

	free(f->slots);
	f->slots = xmalloc(n * sizeof(*f->slots));
	memset(f->slots, 0xff, n * sizeof(*f->slots));
	f->nslots = n;
	for (int i = 0; i < f->names.n; i++) {
		uint32_t h = hash_name(f->names.v[i]) & (n - 1);

		while (f->slots[h] >= 0)
			h = (h + 1) & (n - 1);
		f->slots[h] = i;
	}
}

/* The one copy of name. */
static char *intern(struct folded *f, const char *name)
{
	uint32_t h;

	if ((uint32_t)f->names.n * 2 >= f->nslots)
		names_grow(f);
	h = hash_name(name) & (f->nslots - 1);
	while (f->slots[h] >= 0) {
		if (strcmp(f->names.v[f->slots[h]], name) == 0)
			return f->names.v[f->slots[h]];
		h = (h + 1) & (f->nslots - 1);
	}
	vec_push(&f->names, xstrdup(name));
	f->slots[h] = f->names.n - 1;
	return f->names.v[f->names.n - 1];
}

void folded_add(struct folded *f, char *const *frames, int n, uint64_t count, uint64_t count2)
{
	struct fstack s = { .nframes = n, .count = count, .count2 = count2 };

	s.frames = xmalloc((n ? n : 1) * sizeof(*s.frames));
	for (int i = 0; i < n; i++)
		s.frames[i] = intern(f, frames[i]);
	vec_push(&f->stacks, s);
	f->total += count;
	f->total2 += count2;
}

/* Split "a;b;c" in place into frames. */
static int split_frames(char *text, char ***frames)
{
	int n = 1, i = 0;

	for (char *p = text; *p; p++)
		n += *p == ';';
	*frames = xmalloc(n * sizeof(**frames));
	(*frames)[i++] = text;
	for (char *p = text; *p; p++) {
		if (*p == ';') {
			*p = '\0';
			(*frames)[i++] = p + 1;
		}
	}
	return n;
}

/* One line; false when it has no count. */
static bool parse_line(struct folded *f, char *line, bool second)
{
	char *sp = strrchr(line, ' '), *end, **frames;
	unsigned long long count;
	int n;

	if (!sp || sp == line)
		return false;
	errno = 0;
	count = strtoull(sp + 1, &end, 10);
	if (end == sp + 1 || (*end && *end != '\r') || errno)
		return false;
	*sp = '\0';
	n = split_frames(line, &frames);
	folded_add(f, frames, n, second ? 0 : count, second ? count : 0);
	free(frames);
	return true;
}

void folded_parse(struct folded *f, const char *text, bool second, int *bad)
{
	char *copy = xstrdup(text), *line = copy;

	while (line && *line) {
		char *nl = strchr(line, '\n');

		if (nl)
			*nl = '\0';
		if (*line && !parse_line(f, line, second) && bad)
			(*bad)++;
		line = nl ? nl + 1 : NULL;
	}
	free(copy);
}

static char *read_stream(FILE *in)
{
	struct strbuf sb;
	char buf[65536];
	size_t n;

	sb_init(&sb);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		sb_add(&sb, buf, n);
	return sb_steal(&sb);
}

int folded_read(struct folded *f, const char *path, bool second, int *bad)
{
	char *text;

	if (strcmp(path, "-") == 0)
		text = read_stream(stdin);
	else if (!(text = read_file(path, NULL)))
		return -errno;
	folded_parse(f, text, second, bad);
	free(text);
	return 0;
}

void folded_free(struct folded *f)
{
	for (int i = 0; i < f->stacks.n; i++)
		free(f->stacks.v[i].frames);
	vec_free(&f->stacks);
	for (int i = 0; i < f->names.n; i++)
		free(f->names.v[i]);
	vec_free(&f->names);
	free(f->slots);
	f->slots = NULL;
	f->nslots = 0;
	f->total = f->total2 = 0;
}

static int cmp_stacks(const void *a, const void *b)
{
	const struct fstack *x = a, *y = b;

	for (int i = 0; i < x->nframes && i < y->nframes; i++) {
		int r = strcmp(x->frames[i], y->frames[i]);

		if (r)
			return r;
	}
	return x->nframes - y->nframes;
}

void folded_write(const struct folded *f, FILE *out)
{
	struct fstack *sorted = xmalloc((f->stacks.n ? f->stacks.n : 1) * sizeof(*sorted));
	int n = f->stacks.n;

	memcpy(sorted, f->stacks.v, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_stacks);
	for (int i = 0; i < n; i++) {
		uint64_t count = sorted[i].count;

		/* Equal stacks (merged from several keys) print once, summed. */
		while (i + 1 < n && cmp_stacks(&sorted[i], &sorted[i + 1]) == 0)
			count += sorted[++i].count;
		for (int j = 0; j < sorted[i].nframes; j++)
			fprintf(out, "%s%s", j ? ";" : "", sorted[i].frames[j]);
		fprintf(out, " %llu\n", (unsigned long long)count);
	}
	free(sorted);
}

/* ---- the tree ---- */

static uint32_t hash_key(int parent, const char *name)
{
	uint32_t h = 2166136261u ^ (uint32_t)parent;

	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h ^ (h >> 15);
}

static void rehash(struct ftree *t)
{
	uint32_t n = t->nslots ? t->nslots * 2 : 1024;

	free(t->slots);
	t->slots = xmalloc(n * sizeof(*t->slots));
	memset(t->slots, 0xff, n * sizeof(*t->slots));
	t->nslots = n;
	for (int i = 1; i < t->nodes.n; i++) {
		uint32_t h = hash_key(t->nodes.v[i].parent, t->nodes.v[i].name) & (n - 1);

		while (t->slots[h] >= 0)
			h = (h + 1) & (n - 1);
		t->slots[h] = i;
	}
}

/* The child of parent named name, made when missing. */
static int child(struct ftree *t, int parent, const char *name)
{
	uint32_t h;
	struct fnode node = { .name = name, .parent = parent, .first_child = -1,
			      .next_sibling = -1 };

	if ((uint32_t)t->nodes.n * 2 >= t->nslots)
		rehash(t);
	h = hash_key(parent, name) & (t->nslots - 1);
	while (t->slots[h] >= 0) {
		struct fnode *c = &t->nodes.v[t->slots[h]];

		if (c->parent == parent && strcmp(c->name, name) == 0)
			return t->slots[h];
		h = (h + 1) & (t->nslots - 1);
	}
	node.depth = t->nodes.v[parent].depth + 1;
	vec_push(&t->nodes, node);
	t->slots[h] = t->nodes.n - 1;
	if (node.depth > t->max_depth)
		t->max_depth = node.depth;
	return t->nodes.n - 1;
}

static int cmp_by_name(const void *a, const void *b, void *arg)
{
	const struct ftree *t = arg;

	return strcmp(t->nodes.v[*(const int *)a].name, t->nodes.v[*(const int *)b].name);
}

/* Link children into sibling lists, sorted by name. */
static void link_children(struct ftree *t)
{
	int n = t->nodes.n;
	int *order = xmalloc(n * sizeof(*order));

	for (int i = 0; i < n; i++)
		order[i] = i;
	qsort_r(order + 1, n - 1, sizeof(*order), cmp_by_name, t);
	/* Reverse order: pushing at the head leaves each list in name order. */
	for (int i = n - 1; i >= 1; i--) {
		struct fnode *c = &t->nodes.v[order[i]];
		struct fnode *p = &t->nodes.v[c->parent];

		c->next_sibling = p->first_child;
		p->first_child = order[i];
	}
	free(order);
}

void ftree_build(struct ftree *t, const struct folded *f, bool reverse)
{
	struct fnode root = { .name = "all", .parent = -1, .first_child = -1,
			      .next_sibling = -1 };

	memset(t, 0, sizeof(*t));
	vec_push(&t->nodes, root);
	for (int i = 0; i < f->stacks.n; i++) {
		const struct fstack *s = &f->stacks.v[i];
		int cur = 0;

		t->nodes.v[0].value += s->count;
		t->nodes.v[0].value2 += s->count2;
		for (int j = 0; j < s->nframes; j++) {
			const char *name = s->frames[reverse ? s->nframes - 1 - j : j];

			cur = child(t, cur, name);
			t->nodes.v[cur].value += s->count;
			t->nodes.v[cur].value2 += s->count2;
		}
		t->nodes.v[cur].self += s->count;
		t->nodes.v[cur].self2 += s->count2;
	}
	link_children(t);
	free(t->slots);
	t->slots = NULL;
	t->nslots = 0;
}

void ftree_free(struct ftree *t)
{
	vec_free(&t->nodes);
	free(t->slots);
	t->slots = NULL;
}
