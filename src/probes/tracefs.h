/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tracefs: where the kernel describes its tracepoints.  Each event has a
 * directory events/CATEGORY/EVENT holding an `id` (the perf_event config
 * of PERF_TYPE_TRACEPOINT) and a `format` (the layout of the record a
 * tracepoint program receives as its context).  Only reads happen here:
 * sonde never writes to tracefs.
 */
#ifndef SONDE_TRACEFS_H
#define SONDE_TRACEFS_H

#include <stdbool.h>
#include <stdint.h>

#include "../lang/types.h"
#include "../util.h"

typedef VEC(char *) tracefs_names;

/* "/sys/kernel/tracing" (or the debugfs fallback), NULL when not mounted. */
const char *tracefs_root(void);
/* Whether its events can be read (not as an unprivileged user). */
bool tracefs_readable(void);

/* Sorted names of the sub-directories of root/events[/category]. */
int tracefs_categories(tracefs_names *out);
int tracefs_events(const char *category, tracefs_names *out);
void tracefs_names_free(tracefs_names *v);

/* Whether events/category/event exists. */
bool tracefs_event_exists(const char *category, const char *event);
/* The event's id, or -errno. */
int tracefs_event_id(const char *category, const char *event);
/* The event's format file (caller frees), or NULL with errno set. */
char *tracefs_read_format(const char *category, const char *event);

/* One "field:" line of a format file. */
struct tracefs_field {
	char *decl;		/* as written: "const char * filename" */
	char *ctype;		/* the declaration less name and [N]: "const char *" */
	char *name;		/* "filename" */
	int array_len;		/* -1: not an array; 0: "[]" or not numeric */
	uint32_t offset;
	uint32_t size;
	bool is_signed;
	bool data_loc;		/* "__data_loc char[] name" */
	bool common;		/* common_* fields every event shares */
};

typedef VEC(struct tracefs_field) tracefs_fieldlist;

/* Parse the field lines of a format file; lines that do not parse are skipped. */
void tracefs_parse_fields(const char *text, tracefs_fieldlist *out);
void tracefs_fields_free(tracefs_fieldlist *fields);

/*
 * The args record (a TY_CTX) of a format file: every field but the common_*
 * ones, at the offsets the file gives.  Pointers point to user memory in
 * the "syscalls" category and to kernel memory otherwise.  __data_loc
 * strings are TY_STR of TRACEFS_DATA_LOC_STRLEN with data_loc set.
 * The result belongs to the caller: free it with tracefs_ctx_free.
 */
#define TRACEFS_DATA_LOC_STRLEN 64
struct type *tracefs_parse_format(const char *text, const char *category);
void tracefs_ctx_free(struct type *ctx);

#endif
