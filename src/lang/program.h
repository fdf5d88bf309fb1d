/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A compiled program: what the compiler hands the loader and the runtime.
 *
 * The compiler (sema + codegen) fills maps, progs and events; the loader
 * creates the maps, loads and attaches the programs (filling the fds);
 * the runtime reads the ring buffer and the maps and prints through the
 * event and map descriptions.  Nothing here depends on libbpf.
 */
#ifndef SONDE_PROGRAM_H
#define SONDE_PROGRAM_H

/* Frames kept per stack in IMAP_STACKS (the kernel's limit is 127). */
#define STACK_MAX_FRAMES 127
/*
 * A stack's id hashes its frames: h = seed; per frame h = (h ^ frame) *
 * mul, h ^= h >> 29; then h | 1 (never 0).  The probes compute it for
 * frame-pointer stacks, runtime/ustacks.c for DWARF-unwound ones.
 */
#define STACK_HASH_SEED 0xcbf29ce484222325ull
#define STACK_HASH_MUL 0x100000001b3ull

#include <linux/bpf.h>
#include <stdbool.h>
#include <stdint.h>

#include "arch/arch.h"
#include "lang/ast.h"
#include "lang/diag.h"
#include "lang/types.h"
#include "hindex.h"
#include "util.h"

/*
 * How a user map (@name) aggregates.  Kernel value layouts (per CPU for
 * every kind but AGG_NONE; userspace combines the CPUs):
 *
 *   AGG_NONE   the value itself (type mapinfo.value), plain BPF_MAP_TYPE_HASH
 *   AGG_COUNT  u64 count
 *   AGG_SUM    { s64 sum; u64 count; }       (count > 0: the entry is set)
 *   AGG_MIN    { s64 value; u64 set; }       (combine: min over set CPUs)
 *   AGG_MAX    { s64 value; u64 set; }
 *   AGG_AVG    { s64 total; u64 count; }     (prints total / count)
 *   AGG_STATS  { s64 total; u64 count; }
 *   AGG_HIST   u64 count per bucket ({ u64 count; s64 sum; } with cfg.hist_sums:
 *   AGG_LHIST  u64 count per bucket   the sum of the bucket's values, for exporters)
 *
 * Keyed maps are BPF_MAP_TYPE_PERCPU_HASH keyed by the key type, except
 * hist/lhist which key by { key; u64 bucket } (key omitted when keyless).
 * Key-less aggregations are BPF_MAP_TYPE_PERCPU_ARRAY: one entry (index 0)
 * for count..stats, one entry per bucket for hist/lhist.  A key-less entry
 * is "set" when its count/set word (or any bucket) is non-zero.
 *
 * hist buckets (bits = 0, the classic power-of-two histogram):
 *   0: value < 0 "(..., 0)"   1: value == 0 "[0]"   2: "[1]"
 *   k >= 3: [2^(k-2), 2^(k-1))  (so 66 buckets cover u64)
 * With bits = b > 0 (hist(x, b), current bpftrace) each power of two is
 * split in 2^b linear sub-buckets; see runtime/hist.c for the index math.
 * lhist(x, min, max, step) buckets: 0: value < min; i in 1..n: [min + (i-1)
 * * step, min + i * step); n + 1: value >= max; n = (max - min) / step.
 *
 *   AGG_TSERIES { s64 value; u64 meta; u64 epoch; } per slot, a slot per
 *              interval: epoch = now / interval_ns, slot = epoch % nbuckets
 *              (key-less: the array index; keyed: { key; u64 slot }).  A
 *              slot whose epoch is older is reset before it is updated;
 *              meta is the time of the last write (no aggregation), the
 *              count (avg) or "set" (min, max).  now is CLOCK_TAI (aligned
 *              with wall-clock seconds), or with BPFTRACE_DUMMY_TS_MAP=@m
 *              the value of the key-less map @m (for deterministic tests).
 */
