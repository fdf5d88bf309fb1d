// SPDX-License-Identifier: GPL-2.0
/*
 * Maps, aggregations and function calls.  The kernel value layouts are
 * the ones program.h documents; the runtime reads them back.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <bpf/libbpf.h>
#include <stdlib.h>
#include <string.h>

#include "cg_internal.h"

static bool map_is_array(const struct mapinfo *m)
{
	return !m->keyed && m->agg != AGG_NONE;
}

static bool agg_is_hist(const struct mapinfo *m)
{
	return m->agg == AGG_HIST || m->agg == AGG_LHIST;
}

static uint32_t key_size(const struct mapinfo *m)
{
	return m->key ? ALIGN_UP(m->key->size, 8) : 0;
}

/* A u32 array index on the stack. */
static struct mem index_key(struct cg *cg, int reg_or_neg, int32_t imm)
{
	struct mem k = mem_stack(cg, 8);

	if (reg_or_neg >= 0)
		emit_mem_store(cg, 4, k, reg_or_neg);
	else
		emit_mem_store_imm(cg, 4, k, imm);
	return k;
}

/*
 * The key of @m[...] in memory: the key type's layout, followed by extra
 * bytes (the hist bucket).  Key-less plain maps use a zero u64.
 */
/*
 * How much of a key must be zeroed before its fields are written: all of
 * it but the integers at its end, which their stores fill completely.
 */
static uint32_t zero_prefix(const struct type *t, uint32_t ks)
{
	uint32_t end = ks;

	if (t->kind != TY_TUPLE || ks != t->size)
		return ks;
	for (int i = t->nfields - 1; i >= 0; i--) {
		const struct field *f = &t->fields[i];

		if (f->offset + f->type->size != end || !cg_scalar(f->type) ||
		    f->type->size != 8)
			break;
		end = f->offset;
	}
	return end;
}

struct mem gen_map_key(struct cg *cg, struct node *map, int extra)
{
	return gen_map_key_of(cg, map, map->args.v, map->args.n, extra);
}

struct mem gen_map_key_of(struct cg *cg, struct node *map, struct node *const *keys, int nkeys,
			  int extra)
{
	struct mapinfo *m = cg_map(cg, map);
	uint32_t ks = key_size(m);
	struct mem k;
	bool zero;

	if (!m->key) {
		k = mem_alloc(cg, 8 + extra);
		emit_mem_store_imm(cg, 8, k, 0);
		return k;
	}
	k = mem_alloc(cg, ks + extra);
	zero = type_needs_zero(m->key) || ks != m->key->size;
	/* comm fills all 16 bytes itself (the kernel pads it with NULs) */
	if (nkeys == 1 && keys[0]->kind == N_BUILTIN &&
	    cg_id(cg, keys[0]) == B_COMM && ks == 16 && m->key->size == 16)
		zero = false;
	if (zero)
		emit_memzero(cg, k, zero_prefix(m->key, ks));
	if (nkeys == 1) {
		gen_into(cg, keys[0], k, m->key, zero);
	} else {
		int i;

		for (i = 0; i < nkeys; i++)
			gen_into(cg, keys[i], mem_at(k, m->key->fields[i].offset),
				 m->key->fields[i].type, zero);
	}
	return k;
}

/*
 * r1 = the kernel map that holds key: with key tiers (program.h), the
 * first tier whose string capacity holds the key's string.  Clobbers r0.
 */
static void emit_ld_keyed_map(struct cg *cg, struct mapinfo *m, struct mem key)
{
	int done;

	if (!m->ntiers) {
		emit_ld_map(cg, R1, m->spec);
		return;
	}
	done = label_new(cg);
	for (int i = 0; i < m->ntiers; i++) {
		int next = label_new(cg);

		emit_addr(cg, R0, mem_at(key, m->tier_str_off + m->tier_len[i] - 1));
		emit(cg, LDX(BPF_B, R0, R0, 0));
		emit_jmp(cg, BPF_JNE, R0, 0, 0, true, next);
		emit_ld_map(cg, R1, m->tier_spec[i]);
		emit_goto(cg, done);
		label_here(cg, next);
	}
	emit_ld_map(cg, R1, m->spec);
	label_here(cg, done);
}

void emit_lookup(struct cg *cg, struct mapinfo *m, struct mem key)
{
	emit_ld_keyed_map(cg, m, key);
	emit_addr(cg, R2, key);
	emit_call(cg, BPF_FUNC_map_lookup_elem);
}

#define MAP_FULL_WARNING \
	"Map full; can't update element. Try increasing max_map_keys config or manually " \
	"setting the max entries in a map declaration e.g. `let @a = hash(5000)`\n" \
	"Additional Info - helper: map_update_elem, retcode: -7"

static int event_id(struct cg *cg, struct event_spec *ev);

/* The map-full record with the CPU that refused (D reports drops per CPU). */
static void gen_map_full_cpu(struct cg *cg, struct mapinfo *m, struct node *site)
{
	struct type *members[1] = { type_int(4, false) };
	struct event_spec ev = { .kind = EV_MAP_FULL, .map = m, .loc = site->loc,
				 .probe_index = cg->ps->probe_index };
	struct mem rec = mem_alloc(cg, 16);
	int id;

	ev.args = type_tuple(members, 1);
	ev.fmt = xstrdup(MAP_FULL_WARNING);
	id = event_id(cg, &ev);
	emit_call(cg, BPF_FUNC_get_smp_processor_id);
	emit_mem_store(cg, 8, mem_at(rec, 8), R0);	/* the u32 and its padding */
	emit_mem_store_imm(cg, 8, rec, id);
	emit_output_record(cg, rec, 16);
}

/*
 * After an update of a hash map (r0: the helper's result): a full map
 * refuses a new key with -E2BIG, and the probe says so at site, as
 * bpftrace does, each time.  One branch on the normal path; a key
 * rewritten in a map exactly full is no refusal.  LRU maps and arrays
 * never refuse.
 */
static void emit_full_check(struct cg *cg, struct mapinfo *m, struct node *site)
{
	int ok;

	if (m->lru || !m->keyed || map_is_array(m))
		return;
	ok = label_new(cg);
	emit_jmp(cg, BPF_JNE, R0, 0, -E2BIG, true, ok);
	if (cg->prog->cfg.map_full_cpu)
		gen_map_full_cpu(cg, m, site);
	else
		gen_event(cg, EV_MAP_FULL, site, NULL, 0, m, 0, 0, MAP_FULL_WARNING);
	label_here(cg, ok);
}

void emit_update(struct cg *cg, struct mapinfo *m, struct mem key, struct mem value,
		 struct node *site)
{
	emit_ld_keyed_map(cg, m, key);
	emit_addr(cg, R2, key);
	emit_addr(cg, R3, value);
	emit(cg, MOV_IMM(R4, BPF_ANY));
	emit_call(cg, BPF_FUNC_map_update_elem);
	emit_full_check(cg, m, site);
}

/* The CPUs a per-CPU map has values for (the host compiles its own programs). */
static int cg_possible_cpus(void)
{
	static int n;

	if (!n)
		n = libbpf_num_possible_cpus();
	return n > 0 ? n : 1;
}

/* One CPU's aggregation value (r0 points to it) into acc/cnt, as userspace combines. */
static void agg_combine_cpu(struct cg *cg, enum agg_kind agg, struct mem acc, struct mem cnt,
			    int skip)
{
	int take = label_new(cg);

	switch (agg) {
	case AGG_AVG:
		emit(cg, LDX(BPF_DW, R1, R0, 8));
		emit_mem_load(cg, 8, R2, cnt);
		emit(cg, ALU_REG(BPF_ADD, R2, R1));
		emit_mem_store(cg, 8, cnt, R2);
		/* the total adds up like a sum */
		/* fall through */
	case AGG_COUNT:
	case AGG_SUM:
		emit(cg, LDX(BPF_DW, R1, R0, 0));
		emit_mem_load(cg, 8, R2, acc);
		emit(cg, ALU_REG(BPF_ADD, R2, R1));
		emit_mem_store(cg, 8, acc, R2);
		break;
	default:		/* min, max: { value; set } */
		emit(cg, LDX(BPF_DW, R1, R0, 8));
		emit_jmp(cg, BPF_JEQ, R1, 0, 0, true, skip);
		emit(cg, LDX(BPF_DW, R1, R0, 0));
		emit_mem_load(cg, 8, R2, cnt);
		emit_jmp(cg, BPF_JEQ, R2, 0, 0, true, take);
		emit_mem_load(cg, 8, R2, acc);
		emit_jmp(cg, agg == AGG_MIN ? BPF_JSGE : BPF_JSLE, R1, R2, 0, false, skip);
		label_here(cg, take);
		emit_mem_store(cg, 8, acc, R1);
		emit_mem_store_imm(cg, 8, cnt, 1);
		break;
	}
}

/* r0 = acc / cnt, rounded toward zero (0 when nothing was counted). */
static void agg_average(struct cg *cg, struct mem acc, struct mem cnt)
{
	int done = label_new(cg), positive = label_new(cg);

	emit(cg, MOV_IMM(R0, 0));
	emit_mem_load(cg, 8, R1, cnt);
	emit_jmp(cg, BPF_JEQ, R1, 0, 0, true, done);
	emit_mem_load(cg, 8, R0, acc);
	emit_jmp(cg, BPF_JSGE, R0, 0, 0, true, positive);
	emit(cg, NEG(R0));
	emit(cg, ALU_REG(BPF_DIV, R0, R1));
	emit(cg, NEG(R0));
	emit_goto(cg, done);
	label_here(cg, positive);
	emit(cg, ALU_REG(BPF_DIV, R0, R1));
	label_here(cg, done);
}

