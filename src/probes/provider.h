/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Probe providers: one vtable per probe type, one file each, found by exact
 * name or alias (case-insensitive, as bpftrace does).  A provider turns an
 * attach point into concrete probes, describes their context (args), and
 * attaches a loaded program through handles the kernel frees when sonde
 * dies (perf_event fds and BPF links only).
 */
#ifndef SONDE_PROVIDER_H
#define SONDE_PROVIDER_H

#include <stdbool.h>
#include <stdio.h>

#include "lang/probe_type.h"
#include "lang/program.h"

/* One concrete probe produced by expanding an attach point. */
struct probe {
	char *name;		/* canonical full name: "tracepoint:syscalls:sys_enter_read" */
	void *target;		/* provider's own data, freed by free_target */
};

typedef VEC(struct probe) probelist;

/* What expand needs to know and where to report. */
struct expand_ctx {
	const struct source *src;
	struct loc loc;		/* of the attach point, for errors */
	int pid;		/* -p PID, or 0 */
	int missing;		/* a missing function: MISSING_ERROR, or skipped
				 * (MISSING_WARN says so, MISSING_IGNORE not) */
	bool unsafe;		/* --unsafe: uprobes where bpftrace's checks refuse */
	bool no_attach;		/* --dump: nothing is loaded or attached, so the
				 * kernel features only attaching needs (kprobes,
				 * loading fentry programs, iterators, counters)
				 * are not checked; the probes still expand */
	bool listing;		/* -l of a program: names as -l lists them
				 * ("hardware:cache-misses:"), with no_attach */
};

/* config missing_probes, as in bpftrace 0.24+: an error by default */
enum { MISSING_ERROR, MISSING_WARN, MISSING_IGNORE };

/* attach() skipped the probe (and said why): it does not count as attached. */
#define PROBE_SKIPPED 1

/* The fds that keep a program attached; closing them detaches. */
typedef VEC(int) fdlist;

enum provider_kind {
	PROV_BEGIN,		/* run once before attaching others (BPF_PROG_TEST_RUN) */
	PROV_END,		/* run once at exit */
	PROV_BENCH,		/* --mode bench: run repeatedly, timed (BPF_PROG_TEST_RUN) */
	PROV_SIGNAL,		/* run when sonde itself receives the signal */
	PROV_ERROR,		/* a D program's dtrace:::ERROR: run when a read faults */
	PROV_ATTACHED,		/* everything else */
};