enum agg_kind {
	AGG_NONE,
	AGG_COUNT,
	AGG_SUM,
	AGG_MIN,
	AGG_MAX,
	AGG_AVG,
	AGG_STATS,
	AGG_HIST,
	AGG_LHIST,
	AGG_TSERIES,
};

/* tseries(v, interval, n[, "agg"]): how the values of one interval combine. */
enum tseries_agg { TS_LAST, TS_AVG, TS_MAX, TS_MIN, TS_SUM };

/*
 * Key tiers.  The kernel hashes and compares whole keys, so a map keyed by
 * a max_strlen string (1024 bytes) pays for 1024 bytes on every event even
 * for "/etc/passwd".  When a hash map's key ends in a long string, the map
 * gets extra kernel maps whose keys stop after a shorter string capacity
 * (tier_len, with the NUL); a probe uses the smallest tier the string fits
 * in (strings are NUL padded, so it fits in tier_len exactly when byte
 * tier_len - 1 is zero), and userspace reads all of them, widening the
 * keys.  A string lives in exactly one tier, so the tiers never overlap.
 * Maps read inside the probes as a whole (for, len) have no tiers.
 */
#define MAP_TIERS_MAX 2

struct mapinfo {
	char *name;		/* "@x", or "@" for the anonymous map */
	struct type *key;	/* NULL when key-less; a TY_TUPLE for [a, b] */
	struct type *value;	/* AGG_NONE: the value type; else the argument type */
	enum agg_kind agg;
	int64_t lhist_min, lhist_max, lhist_step;
	int hist_bits;
	int nbuckets;		/* hist/lhist; tseries: intervals kept */
	int64_t ts_interval;	/* tseries: interval in ns */
	enum tseries_agg ts_agg;
	uint32_t max_entries;
	bool lru;		/* declared lruhash/percpulruhash: evict instead of refusing */
	bool declared;		/* let @m = kind(N) */
	int spec;		/* index into program.maps */
	struct loc first_use;
	bool key_known, keyed;
	bool zeroed;		/* runtime: zero() of a key-less aggregation */
	bool warned_full;	/* runtime: the map-full warning was given */
	bool used_read, used_write;
	bool iterated;		/* for ($kv : @m) or len(@m) in a probe */
	int ntiers;		/* key tiers (above) besides the full map */
	int tier_spec[MAP_TIERS_MAX];
	uint32_t tier_len[MAP_TIERS_MAX];	/* string capacity, ascending */
	uint32_t tier_str_off;	/* the string's offset in the key */
	/*
	 * unwind = dwarf and a ustack in the key (or in a plain value): the
	 * map lives in user space (runtime/umaps.c), updated by
	 * EV_MAP_UPDATE records; no kernel map (spec is -1).
	 */
	bool uagg;
	struct umap *umap;	/* runtime: its entries */
};

/* A BPF map the loader creates. */
struct map_spec {
	char *name;		/* kernel name (15 chars max, e.g. "AT_x", "ringbuf") */
	enum bpf_map_type type;
	uint32_t key_size;
	uint32_t value_size;
	uint32_t max_entries;
	uint32_t flags;
	struct mapinfo *info;	/* user map, or NULL for internal maps */
	int fd;			/* -1 until created */
	const uint32_t *init;	/* array maps: max_entries values written after creation */
};

/* Maps every program has. */
enum internal_map {
	IMAP_RINGBUF,		/* events to userspace */
	IMAP_LOST,		/* per-CPU u64: failed ring buffer reservations; in D
				 * programs a second entry, HOLD_SEQ_KEY */
	IMAP_SCRATCH,		/* per-CPU buffer for strings, keys, records */
	IMAP_STACKS,		/* hash: kstack/ustack id (a hash of the frames) -> frames */
	IMAP_ONE,		/* a read-only u64 1: the first value of a new count */
	IMAP_EXITED,		/* u64, set by exit(): the other probes do nothing after it */
	IMAP_SCRATCH_BIG,	/* array, one entry per possible CPU: scratch of more than 32 KiB */
	IMAP_SPEC,		/* D's speculations: one u64 array value, SPEC_SLOT_* below */
	IMAP_COUNT
};

