// SPDX-License-Identifier: GPL-2.0
/*
 * From served programs to one exposition: each exported map is read
 * through maps_read() (the same reader sonde's printing uses), folded
 * into its family, and written; then sonde's health.
 */
#include "export/exporter.h"

#include <bpf/libbpf.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int ncpus(void)
{
	int n = libbpf_num_possible_cpus();

	return n > 0 ? n : 1;
}

static bool wanted(const struct served *sv, const char *map)
{
	if (!sv->only)
		return true;
	for (int i = 0; i < sv->nonly; i++)
		if (strcmp(sv->only[i], map) == 0)
			return true;
	return false;
}

static const struct label_override *override_for(const struct served *sv, const char *map)
{
	for (int i = 0; i < sv->labels.n; i++)
		if (strcmp(sv->labels.v[i].map, map) == 0)
			return &sv->labels.v[i];
	return NULL;
}

/* The override's names, copied, when they fit the key; else NULL. */
static char **override_names(const struct label_override *o, const struct mapinfo *m,
			     bool quiet)
{
	int want = !m->key ? 0 : m->key->kind == TY_TUPLE ? m->key->nfields : 1;
	char **v;

	if (!o)
		return NULL;
	if (o->n != want) {
		if (!quiet)
			fprintf(stderr, "WARNING: --labels %s: the key has %d fields, not %d: names derived instead\n",
				o->map, want, o->n);
		return NULL;
	}
	v = xcalloc(want ? want : 1, sizeof(char *));
	for (int i = 0; i < want; i++)
		v[i] = xstrdup(o->names[i]);
	return v;
}

static const struct mapinfo *map_named(const struct program *prog, const char *name)
{
	for (int i = 0; i < prog->usermaps.n; i++)
		if (strcmp(prog->usermaps.v[i]->name, name) == 0)
			return prog->usermaps.v[i];
	return NULL;
}

/* --label-values: the labels of f whose values another map holds. */
static void attach_label_maps(struct served *sv, struct family *f, bool quiet)
{
	for (int k = 0; k < sv->label_values.n; k++) {
		const struct label_source *ls = &sv->label_values.v[k];
		const struct mapinfo *lm = map_named(&sv->prog, ls->map);

		for (int i = 0; i < f->nlabels; i++) {
			if (strcmp(f->label_names[i], ls->label) != 0)
				continue;
			if (!lm || lm->uagg || !lm->key || lm->agg != AGG_NONE) {
				if (!quiet)
					fprintf(stderr, "WARNING: %s: --label-values %s=%s: not a keyed map of plain values\n",
						sv->name, ls->label, ls->map);
				continue;
			}
			family_set_label_map(f, i, lm);
		}
	}
}

void exporter_add_families(struct exporter *x, struct served *sv, bool quiet)
{
	struct program *prog = &sv->prog;
	char why[160];

	sv->fams = xcalloc(prog->usermaps.n ? prog->usermaps.n : 1, sizeof(struct family));
	for (int i = 0; i < prog->usermaps.n; i++) {
		const struct mapinfo *m = prog->usermaps.v[i];
		const struct label_override *o = override_for(sv, m->name);
		char **names = override_names(o, m, quiet);
		struct family *f = &sv->fams[sv->nfams];

		if (!wanted(sv, m->name))
			continue;
		if (family_init(f, sv->prefix, sv->name, prog, m, names, names ? o->n : 0, why,
				sizeof(why)) < 0) {
			if (!quiet)
				fprintf(stderr, "%s: map %s is not exported: %s\n", sv->name, m->name, why);
			continue;
		}
		attach_label_maps(sv, f, quiet);
		sv->nfams++;
	}
	for (int i = 0; i < sv->nonly; i++) {
		bool found = false;

		for (int j = 0; j < prog->usermaps.n && !found; j++)
			found = strcmp(prog->usermaps.v[j]->name, sv->only[i]) == 0;
		if (!found && !quiet)
			fprintf(stderr, "WARNING: %s: --maps names %s, which the program does not have\n",
				sv->name, sv->only[i]);
	}
}

static void read_family(struct exporter *x, struct family *f, bool bank)
{
	struct map_entries es = { 0 };

	for (int i = 0; i < f->nlabels; i++) {
		struct map_entries names = { 0 };

		if (!f->tables[i].map)
			continue;
		if (maps_read(f->prog, f->tables[i].map, ncpus(), &names) == 0)
			family_fill_table(f, i, &names);
		map_entries_free(&names);
	}

	if (maps_read(f->prog, f->m, ncpus(), &es) == 0) {
		if (bank)
			family_bank(f, &es, monotonic_ns(), &x->lim);
		else
			family_update(f, &es, monotonic_ns(), &x->lim);
	}
	map_entries_free(&es);
}

void exporter_bank(struct exporter *x, const struct program *prog, const struct mapinfo *m)
{
	pthread_mutex_lock(&x->lock);
	for (int i = 0; i < x->progs.n; i++) {
		struct served *sv = x->progs.v[i];

		if (&sv->prog != prog)
			continue;
		for (int j = 0; j < sv->nfams; j++)
			if (sv->fams[j].m == m)
				read_family(x, &sv->fams[j], true);
	}
	pthread_mutex_unlock(&x->lock);
}

static int cmp_family(const void *a, const void *b)
{
	return strcmp((*(struct family *const *)a)->name, (*(struct family *const *)b)->name);
}

/* Families in name order; two with one name (two programs) are written once each, in order. */
static struct family **sorted_families(struct exporter *x, int *n)
{
	struct family **v;
	int total = 0, k = 0;

	for (int i = 0; i < x->progs.n; i++)
		total += x->progs.v[i]->nfams;
	v = xcalloc(total ? total : 1, sizeof(*v));
	for (int i = 0; i < x->progs.n; i++)
		for (int j = 0; j < x->progs.v[i]->nfams; j++)
			v[k++] = &x->progs.v[i]->fams[j];
	qsort(v, total, sizeof(*v), cmp_family);
	*n = total;
	return v;
}

void exporter_collect(struct exporter *x, struct strbuf *out, enum expo_format fmt)
{
	uint64_t start = monotonic_ns();
	struct family **fams;
	int n;

	pthread_mutex_lock(&x->lock);
	fams = sorted_families(x, &n);
	for (int i = 0; i < n; i++)
		read_family(x, fams[i], false);
	for (int i = 0; i < n; i++)
		family_write(fams[i], out, fmt);
	health_write(x, out, fmt, (monotonic_ns() - start) / 1e9);
	x->scrapes++;
	pthread_mutex_unlock(&x->lock);
	expo_end(out, fmt);
	free(fams);
}
