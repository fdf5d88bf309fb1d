/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Numbers given on the command line and in the environment.  They are
 * checked strictly: digits only (decimal, or hexadecimal after 0x), no
 * sign, no blanks, no trailing text, no overflow, and within a range the
 * caller names.  A malformed or out-of-range number is an error naming the
 * option and the range it accepts, never a value silently clamped.
 */
#ifndef SONDE_NUMPARSE_H
#define SONDE_NUMPARSE_H

#include <stdbool.h>
#include <stdint.h>

/* 0 with *out set; -1 when s is not a number, -2 when out of [min, max]. */
int num_parse(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/*
 * num_parse, and on failure print "ERROR: WHAT: 'S' is not ... from MIN to
 * MAX" (UNIT, e.g. "seconds", says what the number counts) and return -1.
 */
int num_arg(const char *what, const char *s, uint64_t min, uint64_t max,
	    const char *unit, uint64_t *out);

/* num_arg into an int (max must fit in one). */
int num_arg_int(const char *what, const char *s, int min, int max, const char *unit,
		int *out);

/* Octal file permission bits, 0 to 0777 (SONDE_OUTPUT_MODE). */
int num_parse_mode(const char *s, unsigned *mode);

#endif
