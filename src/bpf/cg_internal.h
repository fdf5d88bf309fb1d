/* SPDX-License-Identifier: GPL-2.0 */
/* Code generator internals, shared by the codegen files only. */
#ifndef SONDE_CG_INTERNAL_H
#define SONDE_CG_INTERNAL_H

#include "codegen.h"
#include "insn.h"
#include "../lang/lexer.h"

/* Fixed stack slots, below r10. */
#define SLOT_CTX	(-8)	/* the context pointer (r1 at entry) */
#define SLOT_SCRATCH	(-16)	/* pointer to the per-CPU scratch buffer */
#define SLOT_ZERO	(-24)	/* a zero u32 key for array lookups */
#define STACK_FIXED	24
#define STACK_LIMIT	448	/* leave room below for helper spills */
#define SMALL_MEM	64	/* larger memory areas go to the scratch buffer */
/*
 * Scratch memory: a probe that needs at most PERCPU_SCRATCH_MAX bytes uses
 * the per-CPU array (the kernel's limit on a per-CPU value is 32 KiB); a
 * probe that needs more (long strings: max_strlen in the thousands) uses an
 * array with one entry per possible CPU, looked up by the CPU's number.
 */
#define PERCPU_SCRATCH_MAX	(32 * 1024)
#define SCRATCH_LIMIT	(1024 * 1024)
/* the largest value a traced pointer's target copied whole may have */
#define COPY_LIMIT	(16 * 1024)

/* A memory area: on the stack (off < 0 from r10) or in scratch (off >= 0). */
struct mem {
	bool scratch;
	int off;
	int frame;	/* stack areas: 0 the probe's frame, 1 a for-loop callback's */
};

/* In a for-over-map callback: where the probe's frame pointer is kept. */
#define CB_SLOT_OUTER	(-8)
#define CB_STACK_FIXED	8

enum val_kind {
	V_NONE,		/* no value (statement calls) or an error */
	V_IMM,
	V_REG,		/* one of r6..r9, owned by the value */
	V_STACK,	/* an 8-byte temporary stack slot, owned by the value */
	V_MEM,		/* an aggregate in memory */
};

struct val {
	enum val_kind kind;
	int64_t imm;
	int reg;
	int slot;
	struct mem mem;
	struct type *type;
};

struct fixup {
	int insn;
	int label;
};

struct loopctx {
	int brk, cont;
};

/* An inlined fn call being generated: where `return` jumps, and its value. */
struct fnctx {
	int end;		/* label after the body */
	struct mem result;
	struct type *type;	/* NULL: returns nothing */
};

struct cg {
	struct program *prog;
	struct prog_spec *ps;
	const struct codegen_opts *opts;
	VEC(struct bpf_insn) code;
	VEC(int) labels;
	VEC(struct fixup) fixups;
	VEC(struct line_entry) lines;
	VEC(int) free_slots;	/* released 8-byte temporaries */
	VEC(struct loopctx) loops;
	VEC(struct fnctx) fns;
	struct mem ret_flag;	/* in the probe's frame: a return ran in a map loop */
	bool has_ret_flag;
	struct loc loc;		/* of the statement being generated */
	int stack;		/* bytes used below r10 */
	uint32_t scratch;	/* bytes used in the scratch buffer */
	/*
	 * Scratch areas of temporaries are given back at the end of each
	 * statement (gen_stmt); what lies below the pin (variables' homes,
	 * placed on first use) is kept.  The scratch map's size is the peak.
	 */
	uint32_t scratch_pin, scratch_peak;
	int slots_held;		/* 8-byte temporaries owned by live values */
	/* the last instruction, when it moved a fresh value from a scratch
	 * register into its home (val_from_reg): val_take() may undo it */
	int move_insn, move_src, move_dst;
	int label_pos;		/* where the last label was placed */
	bool uses_scratch;
	bool uses_ctx;		/* something reads SLOT_CTX: the prologue saves r1 */
	unsigned regs_busy;	/* bit r for r6..r9 */
	int exit_label;
	int frame;		/* 0, or 1 while generating a for-loop callback */
	VEC(struct bpf_insn) subprogs;	/* callbacks, appended after the program */
	VEC(struct fixup) func_refs;	/* ld_imm64 of a callback: insn, subprog start */
	bool dead;		/* after an unconditional jump: emit nothing */
	int errors;
	struct mem sys_slot;	/* merged syscall program: its probe index + 1 (cg_syscall.c) */
	struct loc last_error;	/* where the last error was: each place is reported once */
	/* after D's speculate(): the records' tag (id << 32) is kept here (cg_spec.c) */
	bool speculating;
	struct mem spec_tag;
	/* a D clause's records are held until it ends (cg_hold.c) */
	bool hold_off;		/* the pass without holding */
	bool holding, commit_next, first_next, tag_known;
	bool records_sent;	/* a record is sent before the code being generated */
	bool fault_record;	/* the record being sent is a fault's */
	bool unheld_record;	/* the record being sent is never held */
	bool hold_needed;	/* a checked read follows a record: a fault may drop it */
	bool exit_open;		/* exit() leaves with the run's records uncommitted */
	VEC(struct varinfo *) placed;	/* the variables this pass gave homes */
	struct mem hold_tag;	/* the run's tag << HOLD_SHIFT, 0 before its first record */
	int fault_label;	/* after the run's end: where a fault leaves */
	const struct node *commit_call;	/* the final printf, whose record ends the run */
	const struct node *first_call;	/* the first printf, whose record takes the tag */
};

