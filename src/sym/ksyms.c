// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel symbols.  /proc/kallsyms lines are "ADDR TYPE NAME [MODULE]";
 * every symbol is kept (data symbols too: ksym() of a variable should
 * name it), sorted by address so a lookup is one binary search.
 */
#include "sym/ksyms.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int cmp_addr(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return (x->addr > y->addr) - (x->addr < y->addr);
}

/*
 * One line into sym, in place: the name (and module) end in NULs written
 * over the separators, so names point into the text.  False for lines
 * that are not symbols.
 */
static bool parse_line(char *line, char *end, struct ksym *sym)
{
	char *name_end, *p, *name, *mod = NULL, *mod_end = NULL;
	uint64_t addr = strtoull(line, &p, 16);

	if (p == line || *p != ' ' || p + 3 >= end)
		return false;
	name = p + 3;			/* skip " T " */
	name_end = memchr(name, '\t', end - name);
	if (!name_end) {
		name_end = end;
	} else if (name_end[1] == '[') {
		mod = name_end + 2;
		mod_end = memchr(mod, ']', end - mod);
	}
	if (name_end == name)
		return false;
	*name_end = '\0';
	if (mod && mod_end)
		*mod_end = '\0';
	sym->addr = addr;
	sym->name = name;
	sym->module = mod && mod_end ? mod : NULL;
	return true;
}

/* Parse text, which the table keeps: 150k symbols cost no allocation each. */
static struct ksyms *parse_owned(char *text)
{
	struct ksyms *ks = xcalloc(1, sizeof(*ks));
	VEC(struct ksym) all = { 0 };
	char *line = text;

	while (line && *line) {
		char *end = strchr(line, '\n');
		char *next = end ? end + 1 : NULL;
		struct ksym sym;

		if (!end)
			end = line + strlen(line);
		*end = '\0';
		if (parse_line(line, end, &sym))
			vec_push(&all, sym);
		line = next;
	}
	if (all.n)
		qsort(all.v, all.n, sizeof(*all.v), cmp_addr);
	ks->v = all.v;
	ks->n = all.n;
	ks->text = text;
	return ks;
}

struct ksyms *ksyms_parse(const char *text)
{
	return parse_owned(xstrdup(text));
}

static struct ksyms *kernel_table;
/* sonde serve runs programs in threads: the table is read once, by one of them */
static pthread_mutex_t kernel_table_lock = PTHREAD_MUTEX_INITIALIZER;

struct ksyms *ksyms_kernel(void)
{
	struct ksyms *ks;
	char *text;

	pthread_mutex_lock(&kernel_table_lock);
	if (!kernel_table) {
		text = read_file("/proc/kallsyms", NULL);
		if (text)
			kernel_table = parse_owned(text);
	}
	ks = kernel_table;
	pthread_mutex_unlock(&kernel_table_lock);
	return ks;
}

void ksyms_free(struct ksyms *ks)
{
	if (!ks)
		return;
	free(ks->v);
	free(ks->text);
	if (ks == kernel_table)
		kernel_table = NULL;
	free(ks);
}

const struct ksym *ksyms_find(const struct ksyms *ks, uint64_t addr)
{
	int lo = 0, hi;

	if (!ks || !ks->n || ks->v[ks->n - 1].addr == 0)
		return NULL;
	hi = ks->n - 1;
	if (addr < ks->v[0].addr)
		return NULL;
	while (lo < hi) {		/* last entry with v.addr <= addr */
		int mid = lo + (hi - lo + 1) / 2;

		if (ks->v[mid].addr <= addr)
			lo = mid;
		else
			hi = mid - 1;
	}
	return &ks->v[lo];
}

uint64_t ksyms_addr(const struct ksyms *ks, const char *name)
{
	for (int i = 0; ks && i < ks->n; i++)
		if (strcmp(ks->v[i].name, name) == 0)
			return ks->v[i].addr;
	return 0;
}
