// SPDX-License-Identifier: GPL-2.0
/*
 * cgroup_path(id[, filter]): the directory whose inode number is id in
 * each cgroup hierarchy mounted at /sys/fs/cgroup, as "NAME:PATH" joined
 * by commas.  The cgroup2 hierarchy is named "unified" wherever it is
 * mounted and comes first; a v1 hierarchy is named by its directory
 * (cpu, memory, systemd...).  filter, a wildcard, keeps the hierarchies
 * whose name matches.  Found by walking the hierarchies at each lookup
 * (cgroups are few; printing is rare).
 */
#include "cgroup.h"

#include <dirent.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include "../util.h"

#define CGROUP_ROOT		"/sys/fs/cgroup"
#define CGROUP_SUPER_MAGIC	0x27e0eb
#define CGROUP2_SUPER_MAGIC	0x63677270

static bool walk(char *path, size_t len, uint64_t id, int depth)
{
	struct dirent *de;
	struct stat st;
	size_t n = strlen(path);
	DIR *d;

	if (stat(path, &st) == 0 && (uint64_t)st.st_ino == id)
		return true;
	if (depth > 32 || !(d = opendir(path)))
		return false;
	while ((de = readdir(d))) {
		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		if (n + 1 + strlen(de->d_name) + 1 > len)
			continue;
		path[n] = '/';
		strcpy(path + n + 1, de->d_name);
		if (walk(path, len, id, depth + 1)) {
			closedir(d);
			return true;
		}
		path[n] = '\0';
	}
	closedir(d);
	return false;
}

/* Append "name:path" when id is a cgroup of the hierarchy mounted at dir. */
static void add_hierarchy(struct strbuf *out, size_t start, const char *name,
			  const char *dir, uint64_t id, const char *filter)
{
	char path[4096];
	size_t root_len = strlen(dir);

	if (filter && fnmatch(filter, name, 0) != 0)
		return;
	if (root_len >= sizeof(path))
		return;
	memcpy(path, dir, root_len + 1);
	if (!walk(path, sizeof(path), id, 0))
		return;
	if (out->len > start)
		sb_addc(out, ',');
	sb_addf(out, "%s:%s", name, path[root_len] ? path + root_len : "/");
}

static long fs_type(const char *dir)
{
	struct statfs fs;

	return statfs(dir, &fs) == 0 ? (long)fs.f_type : 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The v1 hierarchies under /sys/fs/cgroup, sorted by name (caller frees). */
static int v1_hierarchies(char ***names)
{
	DIR *d = opendir(CGROUP_ROOT);
	struct dirent *de;
	char dir[512];
	int n = 0, cap = 0;

	*names = NULL;
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		snprintf(dir, sizeof(dir), CGROUP_ROOT "/%s", de->d_name);
		if (fs_type(dir) != CGROUP_SUPER_MAGIC)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			*names = xrealloc(*names, cap * sizeof(**names));
		}
		(*names)[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(*names, n, sizeof(**names), by_name);
	return n;
}

/* The cgroup2 hierarchy: /sys/fs/cgroup itself, or a directory in it. */
static bool unified_dir(char *out, size_t len)
{
	DIR *d;
	struct dirent *de;
	bool found = false;

	if (fs_type(CGROUP_ROOT) == CGROUP2_SUPER_MAGIC) {
		snprintf(out, len, "%s", CGROUP_ROOT);
		return true;
	}
	if (!(d = opendir(CGROUP_ROOT)))
		return false;
	while (!found && (de = readdir(d))) {
		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		snprintf(out, len, CGROUP_ROOT "/%s", de->d_name);
		found = fs_type(out) == CGROUP2_SUPER_MAGIC;
	}
	closedir(d);
	return found;
}

void cgroup_paths_of(struct strbuf *out, uint64_t id, const char *filter)
{
	char dir[512];
	char **names;
	size_t start = out->len;
	int n = 0;

	if (unified_dir(dir, sizeof(dir)))
		add_hierarchy(out, start, "unified", dir, id, filter);
	if (fs_type(CGROUP_ROOT) != CGROUP2_SUPER_MAGIC)
		n = v1_hierarchies(&names);
	for (int i = 0; i < n; i++) {
		snprintf(dir, sizeof(dir), CGROUP_ROOT "/%s", names[i]);
		add_hierarchy(out, start, names[i], dir, id, filter);
		free(names[i]);
	}
	if (n)
		free(names);
}