/*
 * An aggregation read in a probe (`if (@calls > 100)`): its entry on every
 * possible CPU through bpf_map_lookup_percpu_elem, combined into one
 * integer the way userspace prints it.
 */
static struct val gen_agg_read(struct cg *cg, struct node *map)
{
	struct mapinfo *m = cg_map(cg, map);
	struct mem key = map_is_array(m) ? index_key(cg, -1, 0) : gen_map_key(cg, map, 0);

	return gen_agg_collapse(cg, m, key, cg_type(cg, map));
}

/* The aggregation entry of m at key, every CPU's value combined (type t). */
struct val gen_agg_collapse(struct cg *cg, struct mapinfo *m, struct mem key, struct type *t)
{
	struct mem acc = mem_stack(cg, 8), cnt = mem_stack(cg, 8);
	/* the loop counter in a register or stack slot, never in scratch
	 * memory: the verifier must see it grow to prove the loop ends */
	struct val cpu = val_alloc_int(cg, type_int(8, false));
	int top = label_new(cg), next = label_new(cg), end = label_new(cg), r;

	emit_mem_store_imm(cg, 8, acc, 0);
	emit_mem_store_imm(cg, 8, cnt, 0);
	emit(cg, MOV_IMM(R0, 0));
	val_store(cg, &cpu, R0);
	label_here(cg, top);
	r = val_load(cg, &cpu, R3);
	emit_jmp(cg, BPF_JGE, r, 0, cg_possible_cpus(), true, end);
	emit_ld_keyed_map(cg, m, key);
	emit_addr(cg, R2, key);
	r = val_load(cg, &cpu, R3);
	if (r != R3)
		emit(cg, MOV_REG(R3, r));
	emit_call(cg, BPF_FUNC_map_lookup_percpu_elem);
	emit_jmp(cg, BPF_JEQ, R0, 0, 0, true, next);
	agg_combine_cpu(cg, m->agg, acc, cnt, next);
	label_here(cg, next);
	r = val_load(cg, &cpu, R1);
	if (r != R1)
		emit(cg, MOV_REG(R1, r));
	emit(cg, ALU_IMM(BPF_ADD, R1, 1));
	val_store(cg, &cpu, R1);
	emit_goto(cg, top);
	label_here(cg, end);
	val_free(cg, &cpu);
	if (m->agg == AGG_AVG)
		agg_average(cg, acc, cnt);
	else
		emit_mem_load(cg, 8, R0, acc);
	return val_from_reg(cg, R0, t);
}

struct val gen_map_read(struct cg *cg, struct node *map)
{
	struct mapinfo *m = cg_map(cg, map);
	struct mem key;

	if (m->uagg) {
		cg_dwarf_refuse(cg, map->loc, "reading", m);
		return val_imm(0, cg_type(cg, map));
	}
	if (m->agg != AGG_NONE)
		return gen_agg_read(cg, map);
	key = gen_map_key(cg, map, 0);
	struct type *t = m->value;
	int lnull = label_new(cg), lend;
	struct val res;

	emit_lookup(cg, m, key);
	if (cg_scalar(t) && cg->prog->cfg.helper_warnings) {
		/* -k: bpftrace's runtime warning where the key has no element */
		lend = label_new(cg);
		emit_jmp(cg, BPF_JEQ, R0, 0, 0, true, lnull);
		emit(cg, LDX(BPF_DW, R1, R0, 0));
		emit_goto(cg, lend);
		label_here(cg, lnull);
		gen_event(cg, EV_WARNING, map, NULL, 0, NULL, 0, 0,
			  "Can't lookup map element because it does not exist.\n"
			  "Additional Info - helper: map_lookup_elem, retcode: 0");
		emit(cg, MOV_IMM(R1, 0));
		label_here(cg, lend);
		return val_from_reg(cg, R1, t);
	}
	if (cg_scalar(t)) {
		emit(cg, MOV_IMM(R1, 0));
		emit_jmp(cg, BPF_JEQ, R0, 0, 0, true, lnull);
		emit(cg, LDX(BPF_DW, R1, R0, 0));
		label_here(cg, lnull);
		return val_from_reg(cg, R1, t);
	}
	lend = label_new(cg);
	res.kind = V_MEM;
	res.type = t;
	res.mem = mem_alloc(cg, t->size);
	emit_jmp(cg, BPF_JEQ, R0, 0, 0, true, lnull);
	emit(cg, MOV_REG(R3, R0));
	emit_addr(cg, R1, res.mem);
	emit(cg, MOV_IMM(R2, t->size));
	emit_call(cg, BPF_FUNC_probe_read_kernel);
	emit_goto(cg, lend);
	label_here(cg, lnull);
	emit_memzero(cg, res.mem, t->size);
	label_here(cg, lend);
	return res;
}

void gen_map_assign(struct cg *cg, struct node *n)
{
	struct node *map = n->a;
	struct mapinfo *m = cg_map(cg, map);
	struct mem value, key;

	if (m->uagg) {
		cg_dwarf_assign(cg, n);
		return;
	}
	if (n->b->kind == N_CALL && m->agg != AGG_NONE && cg_map(cg, n->b)) {
		cg_call_emitter_of(cg_id(cg, n->b))->agg(cg, map, n->b);
		return;
	}
	if (n->op) {
		gen_map_incdec_stmt(cg, map, n->op, n->b);
		return;
	}
	value = mem_alloc(cg, ALIGN_UP(m->value->size, 8));
	gen_into(cg, n->b, value, m->value, false);
	key = gen_map_key(cg, map, 0);
	emit_update(cg, m, key, value, map);
}

/* @m[k] op= rhs, read-modify-write with the key built once. */
void gen_map_incdec_stmt(struct cg *cg, struct node *map, int op, struct node *rhs)
{
	struct mapinfo *m = cg_map(cg, map);
	struct val r;
	struct mem key, value;
	int lnull;

	if (m->uagg) {
		cg_dwarf_incdec(cg, map, op, rhs);
		return;
	}
	bool is_signed = m->value->is_signed && cg_type(cg, rhs)->is_signed;
	int acc = R0;

	r = gen_expr(cg, rhs);
	if (r.kind != V_IMM)	/* a constant needs no home across the calls */
		r = val_own(cg, r);
	if (op == T_PLUS || op == T_MINUS)
		emit_scale(cg, &r, cg_ptr_step(m->value));	/* a pointer moves by elements */
	key = gen_map_key(cg, map, 0);
	value = mem_stack(cg, 8);
	lnull = label_new(cg);
	emit_lookup(cg, m, key);
	emit(cg, MOV_IMM(R1, 0));
	emit_jmp(cg, BPF_JEQ, R0, 0, 0, true, lnull);
	emit(cg, LDX(BPF_DW, R1, R0, 0));
	label_here(cg, lnull);
	/* op= a constant: in r1 where it was read (emit_alu needs no r1 then) */
	if (r.kind == V_IMM && r.imm == (int32_t)r.imm &&
	    !(is_signed && (op == T_SLASH || op == T_PERCENT)))
		acc = R1;
	else
		emit(cg, MOV_REG(R0, R1));
	emit_alu(cg, op, is_signed, acc, &r);
	emit_mem_store(cg, 8, value, acc);
	val_free(cg, &r);
	emit_update(cg, m, key, value, map);
}

/* ---- aggregations ---- */

static void emit_log2_bucket(struct cg *cg)
{
	static const int shifts[] = { 32, 16, 8, 4, 2, 1 };
	int done = label_new(cg);
	size_t i;

	/* r0 = value -> r1 = bucket (see program.h for the numbering) */
	emit(cg, MOV_IMM(R1, 0));
	emit_jmp(cg, BPF_JSLT, R0, 0, 0, true, done);
	emit(cg, MOV_IMM(R1, 1));
	emit_jmp(cg, BPF_JEQ, R0, 0, 0, true, done);
	emit(cg, MOV_IMM(R1, 2));
	for (i = 0; i < ARRAY_SIZE(shifts); i++) {
		emit(cg, MOV_REG(R2, R0));
		emit(cg, ALU_IMM(BPF_RSH, R2, shifts[i]));
		emit(cg, JMP_IMM(BPF_JEQ, R2, 0, 2));
		emit(cg, MOV_REG(R0, R2));
		emit(cg, ALU_IMM(BPF_ADD, R1, shifts[i]));
	}
	label_here(cg, done);
}

static void emit_cmp_imm64(struct cg *cg, int op, int reg, int64_t imm, int label)
{
	if (imm == (int32_t)imm) {
		emit_jmp(cg, op, reg, 0, imm, true, label);
		return;
	}
	emit_ld_imm64(cg, R3, imm);
	emit_jmp(cg, op, reg, R3, 0, false, label);
}

static void emit_linear_bucket(struct cg *cg, const struct mapinfo *m)
{
	int done = label_new(cg);
	int nb = m->nbuckets;

	emit(cg, MOV_IMM(R1, 0));
	emit_cmp_imm64(cg, BPF_JSLT, R0, m->lhist_min, done);
	emit(cg, MOV_IMM(R1, nb - 1));
	emit_cmp_imm64(cg, BPF_JSGE, R0, m->lhist_max, done);
	if (m->lhist_min == 0) {
		;	/* nothing to take off */
	} else if (m->lhist_min == (int32_t)m->lhist_min) {
		emit(cg, ALU_IMM(BPF_SUB, R0, (int32_t)m->lhist_min));
	} else {
		emit_ld_imm64(cg, R3, m->lhist_min);
		emit(cg, ALU_REG(BPF_SUB, R0, R3));
	}
	if (m->lhist_step == (int32_t)m->lhist_step) {
		emit(cg, ALU_IMM(BPF_DIV, R0, (int32_t)m->lhist_step));
	} else {
		emit_ld_imm64(cg, R3, m->lhist_step);
		emit(cg, ALU_REG(BPF_DIV, R0, R3));
	}
	emit(cg, MOV_REG(R1, R0));
	emit(cg, ALU_IMM(BPF_ADD, R1, 1));
	label_here(cg, done);
}

