/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small C-style preprocessor run on the script text before the lexer.
 *
 *   #include "FILE"         read (relative to the including file): its
 *                            #defines and its struct/enum/typedef text
 *   #include <...>           kernel headers (linux/, net/, asm/, ...) are
 *                            satisfied by BTF; other system headers must
 *                            exist, and are not read
 *   #define NAME value       object-like macros
 *   #define NAME(a, b) expr  function-like macros
 *   #undef NAME
 *   #ifdef / #ifndef / #if 0 / #if 1 / #else / #endif
 *   a backslash at the end of a line continues a directive
 *   #! on the first line     a shebang, dropped
 *
 * Locations stay right: the output has exactly the lines of the input
 * (directive lines, continuation lines and skipped #if blocks become empty
 * lines), so every line number is the original one.  A line without macro
 * uses is copied byte for byte, so its columns are the original ones too.
 * An expansion shorter than the text it replaces is padded with spaces,
 * which keeps the columns after it; a longer one shifts what follows on
 * that line only.  Diagnostics are printed against the output text, so
 * the excerpt and its '~' marks always agree.
 *
 * Expansion never touches string literals, comments, $variables or
 * @maps; a macro is not expanded inside its own expansion, nesting
 * stops at PREPROC_MAX_DEPTH, the text all expansions produce at
 * PREPROC_MAX_EXPANSION and their number at PREPROC_MAX_USES, with one
 * error.
 */
#ifndef SONDE_PREPROC_H
#define SONDE_PREPROC_H

#include <stdbool.h>
#include <stdint.h>

#include "lang/diag.h"

#define PREPROC_MAX_DEPTH 32
/* All macro expansions of a program together produce at most this much text. */
#define PREPROC_MAX_EXPANSION (32 << 20)
/* ... and expand at most this many macro uses. */
#define PREPROC_MAX_USES 1000000
/* #include "FILE" nests at most this deep (a file that includes itself). */
#define PREPROC_MAX_INCLUDE_DEPTH 16

/*
 * Preprocess in into out (out->name is a copy of in->name; free out->name
 * and out->text).  Returns 0, or -1 after a located diag_error (bad
 * #define, #else/#endif without #if, unterminated #if, wrong macro
 * argument count, expansion too deep).
 */
int preproc_run(const struct source *in, struct source *out);

/*
 * The constants scripts take from kernel and libc headers (TASK_RUNNING,
 * AF_INET, O_RDONLY, SIGKILL, EPERM, TCP_ESTABLISHED, ...), for sema to
 * resolve bare identifiers.  false when name is not one of them.
 */
bool preproc_constant(const char *name, int64_t *value);

#endif