/*
 * A callback subprogram being generated (for-loops, string building): the
 * probe's code state set aside by frame_enter(); frame_leave() resolves the
 * callback's jumps, moves it to the subprograms and returns its start.
 */
struct cg_saved {
	typeof(((struct cg *)0)->code) code;
	typeof(((struct cg *)0)->labels) labels;
	typeof(((struct cg *)0)->fixups) fixups;
	typeof(((struct cg *)0)->lines) lines;
	typeof(((struct cg *)0)->free_slots) free_slots;
	typeof(((struct cg *)0)->loops) loops;
	int stack, slots_held, exit_label, frame, label_pos;
	int func_refs;		/* cg->func_refs.n at entry: the callback's own refs follow */
	unsigned regs_busy;
	bool dead;
};
void frame_enter(struct cg *cg, struct cg_saved *sv);
/* Call a callback-running helper: r1 set by the caller, r2 the callback at start. */
void emit_callback_call(struct cg *cg, int start, int helper);
void emit_ld_func(struct cg *cg, int reg, int start);
int frame_leave(struct cg *cg, struct cg_saved *sv);
void callback_enter(struct cg *cg, struct cg_saved *sv);
void callback_byte(struct cg *cg, struct mem src, uint32_t cap, int stop);
void callback_returns(struct cg *cg, int more, int stop);

/* Values that live in a register: integers and pointers. */
static inline bool cg_scalar(const struct type *t)
{
	return t && (type_is_int(t) || t->kind == TY_PTR);
}

