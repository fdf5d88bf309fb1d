/* SPDX-License-Identifier: GPL-2.0 */
/* Expansion of `macro` definitions in the AST, before sema. */
#ifndef SONDE_MACRO_H
#define SONDE_MACRO_H

#include "diag.h"

/*
 * Expand every macro call in the program's probes; -1 after located
 * errors.  Each call is recorded in src's expansion table (diag.h).
 */
int macro_expand(struct source *src, struct node *program);

#endif
