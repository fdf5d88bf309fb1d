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

#endif
