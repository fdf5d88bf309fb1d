/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SONDE_CGROUP_H
#define SONDE_CGROUP_H

#include <stdint.h>

#include "../util.h"

/*
 * Append cgroup id's path in each hierarchy at /sys/fs/cgroup whose name
 * matches filter (NULL: all): "unified:/system.slice/x,memory:/x".
 * Nothing when no hierarchy has it.
 */
void cgroup_paths_of(struct strbuf *out, uint64_t id, const char *filter);

#endif
