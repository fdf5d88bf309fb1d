/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Diagnostics that point at the source, in bpftrace's format:
 *
 *   FILE:LINE:COL-ENDCOL: ERROR: message
 *   the source line
 *   ~~~~~~~~~
 *   HINT: optional hint
 *
 * Scripts given with -e are named "stdin".
 */
#ifndef SONDE_DIAG_H
#define SONDE_DIAG_H

#include "ast.h"

struct source {
	char *name;		/* file name, or "stdin" for -e and - */
	char *text;		/* NUL-terminated; may also contain NUL bytes */
	size_t len;
	/*
	 * The macro calls expanded (macro.c): a diagnostic at a node a
	 * macro's body gave goes on with "expanded from" and each call
	 * (loc.expansion), the innermost first, as bpftrace prints it.
	 */
	VEC(struct loc) expansions;
	int file;		/* 0, or its number among the imported files (loc.file) */
};

/* Record a macro call: the loc.expansion its body's nodes get. */
int source_add_expansion(struct source *src, struct loc call);
/* Free what the source holds besides name and text. */
void source_free_expansions(struct source *src);

/* Programs larger than this are refused (the front end's memory is ~70x this). */
#define SOURCE_MAX_SIZE (16 << 20)

/* Where diagnostics go (stderr unless a test redirects them). */
extern FILE *diag_out;
extern int diag_error_count;
/* --no-warnings: every WARNING (and its HINT) is dropped */
extern bool diag_no_warnings;
/* Print at most this many errors (0: all); main() sets 100, as compilers do. */
extern int diag_max_errors;
/*
 * When set, rewrites each message and hint before it prints: a front end
 * names its own variables (sonde dtrace: this->x for $this_x).
 */
struct strbuf;
extern void (*diag_rewrite)(struct strbuf *msg);

void diag_error(const struct source *src, struct loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag_warning(const struct source *src, struct loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/*
 * A message of the running program (errorf/warnf): "FILE:L:C-E: ERROR:
 * message" or WARNING, without the source excerpt; a call a macro gave
 * goes on with where the macro was expanded from, with its excerpt.
 */
void diag_located(const struct source *src, struct loc loc, bool error, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A "HINT: ..." line after the last error or warning. */
void diag_hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A warning with no source position: "WARNING: message". */
void diag_plain_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * "program too large" at the first byte past SOURCE_MAX_SIZE: src holds
 * the first SOURCE_MAX_SIZE bytes of the program.
 */
void diag_source_too_big(const struct source *src);
/*
 * Imported files: a source registered here gets its number (1, 2, ...) in
 * src->file, which the lexer puts in each loc it makes; diagnostics then
 * name that file and quote its lines.  The registry owns the source.
 */
int diag_source_register(struct source *src);
/* The source loc is in: src itself, or the imported file loc.file names. */
const struct source *diag_source_of(const struct source *src, struct loc loc);
void diag_sources_free(void);
/* An error with no source position: "ERROR: message". */
void diag_plain_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
