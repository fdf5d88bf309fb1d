/* SPDX-License-Identifier: GPL-2.0 */
/*
 * printf(): C conversions over arguments that arrive as raw bytes laid out
 * as a tuple type (the formats: lang/printf_fmt.h).  Without a length
 * modifier an integer converts to a 32-bit int first, as in C and
 * bpftrace; %ld, %lld, %jd print all 64 bits.
 */
#ifndef SONDE_PRINTF_H
#define SONDE_PRINTF_H

#include <stddef.h>

#include "lang/printf_fmt.h"
#include "lang/types.h"
#include "lang/program.h"
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

#endif
