/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Many syscall tracepoints as one program on raw_syscalls (syscall_merge.c).
 */
#ifndef SONDE_SYSCALL_MERGE_H
#define SONDE_SYSCALL_MERGE_H

#include "lang/program.h"

/*
 * Probes whose attach points matched fewer syscalls stay as they are: the
 * merged program runs on every system call, traced or not, while a few
 * dozen tracepoints cost little to tear down (syscall_merge.c).
 */
#define SYSCALL_MERGE_MIN 64

/* After probe expansion and macros: fold each eligible group (see .c). */
void syscall_merge(struct program *prog);

/* After the user maps: one array map per merged program (number -> probe). */
void syscall_merge_maps(struct program *prog);

#endif
