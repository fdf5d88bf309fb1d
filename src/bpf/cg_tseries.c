// SPDX-License-Identifier: GPL-2.0
/*
 * tseries(v, interval, n[, agg]): one slot per interval, n slots kept per
 * key (the layout program.h documents).  The probe finds the slot of the
 * current interval, resets it when it last held an older interval, and
 * folds v in; user space (runtime/tseries.c) combines the CPUs' slots and
 * keeps the newest interval of each.
 */
#include "cg_internal.h"

/* r0 = the time intervals are counted in (program.h). */
static void emit_tseries_clock(struct cg *cg)
{
	const struct mapinfo *clock = cg->prog->tseries_clock;
	struct mem key;
	int zero, out;

	if (!clock) {
		emit_call(cg, BPF_FUNC_ktime_get_tai_ns);
		return;
	}
	/* BPFTRACE_DUMMY_TS_MAP: the value of a key-less map, 0 while unset */
	zero = label_new(cg);
	out = label_new(cg);
	key = mem_stack(cg, 8);
	emit_mem_store_imm(cg, 8, key, 0);
	emit_ld_map(cg, R1, clock->spec);
	emit_addr(cg, R2, key);
	emit_call(cg, BPF_FUNC_map_lookup_elem);
	emit_jmp(cg, BPF_JEQ, R0, 0, 0, true, zero);
	emit(cg, LDX(BPF_DW, R0, R0, 0));
	emit_goto(cg, out);
	label_here(cg, zero);
	emit(cg, MOV_IMM(R0, 0));
	label_here(cg, out);
}

/* Fold the value (register r) into the slot r0 points to. */
static void tseries_fold(struct cg *cg, const struct mapinfo *m, int r, struct mem now)
{
	int set, done;

	switch (m->ts_agg) {
	case TS_LAST:
		emit(cg, STX(BPF_DW, R0, 0, r));
		emit_mem_load(cg, 8, R1, now);
		emit(cg, STX(BPF_DW, R0, 8, R1));
		return;
	case TS_AVG:
		emit(cg, LDX(BPF_DW, R1, R0, 8));
		emit(cg, ALU_IMM(BPF_ADD, R1, 1));
		emit(cg, STX(BPF_DW, R0, 8, R1));
		/* fall through */
	case TS_SUM:
		emit(cg, LDX(BPF_DW, R1, R0, 0));
		emit(cg, ALU_REG(BPF_ADD, R1, r));
		emit(cg, STX(BPF_DW, R0, 0, R1));
		return;
	case TS_MIN:
	case TS_MAX:
		set = label_new(cg);
		done = label_new(cg);
		emit(cg, LDX(BPF_DW, R1, R0, 8));
		emit_jmp(cg, BPF_JEQ, R1, 0, 0, true, set);
		emit(cg, LDX(BPF_DW, R1, R0, 0));
		if (m->value && m->value->is_signed)
			emit_jmp(cg, m->ts_agg == TS_MIN ? BPF_JSGE : BPF_JSLE, r, R1, 0, false, done);
		else
			emit_jmp(cg, m->ts_agg == TS_MIN ? BPF_JGE : BPF_JLE, r, R1, 0, false, done);
		label_here(cg, set);
		emit(cg, STX(BPF_DW, R0, 0, r));
		emit(cg, ST_IMM(BPF_DW, R0, 8, 1));
		label_here(cg, done);
		return;
	}
}

void gen_tseries(struct cg *cg, struct node *map, struct node *call)
{
	struct mapinfo *m = cg_map(cg, map);
	struct val x = val_own(cg, gen_expr(cg, call->args.v[0]));
	struct mem key, now = mem_stack(cg, 8), epoch = mem_stack(cg, 8);
	struct mem init = { 0 }, found = mem_stack(cg, 8);
	int have = label_new(cg), done = label_new(cg), keep = label_new(cg);
	uint32_t slot_off = m->key ? ALIGN_UP(m->key->size, 8) : 0;

	key = m->keyed ? gen_map_key(cg, map, 8) : mem_stack(cg, 8);
	emit_tseries_clock(cg);
	emit_mem_store(cg, 8, now, R0);
	emit_ld_imm64(cg, R1, (uint64_t)m->ts_interval);
	emit(cg, ALU_REG(BPF_DIV, R0, R1));
	emit_mem_store(cg, 8, epoch, R0);
	emit_ld_imm64(cg, R1, (uint64_t)m->nbuckets);
	emit(cg, ALU_REG(BPF_MOD, R0, R1));
	if (m->keyed)
		emit_mem_store(cg, 8, mem_at(key, slot_off), R0);
	else
		emit_mem_store(cg, 4, key, R0);	/* the array index */
	emit_lookup(cg, m, key);
	emit_mem_store_imm(cg, 8, found, 1);
	emit_jmp(cg, BPF_JNE, R0, 0, 0, true, have);
	if (!m->keyed) {
		emit_goto(cg, done);	/* array slots always exist */
	} else {
		/* a new slot starts from zero, in this interval */
		init = mem_stack(cg, 24);
		emit_mem_store_imm(cg, 8, found, 0);
		emit_memzero(cg, init, 16);
		emit_mem_load(cg, 8, R1, epoch);
		emit_mem_store(cg, 8, mem_at(init, 16), R1);
		emit_addr(cg, R0, init);
	}
	label_here(cg, have);
	if (m->ts_agg != TS_LAST) {
		/* the slot last held an older interval: start it again */
		emit(cg, LDX(BPF_DW, R1, R0, 16));
		emit_mem_load(cg, 8, R2, epoch);
		emit_jmp(cg, BPF_JEQ, R1, R2, 0, false, keep);
		emit(cg, ST_IMM(BPF_DW, R0, 0, 0));
		emit(cg, ST_IMM(BPF_DW, R0, 8, 0));
		label_here(cg, keep);
	}
	tseries_fold(cg, m, val_load(cg, &x, R2), now);
	emit_mem_load(cg, 8, R1, epoch);
	emit(cg, STX(BPF_DW, R0, 16, R1));
	if (m->keyed) {
		emit_mem_load(cg, 8, R1, found);
		emit_jmp(cg, BPF_JNE, R1, 0, 0, true, done);
		emit_update(cg, m, key, init, map);
	}
	label_here(cg, done);
	val_free(cg, &x);
}
