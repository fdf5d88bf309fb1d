/* SPDX-License-Identifier: GPL-2.0 */
/* struct, union and enum definitions written in a script. */
#ifndef SONDE_CDEF_H
#define SONDE_CDEF_H

#include "diag.h"
#include "types.h"

/* Define the N_CDEF's type (or enum constants); -1 after a located error. */
int cdef_define(const struct source *src, struct node *n);
/* "struct foo" as the script defined it, or NULL. */
struct type *cdef_type(const char *name);
/* An enumerator the script defined. */
bool cdef_constant(const char *name, int64_t *value);
/* An enumerator the script defined: its enum's type (prints by name), or NULL. */
struct type *cdef_enumerator(const char *name, int64_t *value);
/* The enum type of an enumerator the script defined (NULL if none). */
struct type *cdef_constant_type(const char *name);
void cdef_free(void);

#endif
