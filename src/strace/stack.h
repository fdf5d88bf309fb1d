/* SPDX-License-Identifier: GPL-2.0 */
/*
 * -k: a call's user stack (REC_STACK: registers and a copy of the top of
 * the stack), unwound with the DWARF unwinder (sym/dwarf_unwind.h: libc
 * has no frame pointers) and written as strace writes it:
 *  > /lib/x86_64-linux-gnu/libc.so.6(__read+0x11) [0x10e1d1]
 * the file, the symbol and the pc's offset from it, the pc's offset in the
 * file.  Unwound and symbolized when the record arrives, while the process
 * most likely still runs; the caller prints the text after the call's line.
 */
#ifndef SONDE_STRACE_STACK_H
#define SONDE_STRACE_STACK_H

#include "strace/record.h"

struct stacks;

struct stacks *stacks_new(void);
void stacks_free(struct stacks *s);
/* The lines of r's stack (malloc'ed, each ending in a newline). */
char *stacks_format(struct stacks *s, const struct strace_rec *r);
/* pid ran exec: its mappings changed. */
void stacks_exec(struct stacks *s, int pid);

#endif
