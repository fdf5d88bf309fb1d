// SPDX-License-Identifier: GPL-2.0
/*
 * Memory areas (stack or per-CPU scratch), copies between layouts, strings
 * and tracepoint context fields.
 */
#include <stdlib.h>
#include <string.h>

#include "cg_internal.h"
#include "../probes/provider.h"

/*
 * reg = the frame pointer of frame `frame`, from a callback nested deeper:
 * each callback keeps its caller's frame pointer at CB_SLOT_OUTER.
 */
static void emit_outer_frame(struct cg *cg, int reg, int frame)
{
	emit(cg, LDX(BPF_DW, reg, R10, CB_SLOT_OUTER));
	for (int f = cg->frame - 1; f > frame; f--)
		emit(cg, LDX(BPF_DW, reg, reg, CB_SLOT_OUTER));
}

void emit_load_fixed(struct cg *cg, int reg, int slot)
{
	if (slot == SLOT_CTX)
		cg->uses_ctx = true;
	if (cg->frame == 0) {
		emit(cg, LDX(BPF_DW, reg, R10, slot));
		return;
	}
	emit_outer_frame(cg, reg, 0);
	emit(cg, LDX(BPF_DW, reg, reg, slot));
}

/* The register that addresses stack area m: r10, or an outer frame's from a callback. */
static int stack_base(struct cg *cg, struct mem m, int tmp)
{
	if (m.frame == cg->frame)
		return R10;
	emit_outer_frame(cg, tmp, m.frame);
	return tmp;
}

struct mem mem_stack(struct cg *cg, uint32_t size)
{
	struct mem m = { .scratch = false, .frame = cg->frame };

	size = ALIGN_UP(size, 8);
	if (cg->stack + (int)size > STACK_LIMIT)
		return mem_alloc(cg, size + SMALL_MEM + 1);
	cg->stack += size;
	m.off = -cg->stack;
	return m;
}

struct mem mem_alloc(struct cg *cg, uint32_t size)
{
	struct mem m = { .scratch = true, .frame = cg->frame };

	size = ALIGN_UP(size ? size : 8, 8);
	if (size <= SMALL_MEM && cg->stack + (int)size <= STACK_LIMIT) {
		cg->stack += size;
		m.scratch = false;
		m.off = -cg->stack;
		return m;
	}
	if (cg->scratch + size > SCRATCH_LIMIT) {
		cg_error(cg, cg->loc, "probe needs more than %d bytes of scratch memory",
			 SCRATCH_LIMIT);
		m.off = 0;
		return m;
	}
	cg->uses_scratch = true;
	m.off = cg->scratch;
	cg->scratch += size;
	if (cg->scratch > cg->scratch_peak)
		cg->scratch_peak = cg->scratch;
	return m;
}

void mem_keep(struct cg *cg)
{
	if (cg->scratch > cg->scratch_pin)
		cg->scratch_pin = cg->scratch;
}

struct mem mem_at(struct mem m, int off)
{
	m.off += off;
	return m;
}

void emit_addr(struct cg *cg, int reg, struct mem m)
{
	if (m.scratch) {
		emit_load_fixed(cg, reg, SLOT_SCRATCH);
		if (m.off)
			emit(cg, ALU_IMM(BPF_ADD, reg, m.off));
	} else {
		int base = stack_base(cg, m, reg);

		if (base != reg)
			emit(cg, MOV_REG(reg, base));
		emit(cg, ALU_IMM(BPF_ADD, reg, m.off));
	}
}

int bpf_size(int size)
{
	switch (size) {
	case 1: return BPF_B;
	case 2: return BPF_H;
	case 4: return BPF_W;
	default: return BPF_DW;
	}
}

/*
 * Base register and offset for a direct access; scratch goes through r5.
 * Callers add at most a literal's length to the offset they get.
 */
#define SCRATCH_INSN_OFF_MAX	(16 * 1024)

static int mem_base(struct cg *cg, struct mem m, int *off)
{
	if (!m.scratch) {
		*off = m.off;
		return stack_base(cg, m, R5);
	}
	emit_load_fixed(cg, R5, SLOT_SCRATCH);
	*off = m.off;
	if (m.off >= SCRATCH_INSN_OFF_MAX) {
		/* past what an instruction's 16-bit offset reaches: into the base */
		emit(cg, ALU_IMM(BPF_ADD, R5, m.off));
		*off = 0;
	}
	return R5;
}