/*
 * hist(v, b), b > 0: each power of two in 2^b linear sub-buckets (the
 * index math of runtime/hist.c's hist_bucket): v < 2^(b+1) is its own
 * bucket v + 1; otherwise, with p = floor(log2 v),
 * ((p - b + 1) << b) + (v >> (p - b)) - 2^b + 1.  r0 = value -> r1.
 */
static void emit_log2_sub_bucket(struct cg *cg, int bits)
{
	static const int shifts[] = { 32, 16, 8, 4, 2, 1 };
	int done = label_new(cg);

	emit(cg, MOV_IMM(R1, 0));
	emit_jmp(cg, BPF_JSLT, R0, 0, 0, true, done);
	emit(cg, MOV_REG(R1, R0));
	emit(cg, ALU_IMM(BPF_ADD, R1, 1));
	emit_jmp(cg, BPF_JLT, R0, 0, 2 << bits, true, done);
	/* r3 = p: the shifts that keep r2 non-zero */
	emit(cg, MOV_REG(R2, R0));
	emit(cg, MOV_IMM(R3, 0));
	for (size_t i = 0; i < ARRAY_SIZE(shifts); i++) {
		emit(cg, MOV_REG(R4, R2));
		emit(cg, ALU_IMM(BPF_RSH, R4, shifts[i]));
		emit(cg, JMP_IMM(BPF_JEQ, R4, 0, 2));
		emit(cg, MOV_REG(R2, R4));
		emit(cg, ALU_IMM(BPF_ADD, R3, shifts[i]));
	}
	emit(cg, MOV_REG(R4, R3));
	emit(cg, ALU_IMM(BPF_SUB, R4, bits));
	emit(cg, MOV_REG(R2, R0));
	emit(cg, ALU_REG(BPF_RSH, R2, R4));
	emit(cg, ALU_IMM(BPF_SUB, R2, 1 << bits));
	emit(cg, MOV_REG(R1, R3));
	emit(cg, ALU_IMM(BPF_SUB, R1, bits - 1));
	emit(cg, ALU_IMM(BPF_LSH, R1, bits));
	emit(cg, ALU_REG(BPF_ADD, R1, R2));
	emit(cg, ALU_IMM(BPF_ADD, R1, 1));
	label_here(cg, done);
}

void emit_hist_bucket(struct cg *cg, const struct mapinfo *m)
{
	if (m->agg == AGG_HIST && m->hist_bits)
		emit_log2_sub_bucket(cg, m->hist_bits);
	else if (m->agg == AGG_HIST)
		emit_log2_bucket(cg);
	else
		emit_linear_bucket(cg, m);
}

/* In-place update of the value r0 points to, with the argument in x. */
static void agg_update(struct cg *cg, const struct mapinfo *m, struct val *x)
{
	int set, done;
	int r;

	switch (m->agg) {
	case AGG_COUNT:
	case AGG_HIST:
	case AGG_LHIST:
		/* one atomic add: uncontended on a per-CPU value, and short */
		emit(cg, MOV_IMM(R1, 1));
		emit(cg, insn(BPF_STX | BPF_DW | BPF_ATOMIC, R0, R1, 0, BPF_ADD));
		if (m->agg != AGG_COUNT && cg->prog->cfg.hist_sums) {
			r = val_load(cg, x, R2);
			emit(cg, LDX(BPF_DW, R1, R0, 8));
			emit(cg, ALU_REG(BPF_ADD, R1, r));
			emit(cg, STX(BPF_DW, R0, 8, R1));
		}
		return;
	case AGG_SUM:
	case AGG_AVG:
	case AGG_STATS:
		/* atomic adds, like count's: shorter, and uncontended per CPU */
		r = val_load(cg, x, R2);
		emit(cg, insn(BPF_STX | BPF_DW | BPF_ATOMIC, R0, r, 0, BPF_ADD));
		emit(cg, MOV_IMM(R1, 1));
		emit(cg, insn(BPF_STX | BPF_DW | BPF_ATOMIC, R0, R1, 8, BPF_ADD));
		return;
	case AGG_MIN:
	case AGG_MAX:
		set = label_new(cg);
		done = label_new(cg);
		r = val_load(cg, x, R2);
		emit(cg, LDX(BPF_DW, R1, R0, 8));
		emit_jmp(cg, BPF_JEQ, R1, 0, 0, true, set);
		emit(cg, LDX(BPF_DW, R1, R0, 0));
		if (m->value->is_signed)
			emit_jmp(cg, m->agg == AGG_MIN ? BPF_JSGE : BPF_JSLE, r, R1, 0, false, done);
		else
			emit_jmp(cg, m->agg == AGG_MIN ? BPF_JGE : BPF_JLE, r, R1, 0, false, done);
		label_here(cg, set);
		emit(cg, STX(BPF_DW, R0, 0, r));
		emit(cg, ST_IMM(BPF_DW, R0, 8, 1));
		label_here(cg, done);
		return;
	default:
		return;
	}
}

/* The first value of a new entry, on the stack. */
static struct mem agg_initial(struct cg *cg, const struct mapinfo *m, struct val *x)
{
	struct mem v = mem_stack(cg, 16);
	int r;

	switch (m->agg) {
	case AGG_SUM:
	case AGG_AVG:
	case AGG_STATS:
	case AGG_MIN:
	case AGG_MAX:
		r = val_load(cg, x, R1);
		emit_mem_store(cg, 8, v, r);
		emit_mem_store_imm(cg, 8, mem_at(v, 8), 1);
		break;
	case AGG_HIST:
	case AGG_LHIST:
		/* cfg.hist_sums: { count 1; sum x } */
		r = val_load(cg, x, R1);
		emit_mem_store_imm(cg, 8, v, 1);
		emit_mem_store(cg, 8, mem_at(v, 8), r);
		break;
	default:
		emit_mem_store_imm(cg, 8, v, 1);
		break;
	}
	return v;
}

void gen_agg(struct cg *cg, struct node *map, struct node *call)
{
	struct mapinfo *m = cg_map(cg, map);
	struct val x = { .kind = V_NONE }, bucket = { .kind = V_NONE };
	int insert = label_new(cg), done = label_new(cg);
	struct mem key, init;

	if (m->agg == AGG_TSERIES) {
		gen_tseries(cg, map, call);
		return;
	}
	if (call->args.n)
		x = val_own(cg, gen_expr(cg, call->args.v[0]));
	if (agg_is_hist(m)) {
		/* a hist that only counts is done with x; one that sums keeps it */
		int r = cg->prog->cfg.hist_sums ? val_load(cg, &x, R0) : val_take(cg, &x, R0);

		if (r != R0)
			emit(cg, MOV_REG(R0, r));
		emit_hist_bucket(cg, m);
		bucket = val_from_reg(cg, R1, type_int(8, false));
	}
	if (map_is_array(m)) {
		int r = agg_is_hist(m) ? val_take(cg, &bucket, R1) : -1;

		key = index_key(cg, r, 0);
	} else {
		key = gen_map_key(cg, map, agg_is_hist(m) ? 8 : 0);
		if (agg_is_hist(m)) {
			int r = val_load(cg, &bucket, R1);

			emit_mem_store(cg, 8, mem_at(key, key_size(m) ? key_size(m) : 8), r);
		}
	}
	emit_lookup(cg, m, key);
	emit_jmp(cg, BPF_JEQ, R0, 0, 0, true, map_is_array(m) ? done : insert);
	agg_update(cg, m, &x);
	emit_goto(cg, done);
	label_here(cg, insert);
	if (!map_is_array(m) && (m->agg == AGG_COUNT ||
				  (agg_is_hist(m) && !cg->prog->cfg.hist_sums))) {
		/* the first value, 1, straight from the read-only IMAP_ONE */
		emit_ld_keyed_map(cg, m, key);
		emit_addr(cg, R2, key);
		emit(cg, LD_IMM64_LO(R3, BPF_PSEUDO_MAP_VALUE, IMAP_ONE));
		emit(cg, LD_IMM64_HI(0));
		emit(cg, MOV_IMM(R4, BPF_ANY));
		emit_call(cg, BPF_FUNC_map_update_elem);
		emit_full_check(cg, m, map);
	} else if (!map_is_array(m)) {
		init = agg_initial(cg, m, &x);
		emit_update(cg, m, key, init, map);
	}
	label_here(cg, done);
	val_free(cg, &x);
	val_free(cg, &bucket);
}

/* ---- events to userspace ---- */

static struct type *event_arg_type(struct type *t)
{
	if (t->kind == TY_INT)
		return type_int(8, t->is_signed);
	if (t->kind == TY_BOOL)
		return t;
	return t;
}

void emit_count_lost(struct cg *cg)
{
	struct mem k = index_key(cg, -1, 0);
	int skip = label_new(cg);

	emit_ld_map(cg, R1, IMAP_LOST);
	emit_addr(cg, R2, k);
	emit_call(cg, BPF_FUNC_map_lookup_elem);
	emit_jmp(cg, BPF_JEQ, R0, 0, 0, true, skip);
	emit(cg, MOV_IMM(R1, 1));
	emit(cg, insn(BPF_STX | BPF_DW | BPF_ATOMIC, R0, R1, 0, BPF_ADD));
	label_here(cg, skip);
}

