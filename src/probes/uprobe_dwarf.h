/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types from a user binary's DWARF: the parameters of a probed function
 * (uprobe `args`) and struct/union types by name, turned into sonde's
 * types.  Binaries without DWARF give NULL.
 */
#ifndef SONDE_UPROBE_DWARF_H
#define SONDE_UPROBE_DWARF_H

#include <stdint.h>
#include <stdio.h>

#include "../lang/types.h"

/*
 * `args` of a uprobe on func in path: a record value (laid out as C
 * would) whose field i is the parameter the x86-64 calling convention
 * passes in argument register i (the first six that fit a register;
 * pointers point to user memory).  NULL without DWARF or parameters.
 */
struct type *uprobe_dwarf_args(const char *path, const char *func);
/* struct pt_regs offset of argument register i (0..5). */
uint32_t uprobe_dwarf_arg_reg(int i);
/* "struct Foo", "union U", or a typedef name, as path's DWARF defines it. */
struct type *uprobe_dwarf_type(const char *path, const char *name);
/* -lv: the function's parameters as C declares them, one "    TYPE NAME" a line. */
void uprobe_dwarf_list_params(FILE *out, const char *path, const char *func);
/*
 * uprobe:BIN@FILE:LINE: the address where LINE of FILE (a name or the end
 * of a path) starts in path's line table.  0, or -1 when there is none.
 */
int uprobe_dwarf_line_addr(const char *path, const char *file, int line, uint64_t *addr);
void uprobe_dwarf_free(void);

#endif
