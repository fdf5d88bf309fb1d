/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the D front end's files: descriptions, providers, state. */
#ifndef SONDE_DT_INTERNAL_H
#define SONDE_DT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../lang/ast.h"
#include "../lang/diag.h"
#include "../util.h"

/* One D probe description's fields; empty fields match everything. */
struct dt_desc {
	char *prov, *mod, *func, *name;
};

/* A D probe and the sonde attach point that implements it. */
struct dt_probe {
	char *attach;		/* e.g. "tracepoint:syscalls:sys_enter_read" */
	char *func, *name;	/* D's probefunc / probename (func may be a glob) */
	const char *prov;	/* D's provider (static) */
	bool syscall;		/* args from a syscalls tracepoint */
	bool entry;
	bool next_task;		/* sched:::on-cpu: the thread is the one switched in */
	bool user;		/* pid and usdt providers: filtered by pid */
	bool regs;		/* pid, fbt: argN are the function's arguments, return: arg1 */
	bool usdt;		/* usdt: argN are the probe's arguments */
	bool sleeping;		/* sched:::dequeue: sched_switch of a thread that sleeps */
	bool migrating;		/* enqueue/dequeue: a runnable thread moved to another CPU */
	bool error;		/* dtrace:::ERROR: arg0..arg5 are the fault's */
	int pid;		/* pidNNN: that pid; 0: $target */
};
typedef VEC(struct dt_probe) dt_probelist;

/*
 * Map the description text (as written) to probes, appending to out.
 * expand_globs: list syscalls one by one (a clause that reads probefunc
 * needs a constant per probe).  target_exe: the file of $target (the pid
 * provider's a.out), NULL when unknown.  0, or -1 after an error at loc.
 */
int dt_map_description(const struct source *src, struct loc loc, const char *text,
		       bool expand_globs, const char *target_exe, dt_probelist *out);
void dt_probelist_free(dt_probelist *l);
/*
 * The label of a D probe's attach point ("provider:name"): probes that
 * share an attach point (off-cpu and dequeue) keep their own ids.
 */
char *dt_probe_label(const struct dt_probe *p);
/* D's "function:name" of a sonde probe name (and its label, or NULL), into buf. */
void dt_display_name(const dt_probelist *known, const char *sonde_name, const char *label,
		     char *buf, size_t size);
/* D's "provider:module:function:name" of a sonde probe name, into buf. */
void dt_full_name(const dt_probelist *known, const char *sonde_name, const char *label,
		  char *buf, size_t size);
/* The i-th argument field of syscall func's entry tracepoint, or NULL. */
char *dt_syscall_arg_field(const char *func, int i);
/* The i-th field of tracepoint subsys:name (after the common ones), or NULL. */
char *dt_tracepoint_arg_field(const char *subsys, const char *name, int i);

/*
 * D's width of each integer key of an aggregation (4 for int-typed
 * expressions such as pid or 7, else 8): sema widens integer keys to
 * 64 bits, DTrace prints a 32-bit key as " %8d".
 */
#define DT_MAX_KEYS 8
struct dt_keywidths {
	char *map;
	int n;
	unsigned char width[DT_MAX_KEYS];
};

/*
 * A D action on whole aggregations, lowered to print(@first) at loc: the
 * runtime's print hook finds it by the statement's location and does it.
 */
enum dt_site_kind { DT_PRINTA, DT_TRUNC, DT_NORMALIZE, DT_DENORMALIZE };
struct dt_site {
	struct loc loc;
	enum dt_site_kind kind;
	char *fmt;		/* printa's format, or NULL */
	VEC(char *) aggs;	/* printa's aggregations (the first is print()'s), or the one */
	int64_t n;		/* trunc's count (negative: the smallest), normalize's factor
				 * (0: the one the record carries, known when it ran) */
};

/*
 * quantize(x) or llquantize(x, factor, low, high, steps) of an aggregation,
 * lowered to an lhist of DTrace's bucket index.  quantize: 127 buckets,
 * -2^62 ... -1, 0, 1 ... 2^62 (bounds unused).  llquantize: the positive
 * buckets' lower bounds; the index runs over 2 * nbounds + 1 buckets, the
 * negative ones mirroring the positive ones around the bucket of
 * |x| < bounds[0], as Oracle's DTrace for Linux lays them out.
 */
#define DT_QUANT_ZERO 63	/* quantize: the index of the bucket of 0 */
struct dt_llq {
	char *map;
	bool pow2;		/* quantize */
	int nbounds;		/* bounds[0] = factor^low ... bounds[n-1] = factor^(high+1) */
	int64_t *bounds;
};

/*
 * Where a clause's predicate (action 0) and actions (1, 2, ...) are in
 * the source: a fault's location tells which one faulted.
 */
struct dt_action {
	struct loc loc;
	int action;
};

/* A declared D variable, by the name sonde gives it (@x, @self_x, $this_x). */
struct dt_decl {
	char *name;
	bool string;		/* declared string: reads "" until assigned */
	char *struct_type;	/* a D struct or union value ("struct callinfo"), or NULL */
	char *ptr_type;		/* a pointer: what it points to ("int" of int *x), or NULL */
	int ptr_depth;		/* its stars */
};

#define DT_STRSIZE_DEFAULT 256	/* DTrace's strsize */
#define DT_NSPEC_DEFAULT 1	/* DTrace's nspec */
#define DT_SPECSIZE_DEFAULT (32 * 1024)