/* Send size bytes at rec to userspace; a full ring buffer counts a lost event. */
void emit_output_record(struct cg *cg, struct mem rec, uint32_t size)
{
	int ok = label_new(cg);

	hold_tag_record(cg, rec);
	emit_ld_map(cg, R1, IMAP_RINGBUF);
	emit_addr(cg, R2, rec);
	emit(cg, MOV_IMM(R3, size));
	emit(cg, MOV_IMM(R4, 0));
	emit_call(cg, BPF_FUNC_ringbuf_output);
	emit_jmp(cg, BPF_JEQ, R0, 0, 0, true, ok);
	emit_count_lost(cg);
	label_here(cg, ok);
}

/* sonde record: the printf's time, thread, CPU and thread name (program.h). */
static void gen_hidden_fields(struct cg *cg, struct mem rec, const struct type *layout, int nargs)
{
	const struct field *f = &layout->fields[nargs];

	emit_call(cg, BPF_FUNC_ktime_get_boot_ns);
	emit_mem_store(cg, 8, mem_at(rec, 8 + f[0].offset), R0);
	emit_call(cg, BPF_FUNC_get_current_pid_tgid);
	emit_mem_store(cg, 8, mem_at(rec, 8 + f[1].offset), R0);
	emit_call(cg, BPF_FUNC_get_smp_processor_id);
	emit_mem_store(cg, 4, mem_at(rec, 8 + f[2].offset), R0);
	emit_addr(cg, R1, mem_at(rec, 8 + f[3].offset));
	emit(cg, MOV_IMM(R2, 16));
	emit_call(cg, BPF_FUNC_get_current_comm);
}

static bool same_loc(struct loc a, struct loc b)
{
	return a.line == b.line && a.col == b.col && a.end_line == b.end_line &&
	       a.end_col == b.end_col;
}

/*
 * The id of an event the same call site of another concrete probe already
 * declared with the same layout, or -1.  Sharing it keeps the expansions
 * of a wildcard one program (one load, one multi link); not under sonde
 * record, whose records name the probe that sent them.
 */
static int find_event(const struct cg *cg, const struct event_spec *ev)
{
	const struct program *prog = cg->prog;

	if (cg->opts->record_events)
		return -1;
	for (int i = 0; i < prog->events.n; i++) {
		const struct event_spec *e = &prog->events.v[i];

		if (e->kind == ev->kind && e->map == ev->map && e->top == ev->top &&
		    e->div == ev->div && e->op == ev->op && same_loc(e->loc, ev->loc) &&
		    (!e->fmt == !ev->fmt) && (!e->fmt || strcmp(e->fmt, ev->fmt) == 0) &&
		    (!e->args == !ev->args) && (!e->args || type_equal(e->args, ev->args)))
			return i;
	}
	return -1;
}

/* The id of ev: an equal event's (ev's format is freed), else ev's own, added. */
static int event_id(struct cg *cg, struct event_spec *ev)
{
	int id = find_event(cg, ev);

	if (id >= 0) {
		free(ev->fmt);
		return id;
	}
	vec_push(&cg->prog->events, *ev);
	return cg->prog->events.n - 1;
}

void gen_event(struct cg *cg, enum event_kind kind, struct node *n, struct node **args, int nargs,
	       struct mapinfo *map, int64_t top, int64_t div, const char *fmt)
{
	struct event_spec ev = { .kind = kind, .map = map, .top = top, .div = div, .loc = n->loc,
				 .probe_index = cg->ps->probe_index };
	bool hidden = kind == EV_PRINTF && cg->opts->record_events;
	int ntypes = nargs + (hidden ? REC_HIDDEN_FIELDS : 0);
	struct type **types = xcalloc(ntypes ? ntypes : 1, sizeof(*types));
	struct type *layout;
	uint32_t size;
	struct mem rec;
	int i, id;

	for (i = 0; i < nargs; i++)
		types[i] = event_arg_type(cg_type(cg, args[i]));
	if (hidden) {
		types[nargs] = type_int(8, false);
		types[nargs + 1] = type_int(8, false);
		types[nargs + 2] = type_int(4, false);
		types[nargs + 3] = type_str(16);
	}
	ev.recorded = hidden;
	layout = type_tuple(types, ntypes);
	free(types);
	ev.args = layout;
	ev.fmt = fmt ? xstrdup(fmt) : NULL;
	id = event_id(cg, &ev);	/* before the arguments: they may add events (unwind = dwarf) */
	size = 8 + layout->size;
	rec = mem_alloc(cg, size);
	for (i = 0; i < nargs; i++)
		gen_into(cg, args[i], mem_at(rec, 8 + layout->fields[i].offset),
			 layout->fields[i].type, false);
	if (hidden)
		gen_hidden_fields(cg, rec, layout, nargs);
	emit_mem_store_imm(cg, 8, rec, id);
	if (cg->speculating && (kind == EV_PRINTF || kind == EV_PRINT_VALUE || kind == EV_PRINT_MAP))
		emit_spec_tag(cg, rec);
	if (hold_commits(cg, n)) {
		emit_output_record(cg, rec, size);
		hold_committed(cg);
		return;
	}
	emit_output_record(cg, rec, size);
}

/*
 * A warnf()-style event of KIND at n's location whose one argument, of type
 * T, is already in memory at SRC (evaluated once, by the caller).
 */
void gen_event_of_mem(struct cg *cg, enum event_kind kind, struct node *n, const char *fmt,
		      struct type *t, struct mem src)
{
	struct event_spec ev = { .kind = kind, .loc = n->loc, .probe_index = cg->ps->probe_index };
	struct type *types[1] = { event_arg_type(t) };
	struct mem rec;
	int id;

	ev.args = type_tuple(types, 1);
	ev.fmt = xstrdup(fmt);
	id = event_id(cg, &ev);
	rec = mem_alloc(cg, 8 + ev.args->size);
	emit_memcpy(cg, mem_at(rec, 8 + ev.args->fields[0].offset), src, types[0]->size);
	emit_mem_store_imm(cg, 8, rec, id);
	cg->unheld_record = kind == EV_SPEC_END;	/* commit/discard act at once */
	emit_output_record(cg, rec, 8 + ev.args->size);
	cg->unheld_record = false;
}

/* ---- function calls ---- */

static struct val none(void)
{
	struct val v = { .kind = V_NONE };

	return v;
}

static int64_t literal(const struct cg *cg, const struct node *n)
{
	if (n->kind == N_UNOP && n->a->kind == N_INT)
		return -cg_const(cg, n->a);
	return cg_const(cg, n);
}

static struct val call_printf(struct cg *cg, struct node *n)
{
	enum event_kind kind = cg_id(cg, n) == F_ERRORF ? EV_ERRORF :
			       cg_id(cg, n) == F_WARNF ? EV_WARNF : EV_PRINTF;

	gen_event(cg, kind, n, n->args.v + 1, n->args.n - 1, NULL, 0, 0, n->args.v[0]->str);
	return none();
}

static struct val call_print(struct cg *cg, struct node *n)
{
	struct node *a = n->args.v[0];
	int64_t top = 0, div = 0;

	if (a->kind == N_MAP && a->args.n == 0 && cg_map(cg, a)) {
		if (n->args.n > 1)
			top = literal(cg, n->args.v[1]);
		if (n->args.n > 2)
			div = literal(cg, n->args.v[2]);
		gen_event(cg, EV_PRINT_MAP, n, NULL, 0, cg_map(cg, a), top, div, NULL);
		return none();
	}
	gen_event(cg, EV_PRINT_VALUE, n, n->args.v, 1, NULL, 0, 0, NULL);
	return none();
}

/* unwatch(addr): user space disables the watchpoints on addr */
static struct val call_unwatch(struct cg *cg, struct node *n)
{
	gen_event(cg, EV_UNWATCH, n, n->args.v, 1, NULL, 0, 0, NULL);
	return none();
}

/* exit with the status code (NULL: 0) and leave the program */
static void gen_exit(struct cg *cg, struct node *n, struct node *code, int64_t status)
{
	struct node lit = { .kind = N_INT, .loc = n->loc, .ival = status };	/* int64 (cg_type) */

	if (!code)
		code = &lit;
	gen_event(cg, EV_EXIT, n, &code, 1, NULL, 0, 0, NULL);
	hold_exit(cg);
	/* from now on the other probes return at once (gen_prologue) */
	emit(cg, LD_IMM64_LO(R1, BPF_PSEUDO_MAP_VALUE, IMAP_EXITED));
	emit(cg, LD_IMM64_HI(0));
	emit(cg, ST_IMM(BPF_DW, R1, 0, 1));
	emit_goto(cg, cg->exit_label);
}

static struct val call_exit(struct cg *cg, struct node *n)
{
	gen_exit(cg, n, n->args.n ? n->args.v[0] : NULL, 0);
	return none();
}

/* assert(cond, msg): when cond is 0, errorf("assert failed: %s", msg), exit(1) */
static struct val call_assert(struct cg *cg, struct node *n)
{
	int holds = label_new(cg);

	gen_int_into_reg(cg, n->args.v[0], R0);
	emit_jmp(cg, BPF_JNE, R0, 0, 0, true, holds);
	gen_event(cg, EV_ERRORF, n, n->args.v + 1, 1, NULL, 0, 0, "assert failed: %s");
	gen_exit(cg, n, NULL, 1);
	label_here(cg, holds);
	return none();
}

static struct val call_map_event(struct cg *cg, struct node *n, enum event_kind kind)
{
	gen_event(cg, kind, n, NULL, 0, cg_map(cg, n->args.v[0]), 0, 0, NULL);
	return none();
}

