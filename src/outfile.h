/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Opening the files sonde writes (-o, profiles, flame graphs) so that
 * root cannot be tricked into writing somewhere else: a symbolic link
 * or a hard link planted by another user is refused, and new files are
 * created 0600 (SONDE_OUTPUT_MODE, octal, asks for other permissions).
 * The rules are in docs/safety.md, "Files sonde writes".
 */
#ifndef SONDE_OUTFILE_H
#define SONDE_OUTFILE_H

#include <stdio.h>

/*
 * A writable fd for path, truncated if it is a regular file; -1 after
 * printing "ERROR: WHAT PATH: why" (WHAT names the option, e.g. "-o").
 */
int outfile_open(const char *what, const char *path);

/* outfile_open as a FILE ("w"); NULL after printing the error. */
FILE *outfile_fopen(const char *what, const char *path);

/* outfile_fopen, but what the file holds stays: writes go after it (dtrace(1)'s -o). */
FILE *outfile_fopen_append(const char *what, const char *path);

#endif
