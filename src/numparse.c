// SPDX-License-Identifier: GPL-2.0
/*
 * Strict parsing of numeric options and environment variables (numparse.h).
 */
#include "numparse.h"

#include <stdio.h>
#include <string.h>

#define ECHO_MAX 64

static int digit_value(char c, unsigned base)
{
	int d;

	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'f')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		d = c - 'A' + 10;
	else
		return -1;
	return (unsigned)d < base ? d : -1;
}

/* Digits in base into *out; -1 on anything else, -2 on overflow. */
static int parse_digits(const char *s, unsigned base, uint64_t *out)
{
	uint64_t v = 0;
	bool overflow = false;
	int d;

	if (!*s)
		return -1;
	for (; *s; s++) {
		d = digit_value(*s, base);
		if (d < 0)
			return -1;
		if (v > (UINT64_MAX - d) / base)
			overflow = true;	/* keep going: junk later still says "not a number" */
		else
			v = v * base + d;
	}
	*out = v;
	return overflow ? -2 : 0;
}

int num_parse(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v;
	int err;

	if (!s)
		return -1;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		err = parse_digits(s + 2, 16, &v);
	else
		err = parse_digits(s, 10, &v);
	if (err)
		return err;
	if (v < min || v > max)
		return -2;
	*out = v;
	return 0;
}

int num_arg(const char *what, const char *s, uint64_t min, uint64_t max,
	    const char *unit, uint64_t *out)
{
	int err = num_parse(s, min, max, out);

	if (!err)
		return 0;
	/* a megabyte of digits is not worth echoing whole */
	fprintf(stderr, "ERROR: %s: '%.*s%s' is %s: expected %s%s from %llu to %llu\n", what,
		ECHO_MAX, s, strlen(s) > ECHO_MAX ? "..." : "",
		err == -1 ? "not a number" : "out of range",
		unit ? "a number of " : "a number", unit ? unit : "",
		(unsigned long long)min, (unsigned long long)max);
	return -1;
}

int num_arg_int(const char *what, const char *s, int min, int max, const char *unit,
		int *out)
{
	uint64_t v;

	if (min < 0 || num_arg(what, s, min, max, unit, &v) < 0)
		return -1;
	*out = (int)v;
	return 0;
}

int num_parse_mode(const char *s, unsigned *mode)
{
	uint64_t v;

	if (parse_digits(s, 8, &v) || v > 0777)
		return -1;
	*mode = (unsigned)v;
	return 0;
}
