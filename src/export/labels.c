// SPDX-License-Identifier: GPL-2.0
/*
 * Label names for a map's key, from the expressions the script indexes it
 * with: @opens[comm, args.flags] gives "comm" and "flags".  The first
 * indexing in source order wins; an expression without a name (a sum, a
 * literal) gives keyN.  docs/export.md lists the rules.
 */
#include <stdlib.h>
#include <string.h>

#include "export/expo.h"
#include "export/family.h"

/* The name an expression suggests, or NULL. */
static const char *expr_name(const struct node *n)
{
	switch (n->kind) {
	case N_BUILTIN:
	case N_FIELD:
		return n->name;
	case N_VAR:
		return n->name[0] == '$' ? n->name + 1 : n->name;
	case N_MAP:
		return n->name[0] == '@' && n->name[1] ? n->name + 1 : NULL;
	case N_CAST:
	case N_TUPLE_IDX:
	case N_INDEX:
	case N_UNOP:
		return n->a ? expr_name(n->a) : NULL;
	case N_CALL:
		/* str(args.filename) is "filename", ksym(ip) "ip", cgroup() "cgroup" */
		if (n->args.n > 0)
			return expr_name(n->args.v[0]);
		return n->name;
	default:
		return NULL;
	}
}

/* The first N_MAP node named name that has keys, in source order. */
static const struct node *find_indexing(const struct node *n, const char *name)
{
	const struct node *hit;

	if (!n)
		return NULL;
	if (n->kind == N_MAP && n->args.n > 0 && n->name && strcmp(n->name, name) == 0)
		return n;
	for (int i = 0; i < n->args.n; i++)
		if ((hit = find_indexing(n->args.v[i], name)))
			return hit;
	if ((hit = find_indexing(n->a, name)) || (hit = find_indexing(n->b, name)))
		return hit;
	return find_indexing(n->c, name);
}

static int key_fields(const struct mapinfo *m)
{
	if (!m->key)
		return 0;
	return m->key->kind == TY_TUPLE ? m->key->nfields : 1;
}

static bool taken(char **names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return true;
	return false;
}

/* A unique, valid label name; "le" and "quantile" are the formats' own. */
static char *unique_label(char **names, int n, const char *want, int pos)
{
	struct strbuf sb;
	char *base, *name;

	sb_init(&sb);
	if (want)
		expo_sanitize(&sb, want, true);
	else
		sb_addf(&sb, "key%d", pos + 1);
	if (strcmp(sb.buf, "le") == 0 || strcmp(sb.buf, "quantile") == 0)
		sb_adds(&sb, "_key");
	base = sb_steal(&sb);
	name = xstrdup(base);
	for (int k = 2; taken(names, n, name); k++) {
		free(name);
		name = xasprintf("%s_%d", base, k);
	}
	free(base);
	return name;
}

int family_label_names(const struct program *prog, const struct mapinfo *m, char ***names)
{
	int n = key_fields(m);
	const struct node *idx = n ? find_indexing(prog->ast, m->name) : NULL;
	char **v = xcalloc(n ? n : 1, sizeof(char *));

	/* @m[a, b] has two key nodes; a tuple value used as a key has one */
	if (idx && idx->args.n != n)
		idx = NULL;
	for (int i = 0; i < n; i++)
		v[i] = unique_label(v, i, idx ? expr_name(idx->args.v[i]) : NULL, i);
	*names = v;
	return n;
}