struct dtrace_ctx {
	bool quiet;
	uint32_t strsize;		/* -x strsize=N: D's strings hold N characters */
	bool aggsortkey, aggsortrev;	/* sort aggregations by key / in reverse */
	int aggsortpos;		/* printa() of several: the one whose values sort the rows */
	int aggsortkeypos;	/* the key compared first */
	bool destructive;	/* -w: raise() allowed */
	bool defaultargs;	/* -x defaultargs: a macro argument not given is 0 or "" */
	bool zdefs;		/* -Z, -x zdefs: descriptions may match no probe */
	VEC(struct loc) strargs;	/* where the program wrote $$N (the $N after the blank) */
	dt_probelist probes;	/* every mapped probe (for display names) */
	VEC(char *) globals;	/* D global variables (declared or assigned somewhere) */
	VEC(struct dt_decl) decls;	/* declared variables */
	VEC(char *) typedefs;	/* names the program's typedefs declare */
	VEC(char *) struct_typedefs;	/* those that name a struct or union */
	VEC(char *) assigned;	/* lowered variables (and struct members) assigned somewhere */
	VEC(char *) this_shared;	/* this-> names kept per CPU across clauses (thisvars.c) */
	VEC(char *) strvars;	/* lowered variables (@x, $this_x, @self_x) holding strings */
	bool uses_cpid;		/* -c CMD: $target is cpid */
	int target_pid;		/* -p PID: $target */
	char *target_exe;	/* the executable of -c CMD / -p PID, or NULL */
	int ndesc;
	char *first_desc;	/* the first clause's descriptions, for dtrace: description '...' */
	FILE *out;
	/* printa, trunc(@a, n), normalize, denormalize: print() statements the print hook runs */
	VEC(struct dt_site) sites;
	/* the aggregations printa() prints: not printed again at exit */
	VEC(char *) printed;
	/* while running: aggregations normalize() divides, and by what */
	VEC(char *) norm_maps;
	VEC(int64_t) norm_divs;
	VEC(struct dt_keywidths) keywidths;
	VEC(struct dt_llq) llqs;	/* llquantize: lhist of the bucket index */
	uint64_t *drops_said;	/* per CPU: lost records reported */
	int ncpus;
	VEC(char *) stddevs;		/* stddev: stats, with the squares in NAME__dt_sq */
	VEC(struct dt_action) actions;
	VEC(char *) full_names;		/* per probe index: "provider:module:function:name" */
	uint64_t errors;		/* faults reported */
	/* speculations: nspec ids of specsize bytes each (spec.c) */
	uint32_t nspec;
	uint64_t specsize;
	uint64_t dynvarsize;	/* -x dynvarsize: bytes of each D variable's map (0: sonde's) */
	bool uses_spec;			/* the program calls speculation() or speculate() */
	struct dt_spec *spec;		/* while running */
	/* refused updates of D variables (self->, associative arrays): dynamic variable drops */
	uint64_t dyndrops, dyndrops_said, dyndrops_said_ns;
	/* per CPU: aggregation updates a full map refused, and those reported */
	uint64_t *aggdrops, *aggdrops_said, aggdrops_said_ns;
	int ncpus_agg;
};

/* Blank out D's declarations (noting declared globals), inlines to #define (decls.c). */
int dt_rewrite_decls(struct dtrace_ctx *dc, struct source *src);

/* Whether w (len bytes) is a name one of the program's typedefs declared. */
bool dt_is_typedef(const struct dtrace_ctx *dc, const char *w, size_t len);

/* Set D option opt (NAME[=VALUE], NAME len bytes long): 0, or -1 when unknown (dtrace.c). */
int dt_set_option(struct dtrace_ctx *dc, const char *opt, size_t len);

struct program;
/* Speculations (spec.c): hold the speculative records while the program runs. */
void dt_spec_setup(struct dtrace_ctx *dc, const struct program *prog);
void dt_spec_free(struct dtrace_ctx *dc);
/* Why sonde lacks DTrace's option name (len bytes), or NULL when DTrace has none such (dtrace.c). */
const char *dt_option_lacking(const char *name, size_t len);
/* The message for a bad value of option name (len bytes): "needs ..." (dtrace.c). */
const char *dt_option_needs(const char *name, size_t len);
int dt_lower_program(struct dtrace_ctx *dc, struct program *prog);
/* "dtrace: N dynamic variable drops" for the drops not reported yet (dtrace.c). */
void dt_report_dyndrops(struct dtrace_ctx *dc);
/* "dtrace: N aggregation drops on CPU M" for the drops not reported yet (dtrace.c). */
void dt_report_aggdrops(struct dtrace_ctx *dc);

/* The map sink printing aggregations at exit (aggprint.c). */
struct map_entries;
struct mapinfo;
struct loc;
void dt_printa(const struct program *prog, const struct mapinfo *m, struct map_entries *es,
	       const struct loc *site, const int64_t *value, void *arg);
/*
 * Symbol keys (symkeys.c): a func()/ufunc()/mod() key through fmt (a %s
 * conversion); entries whose symbol keys print the same merged into one,
 * as DTrace aggregates func() by function and mod() by module.
 */
struct type;
void dt_print_sym_key(FILE *f, const struct type *t, const uint8_t *p, const char *fmt);
void dt_merge_sym_keys(const struct mapinfo *m, struct map_entries *es);
void dt_print_aggregation(const struct program *prog, const struct mapinfo *m,
			  struct map_entries *es, void *arg);

#endif
