/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Built-in tools: sonde scripts embedded in the binary (the tools folder), run as
 * `sonde TOOL [options]`, listed by `sonde tools`.
 */
#ifndef SONDE_TOOLS_H
#define SONDE_TOOLS_H

#include <stdbool.h>

/* Whether argv[1] names a tool or a tools command ("tools", "--tool-source"). */
bool tools_wants(const char *arg);
/* Run the tool command; returns the process exit status. */
int tools_main(int argc, char **argv);

/*
 * For commands that run a tool themselves (sonde serve): the script of
 * tool NAME with the options in argv (as `sonde NAME ARGS` takes them)
 * filled in, and its positional parameters (*params, *nparams; free the
 * array, not its strings, which point into argv or are constants).
 * -1 with a message when the tool or an option is unknown.
 */
int tools_script(const char *name, int argc, char **argv, char **script, char ***params,
		 int *nparams);

/* sonde's own command line (main.c), which tools call with a built argv. */
int sonde_main(int argc, char **argv);

#endif
