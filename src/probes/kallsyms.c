// SPDX-License-Identifier: GPL-2.0
/*
 * Traceable kernel functions.  available_filter_functions lists exactly
 * the functions ftrace (and so kprobe_multi and fentry) can hook; kallsyms
 * is the fallback on kernels without the function tracer.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kallsyms.h"
#include "tracefs.h"

static void add(kfunclist *out, const char *name, size_t len, const char *mod, size_t mlen)
{
	struct kfunc f;

	f.name = xstrndup(name, len);
	f.module = mlen ? xstrndup(mod, mlen) : NULL;
	vec_push(out, f);
}

/* "[module]" after the name, if any: sets *mod and *mlen. */
static void module_of(const char *p, const char *end, const char **mod, size_t *mlen)
{
	const char *open = memchr(p, '[', end - p), *close;

	*mlen = 0;
	if (!open)
		return;
	close = memchr(open, ']', end - open);
	if (close && close > open + 1) {
		*mod = open + 1;
		*mlen = close - open - 1;
	}
}

void kfuncs_parse_filter_functions(const char *text, kfunclist *out)
{
	const char *p = text;

	while (p && *p) {
		const char *end = strchr(p, '\n'), *mod = NULL;
		size_t len, mlen;

		if (!end)
			end = p + strlen(p);
		len = strcspn(p, " \t\n");
		module_of(p + len, end, &mod, &mlen);
		if (len)
			add(out, p, len, mod, mlen);
		p = *end ? end + 1 : end;
	}
}

void kfuncs_parse_kallsyms(const char *text, kfunclist *out)
{
	const char *p = text;

	while (p && *p) {
		const char *end = strchr(p, '\n'), *type, *name, *mod = NULL;
		size_t len, mlen;

		if (!end)
			end = p + strlen(p);
		type = memchr(p, ' ', end - p);
		if (type && type + 3 < end && (type[1] == 't' || type[1] == 'T') && type[2] == ' ') {
			name = type + 3;
			len = strcspn(name, " \t\n");
			module_of(name + len, end, &mod, &mlen);
			add(out, name, len, mod, mlen);
		}
		p = *end ? end + 1 : end;
	}
}

static int cmp_mod(const char *a, const char *b)
{
	if (!a || !b)
		return !!a - !!b;
	return strcmp(a, b);
}

static int cmp_kfunc(const void *a, const void *b)
{
	const struct kfunc *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : cmp_mod(x->module, y->module);
}

static void kfunc_free(struct kfunc *f)
{
	free(f->name);
	free(f->module);
}

void kfuncs_sort(kfunclist *list)
{
	int keep = 0;

	if (list->n)
		qsort(list->v, list->n, sizeof(list->v[0]), cmp_kfunc);
	for (int i = 0; i < list->n; i++) {
		/* Compiler clones cannot be probed by name; duplicates are noise. */
		if (strstr(list->v[i].name, ".part.") ||
		    (keep && cmp_kfunc(&list->v[keep - 1], &list->v[i]) == 0)) {
			kfunc_free(&list->v[i]);
			continue;
		}
		list->v[keep++] = list->v[i];
	}
	list->n = keep;
}

bool kfunc_disallowed(const char *name)
{
	static const char *const names[] = {
		"arch_cpu_idle", "default_idle", "bpf_dispatcher_xdp_func",
	};

	/* RCU's own functions run where RCU does not watch the CPU */
	if (strncmp(name, "rcu_", 4) == 0 || strstr(name, "__ftrace_invalid_address__"))
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

/* --traceable-functions FILE: the list to use instead of the kernel's */
static const char *traceable_file;

void kfuncs_set_file(const char *path)
{
	traceable_file = path;
}

bool kfuncs_overridden(void)
{
	return traceable_file != NULL;
}

int kfuncs_read(kfunclist *out)
{
	const char *root = tracefs_root();
	char *text = NULL;

	if (traceable_file) {
		text = read_file(traceable_file, NULL);
		if (!text)
			return -errno;
		kfuncs_parse_filter_functions(text, out);
	} else if (root) {
		char *path = xasprintf("%s/available_filter_functions", root);

		text = read_file(path, NULL);
		free(path);
		if (text)
			kfuncs_parse_filter_functions(text, out);
	}
	if (!text) {
		text = read_file("/proc/kallsyms", NULL);
		if (!text)
			return -errno;
		kfuncs_parse_kallsyms(text, out);
	}
	free(text);
	kfuncs_sort(out);
	return 0;
}

bool kfuncs_has(const kfunclist *list, const char *name, const char *module)
{
	int lo = 0, hi = list->n;

	/* Binary search for the first entry named name. */
	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (strcmp(list->v[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < list->n && strcmp(list->v[lo].name, name) == 0; lo++)
		if (!module || cmp_mod(list->v[lo].module, module) == 0 ||
		    (!list->v[lo].module && strcmp(module, "vmlinux") == 0))
			return true;
	return false;
}

void kfuncs_free(kfunclist *list)
{
	for (int i = 0; i < list->n; i++)
		kfunc_free(&list->v[i]);
	vec_free(list);
}
