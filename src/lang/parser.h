/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parser: a recursive-descent parser for the whole bpftrace language
 * (probes, predicates, statements, C-precedence expressions, config
 * blocks, macros, functions, map declarations, C definitions and
 * preprocessor lines, which it keeps as text for a later stage).
 */
#ifndef SONDE_PARSER_H
#define SONDE_PARSER_H

#include "ast.h"
#include "diag.h"

/* Nesting deeper than this is an error rather than a deep recursion. */
#define PARSE_MAX_DEPTH 256

/*
 * Parse a whole program.  Returns an N_PROGRAM node, or NULL after
 * reporting the first error with diag_error (diag_error_count > 0).
 * Never crashes on malformed input, NUL bytes or invalid UTF-8; frees
 * everything it built when it fails.
 */
struct node *parse_program(const struct source *src);
/* The same without reading in its imports (import.c, for imported files). */
struct node *parse_program_only(const struct source *src);
/* The same for the D front end: also a[k1, k2] (keys after the first in the N_INDEX's args). */
struct node *parse_d_program(const struct source *src);

#endif
