/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Values by type: the bytes the kernel hands back, laid out as their
 * struct type says, printed the way bpftrace prints them.
 */
#ifndef SONDE_FORMAT_H
#define SONDE_FORMAT_H

#include <stdint.h>

#include "lang/types.h"
#include "lang/program.h"
#include "util.h"

/*
 * Text: ints (sign-extended by size), strings up to the NUL (".." appended
 * when the capacity holds no NUL), tuples "(1, abc)", records
 * "{ .a = 1, .b = 2 }", arrays "[1,2,3]", bools "true"/"false", probe
 * names, user names.  prog may be NULL (probe indexes print as numbers).
 */
void format_value(struct strbuf *out, const struct type *t, const void *data,
		  const struct program *prog);
/*
 * A printf("%s") argument: as format_value(), except that stacks indent
 * their frames by 4 spaces instead of 8, as bpftrace does.
 */
void format_arg(struct strbuf *out, const struct type *t, const void *data,
		const struct program *prog);
/* The same value as JSON (strings quoted, tuples and arrays as arrays). */
void format_value_json(struct strbuf *out, const struct type *t, const void *data,
		       const struct program *prog);
/* A map key as bpftrace prints it inside @m[...]: a tuple without its parens. */
void format_key(struct strbuf *out, const struct type *t, const void *data,
		const struct program *prog);
/*
 * A JSON object key: the text of the key with tuple members joined by ","
 * and spaces dropped (except inside strings).
 */
void format_key_json(struct strbuf *out, const struct type *t, const void *data,
		     const struct program *prog);

/*
 * strftime(fmt, nsecs) as bpftrace prints it: wall_ns is nanoseconds since
 * the epoch, broken down in local time; "%f" is the microseconds (6
 * digits) that strftime(3) has no conversion for.
 */
void format_strftime(struct strbuf *out, const char *fmt, uint64_t wall_ns);
/* strftime(3) of fmt, appended whole however long it is. */
struct tm;
void format_strftime_tm(struct strbuf *out, const char *fmt, const struct tm *tm);
/*
 * join(argv[, sep]): nslots strings of slot bytes each, printed up to the
 * first empty one, separated by sep (" " when NULL).  No newline added.
 */
void format_join(struct strbuf *out, const uint8_t *data, int nslots, uint32_t slot,
		 const char *sep);

/* Integer-like values (int, bool, enum, pointers, specials held in a u64). */
int64_t format_read_int(const struct type *t, const void *data);
/* A JSON integer; quoted when a double cannot hold it exactly. */
void json_int(struct strbuf *out, int64_t v, bool is_signed);
/* A JSON string literal with the escapes JSON needs. */
void json_string(struct strbuf *out, const char *s, size_t len);

#endif
