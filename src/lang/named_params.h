/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Named program parameters: `sonde -e '... getopt("size", 10) ...' --
 * --size=20 --verbose`.  After the program's own arguments, every
 * "--name[=value]" is a named parameter, read by getopt() at compile time;
 * the other words stay positional ($1, $2, ...).
 */
#ifndef SONDE_NAMED_PARAMS_H
#define SONDE_NAMED_PARAMS_H

#include <stdbool.h>

#include "program.h"

/* Move the "--name[=value]" words of prog->pos to prog->named. */
void named_params_split(struct program *prog);
/*
 * getopt("name"[, default[, "description"]]): records that the program
 * takes --name; returns the text given for it (NULL when absent; "" for a
 * bare --name).
 */
const char *named_param_get(struct program *prog, const char *name, const char *desc,
			    bool bare_ok);
/*
 * After sema: "--help" lists the program's options (returns 1: nothing to
 * run; sonde exits 1, as bpftrace does), an option no getopt() asks for is
 * an error (-1); else 0.
 */
int named_params_check(struct program *prog);
void named_params_free(struct program *prog);

#endif
