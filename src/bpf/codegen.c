// SPDX-License-Identifier: GPL-2.0
/*
 * Code generation: emission, labels, the value model, expressions and
 * statements.  Memory, strings and context fields are in cg_mem.c; maps,
 * aggregations and function calls in cg_calls.c.
 */
#include <stdlib.h>
#include <string.h>

#include "cg_internal.h"
#include "../lang/btf.h"
#include "../probes/provider.h"
#include "../probes/uprobe_dwarf.h"
#include "../lang/btf.h"

/* ---- emission ---- */

void emit(struct cg *cg, struct bpf_insn i)
{
	struct line_entry *last = cg->lines.n ? &cg->lines.v[cg->lines.n - 1] : NULL;

	/* The verifier rejects unreachable code: code after exit() is dropped. */
	if (cg->dead)
		return;

	if (!last || last->loc.line != cg->loc.line || last->loc.col != cg->loc.col) {
		struct line_entry le = { .insn = cg->code.n, .loc = cg->loc };

		vec_push(&cg->lines, le);
	}
	vec_push(&cg->code, i);
}

void emit_ld_imm64(struct cg *cg, int dst, uint64_t imm)
{
	emit(cg, LD_IMM64_LO(dst, 0, imm));
	emit(cg, LD_IMM64_HI(imm));
}

void emit_ld_map(struct cg *cg, int dst, int map_spec)
{
	/* imm holds the map's index; the loader swaps in the fd. */
	emit(cg, LD_IMM64_LO(dst, BPF_PSEUDO_MAP_FD, map_spec));
	emit(cg, LD_IMM64_HI(0));
}

void emit_call(struct cg *cg, int helper)
{
	emit(cg, CALL(helper));
}

int label_new(struct cg *cg)
{
	vec_push(&cg->labels, -1);
	return cg->labels.n - 1;
}

/*
 * A goto to the label being placed, as the last instruction, jumps to the
 * next one: it is taken back (the end of an if without else, an
 * aggregation's update path).
 */
static void drop_goto_next(struct cg *cg, int label)
{
	int at = cg->code.n - 1, i;
	struct fixup *f = cg->fixups.n ? &cg->fixups.v[cg->fixups.n - 1] : NULL;

	if (!f || f->insn != at || f->label != label ||
	    cg->code.v[at].code != (BPF_JMP | BPF_JA))
		return;
	cg->fixups.n--;
	cg->code.n--;
	for (i = 0; i < cg->labels.n; i++)	/* labels placed after it move back */
		if (cg->labels.v[i] == at + 1)
			cg->labels.v[i] = at;
	if (cg->lines.n && cg->lines.v[cg->lines.n - 1].insn == at)
		cg->lines.n--;
	if (cg->move_insn >= at)
		cg->move_insn = -1;
	cg->dead = false;	/* the goto was reachable: so is what follows */
}

void label_here(struct cg *cg, int label)
{
	int i;

	drop_goto_next(cg, label);
	cg->labels.v[label] = cg->code.n;
	cg->label_pos = cg->code.n;
	for (i = 0; i < cg->fixups.n && cg->dead; i++)
		if (cg->fixups.v[i].label == label)
			cg->dead = false;
}

void emit_jmp(struct cg *cg, int op, int dst, int src, int64_t imm, bool use_imm, int label)
{
	struct fixup f = { .insn = cg->code.n, .label = label };

	if (cg->dead)
		return;
	vec_push(&cg->fixups, f);
	if (op == BPF_JA)
		emit(cg, JA(0));
	else if (use_imm)
		emit(cg, JMP_IMM(op, dst, (int32_t)imm, 0));
	else
		emit(cg, JMP_REG(op, dst, src, 0));
}

void emit_goto(struct cg *cg, int label)
{
	emit_jmp(cg, BPF_JA, 0, 0, 0, false, label);
	cg->dead = true;	/* until a label that something jumps to */
}

void cg_error(struct cg *cg, struct loc loc, const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;

	/* a failure deep in an expression fails every level above it: say it once */
	if (cg->errors++ && !memcmp(&loc, &cg->last_error, sizeof(loc)))
		return;
	cg->last_error = loc;
	sb_init(&sb);
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_error(cg->prog->src, loc, "%s", sb.buf);
	sb_free(&sb);
}

/* ---- values ---- */

struct val val_imm(int64_t v, struct type *t)
{
	struct val r = { .kind = V_IMM, .imm = v, .type = t };

	return r;
}

static int slot_alloc(struct cg *cg)
{
	if (cg->free_slots.n)
		return cg->free_slots.v[--cg->free_slots.n];
	if (cg->stack + 8 > STACK_LIMIT) {
		cg_error(cg, cg->loc, "expression too complex: out of BPF stack");
		return -STACK_FIXED;
	}
	cg->stack += 8;
	return -cg->stack;
}

/* What a statement starts with: it must end holding the same. */
struct temps {
	uint32_t scratch;
	unsigned regs_busy;
	int slots_held;
};

static struct temps temps_mark(const struct cg *cg)
{
	return (struct temps){ cg->scratch, cg->regs_busy, cg->slots_held };
}

/*
 * The end of a statement: every value it made is dead, so its scratch
 * areas are free for the next one (variables' homes are pinned).  Its
 * stack areas are not reused: the verifier compares the stack when it
 * prunes, and bytes a later statement leaves in them (a 4-byte read into
 * an 8-byte slot keeps the other half) make states of a loop differ; the
 * scratch buffer is map memory, which it does not track.
 */
static void temps_release(struct cg *cg, const struct temps *t)
{
	uint32_t scratch = t->scratch > cg->scratch_pin ? t->scratch : cg->scratch_pin;

	if ((cg->regs_busy != t->regs_busy || cg->slots_held != t->slots_held) && !cg->errors)
		cg_error(cg, cg->loc, "internal error: a statement keeps temporaries");
	if (scratch < cg->scratch)
		cg->scratch = scratch;
}

struct val val_alloc_int(struct cg *cg, struct type *t)
{
	struct val v = { .type = t };
	int r;

	for (r = R6; r <= R9; r++) {
		if (!(cg->regs_busy & (1u << r))) {
			cg->regs_busy |= 1u << r;
			v.kind = V_REG;
			v.reg = r;
			return v;
		}
	}
	v.kind = V_STACK;
	v.slot = slot_alloc(cg);
	cg->slots_held++;
	return v;
}

void val_store(struct cg *cg, const struct val *v, int src)
{
	if (v->kind == V_REG) {
		if (v->reg != src)
			emit(cg, MOV_REG(v->reg, src));
	} else if (v->kind == V_STACK) {
		emit(cg, STX(BPF_DW, R10, v->slot, src));
	}
}

struct val val_alloc_work(struct cg *cg, struct type *t, int *reg)
{
	struct val v = val_alloc_int(cg, t);

	*reg = v.kind == V_REG ? v.reg : R0;
	return v;
}

struct val val_from_reg(struct cg *cg, int src, struct type *t)
{
	struct val v = val_alloc_int(cg, t);
	int n = cg->code.n;

	val_store(cg, &v, src);
	if (v.kind == V_REG && v.reg != src && cg->code.n == n + 1) {
		cg->move_insn = n;
		cg->move_src = src;
		cg->move_dst = v.reg;
	}
	return v;
}

/* Whether the last instruction is the move that gave v its home. */
static bool move_undoable(const struct cg *cg, const struct val *v)
{
	return v->kind == V_REG && cg->code.n && cg->move_insn == cg->code.n - 1 &&
	       cg->move_dst == v->reg && cg->move_src <= R4 &&
	       cg->label_pos != cg->code.n && !cg->dead;
}

int val_take(struct cg *cg, struct val *v, int scratch)
{
	struct line_entry *last;
	int r;

	if (!move_undoable(cg, v)) {
		r = val_load(cg, v, scratch);
		val_free(cg, v);
		return r;
	}
	cg->code.n--;
	cg->move_insn = -1;
	last = cg->lines.n ? &cg->lines.v[cg->lines.n - 1] : NULL;
	if (last && last->insn == cg->code.n)
		cg->lines.n--;	/* the next instruction starts the line again */
	r = cg->move_src;
	val_free(cg, v);
	return r;
}

int val_load(struct cg *cg, const struct val *v, int scratch)
{
	switch (v->kind) {
	case V_REG:
		return v->reg;
	case V_STACK:
		emit(cg, LDX(BPF_DW, scratch, R10, v->slot));
		return scratch;
	case V_IMM:
		if (v->imm >= INT32_MIN && v->imm <= INT32_MAX)
			emit(cg, MOV_IMM(scratch, (int32_t)v->imm));
		else
			emit_ld_imm64(cg, scratch, v->imm);
		return scratch;
	case V_MEM:
		emit_addr(cg, scratch, v->mem);
		return scratch;
	default:
		emit(cg, MOV_IMM(scratch, 0));
		return scratch;
	}
}

void val_free(struct cg *cg, struct val *v)
{
	if (v->kind == V_REG)
		cg->regs_busy &= ~(1u << v->reg);
	else if (v->kind == V_STACK) {
		vec_push(&cg->free_slots, v->slot);
		cg->slots_held--;
	}
	v->kind = V_NONE;
}

