/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One descriptor per builtin variable and per function of the language:
 * its name, how many arguments it takes, the check that types a use, what
 * a probe must offer for it (PCAP_*), and one line of documentation.  Sema
 * checks uses through these tables, `sonde --list-builtins` and
 * `--list-functions` print them, and a test keeps docs/language.md's
 * tables equal to those listings.  The code generator keeps its emitters
 * in its own table indexed by the same ids (bpf/cg_emitters.c).
 */
#ifndef SONDE_DESCRIPTORS_H
#define SONDE_DESCRIPTORS_H

#include <stdbool.h>
#include <stdio.h>

#include "sema.h"

struct builtin_desc {
	const char *name;	/* "pid"; numbered: the prefix of arg0, arg1, ... */
	const char *alias;	/* a second name (ctx for args), or NULL */
	bool numbered;		/* NAME followed by digits */
	unsigned caps;		/* PCAP_* a probe needs for it (0: any probe) */
	struct type *(*check)(struct sema *s, struct node *n);
	const char *doc;	/* one line, as docs/language.md's table has it */
};

struct func_desc {
	const char *name;
	const char *sig;	/* how a call is written in the docs: "str(p[, n])" */
	int min_args, max_args;
	enum agg_kind agg;	/* aggregations: what the map becomes */
	unsigned caps;		/* PCAP_* a probe needs for it (0: any probe) */
	void (*check)(struct sema *s, struct node *n);
	const char *doc;
	/*
	 * The kernel functions (kfuncs) its code calls, NULL-terminated, or
	 * NULL: sema refuses the call, located, when the kernel's BTF lacks
	 * one; the code generator calls them by BTF id (emit_kfunc_call()).
	 */
	const char *const *kfuncs;
	/*
	 * A front end's primitive (the D front end's strjoin, basename,
	 * dirname): named "dt.NAME", which no bpftrace source can call, and
	 * left out of the listings and docs/language.md.
	 */
	bool internal;
	/*
	 * The standard library module that provides it ("stdlib/test"), or
	 * NULL: without `import "MODULE";` it is an unknown function, as in
	 * bpftrace.
	 */
	const char *module;
};

/* The descriptor of an id (NULL for B_NONE/F_NONE and out of range). */
const struct builtin_desc *builtin_desc(enum builtin_id id);
const struct func_desc *func_desc(enum func_id id);
/* The id of a name (NONE: not one); builtins: numbered names excluded. */
enum builtin_id builtin_id_by_name(const char *name);
enum func_id func_id_by_name(const char *name);

/* The listings: one line per descriptor, "SIGNATURE  DOC". */
void builtins_list(FILE *out);
void funcs_list(FILE *out);
/* One line of a listing: NAME padded to 24 columns, then DOC. */
void desc_list_line(FILE *out, const char *name, const char *doc);

#endif
