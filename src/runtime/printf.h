/* SPDX-License-Identifier: GPL-2.0 */
/*
 * printf(): C conversions over arguments that arrive as raw bytes laid out
 * as a tuple type (the formats: lang/printf_fmt.h).  Without a length
 * modifier integers print at their full 64-bit value.
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

#endif