/*
 * delete(@h[k]) of a histogram keyed by { k; bucket }: every bucket's
 * entry of k, in a loop whose counter stays where the verifier sees it.
 */
static void delete_hist_key(struct cg *cg, struct node *map)
{
	struct mapinfo *m = cg_map(cg, map);
	struct mem key = gen_map_key(cg, map, 8);
	struct mem bucket = mem_at(key, key_size(m) ? key_size(m) : 8);
	struct val b = val_alloc_int(cg, type_int(8, false));
	int top = label_new(cg), end = label_new(cg), r;

	emit(cg, MOV_IMM(R0, 0));
	val_store(cg, &b, R0);
	label_here(cg, top);
	r = val_load(cg, &b, R1);
	emit_jmp(cg, BPF_JGE, r, 0, m->nbuckets, true, end);
	emit_mem_store(cg, 8, bucket, r);
	emit_ld_map(cg, R1, m->spec);
	emit_addr(cg, R2, key);
	emit_call(cg, BPF_FUNC_map_delete_elem);
	r = val_load(cg, &b, R1);
	if (r != R1)
		emit(cg, MOV_REG(R1, r));
	emit(cg, ALU_IMM(BPF_ADD, R1, 1));
	val_store(cg, &b, R1);
	emit_goto(cg, top);
	label_here(cg, end);
	val_free(cg, &b);
}

static struct val call_delete(struct cg *cg, struct node *n)
{
	struct node *map = n->args.v[0];
	struct mapinfo *m = cg_map(cg, map);
	struct mem key;

	if (m->uagg) {
		cg_dwarf_refuse(cg, n->loc, "delete() on", m);
		return none();
	}
	if (map_is_array(m)) {
		call_map_event(cg, n, EV_DELETE_KEYLESS);
		return val_imm(1, cg_type(cg, n));
	}
	if (agg_is_hist(m)) {
		delete_hist_key(cg, map);
		return val_imm(1, cg_type(cg, n));
	}
	key = gen_map_key(cg, map, 0);
	emit_ld_keyed_map(cg, m, key);
	emit_addr(cg, R2, key);
	emit_call(cg, BPF_FUNC_map_delete_elem);
	/* true when the key was there (the helper returns 0) */
	emit(cg, MOV_IMM(R1, 1));
	emit(cg, JMP_IMM(BPF_JEQ, R0, 0, 1));
	emit(cg, MOV_IMM(R1, 0));
	return val_from_reg(cg, R1, cg_type(cg, n));
}

static struct val call_str(struct cg *cg, struct node *n)
{
	struct val v = { .kind = V_MEM, .type = cg_type(cg, n) };

	v.mem = mem_alloc(cg, cg_type(cg, n)->size);
	gen_into(cg, n, v.mem, cg_type(cg, n), false);
	return v;
}

static struct val call_strncmp(struct cg *cg, struct node *n)
{
	if (cg_len(cg, n) == 0)
		return val_imm(0, cg_type(cg, n));
	return gen_strcmp(cg, n->args.v[0], n->args.v[1], MIN(cg_len(cg, n), 1u << 20));
}

/* Unrolled string searches stop at this many byte comparisons. */
#define NEEDLE_MAX_COMPARES 32768

/*
 * strcontains(haystack, needle) with the needle in memory (a variable, a
 * str() read): each start position against each needle byte up to its
 * NUL, unrolled like the literal case below; the capacities bound it
 * (str(p, 32) keeps long reads small).
 */
static struct val find_needle_mem(struct cg *cg, struct node *n, bool want_index)
{
	struct val h = gen_expr(cg, n->args.v[0]), nd;
	uint32_t hcap = h.type->size, ncap, i, j;
	int found = label_new(cg), done = label_new(cg);

	nd = gen_expr(cg, n->args.v[1]);
	ncap = nd.type->size;
	if ((uint64_t)hcap * ncap > NEEDLE_MAX_COMPARES) {
		cg_error(cg, n->loc,
			 "strcontains(): a %u-byte haystack and a %u-byte needle are too large to search (at most %u byte pairs); read shorter strings with str(p, n)",
			 hcap, ncap, NEEDLE_MAX_COMPARES);
		return none();
	}
	emit(cg, MOV_IMM(R3, want_index ? -1 : 0));
	emit(cg, MOV_IMM(R4, 0));
	for (i = 0; i < hcap; i++) {
		int next = label_new(cg);

		for (j = 0; j < ncap; j++) {
			emit_mem_load(cg, 1, R2, mem_at(nd.mem, j));
			emit(cg, MOV_IMM(R4, i));
			emit_jmp(cg, BPF_JEQ, R2, 0, 0, true, found);	/* the whole needle matched */
			if (i + j >= hcap) {
				emit_goto(cg, done);	/* the haystack ends first */
				break;
			}
			emit_mem_load(cg, 1, R1, mem_at(h.mem, i + j));
			emit_jmp(cg, BPF_JEQ, R1, 0, 0, true, j ? next : done);
			emit_jmp(cg, BPF_JNE, R1, R2, 0, false, next);
		}
		if (j == ncap) {	/* a needle that fills its capacity matched */
			emit(cg, MOV_IMM(R4, i));
			emit_goto(cg, found);
		}
		label_here(cg, next);
		cg->dead = false;
	}
	emit_goto(cg, done);
	label_here(cg, found);
	if (want_index)
		emit(cg, MOV_REG(R3, R4));
	else
		emit(cg, MOV_IMM(R3, 1));
	label_here(cg, done);
	return val_from_reg(cg, R3, cg_type(cg, n));
}

/*
 * strcontains(haystack, "literal"): try each start position; unrolled, so
 * bounded by the haystack's capacity times the needle's length.
 */
static struct val find_needle(struct cg *cg, struct node *n, bool want_index)
{
	struct node *needle = n->args.v[1];
	struct val h;
	uint32_t cap, len, i, j;
	int found = label_new(cg), done = label_new(cg);

	if (needle->kind != N_STR)
		return find_needle_mem(cg, n, want_index);
	len = needle->len;
	if (len == 0)
		return val_imm(want_index ? 0 : 1, cg_type(cg, n));
	h = gen_expr(cg, n->args.v[0]);
	cap = h.type->size;
	if ((uint64_t)cap * len > 65536) {
		cg_error(cg, n->loc, "strcontains(): haystack too large for this needle");
		return none();
	}
	emit(cg, MOV_IMM(R3, want_index ? -1 : 0));
	emit(cg, MOV_IMM(R4, 0));
	for (i = 0; i + len <= cap; i++) {
		int next = label_new(cg);

		emit_mem_load(cg, 1, R1, mem_at(h.mem, i));
		emit_jmp(cg, BPF_JEQ, R1, 0, 0, true, done);
		for (j = 0; j < len; j++) {
			if (j)
				emit_mem_load(cg, 1, R1, mem_at(h.mem, i + j));
			emit_jmp(cg, BPF_JNE, R1, 0, (uint8_t)needle->str[j], true, next);
		}
		emit(cg, MOV_IMM(R4, i));
		emit_goto(cg, found);
		label_here(cg, next);
	}
	emit_goto(cg, done);
	label_here(cg, found);
	if (want_index)
		emit(cg, MOV_REG(R3, R4));
	else
		emit(cg, MOV_IMM(R3, 1));
	label_here(cg, done);
	return val_from_reg(cg, R3, cg_type(cg, n));
}

static struct val call_has_key(struct cg *cg, struct node *n)
{
	struct node *map = n->args.v[0];
	struct mem key;

	if (cg_map(cg, map)->uagg) {
		cg_dwarf_refuse(cg, n->loc, "has_key() on", cg_map(cg, map));
		return val_imm(0, cg_type(cg, n));
	}
	key = gen_map_key_of(cg, map, n->args.v + 1, 1, 0);	/* has_key(@m, k) */
	emit_lookup(cg, cg_map(cg, map), key);
	emit(cg, MOV_IMM(R1, 1));
	emit(cg, JMP_IMM(BPF_JNE, R0, 0, 1));
	emit(cg, MOV_IMM(R1, 0));
	return val_from_reg(cg, R1, cg_type(cg, n));
}

/* strlen: the index of the first NUL, or the capacity; unrolled. */
static struct val call_strlen(struct cg *cg, struct node *n)
{
	struct val sv = gen_expr(cg, n->args.v[0]);
	uint32_t cap = sv.type->size, i;
	int done = label_new(cg);

	emit(cg, MOV_IMM(R3, cap));
	for (i = 0; i < cap; i++) {
		emit_mem_load(cg, 1, R1, mem_at(sv.mem, i));
		emit(cg, JMP_IMM(BPF_JNE, R1, 0, 2));
		emit(cg, MOV_IMM(R3, i));
		emit_goto(cg, done);
		label_here(cg, label_new(cg));
		cg->dead = false;
	}
	label_here(cg, done);
	cg->dead = false;
	return val_from_reg(cg, R3, cg_type(cg, n));
}

static struct val call_signal(struct cg *cg, struct node *n)
{
	if (cg_signo(cg, n) > 0)
		emit(cg, MOV_IMM(R1, cg_signo(cg, n)));
	else
		gen_int_into_reg(cg, n->args.v[0], R1);
	emit_call(cg, BPF_FUNC_send_signal);
	return none();
}

static struct val call_fmt_event(struct cg *cg, struct node *n, enum event_kind kind,
				 const char *default_fmt)
{
	const char *fmt = n->args.n ? n->args.v[0]->str : default_fmt;
	int nargs = n->args.n ? n->args.n - 1 : 0;

	gen_event(cg, kind, n, n->args.v + 1, nargs, NULL, 0, 0, fmt);
	return none();
}

