/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stacks and symbols as bpftrace prints them.  A kstack/ustack value holds
 * a stack id into the program's IMAP_STACKS map; ksym/usym hold addresses.
 *
 *   bpftrace mode  "\n" then INDENT spaces + "func+off\n" per frame
 *   perf mode      "\n" then "\t<hex addr> func+off (module)\n" per frame
 *
 * With show_debug_info (the default), a user frame whose binary has DWARF
 * adds "@FILE:LINE" in bpftrace mode and is preceded by the functions
 * inlined at it, innermost first: "[inlined] func@FILE:LINE" (bpftrace
 * mode) or "\t<hex addr> func (inlined)" (perf mode).  A relative FILE
 * is printed after its unit's compilation directory.
 *   raw mode       "\n" then "<hex addr>\n" per frame
 *
 * Map keys, map values and print() indent by 8; printf("%s") by 4.
 */
#ifndef SONDE_STACKFMT_H
#define SONDE_STACKFMT_H

#include <stdbool.h>
#include <stdint.h>

#include "lang/types.h"
#include "lang/program.h"
#include "util.h"

#define STACK_INDENT_VALUE 8
#define STACK_INDENT_PRINTF 4

/*
 * The frames of stack id into frames (up to max, zero-terminated in the
 * map); the number read, or -1 when the id is invalid or unknown.  With
 * unwind = dwarf, user stacks come from prog->ustacks (ustacks.h).
 */
int stack_frames(const struct program *prog, uint64_t stackid, uint64_t *frames, int max);

/* A kernel frame: "func+off" (show_offset) or "func", "0xADDR" when unknown. */
void stack_format_kaddr(struct strbuf *out, uint64_t addr, bool show_offset, bool perf);

/*
 * Frames already read (innermost first) as a stack value of type t
 * (TY_KSTACK or TY_USTACK; pid is the process of a user stack);
 * debug_info: user frames with source lines and inlined functions.
 */
void stack_format_frames(struct strbuf *out, const struct type *t, const uint64_t *frames,
			 int n, int pid, int indent, bool debug_info);
/* A kstack/ustack value (the bytes codegen laid out) as text. */
void stack_format(struct strbuf *out, const struct type *t, const void *data,
		  const struct program *prog, int indent);
/* ksym_t / usym_t values. */
void stack_format_ksym(struct strbuf *out, const void *data);
void stack_format_usym(struct strbuf *out, const void *data);
/*
 * A ksym/usym value of a D style (t->stack_mode, enum sym_style) as DTrace
 * prints it: "module`func" (vmlinux for the kernel, the file's name for
 * user code), "module", "module`func+0xoff"; the address when unknown.
 */
void stack_format_dsym(struct strbuf *out, const struct type *t, const void *data);

#endif