static struct mem var_home(struct cg *cg, struct varinfo *v);

/*
 * An integer variable whose type sema inferred (`$x = 1` is an int8) lives
 * in 8 bytes holding its value extended to 64 bits, as a register holds
 * it: sema widens the variable to hold every value assigned to it, so it
 * is stored and read back whole, without an extension.  A variable
 * declared with a type (`let $x: int8`) lives in its type's size, and
 * what is assigned to it is cut to that size.
 */
static uint32_t var_size(const struct varinfo *v)
{
	return v->type->kind == TY_INT && v->decl ? 8 : v->type->size;
}

/* The type a variable's home is written and read as. */
static struct type *var_home_type(const struct varinfo *v)
{
	return var_size(v) != v->type->size ? type_int(8, v->type->is_signed) : v->type;
}

void gen_int_into_reg(struct cg *cg, struct node *n, int dst)
{
	struct val v;
	int r;

	if (n->kind == N_VAR && cg_var(cg, n) && cg_scalar(cg_type(cg, n))) {
		/* a variable: straight from its home into dst */
		uint32_t size = var_size(cg_var(cg, n));

		emit_mem_load(cg, size, dst, var_home(cg, cg_var(cg, n)));
		emit_extend(cg, dst, size, cg_type(cg, n)->is_signed);
		return;
	}
	v = gen_expr(cg, n);
	r = val_take(cg, &v, dst);

	if (r != dst)
		emit(cg, MOV_REG(dst, r));
}

/* ---- integer expressions ---- */

static void gen_cond_false(struct cg *cg, struct node *n, int lfalse);

static bool fits_imm32(const struct val *v)
{
	return v->kind == V_IMM && v->imm >= INT32_MIN && v->imm <= INT32_MAX;
}

/* Make sure an integer value owns a writable home (not an immediate). */
struct val val_own(struct cg *cg, struct val v)
{
	int r;

	if (v.kind == V_REG || v.kind == V_STACK)
		return v;
	r = val_load(cg, &v, R0);
	val_free(cg, &v);
	return val_from_reg(cg, r, v.type);
}

/* Sign- or zero-extend register r from size bytes to 64 bits. */
void emit_extend(struct cg *cg, int r, int size, bool is_signed)
{
	int shift = 64 - size * 8;

	if (size >= 8)
		return;
	if (is_signed) {
		emit(cg, ALU_IMM(BPF_LSH, r, shift));
		emit(cg, ALU_IMM(BPF_ARSH, r, shift));
	} else if (size == 4) {
		emit(cg, MOV32_REG(r, r));
	} else {
		emit(cg, ALU_IMM(BPF_AND, r, (1 << (size * 8)) - 1));
	}
}

/* r = |r|, remembering nothing: the caller saved the sign. */
static void emit_abs(struct cg *cg, int r)
{
	emit(cg, JMP_IMM(BPF_JSGE, r, 0, 1));
	emit(cg, NEG(r));
}

/* a = a / b or a % b with C's signed semantics (older kernels lack sdiv). */
static void emit_signed_divmod(struct cg *cg, int a, int b, bool is_mod)
{
	emit(cg, MOV_REG(R2, a));
	if (!is_mod)
		emit(cg, ALU_REG(BPF_XOR, R2, b));
	emit_abs(cg, a);
	emit_abs(cg, b);
	emit(cg, ALU_REG(is_mod ? BPF_MOD : BPF_DIV, a, b));
	emit(cg, JMP_IMM(BPF_JSGE, R2, 0, 1));
	emit(cg, NEG(a));
}

static int alu_op(int op, bool is_signed)
{
	switch (op) {
	case T_PLUS: return BPF_ADD;
	case T_MINUS: return BPF_SUB;
	case T_STAR: return BPF_MUL;
	case T_SLASH: return BPF_DIV;
	case T_PERCENT: return BPF_MOD;
	case T_AMP: return BPF_AND;
	case T_PIPE: return BPF_OR;
	case T_CARET: return BPF_XOR;
	case T_SHL: return BPF_LSH;
	case T_SHR: return is_signed ? BPF_ARSH : BPF_RSH;
	default: return -1;
	}
}

static int jmp_op(int op, bool is_signed)
{
	switch (op) {
	case T_EQ: return BPF_JEQ;
	case T_NE: return BPF_JNE;
	case T_LT: return is_signed ? BPF_JSLT : BPF_JLT;
	case T_LE: return is_signed ? BPF_JSLE : BPF_JLE;
	case T_GT: return is_signed ? BPF_JSGT : BPF_JGT;
	case T_GE: return is_signed ? BPF_JSGE : BPF_JGE;
	default: return -1;
	}
}

/* Apply op to register a with operand b (a value); result in a. */
void emit_alu(struct cg *cg, int op, bool is_signed, int a, struct val *b)
{
	int bop = alu_op(op, is_signed);
	int rb;

	if ((op == T_SLASH || op == T_PERCENT) && is_signed) {
		rb = val_load(cg, b, R1);
		if (rb != R1)
			emit(cg, MOV_REG(R1, rb));
		emit_signed_divmod(cg, a, R1, op == T_PERCENT);
		return;
	}
	if (fits_imm32(b)) {
		/* x + 0, x | 0, x << 0...: nothing to do */
		if (b->imm == 0 && bop != BPF_MUL && bop != BPF_DIV && bop != BPF_MOD &&
		    bop != BPF_AND)
			return;
		emit(cg, ALU_IMM(bop, a, (int32_t)b->imm));
		return;
	}
	rb = val_take(cg, b, R1);
	emit(cg, ALU_REG(bop, a, rb));
}

uint32_t cg_ptr_step(const struct type *t)
{
	struct type *elem;

	if (!t || t->kind != TY_PTR || !t->elem)
		return 1;
	elem = btf_resolve(t->elem);
	return elem && elem->size ? elem->size : 1;
}

void emit_scale(struct cg *cg, struct val *b, uint32_t step)
{
	int rb;

	if (step == 1)
		return;
	if (b->kind == V_IMM) {
		b->imm *= step;
		return;
	}
	*b = val_own(cg, *b);
	rb = val_load(cg, b, R1);
	emit(cg, ALU_IMM(BPF_MUL, rb, step));
	val_store(cg, b, rb);
}

#define DIV_ZERO_WARNING "Divide or modulo by 0 detected. This can lead to unexpected results. 1 is being used as the result."

/*
 * x / y and x % y with y zero: bpftrace's result is 1, with a runtime
 * warning at the operation (BPF itself would give 0 or x).  Returns the
 * label the division jumps to when done; l holds 1 on the zero path.
 */
static int guard_div_zero(struct cg *cg, struct node *n, struct val *l, struct val *r)
{
	int divide = label_new(cg), done = label_new(cg);
	int rb = val_load(cg, r, R1);

	emit_jmp(cg, BPF_JNE, rb, 0, 0, true, divide);
	gen_event(cg, EV_WARNING, n, NULL, 0, NULL, 0, 0, DIV_ZERO_WARNING);
	emit(cg, MOV_IMM(R0, 1));
	val_store(cg, l, R0);
	emit_goto(cg, done);
	label_here(cg, divide);
	return done;
}

/* D's pointer - pointer: the byte distance over the element size, signed, as in C */
static struct val gen_ptr_diff(struct cg *cg, struct node *n, struct val l, struct val r)
{
	struct val step = val_imm(cg_ptr_step(cg_type(cg, n->a)), cg_type(cg, n));
	int a;

	l = val_own(cg, l);
	a = val_load(cg, &l, R0);
	emit_alu(cg, T_MINUS, true, a, &r);
	if (step.imm > 1)
		emit_alu(cg, T_SLASH, true, a, &step);
	val_store(cg, &l, a);
	val_free(cg, &r);
	l.type = cg_type(cg, n);
	return l;
}

static struct val gen_arith(struct cg *cg, struct node *n)
{
	struct val l = gen_expr(cg, n->a);
	struct val r = gen_expr(cg, n->b);
	bool is_signed = cg_type(cg, n)->is_signed, divides;
	int a, done = -1;

