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

/*
 * The hierarchies at /sys/fs/cgroup, in one pass: *unified gets the
 * cgroup2 directory ("" when none), the v1 directories' names come back
 * sorted (caller frees).  /sys/fs/cgroup itself cgroup2: no v1 at all.
 */
static int hierarchies(char *unified, size_t len, char ***v1)
{
	DIR *d;
	struct dirent *de;
	char dir[512];
	long type;
	int n = 0, cap = 0;

	*v1 = NULL;
	*unified = '\0';
	if (fs_type(CGROUP_ROOT) == CGROUP2_SUPER_MAGIC) {
		snprintf(unified, len, "%s", CGROUP_ROOT);
		return 0;
	}
	if (!(d = opendir(CGROUP_ROOT)))
		return 0;
	while ((de = readdir(d))) {
		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		snprintf(dir, sizeof(dir), CGROUP_ROOT "/%s", de->d_name);
		type = fs_type(dir);
		if (type == CGROUP2_SUPER_MAGIC && !*unified) {
			snprintf(unified, len, "%s", dir);
		} else if (type == CGROUP_SUPER_MAGIC) {
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				*v1 = xrealloc(*v1, cap * sizeof(**v1));
			}
			(*v1)[n++] = xstrdup(de->d_name);
		}
	}
	closedir(d);
	if (n)
		qsort(*v1, n, sizeof(**v1), by_name);
	return n;
}

void cgroup_paths_of(struct strbuf *out, uint64_t id, const char *filter)
{
	char unified[512], dir[512];
	char **names;
	size_t start = out->len;
	int n = hierarchies(unified, sizeof(unified), &names);

	if (*unified)
		add_hierarchy(out, start, "unified", unified, id, filter);
	for (int i = 0; i < n; i++) {
		snprintf(dir, sizeof(dir), CGROUP_ROOT "/%s", names[i]);
		add_hierarchy(out, start, names[i], dir, id, filter);
		free(names[i]);
	}
	free(names);
}