/*
 * id = a 64-bit hash of the frames at fr (r0 bytes of them), never 0:
 * h = (h ^ frame) * K; h ^= h >> 29, frame by frame.  Clobbers r0-r4.
 */
static void emit_stack_hash(struct cg *cg, struct mem fr, struct mem id)
{
	int top = label_new(cg), done = label_new(cg);

	emit(cg, ALU_IMM(BPF_RSH, R0, 3));	/* frames */
	emit(cg, MOV_REG(R4, R0));
	emit_addr(cg, R3, fr);
	emit(cg, LD_IMM64_LO(R0, 0, STACK_HASH_SEED));
	emit(cg, LD_IMM64_HI(STACK_HASH_SEED));
	label_here(cg, top);
	/*
	 * JLE, not JEQ: "r4 <= 0 not taken" gives r4 >= 1, which every
	 * verifier keeps; 6.1's learns nothing from "r4 != 0", so r4 would
	 * wrap below 0 and r3 walk past the frames.
	 */
	emit_jmp(cg, BPF_JLE, R4, 0, 0, true, done);
	emit(cg, LDX(BPF_DW, R1, R3, 0));
	emit(cg, ALU_REG(BPF_XOR, R0, R1));
	emit(cg, LD_IMM64_LO(R2, 0, STACK_HASH_MUL));
	emit(cg, LD_IMM64_HI(STACK_HASH_MUL));
	emit(cg, ALU_REG(BPF_MUL, R0, R2));
	emit(cg, MOV_REG(R1, R0));
	emit(cg, ALU_IMM(BPF_RSH, R1, 29));
	emit(cg, ALU_REG(BPF_XOR, R0, R1));
	emit(cg, ALU_IMM(BPF_ADD, R3, 8));
	emit(cg, ALU_IMM(BPF_SUB, R4, 1));
	emit_goto(cg, top);
	label_here(cg, done);
	emit(cg, ALU_IMM(BPF_OR, R0, 1));
	emit_mem_store(cg, 8, id, R0);
}

/*
 * kstack/ustack: the stack's id (and, for ustack, the pid whose address
 * space the frames belong to).  The frames go into IMAP_STACKS, a hash
 * map keyed by a hash of their contents, inserted once: unlike the
 * kernel's stack-trace map, two stacks never evict each other (a
 * colliding bucket there loses one of them).  An id of 0: no stack.
 */
struct val gen_stack(struct cg *cg, struct type *t)
{
	struct val v = { .kind = V_MEM, .type = t };
	struct mem fr;
	int none;

	if (t->kind == TY_USTACK && cg->prog->cfg.unwind_dwarf)
		return cg_dwarf_ustack(cg, t);
	fr = mem_alloc(cg, STACK_MAX_FRAMES * 8);
	none = label_new(cg);
	v.mem = mem_alloc(cg, t->size);
	emit_mem_store_imm(cg, 8, v.mem, 0);
	emit_load_fixed(cg, R1, SLOT_CTX);
	emit_addr(cg, R2, fr);
	emit(cg, MOV_IMM(R3, STACK_MAX_FRAMES * 8));
	emit(cg, MOV_IMM(R4, t->kind == TY_USTACK ? BPF_F_USER_STACK : 0));
	emit_call(cg, BPF_FUNC_get_stack);	/* zero-fills after the last frame */
	emit_jmp(cg, BPF_JSLE, R0, 0, 0, true, none);
	emit_jmp(cg, BPF_JGT, R0, 0, STACK_MAX_FRAMES * 8, true, none);
	emit_stack_hash(cg, fr, v.mem);
	emit_ld_map(cg, R1, IMAP_STACKS);
	emit_addr(cg, R2, v.mem);
	emit_addr(cg, R3, fr);
	emit(cg, MOV_IMM(R4, BPF_NOEXIST));
	emit_call(cg, BPF_FUNC_map_update_elem);
	label_here(cg, none);
	if (t->kind == TY_USTACK) {
		emit_own_tgid(cg);
		emit_mem_store(cg, 8, mem_at(v.mem, 8), R0);
	}
	return v;
}

static struct val call_strcontains(struct cg *cg, struct node *n)
{
	return find_needle(cg, n, false);
}

static struct val call_path(struct cg *cg, struct node *n)
{
	struct val v = { .kind = V_MEM, .type = cg_type(cg, n) };
	int skip;

	v.mem = mem_alloc(cg, cg_type(cg, n)->size);
	emit_memzero(cg, v.mem, cg_type(cg, n)->size);
	if (cg_type(cg, n->args.v[0])->kind == TY_RECORD) {
		/* path(file->f_path): the struct's address */
		struct val a = gen_kmem_addr(cg, n->args.v[0], type_int(8, false));
		int r = val_load(cg, &a, R1);

		if (r != R1)
			emit(cg, MOV_REG(R1, r));
		val_free(cg, &a);
	} else {
		gen_int_into_reg(cg, n->args.v[0], R0);
		emit(cg, MOV_REG(R1, R0));
	}
	/*
	 * A NULL file pointer reaches here as a small number (NULL + the
	 * field's offset), which bpf_d_path refuses: skip the call, the
	 * path stays empty.  The verifier sees the branch always taken on
	 * that path and the pointer intact on the other.
	 */
	skip = label_new(cg);
	emit_jmp(cg, BPF_JLT, R1, 0, 4096, true, skip);
	emit_addr(cg, R2, v.mem);
	emit(cg, MOV_IMM(R3, cg_type(cg, n)->size));
	emit_call(cg, BPF_FUNC_d_path);
	label_here(cg, skip);
	return v;
}

/* An integer-valued argument reinterpreted as another type (strftime, kptr, ...). */
static struct val retyped(struct cg *cg, struct node *n)
{
	struct val v = val_own(cg, gen_expr(cg, n->args.v[n->args.n - 1]));

	v.type = cg_type(cg, n);
	return v;
}

/* The address or the bytes of an argument, into dst (size bytes). */
static void bytes_into(struct cg *cg, struct node *a, struct mem dst, uint32_t size)
{
	struct val v = gen_expr(cg, a);
	int r;

	if (v.kind == V_MEM) {
		emit_memcpy(cg, dst, v.mem, MIN(size, v.type->size));
		return;
	}
	r = val_load(cg, &v, R3);
	if (r != R3)
		emit(cg, MOV_REG(R3, r));
	emit_addr(cg, R1, dst);
	emit(cg, MOV_IMM(R2, size));
	emit_read_call(cg, cg_type(cg, a)->kind == TY_PTR && cg_type(cg, a)->as == AS_USER ?
		       BPF_FUNC_probe_read_user : cg_type(cg, a)->kind == TY_PTR &&
		       cg_type(cg, a)->as == AS_KERNEL ? BPF_FUNC_probe_read_kernel :
		       BPF_FUNC_probe_read, a->loc);
	val_free(cg, &v);
}

static struct val call_ntop(struct cg *cg, struct node *n)
{
	struct val res = { .kind = V_MEM, .type = cg_type(cg, n) };
	struct node *addr = n->args.v[n->args.n - 1];
	uint32_t len = cg_scalar(cg_type(cg, addr)) ? 4 : cg_type(cg, addr)->size;

	res.mem = mem_alloc(cg, cg_type(cg, n)->size);
	emit_memzero(cg, res.mem, cg_type(cg, n)->size);
	if (n->args.n == 2) {
		gen_int_into_reg(cg, n->args.v[0], R0);
		emit_mem_store(cg, 8, res.mem, R0);
	} else {
		emit_mem_store_imm(cg, 8, res.mem, len == 16 ? 10 : 2);	/* AF_INET6 : AF_INET */
	}
	if (cg_scalar(cg_type(cg, addr))) {
		gen_int_into_reg(cg, addr, R0);
		emit_mem_store(cg, 4, mem_at(res.mem, 8), R0);
	} else {
		bytes_into(cg, addr, mem_at(res.mem, 8), len);
	}
	return res;
}

static struct val call_buf(struct cg *cg, struct node *n)
{
	struct val res = { .kind = V_MEM, .type = cg_type(cg, n) };
	uint32_t len = cg_len(cg, n);

	res.mem = mem_alloc(cg, cg_type(cg, n)->size);
	emit_memzero(cg, res.mem, cg_type(cg, n)->size);
	emit_mem_store_imm(cg, 4, res.mem, len);
	bytes_into(cg, n->args.v[0], mem_at(res.mem, 4), len);
	return res;
}

/*
 * D's tracemem(p, n, m): n bytes read like buf(p, n), the header's
 * length the run-time m; as dtrace(1), m of 0 or outside 1..n (a
 * negative m is a huge unsigned one) means all n.
 */
static struct val call_dt_tracemem(struct cg *cg, struct node *n)
{
	struct val res = call_buf(cg, n);
	int64_t len = cg_len(cg, n);
	int all = label_new(cg), done = label_new(cg);

	gen_int_into_reg(cg, n->args.v[2], R1);
	emit_jmp(cg, BPF_JSLE, R1, 0, 0, true, all);
	emit_jmp(cg, BPF_JSLE, R1, 0, len, true, done);
	label_here(cg, all);
	emit(cg, MOV_IMM(R1, (int32_t)len));
	label_here(cg, done);
	emit_mem_store(cg, 4, res.mem, R1);
	return res;
}

static struct val call_macaddr(struct cg *cg, struct node *n)
{
	struct val res = { .kind = V_MEM, .type = cg_type(cg, n) };

	res.mem = mem_alloc(cg, 8);
	bytes_into(cg, n->args.v[0], res.mem, 6);
	return res;
}

