/* SPDX-License-Identifier: GPL-2.0 */
/*
 * uprobe_multi links (Linux 6.6): one BPF link attaches a program at many
 * offsets of one file.  Debian's libbpf 1.1 predates them, so the link is
 * made through the bpf() system call directly.
 */
#ifndef SONDE_UPROBE_MULTI_H
#define SONDE_UPROBE_MULTI_H

#include <stdbool.h>
#include <stdint.h>

/* The expected attach type of a program attached by a uprobe_multi link. */
#define UPROBE_MULTI_ATTACH_TYPE 48	/* BPF_TRACE_UPROBE_MULTI */

/* Whether the kernel makes uprobe_multi links (probed once, cached). */
bool uprobe_multi_supported(void);

/*
 * A link running prog_fd at each of the cnt file offsets of path, at the
 * functions' returns when retprobe, in process pid only when pid > 0.
 * The link fd, or -errno (the kernel's ENOTSUPP, 524, when it refuses one
 * offset's instruction).
 */
int uprobe_multi_link(int prog_fd, const char *path, const uint64_t *offsets, int cnt,
		      bool retprobe, int pid);

#endif
