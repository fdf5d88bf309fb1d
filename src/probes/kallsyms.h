/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel functions a kprobe can attach to: tracefs's
 * available_filter_functions ("func" or "func [module]"), or the text
 * symbols of /proc/kallsyms where tracefs lacks it.
 */
#ifndef SONDE_KALLSYMS_H
#define SONDE_KALLSYMS_H

#include <stdbool.h>

#include "../util.h"

struct kfunc {
	char *name;
	char *module;		/* NULL for vmlinux */
};

typedef VEC(struct kfunc) kfunclist;

/* Parse the two formats; entries are appended, then kfuncs_sort() them. */
void kfuncs_parse_filter_functions(const char *text, kfunclist *out);
void kfuncs_parse_kallsyms(const char *text, kfunclist *out);
/* Sort by name then module, dropping duplicates and compiler clones (".part."). */
void kfuncs_sort(kfunclist *list);

/*
 * The running kernel's traceable functions, sorted; 0 or -errno.  After
 * kfuncs_set_file(PATH) (--traceable-functions), the functions PATH lists
 * in available_filter_functions' format instead, and nothing else is
 * traceable (kfuncs_overridden()).
 */
int kfuncs_read(kfunclist *out);
void kfuncs_set_file(const char *path);
bool kfuncs_overridden(void);
/* Whether name (in module, or anywhere when module is NULL) is listed. */
bool kfuncs_has(const kfunclist *list, const char *name, const char *module);
void kfuncs_free(kfunclist *list);

/*
 * A function a kprobe wildcard never matches and -l never lists: ftrace
 * lists it, but probing it makes RCU complain or hangs the machine (the
 * idle loop, rcu_*: bpftrace refuses them too), or it is ftrace's
 * placeholder for a function it could not place.
 */
bool kfunc_disallowed(const char *name);

#endif
