/* SPDX-License-Identifier: GPL-2.0 */
/* rawtracepoint: the arguments of a raw tracepoint, from BTF. */
#ifndef SONDE_RAWTRACEPOINT_H
#define SONDE_RAWTRACEPOINT_H

/*
 * Argument `name` of a rawtracepoint target: its index in the u64 context
 * array and its BTF type id (in vmlinux or the module's BTF).  0, or -1.
 */
int rawtracepoint_arg(void *target, const char *name, int *index, int *btf_type_id);
/* Number of arguments (-1 when the kernel has no BTF for it). */
int rawtracepoint_nargs(void *target);

#endif
