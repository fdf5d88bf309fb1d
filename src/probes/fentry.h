/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fentry/fexit: kernel functions traced through BPF trampolines, with
 * arguments typed by the kernel's BTF.
 */
#ifndef SONDE_FENTRY_H
#define SONDE_FENTRY_H

#include <stdbool.h>

/*
 * Whether the kernel loads fentry programs: 0, or the -errno of a trial
 * load (EPERM where trampolines are unavailable, ENOENT without BTF).
 */
int fentry_check(void);

/*
 * Argument `name` of an fentry/fexit probe target: its index in the
 * program's u64 context array and its BTF type id (in the function's BTF,
 * vmlinux or the module's).  An fexit target also answers "retval" (the
 * slot after the last argument).  0, or -1 when there is no such argument.
 */
int fentry_arg(void *target, const char *name, int *index, int *btf_type_id);
/* Number of arguments of the target function. */
int fentry_nargs(void *target);

#endif