	if (cg_type(cg, n->a)->kind == TY_PTR && cg_type(cg, n->b)->kind == TY_PTR)
		return gen_ptr_diff(cg, n, l, r);
	if (n->op == T_SHR)
		is_signed = cg_type(cg, n->a)->is_signed;
	/* pointer + int, int + pointer, pointer - int move by elements (as in C) */
	if (cg_type(cg, n)->kind == TY_PTR && cg_type(cg, n->a)->kind != TY_PTR)
		emit_scale(cg, &l, cg_ptr_step(cg_type(cg, n)));
	else if (cg_type(cg, n)->kind == TY_PTR && cg_type(cg, n->b)->kind != TY_PTR)
		emit_scale(cg, &r, cg_ptr_step(cg_type(cg, n)));
	divides = n->op == T_SLASH || n->op == T_PERCENT;
	/* a division by zero has the guard below: its result is 1, with a warning */
	if (fits_imm32(&r) && !(divides && r.imm == 0) && move_undoable(cg, &l) &&
	    cg->move_src == R0) {
		/* tid % 4: computed where tid was made, then given a home */
		a = val_take(cg, &l, R0);
		emit_alu(cg, n->op, is_signed, a, &r);
		return val_from_reg(cg, a, cg_type(cg, n));
	}
	l = val_own(cg, l);
	if (divides && !(r.kind == V_IMM && r.imm != 0)) {
		r = val_own(cg, r);	/* kept across the warning's helper call */
		done = guard_div_zero(cg, n, &l, &r);
	}
	a = val_load(cg, &l, R0);
	emit_alu(cg, n->op, is_signed, a, &r);
	val_store(cg, &l, a);
	if (done >= 0)
		label_here(cg, done);
	val_free(cg, &r);
	l.type = cg_type(cg, n);
	return l;
}

static struct val gen_compare(struct cg *cg, struct node *n)
{
	struct val l = gen_expr(cg, n->a);
	struct val r = gen_expr(cg, n->b);
	bool is_signed = cg_type(cg, n->a)->is_signed && cg_type(cg, n->b)->is_signed;
	int op = jmp_op(n->op, is_signed);
	struct val res;
	int a;

	/* against a constant, l is used at once: where it was made */
	a = fits_imm32(&r) && cg->move_src != R3 ? val_take(cg, &l, R0) : val_load(cg, &l, R0);
	emit(cg, MOV_IMM(R3, 1));
	if (fits_imm32(&r)) {
		emit(cg, JMP_IMM(op, a, (int32_t)r.imm, 1));
	} else {
		int b = val_load(cg, &r, R1);

		emit(cg, JMP_REG(op, a, b, 1));
	}
	emit(cg, MOV_IMM(R3, 0));
	val_free(cg, &l);
	val_free(cg, &r);
	res = val_from_reg(cg, R3, cg_type(cg, n));
	return res;
}

static struct val gen_logical(struct cg *cg, struct node *n)
{
	struct val res = val_alloc_int(cg, cg_type(cg, n));
	int short_label = label_new(cg), end = label_new(cg);
	bool is_and = n->op == T_LAND;

	gen_int_into_reg(cg, n->a, R0);
	emit_jmp(cg, is_and ? BPF_JEQ : BPF_JNE, R0, 0, 0, true, short_label);
	gen_int_into_reg(cg, n->b, R0);
	emit_jmp(cg, is_and ? BPF_JEQ : BPF_JNE, R0, 0, 0, true, short_label);
	emit(cg, MOV_IMM(R0, is_and ? 1 : 0));
	val_store(cg, &res, R0);
	emit_goto(cg, end);
	label_here(cg, short_label);
	emit(cg, MOV_IMM(R0, is_and ? 0 : 1));
	val_store(cg, &res, R0);
	label_here(cg, end);
	return res;
}

/*
 * == and != of two arrays of one type or two buffers: every byte (eight
 * at a time where it can), unrolled; buffers start with their length, so
 * buffers of different lengths differ at once.
 */
static struct val gen_mem_compare(struct cg *cg, struct node *n)
{
	struct val l = gen_expr(cg, n->a), r = gen_expr(cg, n->b);
	uint32_t size = MIN(l.type->size, r.type->size), off, step;
	int differ = label_new(cg), done = label_new(cg);

	for (off = 0; off < size; off += step) {
		step = size - off >= 8 && off % 8 == 0 ? 8 : 1;
		emit_mem_load(cg, step, R1, mem_at(l.mem, off));
		emit_mem_load(cg, step, R2, mem_at(r.mem, off));
		emit_jmp(cg, BPF_JNE, R1, R2, 0, false, differ);
	}
	emit(cg, MOV_IMM(R3, n->op == T_EQ));
	emit_goto(cg, done);
	label_here(cg, differ);
	emit(cg, MOV_IMM(R3, n->op != T_EQ));
	label_here(cg, done);
	return val_from_reg(cg, R3, cg_type(cg, n));
}

static struct val gen_binop(struct cg *cg, struct node *n)
{
	if (cg_is_const(cg, n))	/* folded by sema (lang/fold.c) */
		return val_imm(cg_const(cg, n), cg_type(cg, n));
	if (n->op == T_LAND || n->op == T_LOR)
		return gen_logical(cg, n);
	if (cg_type(cg, n->a)->kind == TY_STR)
		return gen_str_compare(cg, n);
	if (cg_type(cg, n->a)->kind == TY_ARRAY || cg_type(cg, n->a)->kind == TY_BUF)
		return gen_mem_compare(cg, n);
	if (jmp_op(n->op, false) >= 0)
		return gen_compare(cg, n);
	return gen_arith(cg, n);
}

static struct val gen_unop(struct cg *cg, struct node *n)
{
	struct val v;
	int r;

	if (cg_is_const(cg, n))	/* -1, ~0, !0: folded by sema */
		return val_imm(cg_const(cg, n), cg_type(cg, n));
	if (n->op == T_STAR)
		return gen_kmem_value(cg, n);
	if (n->op == T_AMP)
		return gen_kmem_addr(cg, n->a, cg_type(cg, n));
	v = val_own(cg, gen_expr(cg, n->a));
	r = val_load(cg, &v, R0);

	switch (n->op) {
	case T_MINUS:
		emit(cg, NEG(r));
		break;
	case T_TILDE:
		emit(cg, ALU_IMM(BPF_XOR, r, -1));
		break;
	case T_BANG:
		emit(cg, MOV_REG(R1, r));
		emit(cg, MOV_IMM(r, 1));
		emit(cg, JMP_IMM(BPF_JEQ, R1, 0, 1));
		emit(cg, MOV_IMM(r, 0));
		break;
	default:
		break;
	}
	val_store(cg, &v, r);
	v.type = cg_type(cg, n);
	return v;
}

/* A cast that reinterprets bytes (sema's cast_bytes): through memory. */
static struct val gen_cast_bytes(struct cg *cg, struct node *n)
{
	struct val v = gen_expr(cg, n->a), res = { .kind = V_MEM, .type = cg_type(cg, n) };
	int r;

	if (v.kind == V_MEM && cg_type(cg, n)->kind == TY_ARRAY) {
		v.type = cg_type(cg, n);	/* the same bytes, seen as an array */
		return v;
	}
	if (v.kind == V_MEM) {	/* an array read as one integer */
		emit_mem_load(cg, cg_type(cg, n)->size, R0, v.mem);
		emit_extend(cg, R0, cg_type(cg, n)->size, cg_type(cg, n)->is_signed);
		return val_from_reg(cg, R0, cg_type(cg, n));
	}
	res.mem = mem_alloc(cg, 8);
	r = val_load(cg, &v, R0);
	emit_mem_store(cg, 8, res.mem, r);	/* little-endian: the low bytes first */
	val_free(cg, &v);
	return res;
}

static struct val gen_cast(struct cg *cg, struct node *n)
{
	struct val v;
	int r;

	if (cg_is_const(cg, n))	/* (uint8)300: folded by sema */
		return val_imm(cg_const(cg, n), cg_type(cg, n));
	if (cg_type(cg, n)->kind == TY_ARRAY || cg_type(cg, n->a)->kind == TY_ARRAY ||
	    cg_type(cg, n->a)->kind == TY_STR)
		return gen_cast_bytes(cg, n);
	v = val_own(cg, gen_expr(cg, n->a));
	r = val_load(cg, &v, R0);

	if (cg_type(cg, n)->kind == TY_BOOL && cg_type(cg, n->a)->kind != TY_BOOL) {
		/* (bool)x is x != 0, not its low byte */
		emit(cg, JMP_IMM(BPF_JEQ, r, 0, 1));
		emit(cg, MOV_IMM(r, 1));
	} else {
		emit_extend(cg, r, cg_type(cg, n)->size, cg_type(cg, n)->is_signed);
	}
	val_store(cg, &v, r);
	v.type = cg_type(cg, n);
	return v;
}

static struct val gen_ternary(struct cg *cg, struct node *n)
{
	int lelse = label_new(cg), lend = label_new(cg);
	struct val res;

	if (cg_scalar(cg_type(cg, n))) {
		int r;

		res = val_alloc_work(cg, cg_type(cg, n), &r);
		gen_cond_false(cg, n->a, lelse);
		gen_int_into_reg(cg, n->b, r);
		val_store(cg, &res, r);
		emit_goto(cg, lend);
		label_here(cg, lelse);
		gen_int_into_reg(cg, n->c, r);
		val_store(cg, &res, r);
		label_here(cg, lend);
		return res;
	}
	res.kind = V_MEM;
	res.type = cg_type(cg, n);
	res.mem = mem_alloc(cg, cg_type(cg, n)->size);
	gen_cond_false(cg, n->a, lelse);
	gen_into(cg, n->b, res.mem, cg_type(cg, n), false);
	emit_goto(cg, lend);
	label_here(cg, lelse);
	gen_into(cg, n->c, res.mem, cg_type(cg, n), false);
	label_here(cg, lend);
	return res;
}

