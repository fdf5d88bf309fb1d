// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel symbols.  /proc/kallsyms lines are "ADDR TYPE NAME [MODULE]";
 * every symbol is kept (data symbols too: ksym() of a variable should
 * name it), sorted by address so a lookup is one binary search.
 */
#include "sym/ksyms.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static int cmp_addr(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return (x->addr > y->addr) - (x->addr < y->addr);
}

/* One line into sym; false for lines that are not symbols. */
static bool parse_line(const char *line, const char *end, struct ksym *sym)
{
	char *name_end, *p;
	uint64_t addr = strtoull(line, &p, 16);
	const char *name, *mod = NULL, *mod_end = NULL;

	if (p == line || *p != ' ' || p + 3 >= end)
		return false;
	name = p + 3;			/* skip " T " */
	name_end = memchr(name, '\t', end - name);
	if (!name_end)
		name_end = (char *)end;
	else if (name_end[1] == '[') {
		mod = name_end + 2;
		mod_end = memchr(mod, ']', end - mod);
	}
	if (name_end == name)
		return false;
	sym->addr = addr;
	sym->name = xstrndup(name, name_end - name);
	sym->module = mod && mod_end ? xstrndup(mod, mod_end - mod) : NULL;
	return true;
}

struct ksyms *ksyms_parse(const char *text)
{
	struct ksyms *ks = xcalloc(1, sizeof(*ks));
	VEC(struct ksym) all = { 0 };
	const char *line = text;

	while (line && *line) {
		const char *end = strchr(line, '\n');
		struct ksym sym;

		if (!end)
			end = line + strlen(line);
		if (parse_line(line, end, &sym))
			vec_push(&all, sym);
		line = *end ? end + 1 : NULL;
	}
	if (all.n)
		qsort(all.v, all.n, sizeof(*all.v), cmp_addr);
	ks->v = all.v;
	ks->n = all.n;
	return ks;
}

static struct ksyms *kernel_table;

struct ksyms *ksyms_kernel(void)
{
	char *text;

	if (kernel_table)
		return kernel_table;
	text = read_file("/proc/kallsyms", NULL);
	if (!text)
		return NULL;
	kernel_table = ksyms_parse(text);
	free(text);
	return kernel_table;
}

void ksyms_free(struct ksyms *ks)
{
	if (!ks)
		return;
	for (int i = 0; i < ks->n; i++) {
		free(ks->v[i].name);
		free(ks->v[i].module);
	}
	free(ks->v);
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