void emit_mem_load(struct cg *cg, int size, int dst, struct mem m)
{
	int off, base = mem_base(cg, m, &off);

	emit(cg, LDX(bpf_size(size), dst, base, off));
}

void emit_mem_store(struct cg *cg, int size, struct mem m, int src)
{
	int off, base = mem_base(cg, m, &off);

	emit(cg, STX(bpf_size(size), base, off, src));
}

void emit_mem_store_imm(struct cg *cg, int size, struct mem m, int32_t imm)
{
	int off, base = mem_base(cg, m, &off);

	emit(cg, ST_IMM(bpf_size(size), base, off, imm));
}

/* The widest access (8, 4, 2, 1) at off that fits in left bytes. */
static int aligned_width(int off, uint32_t left)
{
	int w;

	for (w = 8; w > 1; w /= 2)
		if (left >= (uint32_t)w && off % w == 0)
			break;
	return w;
}

void emit_memzero(struct cg *cg, struct mem dst, uint32_t size)
{
	int off, base;
	uint32_t i;

	if (size <= SMALL_MEM) {
		int w;

		base = mem_base(cg, dst, &off);
		for (i = 0; i < size; i += w) {
			w = aligned_width(off + (int)i, size - i);
			emit(cg, ST_IMM(bpf_size(w), base, off + i, 0));
		}
		return;
	}
	/* A failed probe read zero-fills its destination: a memset in one call. */
	emit_addr(cg, R1, dst);
	emit(cg, MOV_IMM(R2, size));
	emit(cg, MOV_IMM(R3, 0));
	emit_call(cg, BPF_FUNC_probe_read_kernel);
}

void emit_memcpy(struct cg *cg, struct mem dst, struct mem src, uint32_t size)
{
	uint32_t i;
	int w;

	if (size <= SMALL_MEM) {
		for (i = 0; i < size; i += w) {
			/* the widest access both sides are aligned for (the verifier insists) */
			for (w = 8; w > 1; w /= 2)
				if (size - i >= (uint32_t)w && (dst.off + (int)i) % w == 0 &&
				    (src.off + (int)i) % w == 0)
					break;
			emit_mem_load(cg, w, R0, mem_at(src, i));
			emit_mem_store(cg, w, mem_at(dst, i), R0);
		}
		return;
	}
	emit_addr(cg, R1, dst);
	emit(cg, MOV_IMM(R2, size));
	emit_addr(cg, R3, src);
	emit_call(cg, BPF_FUNC_probe_read_kernel);
}

void emit_strcpy(struct cg *cg, struct mem dst, struct mem src, uint32_t size)
{
	emit_addr(cg, R1, dst);
	emit(cg, MOV_IMM(R2, size));
	emit_addr(cg, R3, src);
	emit_call(cg, BPF_FUNC_probe_read_kernel_str);
}

bool type_needs_zero(const struct type *t)
{
	uint32_t end = 0;
	int i;

	if (t->kind == TY_STR)
		return true;
	if (t->kind != TY_TUPLE)
		return false;
	for (i = 0; i < t->nfields; i++) {
		if (t->fields[i].offset != end || type_needs_zero(t->fields[i].type))
			return true;
		end = t->fields[i].offset + t->fields[i].type->size;
	}
	return end != t->size;
}

/* Store the literal's bytes; the rest of the capacity is zeroed unless it already is. */
static void store_literal(struct cg *cg, struct mem dst, const char *s, size_t len,
			  uint32_t cap, bool zeroed)
{
	uint32_t i, n = len + 1 < cap ? len + 1 : cap;
	uint8_t *bytes;
	int64_t word;
	int off, base;

	if (!cap)
		return;
	bytes = xcalloc(n, 1);
	memcpy(bytes, s, MIN(len, n - 1));	/* the last byte stays NUL */
	if (!zeroed && cap > n)
		emit_memzero(cg, mem_at(dst, n), cap - n);
	base = mem_base(cg, dst, &off);
	for (i = 0; i + 8 <= n && (off + (int)i) % 8 == 0; i += 8) {
		memcpy(&word, bytes + i, 8);
		if (word == (int32_t)word) {
			emit(cg, ST_IMM(BPF_DW, base, off + i, (int32_t)word));
		} else {
			emit_ld_imm64(cg, R0, word);
			emit(cg, STX(BPF_DW, base, off + i, R0));
		}
	}
	for (; i < n; i++)
		emit(cg, ST_IMM(BPF_B, base, off + i, bytes[i]));
	free(bytes);
}

