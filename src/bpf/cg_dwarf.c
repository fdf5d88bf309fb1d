// SPDX-License-Identifier: GPL-2.0
/*
 * unwind = dwarf in the code generator (program.h).  A ustack is not
 * unwound in the kernel: the probe reserves a ring buffer record, fills
 * it with the thread's user registers and the top of its user stack, and
 * user space unwinds that with libdwfl.  A map with a ustack in its key
 * therefore cannot aggregate in the kernel: the probe sends each update
 * (key, argument) in a record and user space aggregates it.
 *
 * The stack is copied one page at a time because a read that crosses the
 * top of the stack mapping fails as a whole: the first read stops at the
 * end of sp's page, each later one takes a full page, so the copy ends at
 * the last mapped page or at USTACK_SAMPLE_BYTES.  The number of bytes
 * copied stays in a register or an 8-byte stack slot, never in the
 * record, so that the verifier keeps its bounds.
 */
#include <stddef.h>

#include "cg_internal.h"

#define PAGE		4096
#define OFF(field)	((int16_t)offsetof(struct ustack_sample_record, field))

/* Where a ustack sample record (program.h) keeps registers and stack. */
static const struct ustack_layout sample_layout = {
	.regs = OFF(regs),
	.stack = OFF(stack),
	.stack_len = OFF(stack_len),
	.stack_bytes = USTACK_SAMPLE_BYTES,
};

static int push_event(struct cg *cg, enum event_kind kind, struct type *args,
		      struct mapinfo *m, int op)
{
	struct event_spec ev = { .kind = kind, .args = args, .map = m, .op = op, .loc = cg->loc };

	vec_push(&cg->prog->events, ev);
	return cg->prog->events.n - 1;
}

/* dst = the integer value v (a register or a stack slot). */
static void load_into(struct cg *cg, const struct val *v, int dst)
{
	int r = val_load(cg, v, dst);

	if (r != dst)
		emit(cg, MOV_REG(dst, r));
}

/* Event id, tid/pid, and the sample id (ktime << 12 | cpu), also into value. */
static void emit_sample_header(struct cg *cg, const struct val *rec, int ev, struct mem value)
{
	int r = val_load(cg, rec, R1);

	emit(cg, ST_IMM(BPF_DW, r, OFF(id), ev));
	emit_own_pid_tgid(cg);	/* the unwinder reads /proc/PID */
	r = val_load(cg, rec, R1);
	emit(cg, STX(BPF_DW, r, OFF(tid), R0));	/* tid, then pid */
	emit_call(cg, BPF_FUNC_ktime_get_ns);
	emit(cg, ALU_IMM(BPF_LSH, R0, 12));
	r = val_load(cg, rec, R1);
	emit(cg, STX(BPF_DW, r, OFF(sample), R0));
	emit_call(cg, BPF_FUNC_get_smp_processor_id);
	r = val_load(cg, rec, R1);
	emit(cg, LDX(BPF_DW, R2, r, OFF(sample)));
	emit(cg, ALU_REG(BPF_ADD, R2, R0));
	emit(cg, STX(BPF_DW, r, OFF(sample), R2));
	emit_mem_store(cg, 8, value, R2);
}

/*
 * The user registers come from the task, not from the context: a probe
 * that fired in the kernel (a tracepoint, a timer) holds kernel ones.
 */
void cg_user_regs(struct cg *cg, const struct val *rec, const struct ustack_layout *l)
{
	emit_call(cg, BPF_FUNC_get_current_task_btf);
	emit(cg, MOV_REG(R1, R0));
	emit_call(cg, BPF_FUNC_task_pt_regs);
	emit(cg, MOV_REG(R3, R0));
	load_into(cg, rec, R1);
	emit(cg, ALU_IMM(BPF_ADD, R1, l->regs));
	emit(cg, MOV_IMM(R2, USTACK_SAMPLE_NREGS * 8));
	emit_call(cg, BPF_FUNC_probe_read_kernel);
}

