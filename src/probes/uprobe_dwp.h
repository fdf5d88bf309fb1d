/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A DWARF package (BINARY.dwp, made by dwp or llvm-dwp from the .dwo files
 * of a -gsplit-dwarf build): the split units of every object in one file,
 * located by its .debug_cu_index.  Each unit opens as a Dwarf of its own,
 * an in-memory object holding that unit's slice of each section, so that
 * libdw reads it as it reads a .dwo file.
 */
#ifndef SONDE_PROBES_UPROBE_DWP_H
#define SONDE_PROBES_UPROBE_DWP_H

#include <elfutils/libdw.h>

struct dwp;

/* The package at path; NULL when there is none or it cannot be read. */
struct dwp *dwp_open(const char *path);
/* How many compile units it holds, and the i-th as a Dwarf (NULL if unreadable). */
int dwp_units(const struct dwp *p);
Dwarf *dwp_unit(const struct dwp *p, int i);
void dwp_close(struct dwp *p);

#endif