static struct val gen_tuple(struct cg *cg, struct node *n)
{
	struct val res = { .kind = V_MEM, .type = cg_type(cg, n) };

	res.mem = mem_alloc(cg, cg_type(cg, n)->size);
	gen_into(cg, n, res.mem, cg_type(cg, n), false);
	return res;
}

static struct val gen_tuple_idx(struct cg *cg, struct node *n)
{
	struct val t = gen_expr(cg, n->a);
	const struct field *f = &cg_type(cg, n->a)->fields[cg_tuple_index(cg, n)];
	struct mem m = mem_at(t.mem, f->offset);
	struct val res;

	if (cg_scalar(f->type)) {
		emit_mem_load(cg, f->type->size, R0, m);
		emit_extend(cg, R0, f->type->size, f->type->is_signed);
		return val_from_reg(cg, R0, f->type);
	}
	res.kind = V_MEM;
	res.mem = m;
	res.type = f->type;
	return res;
}

/* Variables: integers in a stack slot, aggregates in memory; homes assigned on first use. */
static struct mem var_home(struct cg *cg, struct varinfo *v)
{
	struct mem m;

	if (!v->placed) {
		m = mem_alloc(cg, var_size(v));
		mem_keep(cg);	/* the variable outlives the statement */
		v->slot = m.off;
		v->in_scratch = m.scratch;
		v->frame = m.frame;
		v->placed = true;
		vec_push(&cg->placed, v);	/* a second pass places it anew */
	}
	m.scratch = v->in_scratch;
	m.off = v->slot;
	m.frame = v->frame;
	return m;
}

static struct val gen_var(struct cg *cg, struct node *n)
{
	struct mem m = var_home(cg, cg_var(cg, n));
	struct val res;

	if (cg_scalar(cg_type(cg, n))) {
		uint32_t size = var_size(cg_var(cg, n));

		res = val_alloc_int(cg, cg_type(cg, n));
		if (res.kind != V_REG) {
			emit_mem_load(cg, size, R0, m);
			emit_extend(cg, R0, size, cg_type(cg, n)->is_signed);
			val_store(cg, &res, R0);
			return res;
		}
		/* straight into its home: no move through r0 */
		emit_mem_load(cg, size, res.reg, m);
		emit_extend(cg, res.reg, size, cg_type(cg, n)->is_signed);
		return res;
	}
	res.kind = V_MEM;
	res.mem = m;
	res.type = cg_var(cg, n)->type;
	return res;
}

struct mem cg_var_mem(struct cg *cg, struct varinfo *v)
{
	return var_home(cg, v);
}

static void assign_var(struct cg *cg, struct node *lhs, struct node *rhs, int op)
{
	struct mem m = var_home(cg, cg_var(cg, lhs));
	struct type *t = cg_var(cg, lhs)->type;

	if (op) {
		struct val cur = gen_var(cg, lhs);
		struct val r = gen_expr(cg, rhs);
		int a;

		if (op == T_PLUS || op == T_MINUS)
			emit_scale(cg, &r, cg_ptr_step(t));
		a = val_load(cg, &cur, R0);

		emit_alu(cg, op, t->is_signed && cg_type(cg, rhs)->is_signed, a, &r);
		emit_mem_store(cg, var_size(cg_var(cg, lhs)), m, a);
		val_free(cg, &r);
		val_free(cg, &cur);
		return;
	}
	gen_into(cg, rhs, m, var_home_type(cg_var(cg, lhs)), false);
}

/* What ++ or -- adds: 1 or -1, in elements for a pointer (p++ moves by sizeof(*p)). */
static int incdec_delta(const struct cg *cg, const struct node *n)
{
	return (n->op == T_INC ? 1 : -1) * (int)cg_ptr_step(cg_type(cg, n->a));
}

static struct val gen_incdec(struct cg *cg, struct node *n)
{
	struct node *lv = n->a;
	int delta = incdec_delta(cg, n);
	struct val old, res;
	int r;

	if (lv->kind == N_MAP) {
		struct node one = { .kind = N_INT, .ival = 1, .loc = n->loc };	/* int64 (cg_type) */

		if (n->prefix) {
			gen_map_incdec_stmt(cg, lv, n->op == T_INC ? T_PLUS : T_MINUS, &one);
			return gen_map_read(cg, lv);
		}
		old = val_own(cg, gen_map_read(cg, lv));
		gen_map_incdec_stmt(cg, lv, n->op == T_INC ? T_PLUS : T_MINUS, &one);
		return old;
	}
	if (n->prefix) {	/* ++$x: the new value */
		res = val_alloc_work(cg, cg_type(cg, n), &r);
		emit_mem_load(cg, var_size(cg_var(cg, lv)), r, var_home(cg, cg_var(cg, lv)));
		emit_extend(cg, r, var_size(cg_var(cg, lv)), cg_var(cg, lv)->type->is_signed);
		emit(cg, ALU_IMM(BPF_ADD, r, delta));
		emit_mem_store(cg, var_size(cg_var(cg, lv)), var_home(cg, cg_var(cg, lv)), r);
		val_store(cg, &res, r);
		return res;
	}
	old = gen_var(cg, lv);
	r = val_load(cg, &old, R0);
	emit(cg, MOV_REG(R1, r));
	emit(cg, ALU_IMM(BPF_ADD, R1, delta));	/* delta: elements already (pointers) */
	emit_mem_store(cg, var_size(cg_var(cg, lv)), var_home(cg, cg_var(cg, lv)), R1);
	return old;
}

static struct val gen_posparam(struct cg *cg, struct node *n)
{
	struct program *p = cg->prog;
	const char *text;

	/* $#, $N as an integer, a missing $N (0): sema's value */
	if (cg_type(cg, n)->kind != TY_STR)
		return val_imm(cg_const(cg, n), cg_type(cg, n));
	text = p->pos[n->pos - 1];
	return gen_string_bytes(cg, text, strlen(text), cg_type(cg, n));
}

static void gen_stmt(struct cg *cg, struct node *n);

/* A block expression (a macro body): its statements, then its last expression. */
/*
 * An inlined fn call (macro.c): bind the parameters, run the body; each
 * `return x` stores x as the result and jumps past the body.  Loops of
 * the caller are out of the body's reach (sema), so its break/continue
 * stay inside.
 */
static struct val gen_fn_block(struct cg *cg, struct node *n)
{
	struct fnctx fc = { .end = label_new(cg), .type = cg_type(cg, n) };
	struct val res = { .kind = V_NONE };
	int i;

	if (cg_type(cg, n)->kind == TY_NONE)
		fc.type = NULL;
	if (fc.type) {
		fc.result = mem_alloc(cg, ALIGN_UP(fc.type->size, 8));
		emit_memzero(cg, fc.result, ALIGN_UP(fc.type->size, 8));
	}
	vec_push(&cg->fns, fc);
	for (i = 0; i < n->args.n && !cg->errors; i++)
		gen_stmt(cg, n->args.v[i]);
	cg->fns.n--;
	label_here(cg, fc.end);
	if (!fc.type)
		return res;
	if (cg_scalar(fc.type)) {
		emit_mem_load(cg, fc.type->size, R0, fc.result);
		emit_extend(cg, R0, fc.type->size, fc.type->is_signed);
		return val_from_reg(cg, R0, fc.type);
	}
	res.kind = V_MEM;
	res.mem = fc.result;
	res.type = fc.type;
	return res;
}

static void gen_fn_return(struct cg *cg, struct node *n)
{
	struct fnctx *fc = &cg->fns.v[cg->fns.n - 1];

	if (n->a && fc->type)
		gen_into(cg, n->a, fc->result, fc->type, false);
	emit_goto(cg, fc->end);
}

static struct val gen_block_expr(struct cg *cg, struct node *n)
{
	struct val none = { .kind = V_NONE };
	struct node *last;
	int i;

	if (n->name)
		return gen_fn_block(cg, n);

	for (i = 0; i + 1 < n->args.n; i++)
		gen_stmt(cg, n->args.v[i]);
	last = n->args.n ? n->args.v[n->args.n - 1] : NULL;
	if (!last)
		return none;
	if (last->kind == N_EXPR_STMT)
		return gen_expr(cg, last->a);
	gen_stmt(cg, last);
	return none;
}

struct val gen_expr(struct cg *cg, struct node *n)
{
	struct val none = { .kind = V_NONE };

