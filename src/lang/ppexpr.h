/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The constant expressions of #if and #elif, evaluated after macro
 * expansion and after defined(X) became 1 or 0.
 *
 * C's operators and precedence: ?: || && | ^ & == != < <= > >= << >>
 * + - * / % and the unary ! ~ - +, parentheses, decimal, octal and hex
 * integers (u/l suffixes ignored).  Identifiers left after expansion are
 * 0, as in C.  Arithmetic is on 64-bit signed integers and wraps on
 * overflow (never undefined behaviour); division by zero, a shift by a
 * negative count or by 64 or more, a literal wider than 64 bits and
 * nesting deeper than PPEXPR_MAX_DEPTH are errors.
 */
#ifndef SONDE_PPEXPR_H
#define SONDE_PPEXPR_H

#include <stdint.h>

/* Parentheses, unary operators and ?: nested deeper than this are an error. */
#define PPEXPR_MAX_DEPTH 256

/*
 * Evaluate s.  0 and *value on success; -1 with *why (a static string
 * saying what is wrong) otherwise.
 */
int ppexpr_eval(const char *s, int64_t *value, const char **why);

#endif
