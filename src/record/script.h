/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Recording a program's printfs (sonde record -e PROGRAM, or a file) as
 * instant events, spans and counters (script.c, docs/record.md).
 */
#ifndef SONDE_RECORD_SCRIPT_H
#define SONDE_RECORD_SCRIPT_H

#include "record/writer.h"

/*
 * Run sonde_main(argc, argv), or the built-in tool argv[1] names (tool),
 * with its printfs going to w; its exit status.  With flight, SIGUSR2
 * writes the flight recorder at the program's next record.
 */
int script_record(struct rec_writer *w, int argc, char **argv, bool tool, bool flight);

#endif
