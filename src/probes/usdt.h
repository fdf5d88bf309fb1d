/* SPDX-License-Identifier: GPL-2.0 */
/*
 * USDT argument specs, as sdt.h writes them into .note.stapsdt:
 * "SIZE@OPERAND" separated by spaces, SIZE negative for signed values
 * (-4@%edi), OPERAND a register (%rax, %edi, %r8d, %al), a constant ($5,
 * $-7) or a memory reference (-16(%rbp), (%rax), 8(%rsp)).
 */
#ifndef SONDE_USDT_H
#define SONDE_USDT_H

#include "provider.h"

/* sdt.h supports at most 12 arguments per probe. */
#define USDT_MAX_ARGS 12

/*
 * Parse one spec at *text (leading spaces skipped), advancing *text past
 * it.  0, or -1 with *why set to a static message.
 */
int usdt_parse_arg(const char **text, struct usdt_arg *out, const char **why);

/* Parse every spec of a note: the number of arguments, or -1 with *why set. */
int usdt_parse_args(const char *text, struct usdt_arg *args, int max, const char **why);

/* "-4@%edi"-style text of a parsed argument's type for -lv: "int32", "uint64". */
const char *usdt_arg_type_name(const struct usdt_arg *arg);

#endif