struct val gen_string_bytes(struct cg *cg, const char *str, size_t len, struct type *t)
{
	struct val v = { .kind = V_MEM, .type = t };

	v.mem = mem_alloc(cg, t->size);
	store_literal(cg, v.mem, str, len, t->size, false);
	return v;
}

struct val gen_string_literal(struct cg *cg, struct node *n)
{
	return gen_string_bytes(cg, n->str, n->len, cg_type(cg, n));
}

static int read_str_helper(enum addrspace as)
{
	switch (as) {
	case AS_USER: return BPF_FUNC_probe_read_user_str;
	case AS_KERNEL: return BPF_FUNC_probe_read_kernel_str;
	default: return BPF_FUNC_probe_read_str;	/* either, by address */
	}
}

/* str(p[, n]) into dst of capacity cap. */
static void gen_str_call_into(struct cg *cg, struct node *call, struct mem dst, uint32_t cap,
			      bool zeroed)
{
	struct node *p = call->args.v[0];
	enum addrspace as = cg_type(cg, p)->kind == TY_PTR ? cg_type(cg, p)->as : AS_NONE;
	uint32_t size = MIN(cap, cg_type(cg, call)->size);
	struct val pv, nv;
	int r;

	if (cg_type(cg, p)->kind == TY_STR) {
		struct val sv = gen_expr(cg, p);

		copy_converting(cg, dst, type_str(size), sv.mem, sv.type, zeroed);
		if (size < cap && !zeroed)
			emit_memzero(cg, mem_at(dst, size), cap - size);
		return;
	}
	if (!zeroed && cap > 0)
		emit_memzero(cg, dst, cap);
	pv = gen_expr(cg, p);
	if (call->args.n == 2 && call->args.v[1]->kind != N_INT) {
		nv = val_own(cg, gen_expr(cg, call->args.v[1]));
		r = val_load(cg, &nv, R0);
		/* the length counts the NUL, as bpftrace's does */
		emit(cg, MOV_REG(R2, r));
		emit(cg, JMP_IMM(BPF_JLE, R2, size, 1));
		emit(cg, MOV_IMM(R2, size));
		val_free(cg, &nv);
	} else {
		emit(cg, MOV_IMM(R2, size));
	}
	r = val_load(cg, &pv, R3);
	if (r != R3)
		emit(cg, MOV_REG(R3, r));
	emit_addr(cg, R1, dst);
	emit_read_call(cg, read_str_helper(as), call->loc);
	val_free(cg, &pv);
}

/*
 * A char array's string into one at least as large: every character is
 * kept (char s[5] holding "hello" stays "hello", as in bpftrace).  Into
 * zeroed memory the copy stops at the NUL, so bytes after it stay zero
 * (map keys compare whole); the last byte is copied only when the helper
 * found no NUL before it.
 */
static void copy_chars(struct cg *cg, struct mem dst, struct type *dt, struct mem src,
		       struct type *st, bool zeroed)
{
	int done;

	if (!zeroed) {
		emit_memcpy(cg, dst, src, st->size);
		if (dt->size > st->size)
			emit_memzero(cg, mem_at(dst, st->size), dt->size - st->size);
		return;
	}
	done = label_new(cg);
	emit_strcpy(cg, dst, src, st->size);
	emit_jmp(cg, BPF_JNE, R0, 0, st->size, true, done);
	emit_mem_load(cg, 1, R1, mem_at(src, st->size - 1));
	emit_mem_store(cg, 1, mem_at(dst, st->size - 1), R1);
	label_here(cg, done);
}

void copy_converting(struct cg *cg, struct mem dst, struct type *dt, struct mem src,
		     struct type *st, bool zeroed)
{
	int i;