	if (!cg_type(cg, n)) {
		cg_error(cg, n->loc, "internal error: untyped expression");
		return none;
	}
	switch (n->kind) {
	case N_INT:
	case N_BOOL:
		return val_imm(cg_const(cg, n), cg_type(cg, n));
	case N_IDENT:
	case N_SIZEOF:
	case N_OFFSETOF:
		return val_imm(cg_const(cg, n), cg_type(cg, n));
	case N_STR:
		return gen_string_literal(cg, n);
	case N_BUILTIN:
		return gen_builtin(cg, n);
	case N_VAR:
		return gen_var(cg, n);
	case N_MAP:
		return gen_map_read(cg, n);
	case N_POSPARAM:
		return gen_posparam(cg, n);
	case N_CALL:
		return gen_call(cg, n);
	case N_BINOP:
		return gen_binop(cg, n);
	case N_UNOP:
		return gen_unop(cg, n);
	case N_INCDEC:
		return gen_incdec(cg, n);
	case N_TERNARY:
		return gen_ternary(cg, n);
	case N_FIELD:
		if (cg_ann_as(cg, n, AV_TUPLE_INDEX))	/* a record's member */
			return gen_tuple_idx(cg, n);
		if (cg_type(cg, n->a)->kind == TY_CTX)
			return gen_ctx_field(cg, n);
		return gen_kmem_value(cg, n);
	case N_INDEX:
		if (cg_ann_as(cg, n, AV_TUPLE_INDEX))	/* $t[constant] */
			return gen_tuple_idx(cg, n);
		return gen_kmem_value(cg, n);
	case N_TUPLE:
	case N_RECORD:
		return gen_tuple(cg, n);
	case N_TUPLE_IDX:
		return gen_tuple_idx(cg, n);
	case N_CAST:
		return gen_cast(cg, n);
	case N_BLOCK:
		return gen_block_expr(cg, n);
	default:
		cg_error(cg, n->loc, "internal error: no code for %s", node_kind_name(n->kind));
		return none;
	}
}

/* ---- conditions: jump to a label when false, without a 0/1 value ---- */

static int invert_jmp(int op)
{
	switch (op) {
	case BPF_JEQ: return BPF_JNE;
	case BPF_JNE: return BPF_JEQ;
	case BPF_JGT: return BPF_JLE;
	case BPF_JLE: return BPF_JGT;
	case BPF_JGE: return BPF_JLT;
	case BPF_JLT: return BPF_JGE;
	case BPF_JSGT: return BPF_JSLE;
	case BPF_JSLE: return BPF_JSGT;
	case BPF_JSGE: return BPF_JSLT;
	default: return BPF_JSGE;	/* BPF_JSLT */
	}
}

static bool jmp_is_signed(int op)
{
	return op == BPF_JSGT || op == BPF_JSGE || op == BPF_JSLT || op == BPF_JSLE;
}

/*
 * A 32-bit value just widened to 64 bits (r <<= 32; r s>>= 32, or w = w)
 * and compared with a constant: the widening is taken back when a 32-bit
 * compare (JMP32) of the low halves gives the same answer.
 */
static bool drop_extension(struct cg *cg, int r, int op, int64_t imm)
{
	int n = cg->code.n, start, i;
	const struct bpf_insn *c = cg->code.v;
	bool sext = n >= 2 && c[n - 2].code == (BPF_ALU64 | BPF_LSH | BPF_K) &&
		    c[n - 2].dst_reg == r && c[n - 2].imm == 32 &&
		    c[n - 1].code == (BPF_ALU64 | BPF_ARSH | BPF_K) &&
		    c[n - 1].dst_reg == r && c[n - 1].imm == 32;
	bool zext = n >= 1 && c[n - 1].code == (BPF_ALU | BPF_MOV | BPF_X) &&
		    c[n - 1].dst_reg == r && c[n - 1].src_reg == r;
	bool eq = op == BPF_JEQ || op == BPF_JNE;

	if (cg->dead || (!sext && !zext))
		return false;
	if (sext ? !(jmp_is_signed(op) || eq || imm >= 0) : (jmp_is_signed(op) || imm < 0))
		return false;
	start = n - (sext ? 2 : 1);
	if (cg->label_pos > start)
		return false;	/* something jumps between the halves */
	for (i = 0; i < cg->fixups.n; i++)
		if (cg->fixups.v[i].insn >= start)
			return false;
	cg->code.n = start;
	while (cg->lines.n && cg->lines.v[cg->lines.n - 1].insn >= start)
		cg->lines.n--;
	if (cg->move_insn >= start)
		cg->move_insn = -1;
	return true;
}

/* if (w<dst> op imm) goto label: a 32-bit compare. */
static void emit_jmp32(struct cg *cg, int op, int dst, int32_t imm, int label)
{
	struct fixup f = { .insn = cg->code.n, .label = label };

	if (cg->dead)
		return;
	vec_push(&cg->fixups, f);
	emit(cg, insn(BPF_JMP32 | BPF_OP(op) | BPF_K, dst, 0, 0, imm));
}

/* Jump to ltrue when n holds. */
static void gen_cond_true(struct cg *cg, struct node *n, int ltrue)
{
	int lfalse = label_new(cg);

	gen_cond_false(cg, n, lfalse);
	emit_goto(cg, ltrue);
	label_here(cg, lfalse);
}

static void gen_cond_false(struct cg *cg, struct node *n, int lfalse)
{
	if (n->kind == N_BINOP && n->op == T_LAND) {
		gen_cond_false(cg, n->a, lfalse);
		gen_cond_false(cg, n->b, lfalse);
		return;
	}
	if (n->kind == N_BINOP && n->op == T_LOR) {
		int ltrue = label_new(cg);

		gen_cond_true(cg, n->a, ltrue);
		gen_cond_false(cg, n->b, lfalse);
		label_here(cg, ltrue);
		return;
	}
	if (n->kind == N_BINOP && jmp_op(n->op, false) >= 0 && cg_scalar(cg_type(cg, n->a)) &&
	    cg_scalar(cg_type(cg, n->b))) {
		struct val l = gen_expr(cg, n->a);
		struct val r = gen_expr(cg, n->b);
		bool is_signed = cg_type(cg, n->a)->is_signed && cg_type(cg, n->b)->is_signed;
		int op = invert_jmp(jmp_op(n->op, is_signed));
		int a = fits_imm32(&r) ? val_take(cg, &l, R0) : val_load(cg, &l, R0);

		if (fits_imm32(&r) && drop_extension(cg, a, op, r.imm)) {
			emit_jmp32(cg, op, a, (int32_t)r.imm, lfalse);
		} else if (fits_imm32(&r)) {
			emit_jmp(cg, op, a, 0, r.imm, true, lfalse);
		} else {
			int b = val_load(cg, &r, R1);

			emit_jmp(cg, op, a, b, 0, false, lfalse);
		}
		val_free(cg, &l);
		val_free(cg, &r);
		return;
	}
	gen_int_into_reg(cg, n, R0);
	emit_jmp(cg, BPF_JEQ, R0, 0, 0, true, lfalse);
}

/* ---- statements ---- */

static void gen_stmt(struct cg *cg, struct node *n);

static void gen_if(struct cg *cg, struct node *n)
{
	int lelse = label_new(cg), lend = label_new(cg);

	gen_cond_false(cg, n->a, lelse);
	gen_block(cg, n->b);
	if (n->c)
		emit_goto(cg, lend);
	label_here(cg, lelse);
	if (n->c) {
		if (n->c->kind == N_IF)
			gen_stmt(cg, n->c);
		else
			gen_block(cg, n->c);
	}
	label_here(cg, lend);
}

static void gen_while(struct cg *cg, struct node *n)
{
	struct loopctx lc = { .brk = label_new(cg), .cont = label_new(cg) };

	label_here(cg, lc.cont);
	gen_cond_false(cg, n->a, lc.brk);
	vec_push(&cg->loops, lc);
	gen_block(cg, n->b);
	cg->loops.n--;
	emit_goto(cg, lc.cont);
	label_here(cg, lc.brk);
}

static void gen_for_range_loop(struct cg *cg, struct node *n);
static void gen_for_range_const(struct cg *cg, struct node *n);

/* Whether e is a constant the verifier can bound a loop by. */
static bool is_const_bound(const struct node *e)
{
	return e->kind == N_INT || (e->kind == N_UNOP && e->op == T_MINUS && e->a->kind == N_INT);
}

/*
 * for ($i : a..b) { body }: $i runs from a up to b, b excluded.  Constant
 * bounds make a plain loop the verifier walks; others (a map value, a
 * variable) go through bpf_loop, which the verifier checks once.
 */
static void gen_for_range(struct cg *cg, struct node *n)
{
	if (!is_const_bound(n->b->a) || !is_const_bound(n->b->b)) {
		gen_for_range_loop(cg, n);
		return;
	}
	gen_for_range_const(cg, n);
}

static void gen_for_range_const(struct cg *cg, struct node *n)
{
	struct loopctx lc = { .brk = label_new(cg), .cont = label_new(cg) };
	int top = label_new(cg);
	struct mem home = var_home(cg, cg_var(cg, n->a));
	struct val end;
	int r;

	gen_int_into_reg(cg, n->b->a, R0);
	emit_mem_store(cg, 8, home, R0);
	end = val_own(cg, gen_expr(cg, n->b->b));
	label_here(cg, top);
	emit_mem_load(cg, 8, R0, home);
	r = val_load(cg, &end, R1);
	emit_jmp(cg, BPF_JSGE, R0, r, 0, false, lc.brk);
	vec_push(&cg->loops, lc);
	gen_block(cg, n->c);
	cg->loops.n--;
	label_here(cg, lc.cont);
	emit_mem_load(cg, 8, R0, home);
	emit(cg, ALU_IMM(BPF_ADD, R0, 1));
	emit_mem_store(cg, 8, home, R0);
	emit_goto(cg, top);
	label_here(cg, lc.brk);
	val_free(cg, &end);
}

