// SPDX-License-Identifier: GPL-2.0
/*
 * Reading traced memory through typed pointers: struct fields (from BTF),
 * array elements and dereferences.  An lvalue is first reduced to an
 * address in the traced address space (kernel or user); the value is then
 * copied out with the probe-read helper for that space.
 */
#include "cg_internal.h"

struct kaddr {
	struct val v;		/* the address, an integer value, */
	int64_t off;		/* plus this: added where the address is used */
	enum addrspace as;
};

static int read_helper(enum addrspace as)
{
	switch (as) {
	case AS_USER: return BPF_FUNC_probe_read_user;
	case AS_KERNEL: return BPF_FUNC_probe_read_kernel;
	default: return BPF_FUNC_probe_read;
	}
}

/* Field offsets and constant indices add up before any instruction. */
static void kaddr_add(struct cg *cg, struct kaddr *ka, int64_t off)
{
	ka->off += off;
}

/* r += off; r1 is free for a 64-bit offset. */
static void emit_add_off(struct cg *cg, int r, int64_t off)
{
	if (!off)
		return;
	if (off == (int32_t)off) {
		emit(cg, ALU_IMM(BPF_ADD, r, (int32_t)off));
	} else {
		emit_ld_imm64(cg, R1, off);
		emit(cg, ALU_REG(BPF_ADD, r, R1));
	}
}

/* The pending offset into the address value itself. */
static void kaddr_flush(struct cg *cg, struct kaddr *ka)
{
	int r;

	if (!ka->off)
		return;
	if (ka->v.kind == V_IMM) {
		ka->v.imm += ka->off;
	} else {
		r = val_load(cg, &ka->v, R0);
		emit_add_off(cg, r, ka->off);
		val_store(cg, &ka->v, r);
	}
	ka->off = 0;
}

static struct kaddr gen_kaddr(struct cg *cg, struct node *n);

/* The address a pointer-valued expression holds. */
static struct kaddr pointer_value(struct cg *cg, struct node *p)
{
	struct kaddr ka;

	ka.v = val_own(cg, gen_expr(cg, p));
	ka.off = 0;
	ka.as = cg_type(cg, p)->kind == TY_PTR ? cg_type(cg, p)->as : AS_KERNEL;
	return ka;
}

#define OOB_WARNING "Array access out of bounds. This can lead to unexpected results."

/*
 * a[i] of a fixed-size array at an index known only at run time, past the
 * end: bpftrace's runtime warning at the access (the access goes on as
 * the caller does it).  idx is given a home that survives the helper call.
 */
static void warn_out_of_bounds(struct cg *cg, struct node *n, struct val *idx, uint32_t nelem)
{
	int inside = label_new(cg), r;

	*idx = val_own(cg, *idx);
	r = val_load(cg, idx, R1);
	emit_jmp(cg, BPF_JLT, r, 0, nelem, true, inside);
	gen_event(cg, EV_WARNING, n, NULL, 0, NULL, 0, 0, OOB_WARNING);
	label_here(cg, inside);
}

static struct kaddr gen_kaddr_index(struct cg *cg, struct node *n)
{
	struct type *bt = cg_type(cg, n->a);
	uint32_t esize = bt->elem ? bt->elem->size : 1;
	struct kaddr ka;
	struct val idx;
	int r, ri;

	ka = bt->kind == TY_PTR ? pointer_value(cg, n->a) : gen_kaddr(cg, n->a);
	idx = gen_expr(cg, n->b);
	if (idx.kind == V_IMM) {
		kaddr_add(cg, &ka, idx.imm * (int64_t)esize);
		return ka;
	}
	kaddr_flush(cg, &ka);
	if (bt->kind == TY_ARRAY && bt->nelem) {
		ka.v = val_own(cg, ka.v);	/* kept across the warning's helper call */
		warn_out_of_bounds(cg, n, &idx, bt->nelem);
	}
	r = val_load(cg, &ka.v, R0);
	ri = val_load(cg, &idx, R1);
	if (ri != R1)
		emit(cg, MOV_REG(R1, ri));
	emit(cg, ALU_IMM(BPF_MUL, R1, esize));
	emit(cg, ALU_REG(BPF_ADD, r, R1));
	val_store(cg, &ka.v, r);
	val_free(cg, &idx);
	return ka;
}

/*
 * A value sonde keeps in BPF memory (a variable, a struct read whole, a
 * tuple): its address on the BPF stack or in the scratch buffer, which is
 * kernel memory, so &$var and $struct_var.field read it like any other.
 */
static struct kaddr bpf_mem_kaddr(struct cg *cg, struct node *n)
{
	struct kaddr ka = { .as = AS_KERNEL };
	struct val v;
	struct mem m;