/*
 * skboutput()'s record header, before the packet's bytes in a perf
 * sample: u32 file id (index in program.pcap_paths), u32 bytes to cut
 * from the packet's start, u64 time since boot (ns), u32 bytes captured.
 */
enum {
	PCAP_REC_ID = 0,
	PCAP_REC_OFFSET = 4,
	PCAP_REC_NS = 8,
	PCAP_REC_LEN = 16,
	PCAP_REC_HDR_SIZE = 24,
};

/* Source position of a run of instructions, for --dump and verifier errors. */
struct line_entry {
	int insn;		/* first instruction of the run */
	struct loc loc;
};

struct provider;
struct umap;
struct ustacks;

/* One concrete probe and its BPF program. */
struct prog_spec {
	char *probe;		/* full name, e.g. "tracepoint:sched:sched_switch" */
	const struct provider *prov;
	void *target;		/* provider data for attaching (owned by provider) */
	struct node *node;	/* the N_PROBE it came from */
	int probe_index;	/* index in program.probe_names (the probe builtin) */
	enum bpf_prog_type prog_type;
	uint32_t expected_attach_type;
	struct bpf_insn *insns;
	int ninsns;
	VEC(struct line_entry) lines;
	VEC(int) subprogs;	/* first instruction of each callback (for-over-map loops) */
	int fd;			/* -1 until loaded */
	int dup_of;		/* >= 0: identical code to progs[dup_of], reuse its fd */
	/*
	 * syscall_merge.c: this raw_syscalls program stands for `merged`
	 * syscalls:sys_enter_X (exit) tracepoints.  sys_probes[nr] is the
	 * probe index + 1 of syscall nr's tracepoint (0: not traced), in
	 * map sys_map; the record's id is at sys_id_off; a task whose
	 * thread_info.status (at sys_compat_off) has sys_compat_mask set
	 * is in a 32-bit syscall and is skipped.
	 */
	uint32_t *sys_probes;
	int merged;
	int sys_map;
	uint32_t sys_id_off, sys_compat_off, sys_compat_mask;
};

/* What a ring buffer record asks userspace to do. */
enum event_kind {
	EV_PRINTF,		/* fmt with args laid out as args (a TY_TUPLE) */
	EV_ERRORF,		/* errorf/warnf: a printf to stderr, after the */
	EV_WARNF,		/* call's location and ERROR: or WARNING: */
	EV_PRINT_MAP,		/* print(@m[, top[, div]]) */
	EV_PRINT_VALUE,		/* print(expr): args is a 1-tuple */
	EV_CLEAR,		/* clear(@m) */
	EV_ZERO,		/* zero(@m) */
	EV_DELETE_KEYLESS,	/* delete(@m) of a key-less aggregation */
	EV_EXIT,		/* exit([code]): args is an int64 1-tuple */
	EV_TIME,		/* time([fmt]) */
	EV_CAT,
	EV_SYSTEM,
	EV_JOIN,
	EV_USTACK_SAMPLE,	/* unwind = dwarf: a struct ustack_sample_record */
	EV_MAP_UPDATE,		/* unwind = dwarf: an update of a uagg map (below) */
	EV_WARNING,		/* a runtime warning at loc: fmt is the message */
	EV_READ_FAULT,		/* a probe read failed at loc: fmt is the helper's name,
				 * args { s64 retcode; u64 address; u64 probe index } */
	EV_UNWATCH,		/* unwatch(addr): args is a 1-tuple, the address */
	EV_MAP_FULL,		/* a hash map (map) refused a new key at loc: fmt is
				 * the warning, given each time, as bpftrace does */
	EV_SPEC_END,		/* D's commit(id) (fmt "commit") or discard(id)
				 * ("discard"): args is a u64 1-tuple, id | use
				 * (SPEC_USE_BITS below) */
	EV_HOLD_END,		/* a D clause-run ended: its held records print (no payload) */
	EV_KIND_COUNT
};

