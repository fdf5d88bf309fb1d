/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /proc/PID/maps: what a process has mapped, to find the libraries and
 * binaries behind a -p PID.
 */
#ifndef SONDE_SYM_PROCMAPS_H
#define SONDE_SYM_PROCMAPS_H

#include <stdbool.h>
#include <stdint.h>

#include "../util.h"

struct procmap {
	uint64_t start, end;	/* virtual addresses [start, end) */
	uint64_t offset;	/* file offset of start */
	bool exec;		/* mapped executable */
	char *path;		/* the file, or NULL for anonymous / special mappings */
	uint8_t build_id[20];	/* the file's, when the kernel said (mapping events) */
	uint8_t build_id_size;	/* 0: unknown */
};

typedef VEC(struct procmap) procmaplist;
typedef VEC(char *) pathlist;

/* Parse maps text (the format of /proc/PID/maps).  Appends to out. */
void procmaps_parse(const char *text, procmaplist *out);
/* Read /proc/PID/maps; 0 or -errno. */
int procmaps_read(int pid, procmaplist *out);
void procmaps_free(procmaplist *list);
/* A deep copy of from, appended to out. */
void procmaps_copy(const procmaplist *from, procmaplist *out);
/*
 * Put m into maps (taking its path): what it overlaps was unmapped by it,
 * so overlapping mappings are cut or dropped first.
 */
void procmaps_insert(procmaplist *maps, struct procmap *m);

/*
 * The distinct files mapped by pid, in address order (absolute paths of
 * regular files only: no "[vdso]", no deleted files).  A process in another
 * mount namespace (a container) names files sonde may not see at those
 * paths: they come as /proc/PID/root/PATH, which opens the process's own.
 * 0 or -errno.
 */
int procmaps_files(int pid, pathlist *out);
void pathlist_free(pathlist *list);

/*
 * The file pid maps for a library name ("libc", "libc.so.6") or, when
 * name holds a '/', that exact path; newly allocated, NULL when none.
 */
char *procmaps_find(int pid, const char *name);

/* PATH of "/proc/PID/root/PATH" (the path inside the process's namespace), else path. */
const char *procmaps_inner_path(const char *path);

/* The executable of pid (the target of /proc/PID/exe), or NULL. */
char *procmaps_exe(int pid);

#endif