	if (cg_scalar(dt) && cg_scalar(st)) {
		emit_mem_load(cg, st->size, R0, src);
		emit_extend(cg, R0, st->size, st->is_signed);
		emit_mem_store(cg, dt->size, dst, R0);
		return;
	}
	if (dt->kind == TY_STR && st->kind == TY_STR && st->no_nul && dt->size >= st->size) {
		copy_chars(cg, dst, dt, src, st, zeroed);
		return;
	}
	if (dt->kind == TY_STR && st->kind == TY_STR) {
		if (zeroed) {
			emit_strcpy(cg, dst, src, MIN(dt->size, st->size));
			return;
		}
		emit_memcpy(cg, dst, src, MIN(dt->size, st->size));
		if (dt->size > st->size)
			emit_memzero(cg, mem_at(dst, st->size), dt->size - st->size);
		else
			emit_mem_store_imm(cg, 1, mem_at(dst, dt->size - 1), 0);
		return;
	}
	if (dt->kind == TY_TUPLE && st->kind == TY_TUPLE && dt->nfields == st->nfields) {
		for (i = 0; i < dt->nfields; i++)
			copy_converting(cg, mem_at(dst, dt->fields[i].offset), dt->fields[i].type,
					mem_at(src, st->fields[i].offset), st->fields[i].type,
					zeroed);
		return;
	}
	emit_memcpy(cg, dst, src, MIN(dt->size, st->size));
}

void gen_into(struct cg *cg, struct node *n, struct mem dst, struct type *t, bool zeroed)
{
	struct val v;
	int i, r;

	if (cg_scalar(t)) {
		v = gen_expr(cg, n);
		if (v.kind == V_IMM && v.imm == (int32_t)v.imm) {
			emit_mem_store_imm(cg, t->size, dst, (int32_t)v.imm);
			return;
		}
		r = val_take(cg, &v, R0);
		emit_mem_store(cg, t->size, dst, r);
		return;
	}
	if (t->kind == TY_STR) {
		if (n->kind == N_STR) {
			store_literal(cg, dst, n->str, n->len, t->size, zeroed);
			return;
		}
		if (n->kind == N_BUILTIN && cg_id(cg, n) == B_COMM) {
			emit_addr(cg, R1, dst);
			emit(cg, MOV_IMM(R2, MIN(16, t->size)));
			emit_call(cg, BPF_FUNC_get_current_comm);
			if (t->size > 16 && !zeroed)
				emit_memzero(cg, mem_at(dst, 16), t->size - 16);
			return;
		}
		if (n->kind == N_CALL && cg_id(cg, n) == F_STR) {
			gen_str_call_into(cg, n, dst, t->size, zeroed);
			return;
		}
	}
	if (t->kind == TY_TUPLE && n->kind == N_TUPLE && n->args.n == t->nfields) {
		for (i = 0; i < t->nfields; i++)
			gen_into(cg, n->args.v[i], mem_at(dst, t->fields[i].offset),
				 t->fields[i].type, zeroed);
		return;
	}
	if (t->kind == TY_TUPLE && n->kind == N_RECORD && n->args.n == t->nfields) {
		/* evaluated in the order written, each stored under its name */
		for (i = 0; i < t->nfields; i++) {
			const struct field *f = &t->fields[i];

			for (int j = 0; j < t->nfields; j++)
				if (t->fields[j].name &&
				    strcmp(t->fields[j].name, n->args.v[i]->a->name) == 0)
					f = &t->fields[j];
			gen_into(cg, n->args.v[i]->b, mem_at(dst, f->offset), f->type, zeroed);
		}
		return;
	}
	v = gen_expr(cg, n);
	if (v.kind == V_MEM) {
		copy_converting(cg, dst, t, v.mem, v.type, zeroed);
	} else if (v.kind != V_NONE) {
		r = val_load(cg, &v, R0);
		emit_mem_store(cg, MIN(t->size, 8), dst, r);
	}
	val_free(cg, &v);
}

/* ---- string comparison ---- */

/*
 * Compare two strings byte by byte up to the first NUL or n bytes; r3 ends
 * 1 when they differ.  Unrolled: the verifier sees straight-line code.
 */
static void emit_strcmp_unrolled(struct cg *cg, struct mem a, struct mem b, uint32_t n)
{
	int done = label_new(cg);
	uint32_t i;

	emit(cg, MOV_IMM(R3, 1));
	for (i = 0; i < n; i++) {
		emit_mem_load(cg, 1, R1, mem_at(a, i));
		emit_mem_load(cg, 1, R2, mem_at(b, i));
		emit_jmp(cg, BPF_JNE, R1, R2, 0, false, done);
		if (i + 1 < n) {
			int next = label_new(cg);

			emit_jmp(cg, BPF_JNE, R1, 0, 0, true, next);
			emit(cg, MOV_IMM(R3, 0));
			emit_goto(cg, done);
			label_here(cg, next);
		}
	}
	emit(cg, MOV_IMM(R3, 0));
	label_here(cg, done);
}

