// SPDX-License-Identifier: GPL-2.0
/*
 * D's speculations (the internal functions dt.speculation, dt.speculate,
 * dt.commit, dt.discard).  IMAP_SPEC's one value is an array of u64
 * (program.h): slots 1..nspec hold each id's state, SPEC_FREE, SPEC_ACTIVE
 * or SPEC_ENDING, and its use count, changed only by compare-and-exchange,
 * so two CPUs never take or end the same id.  The records themselves stay in user space:
 * after speculate(id) the clause's records carry the id in their event
 * id's upper half, and the runtime holds them until the EV_SPEC_END record
 * of commit(id) or discard(id) (src/dtrace/spec.c).
 */
#include "cg_internal.h"

/* reg = the address of IMAP_SPEC's value */
static void emit_spec_base(struct cg *cg, int reg)
{
	emit(cg, LD_IMM64_LO(reg, BPF_PSEUDO_MAP_VALUE, IMAP_SPEC));
	emit(cg, LD_IMM64_HI(0));
}

/* r0 = cmpxchg(*(u64 *)reg, r0, src): r0 is the old value */
static void emit_cmpxchg(struct cg *cg, int reg, int src)
{
	emit(cg, insn(BPF_STX | BPF_DW | BPF_ATOMIC, reg, src, 0, BPF_CMPXCHG));
}

/*
 * dst = the address of id's slot, id in register id (kept); goes to out
 * when id is not 1..nspec.  Uses dst and tmp.
 */
static void emit_slot_addr(struct cg *cg, int dst, int id, int tmp, int out)
{
	uint32_t nspec = cg->prog->cfg.spec_count;

	emit(cg, MOV_REG(tmp, id));
	emit(cg, ALU_IMM(BPF_SUB, tmp, 1));
	emit_jmp(cg, BPF_JGE, tmp, 0, nspec, true, out);	/* unsigned: 0 too */
	emit(cg, ALU_IMM(BPF_ADD, tmp, 1));
	emit(cg, ALU_IMM(BPF_LSH, tmp, 3));
	emit_spec_base(cg, dst);
	emit(cg, ALU_REG(BPF_ADD, dst, tmp));
}

/* reg = (reg >> SPEC_USE_SHIFT & SPEC_USE_MASK) << SPEC_USE_BITS: the use of a slot's value */
static void emit_use_bits(struct cg *cg, int reg)
{
	emit(cg, ALU_IMM(BPF_RSH, reg, SPEC_USE_SHIFT));
	emit(cg, ALU_IMM(BPF_AND, reg, SPEC_USE_MASK));
	emit(cg, ALU_IMM(BPF_LSH, reg, SPEC_USE_BITS));
}

/*
 * speculation(): the first free id, taken by compare-and-exchange (its
 * use count one more, SPEC_ACTIVE); none: 0, counted in slot 0 (all
 * active) or slot nspec + 1 (one was ending).
 */
struct val call_dt_speculation(struct cg *cg, struct node *n)
{
	uint32_t nspec = cg->prog->cfg.spec_count;
	int found = label_new(cg), busy = label_new(cg);

	emit_spec_base(cg, R1);
	emit(cg, MOV_IMM(R3, 0));	/* the id tried */
	emit(cg, MOV_IMM(R4, 0));	/* one was ending */
	for (uint32_t i = 1; i <= nspec; i++) {
		int next = label_new(cg), try = label_new(cg);

		emit(cg, ALU_IMM(BPF_ADD, R1, 8));
		emit(cg, ALU_IMM(BPF_ADD, R3, 1));
		emit(cg, LDX(BPF_DW, R0, R1, 0));
		emit(cg, MOV_REG(R5, R0));
		emit(cg, ALU_IMM(BPF_AND, R5, SPEC_STATE_MASK));
		emit_jmp(cg, BPF_JEQ, R5, 0, SPEC_FREE, true, try);
		emit_jmp(cg, BPF_JNE, R5, 0, SPEC_ENDING, true, next);
		emit(cg, MOV_IMM(R4, 1));
		emit_goto(cg, next);
		label_here(cg, try);
		emit(cg, MOV_REG(R5, R0));
		emit(cg, MOV_REG(R2, R0));
		emit(cg, ALU_IMM(BPF_ADD, R2, (1 << SPEC_USE_SHIFT) + SPEC_ACTIVE));
		emit_cmpxchg(cg, R1, R2);
		emit_jmp(cg, BPF_JEQ, R0, R5, 0, false, found);
		label_here(cg, next);
	}
	emit_spec_base(cg, R1);
	emit(cg, MOV_IMM(R2, 1));
	emit_jmp(cg, BPF_JNE, R4, 0, 0, true, busy);
	emit(cg, insn(BPF_STX | BPF_DW | BPF_ATOMIC, R1, R2, 0, BPF_ADD));
	emit(cg, MOV_IMM(R3, 0));
	emit_goto(cg, found);
	label_here(cg, busy);
	emit(cg, insn(BPF_STX | BPF_DW | BPF_ATOMIC, R1, R2, 8 * (nspec + 1), BPF_ADD));
	emit(cg, MOV_IMM(R3, 0));
	label_here(cg, found);
	return val_from_reg(cg, R3, cg_type(cg, n));
}

