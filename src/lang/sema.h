/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Semantic analysis: names, types, maps and scratch variables.
 *
 * Sema runs over one concrete probe at a time (the type of `args` depends
 * on the probe), annotating node->type, node->map, node->var and
 * node->builtin for codegen.  Map types are global: a first, silent pass
 * over every probe infers them (so a map may be read in one probe and
 * written in another), the second pass checks and reports.
 */
#ifndef SONDE_SEMA_H
#define SONDE_SEMA_H

#include "ann.h"
#include "probe_type.h"
#include "program.h"

enum builtin_id {
	B_NONE,
	B_PID, B_TID, B_UID, B_GID, B_COMM, B_NSECS, B_ELAPSED, B_CPU,
	B_CPID, B_RAND, B_CGROUP, B_PROBE, B_ARGS, B_JIFFIES, B_NUMAID,
	B_USERNAME, B_ARG, B_RETVAL, B_CURTASK, B_KSTACK, B_USTACK, B_FUNC,
	B_SARG, B_USERMODE, B_NCPUS, B_PROBETYPE, B_CONFIG,
	B_COUNT_
};

/* debugf's arguments: bpf_trace_vprintk takes at most 12 values. */
#define DEBUGF_MAX_ARGS 12

enum func_id {
	F_NONE,
	F_PRINTF, F_PRINT, F_EXIT,
	F_COUNT, F_SUM, F_AVG, F_MIN, F_MAX, F_STATS, F_HIST, F_LHIST,
	F_DELETE, F_CLEAR, F_ZERO,
	F_STR, F_STRNCMP, F_STRCONTAINS,
	F_HAS_KEY, F_STRLEN, F_SIGNAL, F_SYSTEM, F_CAT, F_TIME, F_KSTACK, F_USTACK,
	F_STRFTIME, F_JOIN, F_NTOP, F_BUF, F_KPTR, F_UPTR, F_REG, F_MACADDR, F_STRERROR,
	F_MEMCMP, F_PTON, F_CGROUPID, F_LEN, F_BSWAP, F_NSECS, F_CGROUP_PATH, F_STRSTR, F_PATH, F_KSYM, F_USYM, F_KADDR, F_UADDR, F_BUILTIN_UADDR, F_ALWAYS_TRUE,
	F_DEBUGF, F_PERCPU_KADDR, F_OVERRIDE, F_SOCKET_COOKIE, F_SKBOUTPUT, F_TSERIES, F_ERRORF, F_WARNF, F_GETOPT, F_SIGNAL_NAME,
	F_COMM, F_WRITE_USER,
	F_IS_ERR, F_ASSERT, F_UNWATCH,
	F_DT_STRJOIN, F_DT_BASENAME, F_DT_DIRNAME,
	F_DT_STRCMP, F_DT_SUBSTR, F_DT_INDEX, F_DT_RINDEX, F_DT_STRSTR, F_DT_STRCHR, F_DT_STRRCHR,
	F_DT_TOUPPER, F_DT_TOLOWER, F_DT_LLTOSTR, F_DT_TRACEMEM,
	F_DT_KSYM, F_DT_USYM, F_DT_PC, F_DT_CALLER,
	F_DT_PSARGS,
	F_DT_CHILL, F_DT_PROGENYOF, F_DT_STRESCAPE,
	F_DT_PROBEID, F_DT_NORMALIZE, F_DT_UREGS, F_DT_STACK, F_DT_STRTOKPOS,
	F_DT_SPECULATION, F_DT_SPECULATE, F_DT_COMMIT, F_DT_DISCARD,
	F_COUNT_
};

struct varinfo {
	char *name;		/* "$x" */
	struct type *type;
	int depth;		/* block nesting level of the declaring block */
	int slot;		/* codegen: stack offset or scratch offset */
	bool in_scratch;
	bool placed;		/* codegen: slot is assigned */
	int frame;		/* codegen: the frame whose stack holds it */
	struct node *decl;	/* the N_VAR that declared it by assignment, or NULL */
	struct varinfo *next;
	struct varinfo *shadowed;	/* the outer variable of the same name it hides */
	int index;		/* its position in sema.allvars */
};

