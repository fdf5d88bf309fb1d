// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/PID/maps parsing.  A line is
 *   START-END PERMS OFFSET DEV INODE [PATH]
 * with addresses and offset in hex; PATH may hold spaces and ends with
 * " (deleted)" when the file was removed after mapping.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ldcache.h"
#include "procmaps.h"

static int parse_line(const char *line, struct procmap *m)
{
	char perms[5];
	int path_at = 0;

	memset(m, 0, sizeof(*m));
	if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %4s %" SCNx64 " %*s %*u %n", &m->start,
		   &m->end, perms, &m->offset, &path_at) < 4)
		return -1;
	m->exec = perms[2] == 'x';
	if (path_at && line[path_at])
		m->path = xstrdup(line + path_at);
	return 0;
}

void procmaps_parse(const char *text, procmaplist *out)
{
	const char *p = text;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		char *line = nl ? xstrndup(p, nl - p) : xstrdup(p);
		struct procmap m;

		if (parse_line(line, &m) == 0)
			vec_push(out, m);
		free(line);
		p = nl ? nl + 1 : NULL;
	}
}

int procmaps_read(int pid, procmaplist *out)
{
	char path[64];
	char *text;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	text = read_file(path, NULL);
	if (!text)
		return -errno;
	procmaps_parse(text, out);
	free(text);
	return 0;
}

void procmaps_free(procmaplist *list)
{
	for (int i = 0; i < list->n; i++)
		free(list->v[i].path);
	vec_free(list);
}

void procmaps_copy(const procmaplist *from, procmaplist *out)
{
	for (int i = 0; i < from->n; i++) {
		struct procmap m = from->v[i];

		m.path = m.path ? xstrdup(m.path) : NULL;
		vec_push(out, m);
	}
}

/* old's part outside [start, end): its left and right pieces, into out. */
static void keep_outside(const struct procmap *old, uint64_t start, uint64_t end,
			 procmaplist *out)
{
	struct procmap piece;

	if (old->start < start) {
		piece = *old;
		piece.end = start;
		piece.path = old->path ? xstrdup(old->path) : NULL;
		vec_push(out, piece);
	}
	if (old->end > end) {
		piece = *old;
		piece.offset += end - old->start;
		piece.start = end;
		piece.path = old->path ? xstrdup(old->path) : NULL;
		vec_push(out, piece);
	}
}

void procmaps_insert(procmaplist *maps, struct procmap *m)
{
	procmaplist kept = { 0 };

	for (int i = 0; i < maps->n; i++) {
		struct procmap *old = &maps->v[i];

		if (old->end <= m->start || old->start >= m->end) {
			vec_push(&kept, *old);
			continue;
		}
		keep_outside(old, m->start, m->end, &kept);
		free(old->path);
	}
	vec_push(&kept, *m);
	vec_free(maps);
	*maps = kept;
}

void pathlist_free(pathlist *list)
{
	for (int i = 0; i < list->n; i++)
		free(list->v[i]);
	vec_free(list);
}

static bool is_file_path(const char *path)
{
	size_t n;

	if (!path || path[0] != '/')
		return false;
	n = strlen(path);
	return n < 10 || strcmp(path + n - 10, " (deleted)") != 0;
}

static bool seen(const pathlist *list, const char *path)
{
	for (int i = 0; i < list->n; i++)
		if (strcmp(list->v[i], path) == 0)
			return true;
	return false;
}

/* Whether pid sees another mount namespace than sonde (a container). */
static bool other_mount_ns(int pid)
{
	char path[64];
	struct stat self, other;

	snprintf(path, sizeof(path), "/proc/%d/ns/mnt", pid);
	if (stat("/proc/self/ns/mnt", &self) || stat(path, &other))
		return false;
	return self.st_ino != other.st_ino || self.st_dev != other.st_dev;
}

const char *procmaps_inner_path(const char *path)
{
	const char *p = path;

	if (strncmp(p, "/proc/", 6) != 0)
		return path;
	p += 6;
	if (*p < '0' || *p > '9')
		return path;
	while (*p >= '0' && *p <= '9')
		p++;
	return strncmp(p, "/root/", 6) == 0 ? p + 5 : path;
}

int procmaps_files(int pid, pathlist *out)
{
	procmaplist maps = { 0 };
	int err = procmaps_read(pid, &maps);
	bool prefix;

	if (err)
		return err;
	prefix = other_mount_ns(pid);
	for (int i = 0; i < maps.n; i++) {
		const char *path = maps.v[i].path;
		char *mine;

		if (!is_file_path(path))
			continue;
		mine = prefix ? xasprintf("/proc/%d/root%s", pid, path) : xstrdup(path);
		if (seen(out, mine))
			free(mine);
		else
			vec_push(out, mine);
	}
	procmaps_free(&maps);
	return 0;
}

char *procmaps_find(int pid, const char *name)
{
	pathlist files = { 0 };
	char *found = NULL;

	if (procmaps_files(pid, &files))
		return NULL;
	for (int i = 0; i < files.n && !found; i++) {
		const char *base = strrchr(files.v[i], '/') + 1;
		const char *inner = procmaps_inner_path(files.v[i]);

		if (strchr(name, '/') ? strcmp(files.v[i], name) == 0 || strcmp(inner, name) == 0
				      : ldcache_name_matches(name, base))
			found = xstrdup(files.v[i]);
	}
	pathlist_free(&files);
	return found;
}

char *procmaps_exe(int pid)
{
	char link[64], buf[PATH_MAX];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/%d/exe", pid);
	n = readlink(link, buf, sizeof(buf) - 1);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return xstrdup(buf);
}