/*
 * speculate(id): the clause's records from here on carry the id and its
 * use (gen_event() ORs the tag into their event ids) when the id is
 * active, SPEC_TAG_NONE (dropped) when it is not.
 */
struct val call_dt_speculate(struct cg *cg, struct node *n)
{
	struct val none = { .kind = V_NONE, .type = cg_type(cg, n) };
	struct mem tag = cg->speculating ? cg->spec_tag : mem_alloc(cg, 8);
	int store = label_new(cg);

	mem_keep(cg);
	gen_int_into_reg(cg, n->args.v[0], R1);
	emit(cg, MOV_IMM(R0, SPEC_TAG_NONE));
	emit_slot_addr(cg, R2, R1, R3, store);
	emit(cg, LDX(BPF_DW, R3, R2, 0));
	emit(cg, MOV_REG(R4, R3));
	emit(cg, ALU_IMM(BPF_AND, R4, SPEC_STATE_MASK));
	emit_jmp(cg, BPF_JNE, R4, 0, SPEC_ACTIVE, true, store);
	emit_use_bits(cg, R3);
	emit(cg, MOV_REG(R0, R1));
	emit(cg, ALU_REG(BPF_OR, R0, R3));
	label_here(cg, store);
	emit(cg, ALU_IMM(BPF_LSH, R0, SPEC_TAG_SHIFT));
	emit_mem_store(cg, 8, tag, R0);
	/* from here on, not while the id was computed (a fault there is not speculative) */
	cg->spec_tag = tag;
	cg->speculating = true;
	return none;
}

/* A record's event id in r0 gets the clause's speculation tag. */
void emit_spec_tag(struct cg *cg, struct mem rec)
{
	emit_mem_load(cg, 8, R0, cg->spec_tag);
	emit_mem_load(cg, 8, R1, rec);
	emit(cg, ALU_REG(BPF_OR, R0, R1));
	emit_mem_store(cg, 8, rec, R0);
}

/*
 * commit(id), discard(id): an active id becomes SPEC_ENDING (once, by one
 * CPU), the EV_SPEC_END record (id | use) goes out, then the id is free
 * again.  A speculation() after that takes it for records that come after
 * the end record in the ring buffer, with the next use in their tags, so
 * user space never mixes two uses of an id.
 */
static struct val spec_end(struct cg *cg, struct node *n, bool commit)
{
	struct val none = { .kind = V_NONE, .type = cg_type(cg, n) };
	struct mem arg = mem_alloc(cg, 16), old = mem_at(arg, 8);
	int done = label_new(cg);

	gen_int_into_reg(cg, n->args.v[0], R1);
	emit_slot_addr(cg, R2, R1, R3, done);
	emit(cg, LDX(BPF_DW, R0, R2, 0));
	emit(cg, MOV_REG(R4, R0));
	emit(cg, ALU_IMM(BPF_AND, R4, SPEC_STATE_MASK));
	emit_jmp(cg, BPF_JNE, R4, 0, SPEC_ACTIVE, true, done);
	emit(cg, MOV_REG(R4, R0));	/* not r5: a scratch area's base */
	emit(cg, MOV_REG(R3, R0));
	emit(cg, ALU_IMM(BPF_ADD, R3, SPEC_ENDING - SPEC_ACTIVE));
	emit_cmpxchg(cg, R2, R3);
	emit_jmp(cg, BPF_JNE, R0, R4, 0, false, done);
	emit_mem_store(cg, 8, old, R4);
	emit_use_bits(cg, R4);
	emit(cg, ALU_REG(BPF_OR, R1, R4));
	emit_mem_store(cg, 8, arg, R1);
	gen_event_of_mem(cg, EV_SPEC_END, n, commit ? "commit" : "discard",
			 type_int(8, false), arg);
	emit_mem_load(cg, 8, R1, arg);
	emit(cg, ALU_IMM(BPF_AND, R1, (1 << SPEC_USE_BITS) - 1));
	emit_slot_addr(cg, R2, R1, R3, done);
	emit_mem_load(cg, 8, R0, old);
	emit(cg, ALU_IMM(BPF_AND, R0, ~SPEC_STATE_MASK));	/* SPEC_FREE, the use kept */
	emit(cg, STX(BPF_DW, R2, 0, R0));
	label_here(cg, done);
	return none;
}

struct val call_dt_commit(struct cg *cg, struct node *n)
{
	return spec_end(cg, n, true);
}

struct val call_dt_discard(struct cg *cg, struct node *n)
{
	return spec_end(cg, n, false);
}