/* The concrete probe being analysed. */
struct sema_probe {
	const char *name;	/* canonical probe name */
	struct probe_type type;	/* what its provider allows */
	void *target;		/* the provider's data for this probe */
	struct type *args;	/* TY_CTX or NULL: read it through sema_probe_args() */
	/*
	 * When set, args is made on first use: building it can be costly (a
	 * uprobe's parameters from DWARF, over hundreds of functions of a
	 * glob) and most programs never read args.
	 */
	struct type *(*args_fn)(void *target);
	bool args_made;
	struct type *args_value;	/* args as a value (a TY_RECORD of the slots), made on use */
	int probe_index;
};

/*
 * Symbols the front end resolves while compiling (kaddr, uaddr,
 * percpu_kaddr), from the driver (through src/sym/): the language reads
 * no symbol table itself.  0 is an unknown symbol.
 */
struct type *sema_probe_args(struct sema_probe *p);

struct sema_syms {
	uint64_t (*kernel)(const char *name);
	/* a symbol of a binary: its address, and its size in *size when known */
	uint64_t (*user)(const char *path, const char *name, uint64_t *size);
	/*
	 * a binary loaded where the run decides (a PIE or a shared library):
	 * true, with its inode and the page its lowest segment starts at
	 */
	bool (*user_relocatable)(const char *path, uint64_t *ino, uint64_t *first_page);
	/* --dump: nothing is loaded, so what only loading needs is not
	 * checked (the kallsyms entry of a percpu_kaddr() variable) */
	bool no_load;
};

struct sema {
	struct program *prog;
	const struct sema_syms *syms;	/* NULL: every symbol is unknown */
	struct sema_probe *probe;
	bool quiet;		/* inference pass: no diagnostics */
	bool final;		/* map types are fixed */
	int errors;
	int depth;
	int loop_depth;
	bool in_map_loop;
	/* inside an inlined fn call: its own scope from fn_floor, its return type */
	bool in_fn;
	int fn_floor;
	struct type *fn_ret;
	struct varinfo *vars;	/* innermost first */
	VEC(struct varinfo *) allvars;	/* owned, freed with the probe */
	VEC(char *) warned;	/* "line:col:message" said once over every expansion */
	struct hindex var_index;	/* name hash -> allvars position of the visible one */
	struct sema_anns anns;	/* the final pass's typed layer of the probe (ann.h) */
};

struct provider;
/*
 * config (also config()): the program's settings as a record value, its
 * members in this order (codegen fills them from prog->cfg).
 */
enum config_member {
	CFG_MAX_STRLEN, CFG_MAX_MAP_KEYS, CFG_PERF_RB_PAGES, CFG_STACK_MODE,
	CFG_CPP_DEMANGLE, CFG_PRINT_MAPS_ON_EXIT, CFG_MEMBER_COUNT_
};
const char *sema_stack_mode_name(int mode);

/* The probetype builtin's value for a probe of this provider. */
const char *sema_probetype(const struct probe_type *pt);

/* Check one probe body (predicate + block) for one concrete probe. */
int sema_probe(struct sema *s, struct node *probe);
void sema_probe_done(struct sema *s);
/* After the last probe of a pass. */
void sema_done(struct sema *s);
/* After the inference pass: fix map layouts (sizes, max_entries, buckets). */
void sema_finish_maps(struct program *prog);
/* Warnings that need the whole program (unused maps...). */
void sema_program_warnings(struct program *prog);

/*
 * User maps by name, in O(1): sema_map_add appends to prog->usermaps and
 * indexes it; after reordering or removing maps, sema_map_reindex.
 */
struct mapinfo *sema_map_lookup(struct program *prog, const char *name);
void sema_map_add(struct program *prog, struct mapinfo *m);
void sema_map_reindex(struct program *prog);

/*
 * A positional parameter as an integer: 1 and *out when val is one, 0 when
 * it is not (it is then a string), -1 when it is an integer wider than 64
 * bits (an error, not a silent INT64_MAX).
 */
int sema_posparam_int(const char *val, int64_t *out);
/* pid, tid: the PID namespace that numbers it (AV_PIDNS in the typed layer). */
enum { PIDNS_CURRENT = 0, PIDNS_INIT = 1 };

/* Whether call (an N_CALL) is an aggregation: count(), hist()... */
bool sema_is_agg_call(const struct node *call);

/* Whether name is a builtin or function of the language. */
bool sema_known_function(const char *name);

#endif
