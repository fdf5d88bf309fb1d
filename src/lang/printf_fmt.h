/* SPDX-License-Identifier: GPL-2.0 */
/*
 * printf() format strings: C conversions (%d %i %u %o %x %X %c %s %p), the
 * buffer conversions %r %rx %rh %rd, %gr (GFP flags by name), length
 * modifiers hh h l ll j z t (none: a 32-bit int, as C would), flags
 * - + space # 0, width and precision, and %% for a literal percent sign.
 */
#ifndef SONDE_PRINTF_FMT_H
#define SONDE_PRINTF_FMT_H

#include <stdbool.h>
#include <stddef.h>

#include "lang/types.h"

/* One conversion of a format. */
struct conv {
	size_t start, len;	/* where in fmt, how long */
	char flags[8];
	int width;		/* -1: none */
	int precision;		/* -1: none */
	char length[3];		/* "", "hh", "h", "l", "ll", "j", "z", "t" */
	char spec[3];		/* "d", ..., "r", "rx", "rh", "rd", "gr" */
};

typedef void (*printf_lit_fn)(void *ctx, const char *s, size_t len);
typedef void (*printf_conv_fn)(void *ctx, const struct conv *c, int index);

/*
 * Walk fmt: lit gets each run of literal text, conv each conversion with
 * the index of its argument (either may be NULL).  Returns the number of
 * conversions that take an argument.
 */
int printf_walk(const char *fmt, printf_lit_fn lit, printf_conv_fn conv, void *ctx);

/*
 * Check fmt against the argument types at compile time.  Returns 0, or -1
 * with a message in err ("printf: Too many arguments for format string (1
 * supplied, 0 expected)") and *err_col set to the offset of the offending
 * conversion in fmt, or -1 when the message is about the whole call.
 */
int printf_check(const char *fmt, struct type *const *argtypes, int nargs,
		 char *err, size_t errlen, int *err_col);

/* Number of conversions in fmt that take an argument. */
int printf_count(const char *fmt);

/*
 * The offset of the first '%' in fmt that starts no conversion (%q, %f,
 * %*d, a lone %), with a message in err; -1 when there is none.
 */
int printf_bad_token(const char *fmt, char *err, size_t errlen);

/* Whether a %d-like conversion takes a value of type t. */
bool printf_int_like(const struct type *t);

#endif
