/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What uprobe.c shares with usdt.c: finding the binaries an attach point
 * names, and attaching at file offsets through the uprobe PMU.
 */
#ifndef SONDE_UPROBE_H
#define SONDE_UPROBE_H

#include <stdbool.h>
#include <stdint.h>

#include "provider.h"
#include "../sym/procmaps.h"

/*
 * The files BIN names, appended to out (newly allocated paths):
 *   - with pid: a file the process maps whose name matches (library
 *     names such as "libc", exact paths, or wildcards over the paths);
 *   - a path with '/' (wildcards expand through glob(3));
 *   - an executable found in $PATH;
 *   - a library in the ld.so cache ("libc" -> /lib/x86_64-linux-gnu/libc.so.6).
 * Only ELF files are returned.  0, or -1 with *why set to a static
 * message.
 */
int uprobe_resolve_binary(const char *bin, int pid, pathlist *out, const char **why);

/*
 * Attach prog_fd at file offset of path (a return probe when retprobe;
 * semaphore at file offset ref_ctr_off, 0 for none), limited to pid when
 * pid > 0.  Pushes the fds that hold it; 0 or -errno after printing
 * "ERROR: <probe>: <why>".
 */
int uprobe_attach_at(const char *probe, const char *path, uint64_t offset,
		     uint64_t ref_ctr_off, bool retprobe, int pid, int prog_fd, fdlist *fds);

#endif
