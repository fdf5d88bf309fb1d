/* SPDX-License-Identifier: GPL-2.0 */
/*
 * import "PATH"; (import.c): scripts, headers and directories read into
 * the program; bpftrace's standard library modules as sonde's built-ins.
 */
#ifndef SONDE_IMPORT_H
#define SONDE_IMPORT_H

#include <stdbool.h>

#include "lang/ast.h"
#include "lang/diag.h"

/*
 * Replace prog's N_IMPORT items by what the files bring (an import of a
 * standard library module stays).  0, or -1 after located errors.
 */
int import_resolve(struct node *prog, const struct source *src);
/* Whether prog imports the standard library module (func_desc.module). */
bool import_has_module(const struct node *prog, const char *module);

#endif