void cg_user_stack(struct cg *cg, const struct val *rec, const struct val *len, int done,
		   const struct ustack_layout *l)
{
	int16_t sp_off = l->regs + arch_host()->sp_off;
	int read = label_new(cg);
	int r;

	emit(cg, MOV_IMM(R0, 0));
	val_store(cg, len, R0);
	r = val_load(cg, rec, R1);
	emit(cg, LDX(BPF_DW, R3, r, sp_off));
	emit_jmp(cg, BPF_JEQ, R3, 0, 0, true, done);
	/* the rest of sp's page: 1..PAGE bytes */
	emit(cg, MOV_REG(R2, R3));
	emit(cg, ALU_IMM(BPF_AND, R2, PAGE - 1));
	emit(cg, MOV_IMM(R4, PAGE));
	emit(cg, ALU_REG(BPF_SUB, R4, R2));
	load_into(cg, rec, R1);
	emit(cg, ALU_IMM(BPF_ADD, R1, l->stack));
	emit(cg, MOV_REG(R2, R4));
	val_store(cg, len, R4);
	emit_call(cg, BPF_FUNC_probe_read_user);
	emit_jmp(cg, BPF_JEQ, R0, 0, 0, true, read);
	emit(cg, MOV_IMM(R0, 0));
	val_store(cg, len, R0);
	emit_goto(cg, done);
	label_here(cg, read);
	/* whole pages while they are mapped and the record has room */
	for (uint32_t page = 1; page < l->stack_bytes / PAGE; page++) {
		r = val_load(cg, rec, R1);
		emit(cg, LDX(BPF_DW, R3, r, sp_off));
		if (r != R1)
			emit(cg, MOV_REG(R1, r));
		load_into(cg, len, R4);
		emit(cg, ALU_REG(BPF_ADD, R3, R4));
		emit(cg, ALU_IMM(BPF_ADD, R1, l->stack));
		emit(cg, ALU_REG(BPF_ADD, R1, R4));
		emit(cg, MOV_IMM(R2, PAGE));
		emit_call(cg, BPF_FUNC_probe_read_user);
		emit_jmp(cg, BPF_JNE, R0, 0, 0, true, done);
		load_into(cg, len, R4);
		emit(cg, ALU_IMM(BPF_ADD, R4, PAGE));
		val_store(cg, len, R4);
	}
}

void cg_user_stack_submit(struct cg *cg, const struct val *rec, const struct val *len,
			  const struct ustack_layout *l)
{
	load_into(cg, rec, R1);
	load_into(cg, len, R2);
	emit(cg, STX(BPF_DW, R1, l->stack_len, R2));
	emit(cg, MOV_IMM(R2, 0));
	emit_call(cg, BPF_FUNC_ringbuf_submit);
}

/*
 * ustack: { sample id, pid }, the sample in the ring buffer before any
 * record that carries the value.  A lost sample leaves the id 0, which
 * prints as an empty stack, as a stack the kernel could not take does.
 */
struct val cg_dwarf_ustack(struct cg *cg, struct type *t)
{
	struct type *none[1] = { NULL };
	int ev = push_event(cg, EV_USTACK_SAMPLE, type_tuple(none, 0), NULL, 0);
	int lost = label_new(cg), done = label_new(cg), end = label_new(cg);
	struct val v = { .kind = V_MEM, .type = t }, rec, len;

	v.mem = mem_alloc(cg, t->size);
	emit_mem_store_imm(cg, 8, v.mem, 0);
	emit_own_tgid(cg);
	emit_mem_store(cg, 8, mem_at(v.mem, 8), R0);
	emit_ld_map(cg, R1, IMAP_RINGBUF);
	emit(cg, MOV_IMM(R2, sizeof(struct ustack_sample_record)));
	emit(cg, MOV_IMM(R3, 0));
	emit_call(cg, BPF_FUNC_ringbuf_reserve);
	emit_jmp(cg, BPF_JEQ, R0, 0, 0, true, lost);
	rec = val_from_reg(cg, R0, type_int(8, false));
	len = val_alloc_int(cg, type_int(8, false));
	emit_sample_header(cg, &rec, ev, v.mem);
	cg_user_regs(cg, &rec, &sample_layout);
	cg_user_stack(cg, &rec, &len, done, &sample_layout);
	label_here(cg, done);
	cg_user_stack_submit(cg, &rec, &len, &sample_layout);
	emit_goto(cg, end);
	label_here(cg, lost);
	emit_count_lost(cg);
	label_here(cg, end);
	val_free(cg, &len);
	val_free(cg, &rec);
	return v;
}