/*
 * A func_ref made inside a callback's code points into that code; once
 * the code moves to the subprograms, it is marked (insn -(n + 1) for the
 * subprogram instruction n) so the final assembly patches it there.
 */
#define SUBPROG_INSN(n)	(-(n) - 1)

void frame_enter(struct cg *cg, struct cg_saved *sv)
{
	sv->code = cg->code;
	sv->labels = cg->labels;
	sv->fixups = cg->fixups;
	sv->lines = cg->lines;
	sv->free_slots = cg->free_slots;
	sv->loops = cg->loops;
	sv->stack = cg->stack;
	sv->label_pos = cg->label_pos;
	sv->slots_held = cg->slots_held;
	sv->exit_label = cg->exit_label;
	sv->frame = cg->frame;
	sv->func_refs = cg->func_refs.n;
	sv->regs_busy = cg->regs_busy;
	sv->dead = cg->dead;
	memset(&cg->code, 0, sizeof(cg->code));
	memset(&cg->labels, 0, sizeof(cg->labels));
	memset(&cg->fixups, 0, sizeof(cg->fixups));
	memset(&cg->lines, 0, sizeof(cg->lines));
	memset(&cg->free_slots, 0, sizeof(cg->free_slots));
	memset(&cg->loops, 0, sizeof(cg->loops));
	cg->stack = CB_STACK_FIXED;
	cg->slots_held = 0;
	cg->move_insn = -1;	/* indices restart in the callback's code */
	cg->label_pos = 0;
	cg->regs_busy = 0;
	cg->dead = false;
	cg->frame = sv->frame + 1;
}

/*
 * A bpf_loop callback (index in r1, ctx in r2: the caller's frame): the
 * probe's code set aside, and ctx kept where emit_addr() finds the
 * caller's memory.
 */
void callback_enter(struct cg *cg, struct cg_saved *sv)
{
	frame_enter(cg, sv);
	emit(cg, STX(BPF_DW, R10, CB_SLOT_OUTER, R2));
}

/* A byte-scanning callback: r1 the index, r2 &src[index], r3 the byte; past cap, to stop. */
void callback_byte(struct cg *cg, struct mem src, uint32_t cap, int stop)
{
	emit(cg, MOV32_REG(R1, R1));
	emit_jmp(cg, BPF_JGE, R1, 0, cap, true, stop);
	emit_addr(cg, R2, src);
	emit(cg, ALU_REG(BPF_ADD, R2, R1));
	emit(cg, LDX(BPF_B, R3, R2, 0));
}

/* The callback's two returns: 0 (next index) here and at `more`, 1 (stop) at `stop`. */
void callback_returns(struct cg *cg, int more, int stop)
{
	if (more >= 0)
		label_here(cg, more);
	emit(cg, MOV_IMM(R0, 0));
	emit(cg, EXIT());
	label_here(cg, stop);
	emit(cg, MOV_IMM(R0, 1));
	emit(cg, EXIT());
}

/* Resolve the callback's jumps, move it to the subprograms; returns its start. */
int frame_leave(struct cg *cg, struct cg_saved *sv)
{
	int start = cg->subprogs.n, i;

	for (i = 0; i < cg->fixups.n; i++) {
		struct fixup *f = &cg->fixups.v[i];

		cg->code.v[f->insn].off = cg->labels.v[f->label] - f->insn - 1;
	}
	for (i = 0; i < cg->code.n; i++)
		vec_push(&cg->subprogs, cg->code.v[i]);
	/* loops nested in this callback: their refs now live in the subprograms */
	for (i = sv->func_refs; i < cg->func_refs.n; i++)
		if (cg->func_refs.v[i].insn >= 0)
			cg->func_refs.v[i].insn = SUBPROG_INSN(start + cg->func_refs.v[i].insn);
	for (i = 0; i < cg->lines.n; i++) {
		struct line_entry le = cg->lines.v[i];

		le.insn = -(start + le.insn) - 1;	/* marked: a subprogram index */
		vec_push(&sv->lines, le);
	}
	vec_free(&cg->code);
	vec_free(&cg->labels);
	vec_free(&cg->fixups);
	vec_free(&cg->lines);
	vec_free(&cg->free_slots);
	vec_free(&cg->loops);
	cg->code = sv->code;
	cg->labels = sv->labels;
	cg->fixups = sv->fixups;
	cg->lines = sv->lines;
	cg->free_slots = sv->free_slots;
	cg->loops = sv->loops;
	cg->stack = sv->stack;
	cg->label_pos = sv->label_pos;
	cg->move_insn = -1;
	cg->slots_held = sv->slots_held;
	cg->exit_label = sv->exit_label;
	cg->regs_busy = sv->regs_busy;
	cg->dead = sv->dead;
	cg->frame = sv->frame;
	return start;
}

/* The kernel wants the subprograms' starts (func_info) in ascending order. */
static void subprog_add(struct prog_spec *ps, int start)
{
	int i = ps->subprogs.n;

	vec_push(&ps->subprogs, start);
	while (i > 0 && ps->subprogs.v[i - 1] > start) {
		ps->subprogs.v[i] = ps->subprogs.v[i - 1];
		i--;
	}
	ps->subprogs.v[i] = start;
}

/* reg = the callback at subprog start, for a helper that calls it */
void emit_ld_func(struct cg *cg, int reg, int start)
{
	struct fixup ref = { .insn = cg->code.n, .label = start };

	vec_push(&cg->func_refs, ref);
	emit(cg, LD_IMM64_LO(reg, BPF_PSEUDO_FUNC, 0));
	emit(cg, LD_IMM64_HI(0));
}

/*
 * Call a helper that runs a callback (bpf_loop, bpf_for_each_map_elem):
 * r1 is set by the caller, r2 = the callback at subprog start, r3 = our
 * frame as its context, r4 = 0 (flags).
 */
void emit_callback_call(struct cg *cg, int start, int helper)
{
	emit_ld_func(cg, R2, start);
	emit(cg, MOV_REG(R3, R10));
	emit(cg, MOV_IMM(R4, 0));
	emit_call(cg, helper);
}

/* bpf_for_each_map_elem(map, the callback at subprog start, ctx = our frame, 0) */
static void emit_for_each(struct cg *cg, struct mapinfo *m, int start)
{
	emit_ld_map(cg, R1, m->spec);
	emit_callback_call(cg, start, BPF_FUNC_for_each_map_elem);
}

static void copy_from_reg_ptr(struct cg *cg, struct mem dst, uint32_t size, int ptr)
{
	emit(cg, MOV_REG(R3, ptr));
	emit_addr(cg, R1, dst);
	emit(cg, MOV_IMM(R2, size));
	emit_call(cg, BPF_FUNC_probe_read_kernel);
}

/* Whether a probe-leaving return is in n (not one of an inlined fn's). */
static bool has_probe_return(const struct node *n)
{
	if (!n)
		return false;
	if (n->kind == N_RETURN)
		return true;
	if (n->kind == N_BLOCK && n->name)
		return false;	/* fn call: its returns leave the function */
	if (has_probe_return(n->a) || has_probe_return(n->b) || has_probe_return(n->c))
		return true;
	for (int i = 0; i < n->args.n; i++)
		if (has_probe_return(n->args.v[i]))
			return true;
	return false;
}

/*
 * return inside a map loop's callback: note it in the probe's frame and
 * stop the iteration; after each loop, the caller leaves too.
 */
static void gen_callback_return(struct cg *cg)
{
	emit(cg, MOV_IMM(R0, 1));
	emit_mem_store(cg, 8, cg->ret_flag, R0);
	emit_goto(cg, cg->exit_label);
}

/*
 * for ($kv : @map) { body }: the body becomes a callback subprogram run by
 * bpf_for_each_map_elem(map, callback, ctx, 0).  The callback gets the
 * probe's frame pointer as ctx, so the probe's variables stay reachable
 * (see stack_base() in cg_mem.c).  break returns 1 (stop), continue 0.
 */
