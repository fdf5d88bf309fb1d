/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The recording commands: `sonde record`, `sonde convert`, `sonde heatmap`.
 */
#ifndef SONDE_RECORD_RECORD_H
#define SONDE_RECORD_RECORD_H

#include <stdbool.h>

/* Whether argv[1] names one of the commands. */
bool record_wants(const char *arg);
/* Run it (argv[0] is the command name); returns the exit status. */
int record_dispatch(int argc, char **argv);

int record_main(int argc, char **argv);
int convert_main(int argc, char **argv);
int heatmap_main(int argc, char **argv);

#endif