/* ---- maps aggregated in user space ---- */

void cg_dwarf_refuse(struct cg *cg, struct loc loc, const char *what, const struct mapinfo *m)
{
	cg_error(cg, loc, "%s %s is not supported in a program with unwind = dwarf: the map holds user stacks, which are unwound and aggregated in user space",
		 what, m->name);
}

/*
 * Send the update whose second field the caller has written into rec:
 * the key goes first (so that the samples its ustacks send precede the
 * update), then the record.
 */
static void send_update(struct cg *cg, struct node *map, struct type *layout, struct mem rec,
			int ev)
{
	struct mapinfo *m = cg_map(cg, map);
	struct mem key = gen_map_key(cg, map, 0);
	uint32_t size = 8 + layout->size;

	emit_memcpy(cg, mem_at(rec, 8), key, m->key ? m->key->size : 8);
	emit_mem_store_imm(cg, 8, rec, ev);
	emit_output_record(cg, rec, size);
}

/* The record of an update of m whose second field has type second. */
static struct type *update_layout(const struct mapinfo *m, struct type *second)
{
	struct type *f[2] = { m->key ? m->key : type_int(8, false), second };

	return type_tuple(f, 2);
}

/* An aggregation's argument as program.h's EV_MAP_UPDATE wants it. */
static void agg_argument(struct cg *cg, const struct mapinfo *m, struct node *call, struct mem dst)
{
	switch (m->agg) {
	case AGG_COUNT:
		emit_mem_store_imm(cg, 8, dst, 0);
		return;
	case AGG_HIST:
	case AGG_LHIST:
		gen_int_into_reg(cg, call->args.v[0], R0);
		emit_hist_bucket(cg, m);
		emit_mem_store(cg, 8, dst, R1);
		return;
	default:
		gen_into(cg, call->args.v[0], dst, type_int(8, m->value->is_signed), false);
		return;
	}
}

static void agg_update(struct cg *cg, struct node *map, struct node *call)
{
	struct mapinfo *m = cg_map(cg, map);
	struct type *layout = update_layout(m, type_int(8, true));
	struct mem rec;
	int ev;

	ev = push_event(cg, EV_MAP_UPDATE, layout, m, 0);
	rec = mem_alloc(cg, 8 + layout->size);
	agg_argument(cg, m, call, mem_at(rec, 8 + layout->fields[1].offset));
	send_update(cg, map, layout, rec, ev);
}

/* op= on a plain integer value: the operand travels, user space applies it. */
void cg_dwarf_incdec(struct cg *cg, struct node *map, int op, struct node *rhs)
{
	struct mapinfo *m = cg_map(cg, map);
	struct type *layout = update_layout(m, type_int(8, true));
	int code = op == T_PLUS ? '+' : op == T_MINUS ? '-' : 0;
	int ev;
	struct mem rec;

	if (!code) {
		cg_dwarf_refuse(cg, map->loc, "this compound assignment (=, +=, -=, ++, -- are) to", m);
		return;
	}
	ev = push_event(cg, EV_MAP_UPDATE, layout, m, code);
	rec = mem_alloc(cg, 8 + layout->size);
	gen_into(cg, rhs, mem_at(rec, 8 + layout->fields[1].offset), type_int(8, true), false);
	send_update(cg, map, layout, rec, ev);
}

void cg_dwarf_assign(struct cg *cg, struct node *n)
{
	struct node *map = n->a;
	struct mapinfo *m = cg_map(cg, map);
	struct type *layout;
	struct mem rec;
	int ev;

	if (n->b->kind == N_CALL && m->agg != AGG_NONE && cg_map(cg, n->b)) {
		agg_update(cg, map, n->b);
		return;
	}
	if (n->op) {
		cg_dwarf_incdec(cg, map, n->op, n->b);
		return;
	}
	layout = update_layout(m, m->value);
	ev = push_event(cg, EV_MAP_UPDATE, layout, m, '=');
	rec = mem_alloc(cg, 8 + layout->size);
	gen_into(cg, n->b, mem_at(rec, 8 + layout->fields[1].offset), m->value, false);
	send_update(cg, map, layout, rec, ev);
}