static struct val call_reg(struct cg *cg, struct node *n)
{
	emit_load_fixed(cg, R1, SLOT_CTX);
	emit(cg, LDX(BPF_DW, R0, R1, (int16_t)cg_reg_off(cg, n)));
	return val_from_reg(cg, R0, cg_type(cg, n));
}

/* memcmp(a, b, n): 0 when the first n bytes are equal, 1 otherwise. */
static struct val call_memcmp(struct cg *cg, struct node *n)
{
	struct val a = gen_expr(cg, n->args.v[0]);
	struct val b = gen_expr(cg, n->args.v[1]);
	int done = label_new(cg);
	int64_t i;

	emit(cg, MOV_IMM(R3, 1));
	for (i = 0; i < cg_len(cg, n); i++) {
		emit_mem_load(cg, 1, R1, mem_at(a.mem, i));
		emit_mem_load(cg, 1, R2, mem_at(b.mem, i));
		emit_jmp(cg, BPF_JNE, R1, R2, 0, false, done);
	}
	emit(cg, MOV_IMM(R3, 0));
	label_here(cg, done);
	return val_from_reg(cg, R3, cg_type(cg, n));
}

/*
 * join(argv[, sep]): up to JOIN_ARGS strings of JOIN_ARG_SIZE bytes read
 * through a user array of pointers; userspace joins them.
 */
#define JOIN_ARGS 16
#define JOIN_ARG_SIZE 256

static struct val call_join(struct cg *cg, struct node *n)
{
	struct event_spec ev = { .kind = EV_JOIN, .loc = n->loc };
	uint32_t size = 8 + JOIN_ARGS * JOIN_ARG_SIZE;
	struct val argv = val_own(cg, gen_expr(cg, n->args.v[0]));
	struct mem rec = mem_alloc(cg, size), ptr = mem_stack(cg, 8);
	int done = label_new(cg), i, r;

	ev.fmt = xstrdup(n->args.n == 2 ? n->args.v[1]->str : " ");
	ev.args = type_array(type_int(1, false), JOIN_ARGS * JOIN_ARG_SIZE);
	vec_push(&cg->prog->events, ev);
	emit_mem_store_imm(cg, 8, rec, cg->prog->events.n - 1);
	for (i = 0; i < JOIN_ARGS; i++)
		emit_mem_store_imm(cg, 1, mem_at(rec, 8 + i * JOIN_ARG_SIZE), 0);
	for (i = 0; i < JOIN_ARGS; i++) {
		emit_mem_store_imm(cg, 8, ptr, 0);
		r = val_load(cg, &argv, R3);
		if (r != R3)
			emit(cg, MOV_REG(R3, r));
		emit(cg, ALU_IMM(BPF_ADD, R3, 8 * i));
		emit_addr(cg, R1, ptr);
		emit(cg, MOV_IMM(R2, 8));
		emit_call(cg, BPF_FUNC_probe_read_user);
		emit_mem_load(cg, 8, R3, ptr);
		emit_jmp(cg, BPF_JEQ, R3, 0, 0, true, done);
		emit_addr(cg, R1, mem_at(rec, 8 + i * JOIN_ARG_SIZE));
		emit(cg, MOV_IMM(R2, JOIN_ARG_SIZE));
		emit_call(cg, BPF_FUNC_probe_read_user_str);
	}
	label_here(cg, done);
	emit_output_record(cg, rec, size);
	val_free(cg, &argv);
	return none();
}

/* ---- one emitter per function: the cases the table names directly are above ---- */

/* cgroupid, kaddr, uaddr: resolved by sema */
static struct val call_constant(struct cg *cg, struct node *n)
{
	return val_imm(cg_const(cg, n), cg_type(cg, n));
}

static struct val call_strstr(struct cg *cg, struct node *n)
{
	return find_needle(cg, n, true);
}

/* getopt, signal_name: a constant of the run (sema), a string or an integer */
static struct val call_run_constant(struct cg *cg, struct node *n)
{
	if (cg_type(cg, n)->kind == TY_STR) {
		return gen_string_bytes(cg, cg_str(cg, n), cg_type(cg, n)->size - 1, cg_type(cg, n));
	}
	return val_imm(cg_const(cg, n), cg_type(cg, n));
}

/* ksym, usym: the address (and usym: the pid) for user space to resolve */
static struct val call_sym(struct cg *cg, struct node *n)
{
	struct val v = { .kind = V_MEM, .type = cg_type(cg, n) };

	v.mem = mem_alloc(cg, cg_type(cg, n)->size);
	emit_memzero(cg, v.mem, cg_type(cg, n)->size);
	gen_int_into_reg(cg, n->args.v[0], R0);
	emit_mem_store(cg, 8, v.mem, R0);
	if (cg_id(cg, n) == F_USYM || cg_id(cg, n) == F_DT_USYM) {
		emit_own_tgid(cg);
		emit_mem_store(cg, 8, mem_at(v.mem, 8), R0);
	}
	return v;
}

/*
 * dt.caller(user): the second frame of the kernel (user) stack: two
 * frames from bpf_get_stack, which zero-fills what it has not found (and
 * the whole buffer on an error), so 0 when there is none.
 */
static struct val call_dt_caller(struct cg *cg, struct node *n)
{
	struct mem fr = mem_alloc(cg, 16);

	emit_memzero(cg, fr, 16);
	emit_load_fixed(cg, R1, SLOT_CTX);
	emit_addr(cg, R2, fr);
	emit(cg, MOV_IMM(R3, 16));
	emit(cg, MOV_IMM(R4, n->args.v[0]->ival ? BPF_F_USER_STACK : 0));
	emit_call(cg, BPF_FUNC_get_stack);
	emit_mem_load(cg, 8, R0, mem_at(fr, 8));
	return val_from_reg(cg, R0, cg_type(cg, n));
}

/*
 * dt.psargs(start, end): D's pr_psargs, the current process's arguments
 * read from its memory (mm->arg_start to arg_end) with the NULs between
 * them as blanks, cut to the string's size (Solaris' PRARGSZ, 80).
 */
static struct val call_dt_psargs(struct cg *cg, struct node *n)
{
	uint32_t cap = cg_type(cg, n)->size;
	struct val v = { .kind = V_MEM, .type = cg_type(cg, n) };
	struct mem start = mem_stack(cg, 8), len = mem_stack(cg, 8);
	int done = label_new(cg), sized = label_new(cg);

	v.mem = mem_alloc(cg, cap);
	emit_memzero(cg, v.mem, cap);
	gen_int_into_reg(cg, n->args.v[0], R0);
	emit_mem_store(cg, 8, start, R0);
	gen_int_into_reg(cg, n->args.v[1], R0);
	emit_mem_load(cg, 8, R1, start);
	emit(cg, ALU_REG(BPF_SUB, R0, R1));
	emit_jmp(cg, BPF_JSLE, R0, 0, 0, true, done);
	emit_jmp(cg, BPF_JLE, R0, 0, cap - 1, true, sized);
	emit(cg, MOV_IMM(R0, cap - 1));
	label_here(cg, sized);
	emit_mem_store(cg, 8, len, R0);
	emit(cg, MOV_REG(R2, R0));
	emit_addr(cg, R1, v.mem);
	emit_mem_load(cg, 8, R3, start);
	emit_call(cg, BPF_FUNC_probe_read_user);
	emit_jmp(cg, BPF_JNE, R0, 0, 0, true, done);
	for (uint32_t i = 0; i + 2 < cap; i++) {	/* unrolled: the last byte read stays a NUL */
		int next = label_new(cg);

		emit_mem_load(cg, 8, R1, len);
		emit_jmp(cg, BPF_JLE, R1, 0, i + 1, true, done);
		emit_mem_load(cg, 1, R2, mem_at(v.mem, (int)i));
		emit_jmp(cg, BPF_JNE, R2, 0, 0, true, next);
		emit_mem_store_imm(cg, 1, mem_at(v.mem, (int)i), ' ');
		label_here(cg, next);
	}
	label_here(cg, done);
	return v;
}

static struct val call_cgroup_path(struct cg *cg, struct node *n)
{
	struct val v = { .kind = V_MEM, .type = cg_type(cg, n) };

	v.mem = mem_alloc(cg, cg_type(cg, n)->size);
	emit_memzero(cg, v.mem, cg_type(cg, n)->size);
	gen_int_into_reg(cg, n->args.v[0], R0);
	emit_mem_store(cg, 8, v.mem, R0);
	return v;
}

/*
 * len(kstack), len($s): the frames of the stack its id names in
 * IMAP_STACKS, at most the stack's limit (what printing it shows).
 * bpf_get_stack zero-filled the frames after the last, so the count
 * stops at the first zero; an id of 0 (no stack) finds nothing: 0.
 */
static struct val gen_stack_len(struct cg *cg, struct node *s, struct type *t)
{
	struct type *st = cg_type(cg, s);
	struct val v;
	int i, limit = st->stack_limit, done;

	if (st->kind == TY_USTACK && cg->prog->cfg.unwind_dwarf) {
		cg_error(cg, s->loc, "len() of a ustack is not supported with unwind = dwarf");
		return none();
	}
	if (limit <= 0 || limit > STACK_MAX_FRAMES)
		limit = STACK_MAX_FRAMES;
	v = gen_expr(cg, s);
	if (v.kind != V_MEM)
		return v;
	done = label_new(cg);
	emit_ld_map(cg, R1, IMAP_STACKS);
	emit_addr(cg, R2, v.mem);
	emit_call(cg, BPF_FUNC_map_lookup_elem);
	val_free(cg, &v);
	emit(cg, MOV_IMM(R1, 0));
	emit_jmp(cg, BPF_JEQ, R0, 0, 0, true, done);
	for (i = 0; i < limit; i++) {	/* unrolled: any verifier follows it */
		emit(cg, LDX(BPF_DW, R2, R0, i * 8));
		emit_jmp(cg, BPF_JEQ, R2, 0, 0, true, done);
		emit(cg, ALU_IMM(BPF_ADD, R1, 1));
	}
	label_here(cg, done);
	return val_from_reg(cg, R1, t);
}

