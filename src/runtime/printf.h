/* SPDX-License-Identifier: GPL-2.0 */
/*
 * printf(): C conversions over arguments that arrive as raw bytes laid out
 * as a tuple type.  Supported: %d %i %u %o %x %X %c %s %p, the buffer
 * conversions %r %rx %rh, length modifiers hh h l ll j z t, flags - + space
 * # 0, width and precision, and %% for a literal percent sign.  Without a
 * length modifier integers print at their full 64-bit value.
 */
#ifndef SONDE_PRINTF_H
#define SONDE_PRINTF_H

#include <stddef.h>

#include "lang/types.h"
#include "program.h"
#include "util.h"

/*
 * Format fmt with the arguments in data (laid out as args, a TY_TUPLE, or
 * NULL when there are none).  Escapes were already processed by the lexer.
 */
void format_printf(struct strbuf *out, const char *fmt, const struct type *args,
		   const void *data, const struct program *prog);

/*
 * A format parsed once for the records of one event: bare integer
 * conversions print with our own digit loop and bare values straight into
 * out, the rest exactly as format_printf() does.  fmt and args must
 * outlive the plan.
 */
struct printf_plan;
struct printf_plan *printf_plan_new(const char *fmt, const struct type *args);
void printf_plan_run(struct strbuf *out, const struct printf_plan *p, const void *data,
		     const struct program *prog);
void printf_plan_free(struct printf_plan *p);

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

#endif
