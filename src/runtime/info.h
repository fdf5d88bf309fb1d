/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sonde --info: what the running kernel supports, found by trying each
 * feature (a trial program load, a map, a link), not by reading versions.
 */
#ifndef SONDE_INFO_H
#define SONDE_INFO_H

#include <stdio.h>

/* Print the feature table. */
void info_print(FILE *out);

/* The active lockdown mode ("none", "integrity", ...): caller frees; NULL if unknown. */
char *info_lockdown(void);

#endif
