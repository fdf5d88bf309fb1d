// SPDX-License-Identifier: GPL-2.0
/*
 * System call names by number, for the syscall slices of the recorder's
 * exports (the file stores numbers; docs/record.md): the architecture's
 * table (src/arch/syscalls.c), the names strace prints.
 */
#include "record/recfile.h"

#include "arch/syscalls.h"

const char *rec_syscall_name(uint64_t nr)
{
	return nr < ARCH_SYSCALLS_MAX ? arch_syscall_name((int)nr) : NULL;
}