/*
 * D's speculations (cfg.spec_count = nspec ids).  IMAP_SPEC's one value
 * is an array of u64: slot 0 counts speculation() calls that found no
 * free id, slots 1..nspec hold each id's state (SPEC_STATE_MASK) and how
 * many times it was taken (above SPEC_USE_SHIFT), slot nspec + 1 counts
 * the failures that found an id still being committed or discarded.  A
 * record a clause sends after speculate(id) carries the id and the low 4
 * bits of that count (SPEC_USE_MASK), the "use", as id | use <<
 * SPEC_USE_BITS in its event id's bits 32..43 (SPEC_TAG_SHIFT,
 * SPEC_TAG_MASK); SPEC_TAG_NONE there: speculate() of an id not in use,
 * the record is dropped.  EV_SPEC_END's u64 holds the same: id | use.
 */
enum { SPEC_FREE, SPEC_ACTIVE, SPEC_ENDING };
#define SPEC_STATE_MASK	3
#define SPEC_USE_SHIFT	2	/* in a slot: the use count above the state */
#define SPEC_USE_BITS	8	/* in a tag: id | use << SPEC_USE_BITS */
#define SPEC_USE_MASK	0xfu
#define SPEC_TAG_SHIFT	32
#define SPEC_TAG_MASK	0xfffu
#define SPEC_TAG_NONE	0xfffu	/* id 255, never used */
#define SPEC_MAX	254	/* nspec at most */

/*
 * Under `sonde record -e`, a printf record's layout (event_spec.args) ends
 * with these fields after the printf's own arguments, which formatting
 * never reaches: u64 CLOCK_BOOTTIME ns, u64 pid_tgid, u32 CPU, char
 * comm[16].
 */
#define REC_HIDDEN_FIELDS	4

struct event_spec {
	enum event_kind kind;
	char *fmt;		/* printf/time/system/cat format, NULL otherwise */
	struct type *args;	/* layout of the payload after the id */
	struct mapinfo *map;	/* EV_PRINT_MAP, EV_CLEAR, EV_ZERO, ... */
	int64_t top, div;	/* print(@m, top, div) */
	int op;			/* EV_MAP_UPDATE of a plain value: '=', '+' or '-';
				 * EV_READ_FAULT: the program's index in progs */
	struct loc loc;
	bool said;		/* EV_WARNING: printed (once per site) */
	int probe_index;	/* in program.probe_names: the probe that sends it */
	bool recorded;		/* printf with REC_HIDDEN_FIELDS */
};

/*
 * unwind = dwarf (config, --unwind dwarf, SONDE_UNWIND=dwarf).  A ustack
 * is not unwound in the kernel: the probe sends this record, the thread's
 * user registers and the top of its user stack, and the ustack value
 * holds { sample, pid } until user space has unwound it.  sample is
 * ktime_ns << 12 | cpu, unique among the samples in flight.  User space
 * unwinds it (sym/dwarf_unwind.c) and keeps the frames under a hash
 * of them, like the kernel's IMAP_STACKS ids (runtime/ustacks.c).
 */
#define USTACK_SAMPLE_BYTES	16384	/* user stack copied from sp upward */
#define USTACK_SAMPLE_NREGS	ARCH_SAMPLE_NREGS	/* struct pt_regs (arch/) */

struct ustack_sample_record {
	uint64_t id;			/* the EV_USTACK_SAMPLE event */
	uint64_t sample;
	uint32_t tid, pid;		/* bpf_get_current_pid_tgid() */
	uint64_t stack_len;		/* bytes of stack[] copied */
	uint64_t regs[USTACK_SAMPLE_NREGS];
	uint8_t stack[USTACK_SAMPLE_BYTES];
};