struct val gen_strcmp(struct cg *cg, struct node *a, struct node *b, uint32_t limit)
{
	struct val va = gen_expr(cg, a);
	struct val vb = gen_expr(cg, b);
	uint32_t n = MIN(va.type->size, vb.type->size);

	if (limit && limit < n)
		n = limit;
	emit_strcmp_unrolled(cg, va.mem, vb.mem, n);
	return val_from_reg(cg, R3, type_int(8, true));
}

struct val gen_str_compare(struct cg *cg, struct node *n)
{
	struct val v = gen_strcmp(cg, n->a, n->b, 0);
	int r = val_load(cg, &v, R0);

	if (n->op == T_EQ)
		emit(cg, ALU_IMM(BPF_XOR, r, 1));
	val_store(cg, &v, r);
	v.type = cg_type(cg, n);
	return v;
}

/* ---- tracepoint context fields ---- */

static void load_ctx(struct cg *cg, int reg)
{
	emit_load_fixed(cg, reg, SLOT_CTX);
}

struct val gen_ctx_field(struct cg *cg, struct node *n)
{
	const struct field *f = cg_field(cg, n);
	struct val res = { .type = cg_type(cg, n) };

	if (!f || cg_type(cg, n->a)->kind != TY_CTX) {
		cg_error(cg, n->loc, "field access on this expression is not supported yet");
		return res;
	}
	if (f->data_loc) {
		res.kind = V_MEM;
		res.mem = mem_alloc(cg, cg_type(cg, n)->size);
		load_ctx(cg, R3);
		emit(cg, LDX(BPF_W, R2, R3, f->offset));
		emit(cg, ALU_IMM(BPF_AND, R2, 0xffff));
		emit(cg, ALU_REG(BPF_ADD, R3, R2));
		emit_addr(cg, R1, res.mem);
		emit(cg, MOV_IMM(R2, cg_type(cg, n)->size));
		emit_call(cg, BPF_FUNC_probe_read_kernel_str);
		return res;
	}
	/* strings and arrays: their bytes, copied out of the record */
	if (cg_type(cg, n)->kind == TY_STR || cg_type(cg, n)->kind == TY_ARRAY) {
		uint32_t len = f->type->size;

		res.kind = V_MEM;
		res.mem = mem_alloc(cg, cg_type(cg, n)->size);
		if (len < cg_type(cg, n)->size)
			emit_memzero(cg, mem_at(res.mem, len), cg_type(cg, n)->size - len);
		/* every byte: a char array need not end in NUL (addresses, ...) */
		emit_addr(cg, R1, res.mem);
		emit(cg, MOV_IMM(R2, MIN(len, cg_type(cg, n)->size)));
		load_ctx(cg, R3);
		emit(cg, ALU_IMM(BPF_ADD, R3, f->offset));
		emit_call(cg, BPF_FUNC_probe_read_kernel);
		return res;
	}
	if (f->type->size > 8 || f->bit_size) {
		cg_error(cg, n->loc, "reading field '%s' of this type is not supported yet", n->name);
		return res;
	}
	load_ctx(cg, R1);
	if (cg->ps->prov->ctx == CTX_RAW_TP) {
		/* BTF-typed contexts are arrays of u64 slots */
		emit(cg, LDX(BPF_DW, R0, R1, f->offset));
		if (cg_type(cg, n)->kind != TY_PTR) {
			emit_extend(cg, R0, f->type->size, type_is_int(cg_type(cg, n)) && cg_type(cg, n)->is_signed);
		} else {
			/* a BTF pointer may be NULL: the verifier wants the check
			 * before any arithmetic on it */
			emit(cg, JMP_IMM(BPF_JNE, R0, 0, 1));
			emit(cg, MOV_IMM(R0, 0));
		}
		return val_from_reg(cg, R0, cg_type(cg, n));
	}
	/* in r0, then its home: a use right away takes the move back */
	emit(cg, LDX(bpf_size(f->type->size), R0, R1, f->offset));
	emit_extend(cg, R0, f->type->size, cg_scalar(cg_type(cg, n)) && cg_type(cg, n)->is_signed);
	return val_from_reg(cg, R0, cg_type(cg, n));
}
