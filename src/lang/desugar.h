/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The desugaring pass: rewrites of the tree that do not depend on the
 * concrete probe, done once over the whole program after macro expansion
 * and before sema types anything, instead of in place by sema once per
 * expanded probe.
 */
#ifndef SONDE_DESUGAR_H
#define SONDE_DESUGAR_H

#include "ast.h"

struct program;

/* prog: the positional parameters some rewrites read */
void desugar(struct node *root, const struct program *prog);

#endif