static struct val call_len(struct cg *cg, struct node *n)
{
	struct node *a = n->args.v[0];

	if (a->kind != N_MAP)
		return gen_stack_len(cg, a, cg_type(cg, n));
	return gen_map_len(cg, cg_map(cg, a), cg_type(cg, n));
}

static struct val call_bswap(struct cg *cg, struct node *n)
{
	struct val v = val_own(cg, gen_expr(cg, n->args.v[0]));
	int r = val_load(cg, &v, R0);

	/* BPF_END to big-endian is a byte swap on x86; one byte is itself */
	if (cg_type(cg, n)->size > 1)
		emit(cg, insn(BPF_ALU | BPF_END | BPF_TO_BE, r, 0, 0, cg_type(cg, n)->size * 8));
	else
		emit(cg, ALU_IMM(BPF_AND, r, 0xff));
	val_store(cg, &v, r);
	v.type = cg_type(cg, n);
	return v;
}

/* is_err(p): p >= (u64)-4095, the range of error codes the kernel keeps in a pointer */
static struct val call_is_err(struct cg *cg, struct node *n)
{
	struct val v = val_own(cg, gen_expr(cg, n->args.v[0]));
	int r = val_load(cg, &v, R0);

	emit(cg, MOV_REG(R1, r));
	emit(cg, MOV_IMM(r, 1));
	emit(cg, JMP_IMM(BPF_JGE, R1, -4095, 1));	/* the immediate is sign-extended */
	emit(cg, MOV_IMM(r, 0));
	val_store(cg, &v, r);
	v.type = cg_type(cg, n);
	return v;
}

/* nsecs(clock): sema found the clock's index */
static struct val call_nsecs(struct cg *cg, struct node *n)
{
	static const int helpers[] = {
		BPF_FUNC_ktime_get_ns, BPF_FUNC_ktime_get_boot_ns, BPF_FUNC_ktime_get_tai_ns,
	};

	emit_call(cg, helpers[cg_clock(cg, n)]);
	return val_from_reg(cg, R0, cg_type(cg, n));
}

/* pton("literal"): the address's bytes (4 or 16), stored as constants */
static struct val call_pton(struct cg *cg, struct node *n)
{
	struct val v = { .kind = V_MEM, .type = cg_type(cg, n) };
	unsigned char addr[16];
	uint32_t i;

	inet_pton(cg_len(cg, n) == 4 ? AF_INET : AF_INET6, n->args.v[0]->str, addr);
	v.mem = mem_alloc(cg, cg_len(cg, n));
	for (i = 0; i < cg_len(cg, n); i++)
		emit_mem_store_imm(cg, 1, mem_at(v.mem, i), addr[i]);
	return v;
}

static struct val call_stack(struct cg *cg, struct node *n)
{
	return gen_stack(cg, cg_type(cg, n));
}

static struct val call_system(struct cg *cg, struct node *n)
{
	return call_fmt_event(cg, n, EV_SYSTEM, NULL);
}

static struct val call_cat(struct cg *cg, struct node *n)
{
	return call_fmt_event(cg, n, EV_CAT, NULL);
}

static struct val call_time(struct cg *cg, struct node *n)
{
	return call_fmt_event(cg, n, EV_TIME, "%H:%M:%S\n");
}

static struct val call_clear(struct cg *cg, struct node *n)
{
	return call_map_event(cg, n, EV_CLEAR);
}

static struct val call_zero(struct cg *cg, struct node *n)
{
	return call_map_event(cg, n, EV_ZERO);
}

/*
 * Indexed by the ids of lang/descriptors.h's function table: each id has
 * exactly one emitter, a call's value or, for aggregations, the update of
 * the map it is assigned to (tests/unit/test_descriptors.c checks both).
 */
static const struct cg_call_emitter call_emitters[F_COUNT_] = {
	[F_PRINTF] = { call_printf },
	[F_ERRORF] = { call_printf },
	[F_WARNF] = { call_printf },
	[F_DEBUGF] = { call_debugf },
	[F_PERCPU_KADDR] = { call_percpu_kaddr },
	[F_OVERRIDE] = { call_override },
	[F_SOCKET_COOKIE] = { call_socket_cookie },
	[F_SKBOUTPUT] = { call_skboutput },
	[F_COMM] = { call_comm_pid },
	[F_WRITE_USER] = { call_write_user },
	[F_ASSERT] = { call_assert },
	[F_UNWATCH] = { call_unwatch },
	[F_PRINT] = { call_print },
	[F_EXIT] = { call_exit },
	[F_COUNT] = { .agg = gen_agg },
	[F_SUM] = { .agg = gen_agg },
	[F_AVG] = { .agg = gen_agg },
	[F_MIN] = { .agg = gen_agg },
	[F_MAX] = { .agg = gen_agg },
	[F_STATS] = { .agg = gen_agg },
	[F_HIST] = { .agg = gen_agg },
	[F_LHIST] = { .agg = gen_agg },
	[F_TSERIES] = { .agg = gen_agg },
	[F_GETOPT] = { call_run_constant },
	[F_SIGNAL_NAME] = { call_run_constant },
	[F_DELETE] = { call_delete },
	[F_CLEAR] = { call_clear },
	[F_ZERO] = { call_zero },
	[F_STR] = { call_str },
	[F_STRNCMP] = { call_strncmp },
	[F_STRCONTAINS] = { call_strcontains },
	[F_HAS_KEY] = { call_has_key },
	[F_STRLEN] = { call_strlen },
	[F_SIGNAL] = { call_signal },
	[F_SYSTEM] = { call_system },
	[F_CAT] = { call_cat },
	[F_TIME] = { call_time },
	[F_KSTACK] = { call_stack },
	[F_USTACK] = { call_stack },
	[F_STRFTIME] = { retyped },
	[F_JOIN] = { call_join },
	[F_NTOP] = { call_ntop },
	[F_BUF] = { call_buf },
	[F_KPTR] = { retyped },
	[F_UPTR] = { retyped },
	[F_REG] = { call_reg },
	[F_MACADDR] = { call_macaddr },
	[F_STRERROR] = { retyped },
	[F_MEMCMP] = { call_memcmp },
	[F_PTON] = { call_pton },
	[F_CGROUPID] = { call_constant },
	[F_LEN] = { call_len },
	[F_BSWAP] = { call_bswap },
	[F_NSECS] = { call_nsecs },
	[F_CGROUP_PATH] = { call_cgroup_path },
	[F_STRSTR] = { call_strstr },
	[F_PATH] = { call_path },
	[F_KSYM] = { call_sym },
	[F_USYM] = { call_sym },
	[F_KADDR] = { call_constant },
	[F_UADDR] = { call_uaddr },
	[F_BUILTIN_UADDR] = { call_constant },
	[F_ALWAYS_TRUE] = { call_constant },
	[F_IS_ERR] = { call_is_err },
	[F_DT_STRJOIN] = { call_dt_strjoin },
	[F_DT_BASENAME] = { call_dt_basename },
	[F_DT_DIRNAME] = { call_dt_dirname },
	[F_DT_STRCMP] = { call_dt_strcmp },
	[F_DT_SUBSTR] = { call_dt_substr },
	[F_DT_INDEX] = { call_dt_index },
	[F_DT_RINDEX] = { call_dt_index },
	[F_DT_STRSTR] = { call_dt_strstr },
	[F_DT_STRCHR] = { call_dt_strchr },
	[F_DT_STRRCHR] = { call_dt_strchr },
	[F_DT_TOUPPER] = { call_dt_case },
	[F_DT_TOLOWER] = { call_dt_case },
	[F_DT_LLTOSTR] = { call_dt_lltostr },
	[F_DT_TRACEMEM] = { call_dt_tracemem },
	[F_DT_KSYM] = { call_sym },
	[F_DT_USYM] = { call_sym },
	[F_DT_PC] = { call_reg },
	[F_DT_CALLER] = { call_dt_caller },
	[F_DT_PSARGS] = { call_dt_psargs },
	[F_DT_CHILL] = { call_dt_chill },
	[F_DT_STRESCAPE] = { call_dt_strescape },
	[F_DT_PROGENYOF] = { call_dt_progenyof },
	[F_DT_PROBEID] = { call_dt_probeid },
	[F_DT_NORMALIZE] = { call_dt_normalize },
	[F_DT_UREGS] = { call_dt_uregs },
	[F_DT_STACK] = { call_stack },
	[F_DT_STRTOKPOS] = { call_dt_strtokpos },
	[F_DT_SPECULATION] = { call_dt_speculation },
	[F_DT_SPECULATE] = { call_dt_speculate },
	[F_DT_COMMIT] = { call_dt_commit },
	[F_DT_DISCARD] = { call_dt_discard },
};

const struct cg_call_emitter *cg_call_emitter_of(int id)
{
	return id > F_NONE && id < F_COUNT_ ? &call_emitters[id] : NULL;
}

struct val gen_call(struct cg *cg, struct node *n)
{
	const struct cg_call_emitter *e = cg_call_emitter_of(cg_id(cg, n));

	if (!e || !e->value) {
		cg_error(cg, n->loc, "%s() cannot be used here", n->name);
		return none();
	}
	return e->value(cg, n);
}
