// SPDX-License-Identifier: GPL-2.0
/*
 * cgroup_path(id): the cgroup v2 directory whose inode number is id,
 * relative to the cgroup2 mount.  Found by walking the mount once per
 * lookup (cgroups are few; printing is rare).
 */
#include "cgroup.h"

#include <dirent.h>
#include <mntent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "../util.h"

static bool cgroup2_mount(char *out, size_t len)
{
	struct mntent *m;
	FILE *f = setmntent("/proc/self/mounts", "r");
	bool found = false;

	if (!f)
		return false;
	while ((m = getmntent(f)))
		if (strcmp(m->mnt_type, "cgroup2") == 0) {
			snprintf(out, len, "%s", m->mnt_dir);
			found = true;
			break;
		}
	endmntent(f);
	return found;
}

static bool walk(char *path, size_t len, size_t root_len, uint64_t id, int depth)
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
		if (walk(path, len, root_len, id, depth + 1)) {
			closedir(d);
			return true;
		}
		path[n] = '\0';
	}
	closedir(d);
	return false;
}

bool cgroup_path_of(uint64_t id, char *out, size_t len)
{
	char path[4096];
	size_t root_len;

	if (!cgroup2_mount(path, sizeof(path)))
		return false;
	root_len = strlen(path);
	if (!walk(path, sizeof(path), root_len, id, 0))
		return false;
	snprintf(out, len, "%s", path[root_len] ? path + root_len : "/");
	return true;
}