/*
 * EV_MAP_UPDATE's payload (event_spec.args, a tuple): the key (m->key, or
 * a zero u64 when key-less), then for aggregations an s64: the argument
 * (sum, min, max, avg, stats), the bucket (hist, lhist) or 0 (count); for
 * plain values the value (op '=') or the s64 operand of += / -= (op '+',
 * '-').  The ustack slots hold sample ids; user space turns them into
 * stack ids before it looks the key up.
 */

/* Whether values of t hold a ustack (a tuple field may). */
static inline bool type_has_ustack(const struct type *t)
{
	if (!t)
		return false;
	if (t->kind == TY_USTACK)
		return true;
	for (int i = 0; t->kind == TY_TUPLE && i < t->nfields; i++)
		if (type_has_ustack(t->fields[i].type))
			return true;
	return false;
}

/*
 * Every ring buffer record starts with this header; the payload that
 * follows has the layout of events[id].args.
 */
struct event_header {
	uint64_t id;
};

/*
 * The event id's lower half is the event's index; the upper half carries
 * D's tags (0 in bpftrace programs): bits 32..43 a speculation's id
 * (SPEC_TAG_*, below), bits 44..61 the clause-run of a held record
 * (cg_hold.c, runtime/runhold.c): HOLD_RUN, this CPU << HOLD_CPU_SHIFT |
 * HOLD_SEQ_SET | the CPU's run number (IMAP_LOST's entry HOLD_SEQ_KEY in
 * D programs, HOLD_SEQ_MASK of it); bit 62: the run's first record, bit
 * 63: its last.
 */
#define EVENT_INDEX(id)	((uint32_t)(id))
/* Between a probe's name and its attach point's label in program.probe_names. */
#define PROBE_LABEL_SEP	"\x1f"
#define HOLD_SHIFT	44
#define HOLD_SEQ_KEY	1
#define HOLD_SEQ_MASK	0x7f
#define HOLD_SEQ_SET	0x80
#define HOLD_CPU_SHIFT	8
#define HOLD_CPU_MASK	0x3ff
#define HOLD_RUN(id)	((uint32_t)((id) >> HOLD_SHIFT) & 0x3ffffu)
#define HOLD_FIRST	(1ull << 62)
#define HOLD_COMMIT	(1ull << 63)
#define HOLD_BITS	(~0ull << HOLD_SHIFT)

/* The ranges config blocks and environment variables accept (docs/safety.md). */
#define CONFIG_STRLEN_MAX	65536	/* strings live in scratch memory; bpftrace allows long ones */
#define CONFIG_MAP_KEYS_MAX	(1u << 24)
#define CONFIG_RINGBUF_MAX	(1u << 30)
#define CONFIG_CAT_BYTES_DEFAULT 10240	/* as bpftrace: cat() prints at most 10 KiB */
#define CONFIG_CAT_BYTES_MAX	(1u << 30)

struct config {
	uint32_t max_strlen;		/* str() capacity incl. NUL */
	uint32_t map_keys_max;		/* default max_entries of hash maps */
	uint32_t ringbuf_size;		/* bytes, power of two */
	bool ringbuf_explicit;		/* set by the user: never resized */
	uint32_t perf_rb_pages;
	uint32_t cat_bytes_max;		/* cat() prints at most this much of a file */
	bool unsafe;
	bool no_print_maps;		/* config print_maps_on_exit = false */
	bool no_debug_info;		/* config show_debug_info = false: no file:line in ustack */
	int stack_mode;			/* config stack_mode: kstack/ustack default */
	bool stack_mode_env;		/* set by BPFTRACE_STACK_MODE: config keeps off */
	bool unwind_dwarf;		/* unwind = dwarf: ustacks unwound in user space */
	bool no_dw_ustack;		/* unstable_dw_ustack = error: dw_ustack refused */
	bool hist_sums;			/* sonde serve: hist/lhist values are { count; s64 sum } */
	int missing_probes;		/* config missing_probes: MISSING_ERROR, _WARN, _IGNORE */
	const char *str_trunc_trailer;	/* after a string str() cut short; NULL: ".." */
	uint32_t max_bpf_progs;		/* config max_bpf_progs (0: 1024, bpftrace's default) */
	bool helper_warnings;		/* -k: warn where a map read finds no element */
	int read_faults;		/* READS_*: what a failed probe read does */
	uint32_t spec_count;		/* D's nspec: speculation ids 1..spec_count (IMAP_SPEC) */
	uint64_t dyn_var_bytes;		/* D's dynvarsize: each keyed variable's map holds
					 * entries of this many bytes at most (0: map_keys_max) */
	bool map_full_cpu;		/* EV_MAP_FULL records carry the CPU (D's aggregation drops) */
	bool c_pointer_diff;		/* D: pointer - pointer counts elements, as C (bpftrace refuses it) */
};