struct provider {
	const char *name;
	const char *const *aliases;	/* NULL-terminated */
	enum provider_kind kind;
	enum bpf_prog_type prog_type;
	/* A concrete probe's program type when it is not always prog_type
	 * (rawtracepoint: tp_btf with BTF, a raw tracepoint without), or NULL. */
	enum bpf_prog_type (*target_prog_type)(void *target);
	/*
	 * spec is the attach point text after "name:" (empty for BEGIN/END).
	 * Append one struct probe per match.  A pattern with wildcards that
	 * matches nothing is an error, as in bpftrace.  Returns 0, or -1 after
	 * printing a located error with diag_error(ctx->src, ctx->loc, ...).
	 */
	int (*expand)(const struct provider *prov, const char *spec,
		      const struct expand_ctx *ctx, probelist *out);
	/* Type of `args` for a concrete probe (a TY_CTX; for uprobes a record
	 * value built from the registers), or NULL if it has none. */
	struct type *(*args_type)(void *target);
	/* A type the probed binary defines ("struct foo"), or NULL (uprobe DWARF). */
	struct type *(*user_type)(void *target, const char *name);
	/* retval's type when it is not a u64 (fexit: the BTF return type), or NULL */
	struct type *(*ret_type)(void *target);
	/* Attach; push the fds that hold the attachment onto fds.  0, 1 when
	 * the probe was skipped with a warning (PROBE_SKIPPED), or -errno after
	 * printing "ERROR: <probe>: <why>" to stderr.  A probe that attaches a
	 * whole group at once (uprobe_multi) returns how many of the group
	 * were skipped. */
	int (*attach)(void *target, const char *probe, int prog_fd, fdlist *fds);
	/* -l: print matching probe names (verbose: with args), one a line. */
	void (*list)(const char *pattern, bool verbose, FILE *out);
	void (*free_target)(void *target);
	enum ctx_kind ctx;
	unsigned caps;		/* PCAP_FUNC, PCAP_USER, ... (lang/probe_type.h) */
	bool has_retval;	/* retval is readable (return probes) */
	/*
	 * The kernel runs the programs on one site last attached first (uprobe
	 * consumers, kprobes, trampolines): such probes attach in reverse, so
	 * that blocks run in the order the script declares them.
	 */
	bool attach_reverse;
	/*
	 * -p PID: the kernel runs these probes for every process, so their
	 * programs begin with a test of the current process (bpftrace's pid
	 * filter); perf-event probes are opened for the process instead.
	 */
	bool pid_filter;
	int max_args;		/* argN: N < max_args (0: no argN) */
	/* USDT: argument n of a probe; 0, or -1 when it has fewer arguments. */
	int (*usdt_arg)(void *target, int n, struct usdt_arg *out);
	/*
	 * BPF_PROG_LOAD attributes of a concrete probe; a NULL hook means 0.
	 * expected_attach_type: BPF_TRACE_KPROBE_MULTI (wildcard kprobes),
	 * BPF_TRACE_UPROBE_MULTI (wildcard uprobes),
	 * BPF_TRACE_FENTRY/FEXIT, BPF_TRACE_ITER.  attach_btf_id: the BTF id
	 * of the traced function (fentry/fexit, iter), in the BTF object whose
	 * fd attach_btf_obj_fd gives (0 for vmlinux).  Programs whose
	 * attributes differ cannot share one loaded program.
	 */
	uint32_t (*expected_attach_type)(void *target);
	uint32_t (*attach_btf_id)(void *target);
	int (*attach_btf_obj_fd)(void *target);
	/* fentry:bpf: the fd of the traced BPF program (attach_btf_id is in
	 * its BTF), 0 for the others; when it gives one, attach_btf_obj_fd
	 * is not asked.  NULL means 0. */
	int (*attach_prog_fd)(void *target);
	/* fexit: the return value's offset in the context where args_type
	 * does not tell it (fentry:bpf has no args), else -1; or NULL. */
	int (*retval_off)(void *target);
	/* A probe that runs once when the others are attached (iterators):
	 * run it, its output to out.  NULL for the others. */
	int (*run)(void *target, FILE *out);
	/* unwatch(addr): stop the probe where it watches addr (watchpoints);
	 * the attachments stay open until detaching.  NULL for the others. */
	void (*unwatch)(void *target, uint64_t addr);
};

/* What the language may use in the provider's probes (sema's view). */
void provider_probe_type(const struct provider *prov, struct probe_type *out);

/* Find by name or alias; NULL if none. */
const struct provider *provider_find(const char *name);
/* Every provider, NULL-terminated, in the order -l lists them. */
extern const struct provider *const providers[];

/*
 * Split "prov:rest" and expand; reports unknown providers.  The full text of
 * an attach point, e.g. "tracepoint:syscalls:sys_enter_*", or "BEGIN".
 */
int probe_expand(const char *attach_point, const struct expand_ctx *ctx, probelist *out,
		 const struct provider **prov);

/*
 * Shell-style match of a probe name: '*' (any run, ':' included) and '?'
 * (one character).  Providers use it for expansion and listing.
 */
bool probe_match(const char *pattern, const char *name);
/* Whether text contains '*' or '?'. */
bool probe_has_wildcard(const char *text);

/* -l [PATTERN] over every provider. */
void probe_list(const char *pattern, bool verbose, FILE *out);
/* sonde -l: probe_list_pid, then an error when nothing matched (exit status). */
int probe_list_report(const char *pattern, bool verbose, int pid, FILE *out);
/*
 * What -l takes in full (list.c): comma-separated searches, a wildcard
 * provider with a binary, kernel types ('struct NAME'), and with pid > 0
 * the uprobes and USDT probes of the files that process maps.
 */
void probe_list_pid(const char *pattern, bool verbose, int pid, FILE *out);

#endif