static void gen_for_map(struct cg *cg, struct node *n)
{
	struct mapinfo *m = cg_map(cg, n->b);
	struct type *kv = cg_var(cg, n->a)->type;
	bool returns = has_probe_return(n->c);
	struct loopctx lc;
	struct cg_saved sv;
	struct mem home, vptr;
	int ret0, ret1;

	if (returns && cg->frame == 0) {
		if (!cg->has_ret_flag) {
			cg->ret_flag = mem_stack(cg, 8);
			mem_keep(cg);	/* read after the loop */
		}
		cg->has_ret_flag = true;
		emit_mem_store_imm(cg, 8, cg->ret_flag, 0);
	}
	frame_enter(cg, &sv);
	ret0 = label_new(cg);
	ret1 = label_new(cg);
	lc.brk = ret1;
	lc.cont = ret0;
	cg->exit_label = ret1;	/* exit() stops the iteration */
	/* callback(map, key, value, ctx): keep ctx, copy key and value into $kv */
	emit(cg, STX(BPF_DW, R10, CB_SLOT_OUTER, R4));
	vptr = mem_stack(cg, 8);
	emit_mem_store(cg, 8, vptr, R3);
	home = var_home(cg, cg_var(cg, n->a));
	copy_from_reg_ptr(cg, mem_at(home, kv->fields[0].offset), m->key->size, R2);
	if (m->agg != AGG_NONE) {
		/* the callback sees this CPU's entry; the loop shows them combined */
		struct mem key = mem_at(home, kv->fields[0].offset);
		struct val v = gen_agg_collapse(cg, m, key, kv->fields[1].type);
		int r = val_load(cg, &v, R0);

		emit_mem_store(cg, 8, mem_at(home, kv->fields[1].offset), r);
		val_free(cg, &v);
	} else {
		emit_mem_load(cg, 8, R4, vptr);
		copy_from_reg_ptr(cg, mem_at(home, kv->fields[1].offset), m->value->size, R4);
	}
	vec_push(&cg->loops, lc);
	gen_block(cg, n->c);
	cg->loops.n--;
	label_here(cg, ret0);	/* reached by the body's end or a continue */
	emit(cg, MOV_IMM(R0, 0));
	emit(cg, EXIT());
	cg->dead = true;
	label_here(cg, ret1);
	if (!cg->dead) {	/* only when a break or exit() jumps here */
		emit(cg, MOV_IMM(R0, 1));
		emit(cg, EXIT());
	}
	emit_for_each(cg, m, frame_leave(cg, &sv));
	if (returns) {
		int go_on = label_new(cg);

		emit_mem_load(cg, 8, R0, cg->ret_flag);
		emit_jmp(cg, BPF_JEQ, R0, 0, 0, true, go_on);
		hold_exit(cg);
		emit_goto(cg, cg->exit_label);
		label_here(cg, go_on);
	}
}

/* bpf_loop's most iterations (BPF_MAX_LOOPS in the kernel). */
#define RANGE_LOOP_MAX (1 << 23)

/*
 * for ($i : a..b) with bounds known only at run time: bpf_loop(n, the
 * body as a callback, ctx = our frame, 0) with n = b - a (none when
 * negative, at most RANGE_LOOP_MAX); the callback gets the iteration
 * index and sets $i = a + index.  break returns 1, continue 0, as in map
 * loops, and a return in the body leaves the probe after the loop.
 */
static void gen_for_range_loop(struct cg *cg, struct node *n)
{
	bool returns = has_probe_return(n->c);
	struct mem first = mem_stack(cg, 8), count = mem_stack(cg, 8), home;
	struct fixup ref = { .insn = -1 };
	struct loopctx lc;
	struct cg_saved sv;
	int ret0, ret1, skip = label_new(cg), none = label_new(cg);

	if (returns && cg->frame == 0) {
		if (!cg->has_ret_flag)
			cg->ret_flag = mem_stack(cg, 8);
		cg->has_ret_flag = true;
		emit_mem_store_imm(cg, 8, cg->ret_flag, 0);
	}
	gen_int_into_reg(cg, n->b->a, R0);
	emit_mem_store(cg, 8, first, R0);
	gen_int_into_reg(cg, n->b->b, R1);
	emit_mem_load(cg, 8, R0, first);
	emit(cg, ALU_REG(BPF_SUB, R1, R0));
	emit_jmp(cg, BPF_JSLE, R1, 0, 0, true, none);
	emit_jmp(cg, BPF_JLE, R1, 0, RANGE_LOOP_MAX, true, skip);
	emit_ld_imm64(cg, R1, RANGE_LOOP_MAX);
	emit_goto(cg, skip);
	label_here(cg, none);
	emit(cg, MOV_IMM(R1, 0));
	label_here(cg, skip);
	emit_mem_store(cg, 8, count, R1);

	frame_enter(cg, &sv);
	ret0 = label_new(cg);
	ret1 = label_new(cg);
	lc.brk = ret1;
	lc.cont = ret0;
	cg->exit_label = ret1;	/* exit() stops the loop */
	/* callback(u32 index, void *ctx): keep ctx, $i = first + index */
	emit(cg, STX(BPF_DW, R10, CB_SLOT_OUTER, R2));
	emit(cg, MOV32_REG(R1, R1));
	emit_mem_load(cg, 8, R0, first);
	emit(cg, ALU_REG(BPF_ADD, R0, R1));
	home = var_home(cg, cg_var(cg, n->a));
	emit_mem_store(cg, 8, home, R0);
	vec_push(&cg->loops, lc);
	gen_block(cg, n->c);
	cg->loops.n--;
	label_here(cg, ret0);
	emit(cg, MOV_IMM(R0, 0));
	emit(cg, EXIT());
	cg->dead = true;
	label_here(cg, ret1);
	if (!cg->dead) {
		emit(cg, MOV_IMM(R0, 1));
		emit(cg, EXIT());
	}
	ref.label = frame_leave(cg, &sv);
	emit_mem_load(cg, 8, R1, count);
	ref.insn = cg->code.n;
	vec_push(&cg->func_refs, ref);
	emit(cg, LD_IMM64_LO(R2, BPF_PSEUDO_FUNC, 0));
	emit(cg, LD_IMM64_HI(0));
	emit(cg, MOV_REG(R3, R10));
	emit(cg, MOV_IMM(R4, 0));
	emit_call(cg, BPF_FUNC_loop);
	if (returns) {
		int go_on = label_new(cg);

		emit_mem_load(cg, 8, R0, cg->ret_flag);
		emit_jmp(cg, BPF_JEQ, R0, 0, 0, true, go_on);
		hold_exit(cg);
		emit_goto(cg, cg->exit_label);
		label_here(cg, go_on);
	}
}

/* len(@m): bpf_for_each_map_elem returns how many elements it visited. */
struct val gen_map_len(struct cg *cg, struct mapinfo *m, struct type *t)
{
	struct cg_saved sv;

	if (!m->keyed)
		return val_imm(0, t);	/* key-less: one entry at most */
	frame_enter(cg, &sv);
	emit(cg, MOV_IMM(R0, 0));
	emit(cg, EXIT());
	emit_for_each(cg, m, frame_leave(cg, &sv));
	return val_from_reg(cg, R0, t);
}

static void gen_unroll(struct cg *cg, struct node *n)
{
	int64_t i;

	for (i = 0; i < cg_const(cg, n->a); i++)
		gen_block(cg, n->b);
}

static void gen_assign(struct cg *cg, struct node *n)
{
	if (n->a->kind == N_MAP) {
		gen_map_assign(cg, n);
		return;
	}
	if (n->a->kind == N_IDENT) {	/* _ = expr: evaluated, discarded */
		struct val v = gen_expr(cg, n->b);

		val_free(cg, &v);
		return;
	}
	assign_var(cg, n->a, n->b, n->op);
}

static void gen_expr_stmt(struct cg *cg, struct node *e)
{
	struct val v;

	if (e->kind == N_INCDEC && e->a->kind == N_MAP) {
		struct node one = { .kind = N_INT, .ival = 1, .loc = e->loc };	/* int64 (cg_type) */

		gen_map_incdec_stmt(cg, e->a, e->op == T_INC ? T_PLUS : T_MINUS, &one);
		return;
	}
	if (e->kind == N_INCDEC && cg_var(cg, e->a)) {
		/* $x++ as a statement: only the store matters */
		struct mem home = var_home(cg, cg_var(cg, e->a));
		int size = var_size(cg_var(cg, e->a));

		emit_mem_load(cg, size, R1, home);
		emit(cg, ALU_IMM(BPF_ADD, R1, incdec_delta(cg, e)));
		emit_mem_store(cg, size, home, R1);
		return;
	}
	v = gen_expr(cg, e);
	val_free(cg, &v);
}

static void gen_stmt(struct cg *cg, struct node *n)
{
	struct temps start = temps_mark(cg);

	cg->loc = n->loc;
	switch (n->kind) {
	case N_EXPR_STMT:
		gen_expr_stmt(cg, n->a);
		break;
	case N_ASSIGN:
		gen_assign(cg, n);
		break;
	case N_LET:
		if (n->b)
			assign_var(cg, n->a, n->b, 0);
		else if (cg_var(cg, n->a) && cg_var(cg, n->a)->type)
			emit_memzero(cg, var_home(cg, cg_var(cg, n->a)), var_size(cg_var(cg, n->a)));
		break;
	case N_IF:
		gen_if(cg, n);
		break;
	case N_WHILE:
		gen_while(cg, n);
		break;
	case N_UNROLL:
		gen_unroll(cg, n);
		break;
	case N_FOR:
		if (n->b->kind == N_MAP)
			gen_for_map(cg, n);
		else
			gen_for_range(cg, n);
		break;
	case N_BLOCK:
		gen_block(cg, n);
		break;
	case N_BREAK:
		emit_goto(cg, cg->loops.v[cg->loops.n - 1].brk);
		break;
	case N_CONTINUE:
		emit_goto(cg, cg->loops.v[cg->loops.n - 1].cont);
		break;
	case N_RETURN:
		if (!cg->fns.n && n->a) {	/* a probe's return value: evaluated, unused */
			struct val v = gen_expr(cg, n->a);

			val_free(cg, &v);
		}
		if (cg->fns.n)
			gen_fn_return(cg, n);
		else if (cg->frame > 0)
			gen_callback_return(cg);
		else {
			hold_exit(cg);
			emit_goto(cg, cg->exit_label);
		}
		break;
	default:
		cg_error(cg, n->loc, "internal error: no code for statement %s",
			 node_kind_name(n->kind));
		break;
	}
	temps_release(cg, &start);
}