	if (n->kind == N_VAR && cg_var(cg, n)) {
		m = cg_var_mem(cg, cg_var(cg, n));
	} else {
		v = gen_expr(cg, n);
		if (v.kind != V_MEM) {
			val_free(cg, &v);
			cg_error(cg, n->loc, "this expression has no address in memory");
			ka.v = val_imm(0, type_int(8, false));
			return ka;
		}
		m = v.mem;
	}
	emit_addr(cg, R0, m);
	ka.v = val_from_reg(cg, R0, type_int(8, false));
	return ka;
}

static struct kaddr gen_kaddr(struct cg *cg, struct node *n)
{
	struct kaddr ka = { .as = AS_KERNEL, .off = 0 };
	const struct field *f;

	switch (n->kind) {
	case N_FIELD:
		f = cg_field(cg, n);
		ka = cg_type(cg, n->a)->kind == TY_PTR ? pointer_value(cg, n->a) : gen_kaddr(cg, n->a);
		kaddr_add(cg, &ka, f->offset);
		return ka;
	case N_INDEX:
		return gen_kaddr_index(cg, n);
	case N_UNOP:
		return pointer_value(cg, n->a);
	default:
		return bpf_mem_kaddr(cg, n);
	}
}

/* Copy size bytes at the address into dst; the address value is used up. */
static void read_into(struct cg *cg, struct mem dst, uint32_t size, struct kaddr *ka,
		      struct loc loc)
{
	int r = val_take(cg, &ka->v, R3);

	if (r != R3)
		emit(cg, MOV_REG(R3, r));
	emit_add_off(cg, R3, ka->off);
	emit_addr(cg, R1, dst);
	emit(cg, MOV_IMM(R2, size));
	emit_read_call(cg, read_helper(ka->as), loc);
}

static struct val read_scalar(struct cg *cg, struct node *n, struct kaddr *ka)
{
	const struct field *f = n->kind == N_FIELD ? cg_field(cg, n) : NULL;
	struct type *t = cg_type(cg, n);
	struct mem tmp = mem_stack(cg, 8);
	uint32_t size = t->size;
	struct val res;
	int r;

	/* no zeroing first: the read helpers zero dst when they fail, and
	 * only the bytes they write are loaded */
	read_into(cg, tmp, size, ka, n->loc);
	r = R0;	/* then its home: a use right away takes the move back */
	emit_mem_load(cg, size, r, tmp);
	if (f && f->bit_size && t->is_signed) {
		/* the field's top bit to bit 63, then back with the sign */
		emit(cg, ALU_IMM(BPF_LSH, r, 64 - f->bit_offset - f->bit_size));
		emit(cg, ALU_IMM(BPF_ARSH, r, 64 - f->bit_size));
	} else if (f && f->bit_size) {
		if (f->bit_offset)
			emit(cg, ALU_IMM(BPF_RSH, r, f->bit_offset));
		if (f->bit_size < 32) {
			emit(cg, ALU_IMM(BPF_AND, r, (1 << f->bit_size) - 1));
		} else if (f->bit_size < 64) {
			emit(cg, ALU_IMM(BPF_LSH, r, 64 - f->bit_size));
			emit(cg, ALU_IMM(BPF_RSH, r, 64 - f->bit_size));
		}
	} else if (t->kind != TY_PTR) {
		emit_extend(cg, r, size, t->is_signed);
	}
	res = val_from_reg(cg, r, t);
	return res;
}

/* A string inside a string value: $s[i] with a constant index. */
static struct val gen_str_index(struct cg *cg, struct node *n)
{
	struct val sv = gen_expr(cg, n->a);
	struct val idx = gen_expr(cg, n->b);
	int out = label_new(cg), done = label_new(cg), r;

	if (idx.kind == V_IMM && (idx.imm < 0 || idx.imm >= sv.type->size)) {
		cg_error(cg, n->b->loc, "string index must be within the string's size (%u)",
			 sv.type->size);
		return val_imm(0, cg_type(cg, n));
	}
	if (idx.kind == V_IMM) {
		emit_mem_load(cg, 1, R0, mem_at(sv.mem, idx.imm));
		emit_extend(cg, R0, 1, true);
		return val_from_reg(cg, R0, cg_type(cg, n));
	}
	/* a run-time index: checked against the capacity (0 outside it) */
	r = val_load(cg, &idx, R1);
	if (r != R1)
		emit(cg, MOV_REG(R1, r));
	val_free(cg, &idx);
	emit_jmp(cg, BPF_JGE, R1, 0, sv.type->size, true, out);
	emit_addr(cg, R2, sv.mem);
	emit(cg, ALU_REG(BPF_ADD, R2, R1));
	emit(cg, LDX(BPF_B, R0, R2, 0));
	emit_extend(cg, R0, 1, true);
	emit_goto(cg, done);
	label_here(cg, out);
	emit(cg, MOV_IMM(R0, 0));
	label_here(cg, done);
	return val_from_reg(cg, R0, cg_type(cg, n));
}

