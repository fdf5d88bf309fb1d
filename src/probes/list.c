// SPDX-License-Identifier: GPL-2.0
/*
 * -l [SEARCH[,SEARCH...]] [-p PID]: what bpftrace's listing accepts beyond
 * one provider's pattern.
 *
 * - Several searches separated by commas, each trimmed.
 * - A wildcard provider with a binary ('*:./prog:*') lists every provider
 *   whose name matches, each as PROVIDER:rest.
 * - With -p PID, the user-space providers (uprobe, usdt) list the files
 *   the process maps: a binary omitted or given as a wildcard stands for
 *   each of them ('uprobe:*', 'usdt:*:provider:name*', or -l -p PID alone).
 * - 'struct NAME', 'union NAME', 'enum NAME': the kernel's types (kbtf.c).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "kbtf.h"
#include "provider.h"
#include "../sym/procmaps.h"

/* The providers whose patterns start with a binary. */
static int binary_fields(const struct provider *p)
{
	if (strcmp(p->name, "uprobe") == 0 || strcmp(p->name, "uretprobe") == 0)
		return 2;	/* BIN:FUNC */
	if (strcmp(p->name, "usdt") == 0)
		return 3;	/* BIN:PROVIDER:NAME */
	return 0;
}

static int count_colons(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == ':';
	return n;
}

/*
 * p's probes in the files pid maps: rest is what follows "PROVIDER:",
 * NULL for everything.  A rest with every field names its binary first.
 */
static void list_in_process(const struct provider *p, const char *rest, int pid,
			    bool verbose, FILE *out)
{
	const char *bin_pat = "*", *after = rest && *rest ? rest : "*";
	char *bin_own = NULL;
	pathlist files = { 0 };

	if (rest && count_colons(rest) == binary_fields(p) - 1) {
		const char *colon = strchr(rest, ':');

		bin_own = strndup(rest, colon - rest);
		bin_pat = bin_own;
		after = colon + 1;
	}
	if (!probe_has_wildcard(bin_pat)) {
		char *pattern = xasprintf("%s:%s", p->name, rest);

		p->list(pattern, verbose, out);	/* a named binary: as without -p */
		free(pattern);
		free(bin_own);
		return;
	}
	procmaps_files(pid, &files);
	for (int i = 0; i < files.n; i++) {
		char *pattern;

		if (!probe_match(bin_pat, files.v[i]) &&
		    !probe_match(bin_pat, procmaps_inner_path(files.v[i])))
			continue;
		pattern = xasprintf("%s:%s:%s", p->name, files.v[i], after);
		p->list(pattern, verbose, out);
		free(pattern);
	}
	pathlist_free(&files);
	free(bin_own);
}

static bool is_type_search(const char *s)
{
	return strncmp(s, "struct ", 7) == 0 || strncmp(s, "union ", 6) == 0 ||
	       strncmp(s, "enum ", 5) == 0;
}

/* One search: a provider wildcard or -p PID spread over providers, else probe_list(). */
static void list_one(const char *search, bool verbose, int pid, FILE *out)
{
	const char *colon = strchr(search, ':');
	size_t len = colon ? (size_t)(colon - search) : strlen(search);
	char *prov_pat = strndup(search, len);
	bool spread = colon && probe_has_wildcard(prov_pat);

	if (is_type_search(search)) {
		kbtf_list_types(search, verbose, out);
	} else if (!spread && !(pid > 0 && (!*search || colon))) {
		probe_list(*search ? search : NULL, verbose, out);
	} else {
		for (int i = 0; providers[i]; i++) {
			const struct provider *p = providers[i];
			char *pattern;

			if (*search && !probe_match(prov_pat, p->name) &&
			    !(p == provider_find(prov_pat)))
				continue;
			if (pid > 0 && binary_fields(p)) {
				list_in_process(p, colon ? colon + 1 : NULL, pid, verbose, out);
				continue;
			}
			pattern = colon ? xasprintf("%s%s", p->name, colon) : NULL;
			p->list(pattern, verbose, out);
			free(pattern);
		}
	}
	free(prov_pat);
}

void probe_list_pid(const char *pattern, bool verbose, int pid, FILE *out)
{
	char *all = xstrdup(pattern ? pattern : ""), *save = NULL;
	char *part = strtok_r(all, ",", &save);

	if (!part)
		list_one("", verbose, pid, out);
	for (; part; part = strtok_r(NULL, ",", &save)) {
		char *end = part + strlen(part);

		while (isspace((unsigned char)*part))
			part++;
		while (end > part && isspace((unsigned char)end[-1]))
			*--end = '\0';
		list_one(part, verbose, pid, out);
	}
	free(all);
}
