/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SONDE_CGROUP_H
#define SONDE_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The path of cgroup v2 id under the cgroup2 mount ("/system.slice/x"). */
bool cgroup_path_of(uint64_t id, char *out, size_t len);

#endif