/* Whether n, an lvalue, lies in traced memory (reached through a pointer). */
static bool in_traced_memory(const struct cg *cg, const struct node *n)
{
	const struct type *bt = n->a ? cg_type(cg, n->a) : NULL;

	switch (n->kind) {
	case N_FIELD:
	case N_INDEX:
		return bt && (bt->kind == TY_PTR ||
			      ((bt->kind == TY_RECORD || bt->kind == TY_ARRAY) &&
			       in_traced_memory(cg, n->a)));
	case N_UNOP:
		return n->op == T_STAR;
	default:
		return false;
	}
}

/*
 * a[i] of an array value in the probe's memory (a tracepoint's array
 * field, a variable): the element at a constant index, or at a variable
 * one checked against the bounds (0 outside them, with the warning).
 */
static struct val gen_mem_index(struct cg *cg, struct node *n)
{
	struct val av = gen_expr(cg, n->a), idx;
	const struct type *at = cg_type(cg, n->a);
	uint32_t esize = at->elem->size;
	int out = label_new(cg), done = label_new(cg), r;

	if (!cg_scalar(cg_type(cg, n))) {
		/* an inner array or a struct at a constant index: a part of av */
		struct val part = { .kind = V_MEM, .type = cg_type(cg, n) };
		uint64_t i = (uint64_t)cg_const(cg, n->b);

		part.mem = mem_at(av.mem, (int)((i < at->nelem ? i : 0) * esize));
		return part;
	}
	idx = gen_expr(cg, n->b);
	if (idx.kind == V_IMM) {
		emit_mem_load(cg, esize, R0, mem_at(av.mem, idx.imm * esize));
		emit_extend(cg, R0, esize, cg_type(cg, n)->is_signed);
		return val_from_reg(cg, R0, cg_type(cg, n));
	}
	r = val_load(cg, &idx, R1);
	if (r != R1)
		emit(cg, MOV_REG(R1, r));
	val_free(cg, &idx);
	emit(cg, MOV_IMM(R0, 0));
	emit_jmp(cg, BPF_JGE, R1, 0, at->nelem, true, out);
	emit(cg, ALU_IMM(BPF_MUL, R1, esize));
	emit_addr(cg, R2, av.mem);
	emit(cg, ALU_REG(BPF_ADD, R2, R1));
	emit(cg, LDX(bpf_size(esize), R0, R2, 0));
	emit_extend(cg, R0, esize, cg_type(cg, n)->is_signed);
	emit_goto(cg, done);
	label_here(cg, out);
	gen_event(cg, EV_WARNING, n, NULL, 0, NULL, 0, 0, OOB_WARNING);
	emit(cg, MOV_IMM(R0, 0));
	label_here(cg, done);
	return val_from_reg(cg, R0, cg_type(cg, n));
}

struct val gen_kmem_value(struct cg *cg, struct node *n)
{
	struct type *t = cg_type(cg, n);
	struct kaddr ka;
	struct val res = { .kind = V_MEM, .type = t };

	if (n->kind == N_INDEX && cg_type(cg, n->a)->kind == TY_STR)
		return gen_str_index(cg, n);
	/* elements of an array sonde holds; aggregates at a variable index are
	 * read through the array's address below (bpf_mem_kaddr) */
	if (n->kind == N_INDEX && cg_type(cg, n->a)->kind == TY_ARRAY && !in_traced_memory(cg, n->a) &&
	    (cg_scalar(cg_type(cg, n)) || n->b->kind == N_INT))
		return gen_mem_index(cg, n);
	ka = gen_kaddr(cg, n);
	if (cg_scalar(t) || t->kind == TY_PTR) {
		res = read_scalar(cg, n, &ka);
		val_free(cg, &ka.v);
		return res;
	}
	if (t->size > COPY_LIMIT) {
		cg_error(cg, n->loc, "a value of %u bytes is too large to copy", t->size);
		val_free(cg, &ka.v);
		return val_imm(0, t);
	}
	res.mem = mem_alloc(cg, t->size);
	read_into(cg, res.mem, t->size, &ka, n->loc);
	val_free(cg, &ka.v);
	return res;
}

struct val gen_kmem_addr(struct cg *cg, struct node *n, struct type *t)
{
	struct kaddr ka = gen_kaddr(cg, n);

	kaddr_flush(cg, &ka);
	ka.v = val_own(cg, ka.v);
	ka.v.type = t;
	return ka.v;
}