/*
 * A probe read of a bad address gives zeros unless the program asks for
 * more: -k reports it (bpftrace's helper error), a D program stops the
 * clause there and reports it as DTrace does (dtrace:::ERROR).  Reads are
 * checked only then, so other programs compile as before.
 */
enum { READS_UNCHECKED, READS_WARN, READS_ABORT };

/* A named parameter the program reads with getopt(). */
struct named_opt {
	char *name;
	char *desc;		/* or NULL */
};

struct program {
	struct source *src;
	struct node *ast;
	struct config cfg;
	int npos;			/* number of positional parameters */
	char **pos;			/* their values ($1 is pos[0]) */
	bool pos_owned;			/* pos was allocated by named_params_split() */
	VEC(char *) named;		/* "--name[=value]" words after the program */
	VEC(struct named_opt) opts;	/* the options getopt() asks for */
	VEC(struct mapinfo *) usermaps;	/* sorted by name when printing */
	struct hindex usermap_index;	/* name hash -> position in usermaps */
	VEC(struct map_spec) maps;	/* internal maps first (enum internal_map) */
	VEC(struct prog_spec) progs;
	/* sema's silent pass: the widest type assigned to each variable, by
	 * the id of the N_VAR that declares it (see sema.c declared_type) */
	struct type **var_width;
	int nvar_width;
	VEC(struct event_spec) events;
	/*
	 * The probe builtin's values: each probe's name, followed by
	 * PROBE_LABEL_SEP and its attach point's label when it has one (D's
	 * probes, which dtrace_name_probes() then names).
	 */
	VEC(char *) probe_names;
	struct hindex probe_name_index;	/* name hash -> position in probe_names */
	uint32_t scratch_size;		/* value size of IMAP_SCRATCH */
	uint32_t scratch_big_size;	/* value size of IMAP_SCRATCH_BIG (0: unused) */
	bool has_cpid;
	bool uses_exit;			/* exit() somewhere: probes check IMAP_EXITED */
	bool sema_report_only;		/* compile: errors found, report them */
	bool uses_stacks;		/* kstack/ustack: IMAP_STACKS is sized for use */
	bool uses_usyms;		/* usym(): user symbols are needed at output */
	bool uses_uaddr_bases;		/* uaddr() relocated at run time: uaddr_map */
	VEC(char *) pcap_paths;		/* skboutput()'s files; a record's id is the index */
	int pcap_map;			/* skboutput(): its perf event array (0: none) */
	int uaddr_map;			/* uaddr() relocated at run time: (tgid, inode) ->
					 * load base, an LRU hash (0: none) */
	int probes_skipped;		/* attach: skipped with a warning (not attached) */
	int probes_unattached;		/* attach: not reached when a signal stopped it */
	struct ustacks *ustacks;	/* runtime, unwind = dwarf: unwound user stacks */
	struct mapinfo *tseries_clock;	/* BPFTRACE_DUMMY_TS_MAP's map, or NULL */
};

#endif