void gen_block(struct cg *cg, struct node *block)
{
	int i;

	for (i = 0; i < block->args.n && !cg->errors; i++)
		gen_stmt(cg, block->args.v[i]);
}

/* ---- the whole program ---- */

typedef VEC(struct bpf_insn) insnvec;

/*
 * After exit(), probes still attached until sonde detaches them (a few
 * milliseconds) do nothing, so a fast interval probe cannot run its body
 * once more; BEGIN and END are run by sonde itself and are not held, nor
 * is an iterator's pass.
 */
static bool guards_exit(const struct cg *cg)
{
	const char *pn = cg->ps->prov ? cg->ps->prov->name : "";

	/* an iterator's pass runs to its end after exit(), as in bpftrace */
	return cg->prog->uses_exit && strcmp(pn, "BEGIN") != 0 && strcmp(pn, "END") != 0 &&
	       strcmp(pn, "iter") != 0;
}

static void gen_prologue(struct cg *cg, insnvec *out, int *exit_fixup, int *exited_fixup)
{
	struct bpf_insn lo, hi;
	int key;

	if (cg->uses_ctx)
		vec_push(out, STX(BPF_DW, R10, SLOT_CTX, R1));
	if (guards_exit(cg)) {
		vec_push(out, LD_IMM64_LO(R1, BPF_PSEUDO_MAP_VALUE, IMAP_EXITED));
		vec_push(out, LD_IMM64_HI(0));
		vec_push(out, LDX(BPF_DW, R1, R1, 0));
		*exited_fixup = out->n;
		vec_push(out, JMP_IMM(BPF_JNE, R1, 0, 0));
	}
	if (!cg->uses_scratch)
		return;
	if (cg->scratch_peak > PERCPU_SCRATCH_MAX) {
		/* the CPU's own entry of the large array: the key is its number */
		vec_push(out, CALL(BPF_FUNC_get_smp_processor_id));
		vec_push(out, STX(BPF_W, R10, SLOT_SCRATCH, R0));
		lo = LD_IMM64_LO(R1, BPF_PSEUDO_MAP_FD, IMAP_SCRATCH_BIG);
		key = SLOT_SCRATCH;
	} else {
		vec_push(out, ST_IMM(BPF_W, R10, SLOT_ZERO, 0));
		lo = LD_IMM64_LO(R1, BPF_PSEUDO_MAP_FD, IMAP_SCRATCH);
		key = SLOT_ZERO;
	}
	hi = LD_IMM64_HI(0);
	vec_push(out, lo);
	vec_push(out, hi);
	vec_push(out, MOV_REG(R2, R10));
	vec_push(out, ALU_IMM(BPF_ADD, R2, key));
	vec_push(out, CALL(BPF_FUNC_map_lookup_elem));
	*exit_fixup = out->n;
	vec_push(out, JMP_IMM(BPF_JEQ, R0, 0, 0));
	vec_push(out, STX(BPF_DW, R10, SLOT_SCRATCH, R0));
}

static void cg_finish(struct cg *cg)
{
	insnvec out = { 0 };
	struct prog_spec *ps = cg->ps;
	int exit_fixup = -1, exited_fixup = -1, plen, i, target, mainlen;

	gen_prologue(cg, &out, &exit_fixup, &exited_fixup);
	plen = out.n;
	for (i = 0; i < cg->code.n; i++)
		vec_push(&out, cg->code.v[i]);
	for (i = 0; i < cg->fixups.n; i++) {
		struct fixup *f = &cg->fixups.v[i];

		target = cg->labels.v[f->label] + plen;
		out.v[f->insn + plen].off = target - (f->insn + plen) - 1;
	}
	/* the prologue's early exits: before the run's tag is set (held runs) */
	target = cg->labels.v[cg->holding ? cg->fault_label : cg->exit_label] + plen;
	if (exit_fixup >= 0)
		out.v[exit_fixup].off = target - exit_fixup - 1;
	if (exited_fixup >= 0)
		out.v[exited_fixup].off = target - exited_fixup - 1;
	mainlen = out.n;
	for (i = 0; i < cg->subprogs.n; i++)
		vec_push(&out, cg->subprogs.v[i]);
	for (i = 0; i < cg->func_refs.n; i++) {
		struct fixup *f = &cg->func_refs.v[i];
		int at = f->insn >= 0 ? f->insn + plen : mainlen + SUBPROG_INSN(f->insn);

		out.v[at].imm = mainlen + f->label - at - 1;
		subprog_add(ps, mainlen + f->label);
	}
	ps->insns = out.v;
	ps->ninsns = out.n;
	for (i = 0; i < cg->lines.n; i++) {
		struct line_entry le = cg->lines.v[i];

		if (le.insn < 0)
			continue;	/* a callback's: added after the program's */
		le.insn += plen;
		vec_push(&ps->lines, le);
	}
	for (i = 0; i < cg->lines.n; i++) {
		struct line_entry le = cg->lines.v[i];

		if (le.insn >= 0)
			continue;
		le.insn = mainlen + (-le.insn - 1);
		vec_push(&ps->lines, le);
	}
	if (ps->lines.n == 0 || ps->lines.v[0].insn != 0) {
		struct line_entry first = { .insn = 0, .loc = ps->node->loc };

		vec_push(&ps->lines, first);
		/* keep the table sorted: move the new first entry to the front */
		memmove(ps->lines.v + 1, ps->lines.v, (ps->lines.n - 1) * sizeof(first));
		ps->lines.v[0] = first;
	}
	if (cg->scratch_peak > PERCPU_SCRATCH_MAX) {
		if (cg->scratch_peak > cg->prog->scratch_big_size)
			cg->prog->scratch_big_size = cg->scratch_peak;
	} else if (cg->scratch_peak > cg->prog->scratch_size) {
		cg->prog->scratch_size = cg->scratch_peak;
	}
}

/* One pass over the probe; hold: a D clause's records may be held (cg_hold.c). */
static int gen_probe(struct program *prog, struct prog_spec *ps, const struct codegen_opts *opts,
		     bool hold, bool *again)
{
	struct cg cg = { .prog = prog, .ps = ps, .opts = opts, .stack = STACK_FIXED,
			  .move_insn = -1, .hold_off = !hold };
	struct node *probe = ps->node;

	cg.exit_label = label_new(&cg);
	cg.loc = probe->loc;
	hold_begin(&cg, probe);
	if (ps->sys_probes)
		gen_syscall_filter(&cg);
	if (opts->filter_pid && ps->prov && ps->prov->pid_filter) {
		/* -p: only the process's own hits (its pid as sonde's /proc numbers it) */
		emit_own_tgid(&cg);
		emit_jmp(&cg, BPF_JNE, R0, 0, opts->filter_pid, true, cg.exit_label);
	}
	if (probe->a) {
		cg.loc = probe->a->loc;
		gen_cond_false(&cg, probe->a, cg.exit_label);
	}
	gen_block(&cg, probe->b);
	label_here(&cg, cg.exit_label);
	cg.loc = probe->b->loc;
	cg.loc.line = probe->b->loc.end_line;
	cg.loc.col = probe->b->loc.end_col;
	hold_end(&cg, cg.loc);
	emit(&cg, MOV_IMM(R0, 0));
	emit(&cg, EXIT());
	/* records held where no fault can follow them: the pass without holding is the one */
	*again = cg.holding && !cg.hold_needed;
	if (!cg.errors && !*again)
		cg_finish(&cg);
	else
		for (int i = 0; i < cg.placed.n; i++)
			cg.placed.v[i]->placed = false;
	vec_free(&cg.placed);
	vec_free(&cg.code);
	vec_free(&cg.labels);
	vec_free(&cg.fixups);
	vec_free(&cg.lines);
	vec_free(&cg.free_slots);
	vec_free(&cg.loops);
	vec_free(&cg.fns);
	vec_free(&cg.subprogs);
	vec_free(&cg.func_refs);
	return cg.errors ? -1 : 0;
}

int codegen_probe(struct program *prog, struct prog_spec *ps, const struct codegen_opts *opts)
{
	bool again = false;
	int nevents = prog->events.n;
	int err = gen_probe(prog, ps, opts, true, &again);

	if (err || !again)
		return err;
	while (prog->events.n > nevents)	/* the discarded pass's own */
		free(prog->events.v[--prog->events.n].fmt);
	return gen_probe(prog, ps, opts, false, &again);
}