/* ---- emission (codegen.c) ---- */
void emit(struct cg *cg, struct bpf_insn i);
void emit_ld_imm64(struct cg *cg, int dst, uint64_t imm);
void emit_ld_map(struct cg *cg, int dst, int map_spec);
void emit_call(struct cg *cg, int helper);
int label_new(struct cg *cg);
void label_here(struct cg *cg, int label);
/* A jump to a label: op BPF_JA for unconditional, else compare dst with src/imm. */
void emit_jmp(struct cg *cg, int op, int dst, int src, int64_t imm, bool use_imm, int label);
void emit_goto(struct cg *cg, int label);
void cg_error(struct cg *cg, struct loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- values (codegen.c) ---- */
struct val val_imm(int64_t v, struct type *t);
/* A fresh home for an integer: a free r6..r9, else a stack slot. */
struct val val_alloc_int(struct cg *cg, struct type *t);
/* Store register src (r0..r5) into a fresh integer value. */
struct val val_from_reg(struct cg *cg, int src, struct type *t);
/* The register holding v: its own, or scratch after loading it there. */
int val_load(struct cg *cg, const struct val *v, int scratch);
/*
 * The register holding v for a use by the very next instruction; frees v.
 * When v was just moved into its home from r0-r4, the move is undone and
 * that register returned: a helper's result is used where it was made.
 */
int val_take(struct cg *cg, struct val *v, int scratch);
/*
 * A fresh integer value computed in place: its home register, or r0 when
 * it lives on the stack; val_store(v, that register) completes it.
 */
struct val val_alloc_work(struct cg *cg, struct type *t, int *reg);
/* Write register src into an integer value's home. */
void val_store(struct cg *cg, const struct val *v, int src);
void val_free(struct cg *cg, struct val *v);
struct val gen_expr(struct cg *cg, struct node *n);
/* Integer expression into register dst (r0..r5); frees the value. */
void gen_int_into_reg(struct cg *cg, struct node *n, int dst);
void gen_block(struct cg *cg, struct node *block);
/* Take ownership of an integer value in a writable home (not an immediate). */
struct val val_own(struct cg *cg, struct val v);
/* Sign- or zero-extend register r from size bytes to 64 bits. */
void emit_extend(struct cg *cg, int r, int size, bool is_signed);
/* Register a op= operand b, with C's signed semantics for / and %. */
void emit_alu(struct cg *cg, int op, bool is_signed, int a, struct val *b);
/* Pointer arithmetic moves by elements: the element size of pointer t, else 1. */
uint32_t cg_ptr_step(const struct type *t);
/* b *= step, for a pointer's + or - (b stays an immediate when it is one). */
void emit_scale(struct cg *cg, struct val *b, uint32_t step);
/* r3 = strings differ (0/1), comparing at most limit bytes (0: whole). */
struct val gen_strcmp(struct cg *cg, struct node *a, struct node *b, uint32_t limit);

/* Where a scratch variable lives (placed on first use). */
struct mem cg_var_mem(struct cg *cg, struct varinfo *v);

/* ---- merged syscall tracepoints (cg_syscall.c) ---- */
void gen_syscall_filter(struct cg *cg);
struct val gen_syscall_probe(struct cg *cg, struct type *t);

/* ---- memory (cg_mem.c) ---- */
struct mem mem_alloc(struct cg *cg, uint32_t size);
struct mem mem_stack(struct cg *cg, uint32_t size);
struct mem mem_at(struct mem m, int off);
/* Keep every scratch area allocated so far past the end of the statement. */
void mem_keep(struct cg *cg);
/* reg = one of the probe's fixed slots (SLOT_CTX, SLOT_SCRATCH), from any frame */
void emit_load_fixed(struct cg *cg, int reg, int slot);
/* R0 = the current pid in sonde's PID namespace (cg_builtins.c) */
void emit_own_tgid(struct cg *cg);
/* R0 = tgid << 32 | tid, as bpf_get_current_pid_tgid() but in sonde's namespace */
void emit_own_pid_tgid(struct cg *cg);
/* reg = address of m */
void emit_addr(struct cg *cg, int reg, struct mem m);
/* dst = *(size *)m ; *(size *)m = src */
void emit_mem_load(struct cg *cg, int size, int dst, struct mem m);
void emit_mem_store(struct cg *cg, int size, struct mem m, int src);
void emit_mem_store_imm(struct cg *cg, int size, struct mem m, int32_t imm);
void emit_memzero(struct cg *cg, struct mem dst, uint32_t size);
void emit_memcpy(struct cg *cg, struct mem dst, struct mem src, uint32_t size);
/* Copy a NUL-terminated string of capacity size, leaving the rest untouched. */
void emit_strcpy(struct cg *cg, struct mem dst, struct mem src, uint32_t size);
/* Evaluate n into memory laid out as type t (ints widen or narrow). */
void gen_into(struct cg *cg, struct node *n, struct mem dst, struct type *t, bool zeroed);
/* Copy a value between two layouts of the same shape. */
void copy_converting(struct cg *cg, struct mem dst, struct type *dt, struct mem src,
		     struct type *st, bool zeroed);
bool type_needs_zero(const struct type *t);
struct val gen_string_literal(struct cg *cg, struct node *n);
/* A string codegen knows itself (a probe's name...): len bytes of str as type t. */
struct val gen_string_bytes(struct cg *cg, const char *str, size_t len, struct type *t);
struct val gen_str_compare(struct cg *cg, struct node *n);
struct val gen_ctx_field(struct cg *cg, struct node *n);
/* Fields, elements and dereferences of traced memory (cg_kmem.c). */
struct val gen_kmem_value(struct cg *cg, struct node *n);
/* &lvalue: the address of a field, element or dereference in traced memory. */
struct val gen_kmem_addr(struct cg *cg, struct node *n, struct type *t);

/*
 * What sema found out about n in this probe: the typed layer (lang/ann.h).
 * The code generator reads sema's results only through these accessors.
 * A node it makes itself on its stack (id 0: a string literal it emits,
 * the 1 of ++) carries its own type and value.
 */
static inline const struct sema_ann *cg_ann(const struct cg *cg, const struct node *n)
{
	return ann_of(cg->opts ? cg->opts->anns : NULL, n);
}

static inline struct type *cg_type(const struct cg *cg, const struct node *n)
{
	const struct sema_ann *a = cg_ann(cg, n);

	/* a node of codegen's own (id 0): the integer literal 1 or 0 it adds */
	return a ? a->type : n->id == 0 && n->kind == N_INT ? type_int(8, true) : NULL;
}

/* The rest of sema's results exist only for the nodes of the probe it checked. */
static inline struct mapinfo *cg_map(const struct cg *cg, const struct node *n)
{
	const struct sema_ann *a = cg_ann(cg, n);

	return a ? a->map : NULL;
}

static inline struct varinfo *cg_var(const struct cg *cg, const struct node *n)
{
	const struct sema_ann *a = cg_ann(cg, n);

	return a ? a->var : NULL;
}

/* N_BUILTIN: enum builtin_id; N_CALL: enum func_id */
static inline int cg_id(const struct cg *cg, const struct node *n)
{
	const struct sema_ann *a = cg_ann(cg, n);

	return a ? a->id : 0;
}

/* n's annotation when sema left in it a value meaning k (ann.h: enum ann_value) */
static inline const struct sema_ann *cg_ann_as(const struct cg *cg, const struct node *n,
					       enum ann_value k)
{
	const struct sema_ann *a = cg_ann(cg, n);

	return a && a->vkind == k ? a : NULL;
}

/* A value known before the run (a literal, sizeof, ncpus, kaddr()...) */
static inline bool cg_is_const(const struct cg *cg, const struct node *n)
{
	return cg_ann_as(cg, n, AV_CONST) || (n->id == 0 && (n->kind == N_INT || n->kind == N_BOOL));
}

static inline int64_t cg_const(const struct cg *cg, const struct node *n)
{
	const struct sema_ann *a = cg_ann_as(cg, n, AV_CONST);

	return a ? a->v.constant : n->id == 0 ? n->ival : 0;
}

/* argN, sargN: N */
static inline int cg_arg_index(const struct cg *cg, const struct node *n)
{
	const struct sema_ann *a = cg_ann_as(cg, n, AV_ARG);

	return a ? a->v.arg : 0;
}

/* N_TUPLE_IDX, a record's member (N_FIELD), $t[constant] (N_INDEX): the element read */
static inline int cg_tuple_index(const struct cg *cg, const struct node *n)
{
	const struct sema_ann *a = cg_ann_as(cg, n, AV_TUPLE_INDEX);

	return a ? a->v.tuple_index : 0;
}

/* strncmp/memcmp: bytes compared; buf: bytes copied; pton: the address's length */
static inline uint32_t cg_len(const struct cg *cg, const struct node *n)
{
	const struct sema_ann *a = cg_ann_as(cg, n, AV_LEN);

	return a ? a->v.len : 0;
}

/* nsecs(clock): the clock's index */
static inline int cg_clock(const struct cg *cg, const struct node *n)
{
	const struct sema_ann *a = cg_ann_as(cg, n, AV_CLOCK);

	return a ? a->v.clock : 0;
}

/* reg(name): the register's offset in the context */
static inline int cg_reg_off(const struct cg *cg, const struct node *n)
{
	const struct sema_ann *a = cg_ann_as(cg, n, AV_REG_OFF);

	return a ? a->v.reg_off : 0;
}

/* signal(): the signal, 0 when it is known only at run time */
static inline int cg_signo(const struct cg *cg, const struct node *n)
{
	const struct sema_ann *a = cg_ann_as(cg, n, AV_SIGNO);

	return a ? a->v.signo : 0;
}

/* pid, tid: the PID namespace numbering it (PIDNS_*) */
static inline int cg_pidns(const struct cg *cg, const struct node *n)
{
	const struct sema_ann *a = cg_ann_as(cg, n, AV_PIDNS);

	return a ? a->v.pidns : PIDNS_CURRENT;
}

/* comm(pid): the offset of comm in struct task_struct */
static inline uint32_t cg_offset(const struct cg *cg, const struct node *n)
{
	const struct sema_ann *a = cg_ann_as(cg, n, AV_OFFSET);

	return a ? a->v.offset : 0;
}

/* percpu_kaddr(): the variable's BTF id */
static inline uint32_t cg_btf_id(const struct cg *cg, const struct node *n)
{
	const struct sema_ann *a = cg_ann_as(cg, n, AV_BTF_ID);

	return a ? a->v.btf_id : 0;
}

/* getopt(), signal_name() as strings: their text */
static inline const char *cg_str(const struct cg *cg, const struct node *n)
{
	const struct sema_ann *a = cg_ann_as(cg, n, AV_STR);

	return a ? a->v.str : "";
}

static inline const struct field *cg_field(const struct cg *cg, const struct node *n)
{
	const struct sema_ann *a = cg_ann(cg, n);

	return a ? a->field : NULL;
}

/* r0 = a probe-read helper(r1, r2, r3 address), checked as cfg.read_faults says (cg_fault.c) */
void emit_read_call(struct cg *cg, int helper, struct loc loc);

/* ---- maps and calls (cg_calls.c) ---- */
struct mem gen_map_key(struct cg *cg, struct node *map, int extra);
/* The same with the keys written apart from the map: has_key(@m, k) */
struct mem gen_map_key_of(struct cg *cg, struct node *map, struct node *const *keys, int nkeys,
			  int extra);
struct val gen_map_read(struct cg *cg, struct node *map);
/* An aggregation entry at key with every CPU's value combined, as type t. */
struct val gen_agg_collapse(struct cg *cg, struct mapinfo *m, struct mem key, struct type *t);
void gen_map_assign(struct cg *cg, struct node *assign);
void gen_map_incdec_stmt(struct cg *cg, struct node *map, int op, struct node *rhs);
void gen_agg(struct cg *cg, struct node *map, struct node *call);
/* r0 = bpf_map_lookup_elem(m's map for key, key); an update of key with value. */
void emit_lookup(struct cg *cg, struct mapinfo *m, struct mem key);
/* Update key's element; a hash map that is full and refuses the key sends
 * bpftrace's "Map full" warning, located at site (the map). */
void emit_update(struct cg *cg, struct mapinfo *m, struct mem key, struct mem value,
		 struct node *site);
/* @m[...] = tseries(v, interval, n[, agg]) (cg_tseries.c) */
void gen_tseries(struct cg *cg, struct node *map, struct node *call);
struct val gen_call(struct cg *cg, struct node *n);
/* The emitter of a function id: a call's value, or an aggregation's update. */
struct cg_call_emitter {
	struct val (*value)(struct cg *cg, struct node *call);
	void (*agg)(struct cg *cg, struct node *map, struct node *call);
};
const struct cg_call_emitter *cg_call_emitter_of(int id);	/* NULL: no such id */
/* ---- builtins (cg_builtins.c) ---- */
typedef struct val (*cg_builtin_emitter)(struct cg *cg, struct node *n);
cg_builtin_emitter cg_builtin_emitter_of(int id);	/* NULL: no such id */
struct val gen_builtin(struct cg *cg, struct node *n);
struct val call_debugf(struct cg *cg, struct node *n);
struct val call_percpu_kaddr(struct cg *cg, struct node *n);
struct val call_override(struct cg *cg, struct node *n);
struct val call_socket_cookie(struct cg *cg, struct node *n);
struct val call_skboutput(struct cg *cg, struct node *n);
struct val call_comm_pid(struct cg *cg, struct node *n);
struct val call_uaddr(struct cg *cg, struct node *n);
struct val call_write_user(struct cg *cg, struct node *n);
/*
 * Call the kernel function name (a kfunc, cg_kfunc.c): arguments in r1-r5,
 * the result in r0, as for a helper.  The function's descriptor lists it
 * (func_desc.kfuncs), so sema has already refused a kernel without it.
 */
void emit_kfunc_call(struct cg *cg, const char *name);
/* the D front end's string building (cg_strbuild.c) */
struct val call_dt_strjoin(struct cg *cg, struct node *n);
struct val call_dt_basename(struct cg *cg, struct node *n);
/* A zeroed string for n's value with slack bytes of room behind it (cg_strbuild.c). */
struct val cg_str_result(struct cg *cg, struct node *n, uint32_t slack);
/* r0 = bpf_probe_read_kernel_str(dst, size, src): bytes written, NUL counted. */
void cg_copy_str(struct cg *cg, struct mem dst, uint32_t size, struct mem src);
/* D's string subroutines (cg_strsearch.c). */
struct val call_dt_strcmp(struct cg *cg, struct node *n);
struct val call_dt_substr(struct cg *cg, struct node *n);
struct val call_dt_index(struct cg *cg, struct node *n);
struct val call_dt_strstr(struct cg *cg, struct node *n);
struct val call_dt_strchr(struct cg *cg, struct node *n);
struct val call_dt_case(struct cg *cg, struct node *n);
struct val call_dt_lltostr(struct cg *cg, struct node *n);
struct val call_dt_strescape(struct cg *cg, struct node *n);
/* D's chill(ns) (cg_chill.c). */
struct val call_dt_chill(struct cg *cg, struct node *n);
/* D's speculations (cg_spec.c); emit_spec_tag: OR the tag into rec's event id. */
struct val call_dt_speculation(struct cg *cg, struct node *n);
struct val call_dt_speculate(struct cg *cg, struct node *n);
struct val call_dt_commit(struct cg *cg, struct node *n);
struct val call_dt_discard(struct cg *cg, struct node *n);
void emit_spec_tag(struct cg *cg, struct mem rec);
/* D's progenyof(pid) (cg_progeny.c). */
struct val call_dt_progenyof(struct cg *cg, struct node *n);
/* D's id/epid, normalize(@a, expr), uregs[] on kernel probes (cg_dtmisc.c). */
struct val call_dt_probeid(struct cg *cg, struct node *n);
struct val call_dt_normalize(struct cg *cg, struct node *n);
struct val call_dt_uregs(struct cg *cg, struct node *n);
struct val call_dt_strtokpos(struct cg *cg, struct node *n);
struct val call_dt_dirname(struct cg *cg, struct node *n);
struct val gen_stack(struct cg *cg, struct type *t);
struct val gen_map_len(struct cg *cg, struct mapinfo *m, struct type *t);
void gen_event_of_mem(struct cg *cg, enum event_kind kind, struct node *n, const char *fmt,
		      struct type *t, struct mem src);
void gen_event(struct cg *cg, enum event_kind kind, struct node *n, struct node **args, int nargs,
	       struct mapinfo *map, int64_t top, int64_t div, const char *fmt);
/* r0 = a hist/lhist argument -> r1 = its bucket (program.h).  Clobbers r0-r3. */
void emit_hist_bucket(struct cg *cg, const struct mapinfo *m);
/* A failed ring buffer output: count it in IMAP_LOST. */
void emit_count_lost(struct cg *cg);
/* BPF_B/H/W/DW for an access of size bytes. */
int bpf_size(int size);
void emit_output_record(struct cg *cg, struct mem rec, uint32_t size);

/* ---- a D clause's records held until it ends (cg_hold.c) ---- */
void hold_begin(struct cg *cg, const struct node *probe);
/* The record at rec (its event index written) gets the run's tag. */
void hold_tag_record(struct cg *cg, struct mem rec);
/*
 * Before call's record: true when it ends the run (the clause's final
 * printf, hold_committed() after it); the first printf takes the tag.
 */
bool hold_commits(struct cg *cg, const struct node *call);
void hold_committed(struct cg *cg);
/* Where a faulting read leaves the program. */
int hold_fault_label(struct cg *cg);
/* exit() leaves for the exit label: the run's end is sent there. */
void hold_exit(struct cg *cg);
/* At the exit label: the end of a run that has not committed; then the fault label. */
void hold_end(struct cg *cg, struct loc loc);

/* ---- unwind = dwarf (cg_dwarf.c, program.h) ---- */
/* ustack as a sample record for user space; the value is { sample id, pid }. */
struct val cg_dwarf_ustack(struct cg *cg, struct type *t);
/* @m[...] = x, op= x or an aggregation of a user-space map: one update record. */
void cg_dwarf_assign(struct cg *cg, struct node *assign);
void cg_dwarf_incdec(struct cg *cg, struct node *map, int op, struct node *rhs);
/* what the probes cannot do with a user-space map: a located error. */
void cg_dwarf_refuse(struct cg *cg, struct loc loc, const char *what, const struct mapinfo *m);
/*
 * The copy of a thread's user state into a reserved record rec (laid out
 * as l): its user registers, then its user stack page by page, the byte
 * count in len (a register or stack slot, so the verifier keeps its
 * bounds); the copy ends at done.  Then the count into the record and
 * bpf_ringbuf_submit().  Shared by ustack samples and the DWARF profiler.
 */
void cg_user_regs(struct cg *cg, const struct val *rec, const struct ustack_layout *l);
void cg_user_stack(struct cg *cg, const struct val *rec, const struct val *len, int done,
		   const struct ustack_layout *l);
void cg_user_stack_submit(struct cg *cg, const struct val *rec, const struct val *len,
			  const struct ustack_layout *l);

#endif
