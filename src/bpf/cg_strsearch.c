// SPDX-License-Identifier: GPL-2.0
/*
 * D's string subroutines (the internal functions dt.strcmp, dt.substr,
 * dt.index, dt.rindex, dt.strstr, dt.strchr, dt.strrchr, dt.toupper,
 * dt.tolower, dt.lltostr) and printf's %S (dt.strescape).
 *
 * The strings are copied into the scratch buffer first (bpf_probe_read_kernel_str
 * stops at the NUL and says the length), then searched or changed in a
 * bpf_loop callback, which the verifier checks once whatever the size,
 * and runs as many times as the strings' lengths (not their capacities)
 * ask.  Results are copied out of the scratch copy by
 * bpf_probe_read_kernel_str, so no loop writes them.
 */
#include <string.h>

#include "cg_internal.h"

/* ---- dt.strcmp: string < > <= >= ---- */

/*
 * The difference of the first differing bytes (unsigned), 0 when equal:
 * unrolled over the smaller capacity (a string ends within its capacity).
 */
struct val call_dt_strcmp(struct cg *cg, struct node *n)
{
	struct val a = gen_expr(cg, n->args.v[0]), b = gen_expr(cg, n->args.v[1]);
	uint32_t cap = MIN(a.type->size, b.type->size);
	int done = label_new(cg);

	emit(cg, MOV_IMM(R3, 0));
	for (uint32_t i = 0; a.kind == V_MEM && b.kind == V_MEM && i < cap; i++) {
		int same = label_new(cg);

		emit_mem_load(cg, 1, R1, mem_at(a.mem, (int)i));
		emit_mem_load(cg, 1, R2, mem_at(b.mem, (int)i));
		emit_jmp(cg, BPF_JEQ, R1, R2, 0, false, same);
		emit(cg, MOV_REG(R3, R1));
		emit(cg, ALU_REG(BPF_SUB, R3, R2));
		emit_goto(cg, done);
		label_here(cg, same);
		emit_jmp(cg, BPF_JEQ, R1, 0, 0, true, done);
	}
	label_here(cg, done);
	val_free(cg, &a);
	val_free(cg, &b);
	return val_from_reg(cg, R3, cg_type(cg, n));
}

/* ---- the search: dt.index, dt.rindex, dt.strstr, dt.strchr, dt.strrchr ---- */

/*
 * The scratch copies and the search's state.  s has t's capacity of
 * zeroes behind it, so s[pos + j] stays inside for any pos < caps and
 * j < capt.
 */
struct search {
	struct mem s, t;
	struct mem lens, lent, first, found, ok;
	uint32_t caps, capt;
	bool reverse;
};

static void search_alloc(struct cg *cg, struct search *sr, uint32_t caps, uint32_t capt)
{
	uint32_t soff = 0, toff = ALIGN_UP(caps + capt, 8), state = toff + ALIGN_UP(capt, 8);
	struct mem tmp = mem_alloc(cg, MAX(state + 40, SMALL_MEM + 8));

	sr->caps = caps;
	sr->capt = capt;
	sr->s = mem_at(tmp, (int)soff);
	sr->t = mem_at(tmp, (int)toff);
	sr->lens = mem_at(tmp, (int)state);
	sr->lent = mem_at(tmp, (int)state + 8);
	sr->first = mem_at(tmp, (int)state + 16);	/* index: the first position; rindex: the last */
	sr->found = mem_at(tmp, (int)state + 24);
	sr->ok = mem_at(tmp, (int)state + 32);
	emit_memzero(cg, tmp, state);
	emit_mem_store_imm(cg, 8, sr->found, -1);
}

/*
 * The callback, for k in 0 .. positions x len(t) - 1: position k / len(t)
 * from the first (up or down), byte j = k % len(t) of t.  A position
 * matches when all its bytes did; the first match stops the loop.
 */
static int search_callback(struct cg *cg, struct search *sr)
{
	struct cg_saved sv;
	int more, stop, same, notfirst;

	callback_enter(cg, &sv);
	more = label_new(cg);
	stop = label_new(cg);
	same = label_new(cg);
	notfirst = label_new(cg);
	emit(cg, MOV32_REG(R1, R1));
	emit_mem_load(cg, 8, R3, sr->lent);
	emit_jmp(cg, BPF_JEQ, R3, 0, 0, true, stop);
	emit(cg, MOV_REG(R4, R1));
	emit(cg, ALU_REG(BPF_DIV, R4, R3));		/* the position's number */
	emit(cg, MOV_REG(R0, R4));
	emit(cg, ALU_REG(BPF_MUL, R0, R3));
	emit(cg, ALU_REG(BPF_SUB, R1, R0));		/* j */
	emit_mem_load(cg, 8, R0, sr->first);
	if (sr->reverse) {
		emit(cg, ALU_REG(BPF_SUB, R0, R4));
		emit(cg, MOV_REG(R4, R0));
	} else {
		emit(cg, ALU_REG(BPF_ADD, R4, R0));
	}
	emit_jmp(cg, BPF_JNE, R1, 0, 0, true, notfirst);
	emit_mem_store_imm(cg, 8, sr->ok, 1);
	label_here(cg, notfirst);
	emit_jmp(cg, BPF_JSLT, R4, 0, 0, true, stop);
	emit_jmp(cg, BPF_JGE, R4, 0, sr->caps, true, stop);
	emit_jmp(cg, BPF_JGE, R1, 0, sr->capt, true, stop);
	emit_addr(cg, R2, sr->s);
	emit(cg, ALU_REG(BPF_ADD, R2, R4));
	emit(cg, ALU_REG(BPF_ADD, R2, R1));
	emit(cg, LDX(BPF_B, R0, R2, 0));
	emit_addr(cg, R2, sr->t);
	emit(cg, ALU_REG(BPF_ADD, R2, R1));
	emit(cg, LDX(BPF_B, R2, R2, 0));
	emit_jmp(cg, BPF_JEQ, R0, R2, 0, false, same);
	emit_mem_store_imm(cg, 8, sr->ok, 0);
	label_here(cg, same);
	emit_mem_load(cg, 8, R3, sr->lent);
	emit(cg, ALU_IMM(BPF_SUB, R3, 1));
	emit_jmp(cg, BPF_JNE, R1, R3, 0, false, more);
	emit_mem_load(cg, 8, R0, sr->ok);
	emit_jmp(cg, BPF_JEQ, R0, 0, 0, true, more);
	emit_mem_store(cg, 8, sr->found, R4);
	label_here(cg, stop);
	emit(cg, MOV_IMM(R0, 1));
	emit(cg, EXIT());
	label_here(cg, more);
	emit(cg, MOV_IMM(R0, 0));
	emit(cg, EXIT());
	return frame_leave(cg, &sv);
}

/* At most this many callbacks: the kernel's limit for one bpf_loop. */
#define LOOP_MAX (1u << 23)

/*
 * After the copies and lens/lent are stored (start: the third argument
 * in r0 when has_start): found = the position of t in s, or -1.
 * index starts at max(start, 0) and goes up to len(s) - len(t);
 * rindex starts at min(start, len(s) - len(t)) (start defaults to
 * len(s)) and goes down to 0.  An empty t is found where the search
 * starts.
 */
static void search_run(struct cg *cg, struct search *sr, bool has_start)
{
	int done = label_new(cg), go = label_new(cg), capped = label_new(cg), start;

	if (!has_start && sr->reverse)
		emit_mem_load(cg, 8, R0, sr->lens);	/* rindex: from the end */
	else if (!has_start)
		emit(cg, MOV_IMM(R0, 0));
	emit_mem_load(cg, 8, R1, sr->lens);
	emit_mem_load(cg, 8, R2, sr->lent);
	emit(cg, ALU_REG(BPF_SUB, R1, R2));		/* the last position t fits at */
	if (sr->reverse) {
		int low = label_new(cg);

		emit_jmp(cg, BPF_JSLE, R0, R1, 0, false, low);
		emit(cg, MOV_REG(R0, R1));
		label_here(cg, low);
		emit_jmp(cg, BPF_JSLT, R0, 0, 0, true, done);
		emit_mem_store(cg, 8, sr->first, R0);
		emit(cg, ALU_IMM(BPF_ADD, R0, 1));	/* positions: first .. 0 */
	} else {
		int high = label_new(cg);

		emit_jmp(cg, BPF_JSGE, R0, 0, 0, true, high);
		emit(cg, MOV_IMM(R0, 0));
		label_here(cg, high);
		emit_jmp(cg, BPF_JSGT, R0, R1, 0, false, done);
		emit_mem_store(cg, 8, sr->first, R0);
		emit(cg, ALU_REG(BPF_SUB, R1, R0));
		emit(cg, ALU_IMM(BPF_ADD, R1, 1));	/* positions: first .. last */
		emit(cg, MOV_REG(R0, R1));
	}
	emit_jmp(cg, BPF_JNE, R2, 0, 0, true, go);
	emit_mem_load(cg, 8, R0, sr->first);		/* an empty t */
	emit_mem_store(cg, 8, sr->found, R0);
	emit_goto(cg, done);
	label_here(cg, go);
	emit(cg, ALU_REG(BPF_MUL, R0, R2));
	emit_jmp(cg, BPF_JLE, R0, 0, LOOP_MAX, true, capped);
	emit(cg, MOV_IMM(R0, LOOP_MAX));
	label_here(cg, capped);
	emit(cg, MOV_REG(R1, R0));
	start = search_callback(cg, sr);
	emit_callback_call(cg, start, BPF_FUNC_loop);
	label_here(cg, done);
}

/* Copy s (and t, unless NULL) into the search's scratch copies, their lengths stored. */
static bool search_copy(struct cg *cg, struct search *sr, struct val *s, struct val *t)
{
	if (s->kind != V_MEM || (t && t->kind != V_MEM))
		return false;
	cg_copy_str(cg, sr->s, sr->caps, s->mem);
	emit(cg, ALU_IMM(BPF_SUB, R0, 1));
	emit_mem_store(cg, 8, sr->lens, R0);
	if (!t)
		return true;
	cg_copy_str(cg, sr->t, sr->capt, t->mem);
	emit(cg, ALU_IMM(BPF_SUB, R0, 1));
	emit_mem_store(cg, 8, sr->lent, R0);
	return true;
}

struct val call_dt_index(struct cg *cg, struct node *n)
{
	struct val s = gen_expr(cg, n->args.v[0]), t = gen_expr(cg, n->args.v[1]);
	struct search sr = { .reverse = !strcmp(n->name, "dt.rindex") };
	bool has_start = n->args.n > 2;

	search_alloc(cg, &sr, s.type->size, t.type->size);
	if (search_copy(cg, &sr, &s, &t)) {
		if (has_start) {
			gen_int_into_reg(cg, n->args.v[2], R0);
			emit_mem_store(cg, 8, sr.ok, R0);	/* kept while the lengths are read */
			emit_mem_load(cg, 8, R0, sr.ok);
		}
		search_run(cg, &sr, has_start);
	}
	val_free(cg, &s);
	val_free(cg, &t);
	emit_mem_load(cg, 8, R0, sr.found);
	return val_from_reg(cg, R0, cg_type(cg, n));
}

/* The result: s from the position found on, or "" when none was. */
static struct val search_tail(struct cg *cg, struct node *n, struct search *sr)
{
	struct val v = cg_str_result(cg, n, 0);
	int done = label_new(cg);

	emit_mem_load(cg, 8, R0, sr->found);
	emit_jmp(cg, BPF_JSLT, R0, 0, 0, true, done);
	emit_jmp(cg, BPF_JGE, R0, 0, sr->caps, true, done);
	emit_addr(cg, R3, sr->s);
	emit(cg, ALU_REG(BPF_ADD, R3, R0));
	emit_addr(cg, R1, v.mem);
	emit(cg, MOV_IMM(R2, MIN(v.type->size, sr->caps)));
	emit_call(cg, BPF_FUNC_probe_read_kernel_str);
	label_here(cg, done);
	return v;
}

struct val call_dt_strstr(struct cg *cg, struct node *n)
{
	struct val s = gen_expr(cg, n->args.v[0]), t = gen_expr(cg, n->args.v[1]);
	struct search sr = { 0 };

	search_alloc(cg, &sr, s.type->size, t.type->size);
	if (search_copy(cg, &sr, &s, &t))
		search_run(cg, &sr, false);
	val_free(cg, &s);
	val_free(cg, &t);
	return search_tail(cg, n, &sr);
}

/* strchr(s, c), strrchr(s, c): the search for the one-byte string c. */
struct val call_dt_strchr(struct cg *cg, struct node *n)
{
	struct val s = gen_expr(cg, n->args.v[0]);
	struct search sr = { .reverse = !strcmp(n->name, "dt.strrchr") };

	search_alloc(cg, &sr, s.type->size, 2);
	gen_int_into_reg(cg, n->args.v[1], R0);
	emit_mem_store(cg, 1, sr.t, R0);
	emit_mem_store_imm(cg, 8, sr.lent, 1);
	if (search_copy(cg, &sr, &s, NULL))
		search_run(cg, &sr, false);
	val_free(cg, &s);
	return search_tail(cg, n, &sr);
}

/* ---- dt.substr ---- */

/*
 * substr(s, i[, n]) as DTrace has it: a negative i counts from the end
 * (a start before the beginning eats into n); a negative n leaves that
 * many characters off the end; no n: to the end.
 */
struct val call_dt_substr(struct cg *cg, struct node *n)
{
	struct val s = gen_expr(cg, n->args.v[0]), v;
	struct search sr = { 0 };
	uint32_t cap;
	int empty = label_new(cg), nonneg = label_new(cg), counted = label_new(cg);
	int fits = label_new(cg);

	search_alloc(cg, &sr, s.type->size, 1);
	cap = sr.caps;
	gen_int_into_reg(cg, n->args.v[1], R0);
	emit_mem_store(cg, 8, sr.first, R0);
	if (n->args.n > 2)
		gen_int_into_reg(cg, n->args.v[2], R0);
	else
		emit(cg, MOV_IMM(R0, cap));
	emit_mem_store(cg, 8, sr.ok, R0);
	v = cg_str_result(cg, n, 0);
	if (!search_copy(cg, &sr, &s, NULL)) {
		val_free(cg, &s);
		return v;
	}
	val_free(cg, &s);
	emit_mem_load(cg, 8, R1, sr.first);		/* index */
	emit_mem_load(cg, 8, R2, sr.ok);		/* remaining */
	emit_mem_load(cg, 8, R3, sr.lens);		/* len */
	emit_jmp(cg, BPF_JSGE, R1, 0, 0, true, nonneg);
	emit(cg, ALU_REG(BPF_ADD, R1, R3));
	emit_jmp(cg, BPF_JSGE, R1, 0, 0, true, nonneg);
	emit(cg, MOV_REG(R0, R1));
	emit(cg, ALU_REG(BPF_ADD, R0, R2));
	emit_jmp(cg, BPF_JSLE, R0, 0, 0, true, nonneg);
	emit(cg, MOV_REG(R2, R0));			/* the part before the start is lost */
	emit(cg, MOV_IMM(R1, 0));
	label_here(cg, nonneg);
	emit_jmp(cg, BPF_JSGE, R1, R3, 0, false, empty);
	emit_jmp(cg, BPF_JSLT, R1, 0, 0, true, empty);
	emit_jmp(cg, BPF_JSGE, R2, 0, 0, true, counted);
	emit(cg, ALU_REG(BPF_ADD, R2, R3));		/* n < 0: that many off the end */
	emit(cg, ALU_REG(BPF_SUB, R2, R1));
	label_here(cg, counted);
	emit_jmp(cg, BPF_JSLE, R2, 0, 0, true, empty);
	emit_jmp(cg, BPF_JSLT, R2, 0, cap - 1, true, fits);
	emit(cg, MOV_IMM(R2, cap - 1));
	label_here(cg, fits);
	emit_jmp(cg, BPF_JGE, R1, 0, cap, true, empty);
	emit(cg, ALU_IMM(BPF_ADD, R2, 1));		/* the NUL */
	emit_addr(cg, R3, sr.s);
	emit(cg, ALU_REG(BPF_ADD, R3, R1));
	emit_addr(cg, R1, v.mem);
	emit_call(cg, BPF_FUNC_probe_read_kernel_str);
	label_here(cg, empty);
	return v;
}

/* ---- dt.toupper, dt.tolower ---- */

/* The callback: byte i of the copy, moved to the other case when in range. */
static int case_callback(struct cg *cg, struct mem tmp, uint32_t cap, bool upper)
{
	struct cg_saved sv;
	int more, stop;

	callback_enter(cg, &sv);
	more = label_new(cg);
	stop = label_new(cg);
	callback_byte(cg, tmp, cap, stop);
	emit_jmp(cg, BPF_JLT, R3, 0, upper ? 'a' : 'A', true, more);
	emit_jmp(cg, BPF_JGT, R3, 0, upper ? 'z' : 'Z', true, more);
	emit(cg, ALU_IMM(BPF_XOR, R3, 0x20));
	emit(cg, STX(BPF_B, R2, 0, R3));
	callback_returns(cg, more, stop);
	return frame_leave(cg, &sv);
}

struct val call_dt_case(struct cg *cg, struct node *n)
{
	struct val s = gen_expr(cg, n->args.v[0]), v;
	struct search sr = { 0 };
	int done = label_new(cg), start;

	search_alloc(cg, &sr, s.type->size, 1);
	v = cg_str_result(cg, n, 0);
	if (search_copy(cg, &sr, &s, NULL)) {
		emit_mem_load(cg, 8, R1, sr.lens);
		emit_jmp(cg, BPF_JSLE, R1, 0, 0, true, done);
		start = case_callback(cg, sr.s, sr.caps, !strcmp(n->name, "dt.toupper"));
		emit_callback_call(cg, start, BPF_FUNC_loop);
		label_here(cg, done);
		cg_copy_str(cg, v.mem, MIN(v.type->size, sr.caps), sr.s);
	}
	val_free(cg, &s);
	return v;
}

/* ---- dt.lltostr ---- */

/*
 * The digits are written from the end of a scratch area backwards,
 * unrolled (20 at most); each place a number can end at copies from
 * its own constant start.
 */
struct val call_dt_lltostr(struct cg *cg, struct node *n)
{
	struct val v = cg_str_result(cg, n, 0);
	struct mem tmp = mem_alloc(cg, SMALL_MEM + 8);
	int copy = label_new(cg), positive = label_new(cg), sign = label_new(cg);

	gen_int_into_reg(cg, n->args.v[0], R1);
	emit(cg, MOV_IMM(R4, 0));
	emit_jmp(cg, BPF_JSGE, R1, 0, 0, true, positive);
	emit(cg, NEG(R1));				/* INT64_MIN stays itself: unsigned */
	emit(cg, MOV_IMM(R4, 1));
	label_here(cg, positive);
	emit_mem_store_imm(cg, 1, mem_at(tmp, 21), 0);
	for (int i = 0; i < 20; i++) {
		int more = label_new(cg);

		emit(cg, MOV_REG(R2, R1));
		emit(cg, ALU_IMM(BPF_MOD, R2, 10));
		emit(cg, ALU_IMM(BPF_ADD, R2, '0'));
		emit_mem_store(cg, 1, mem_at(tmp, 20 - i), R2);
		emit(cg, ALU_IMM(BPF_DIV, R1, 10));
		emit_jmp(cg, BPF_JNE, R1, 0, 0, true, more);
		emit(cg, MOV_IMM(R3, 20 - i));
		emit_goto(cg, sign);
		label_here(cg, more);
	}
	emit(cg, MOV_IMM(R3, 1));
	label_here(cg, sign);
	emit_addr(cg, R2, tmp);
	emit(cg, ALU_REG(BPF_ADD, R2, R3));
	emit_jmp(cg, BPF_JEQ, R4, 0, 0, true, copy);
	emit(cg, ALU_IMM(BPF_SUB, R2, 1));
	emit(cg, ST_IMM(BPF_B, R2, 0, '-'));
	label_here(cg, copy);
	emit(cg, MOV_REG(R3, R2));
	emit_addr(cg, R1, v.mem);
	emit(cg, MOV_IMM(R2, v.type->size));
	emit_call(cg, BPF_FUNC_probe_read_kernel_str);
	return v;
}

/* ---- dt.strescape: printf's %S ---- */

/* The escapes of printf's %S: the C escape of each of these bytes. */
static const struct { char byte, letter; } escapes[] = {
	{ '\a', 'a' }, { '\b', 'b' }, { '\f', 'f' }, { '\n', 'n' }, { '\r', 'r' },
	{ '\t', 't' }, { '\v', 'v' }, { '\\', '\\' }, { '"', '"' },
};

/*
 * The callback: byte i of the copy at src, written escaped at the
 * output position kept in pos (the output has 4 bytes of room a byte).
 */
static int escape_callback(struct cg *cg, struct mem src, uint32_t cap, struct mem out,
			   struct mem pos)
{
	struct cg_saved sv;
	int stop, plain, octal, next;

	callback_enter(cg, &sv);
	stop = label_new(cg);
	plain = label_new(cg);
	octal = label_new(cg);
	next = label_new(cg);
	callback_byte(cg, src, cap, stop);
	emit_jmp(cg, BPF_JEQ, R3, 0, 0, true, stop);
	emit_mem_load(cg, 8, R4, pos);
	emit_jmp(cg, BPF_JGE, R4, 0, 4 * cap, true, stop);
	emit_addr(cg, R2, out);
	emit(cg, ALU_REG(BPF_ADD, R2, R4));		/* where this byte goes */
	for (size_t k = 0; k < ARRAY_SIZE(escapes); k++) {
		int other = label_new(cg);

		emit_jmp(cg, BPF_JNE, R3, 0, (unsigned char)escapes[k].byte, true, other);
		emit(cg, ST_IMM(BPF_B, R2, 0, '\\'));
		emit(cg, ST_IMM(BPF_B, R2, 1, escapes[k].letter));
		emit(cg, ALU_IMM(BPF_ADD, R4, 2));
		emit_goto(cg, next);
		label_here(cg, other);
	}
	emit_jmp(cg, BPF_JLT, R3, 0, 0x20, true, octal);
	emit_jmp(cg, BPF_JLT, R3, 0, 0x7f, true, plain);
	label_here(cg, octal);				/* \ooo */
	emit(cg, ST_IMM(BPF_B, R2, 0, '\\'));
	emit(cg, MOV_REG(R0, R3));
	emit(cg, ALU_IMM(BPF_RSH, R0, 6));
	emit(cg, ALU_IMM(BPF_ADD, R0, '0'));
	emit(cg, STX(BPF_B, R2, 1, R0));
	emit(cg, MOV_REG(R0, R3));
	emit(cg, ALU_IMM(BPF_RSH, R0, 3));
	emit(cg, ALU_IMM(BPF_AND, R0, 7));
	emit(cg, ALU_IMM(BPF_ADD, R0, '0'));
	emit(cg, STX(BPF_B, R2, 2, R0));
	emit(cg, ALU_IMM(BPF_AND, R3, 7));
	emit(cg, ALU_IMM(BPF_ADD, R3, '0'));
	emit(cg, STX(BPF_B, R2, 3, R3));
	emit(cg, ALU_IMM(BPF_ADD, R4, 4));
	emit_goto(cg, next);
	label_here(cg, plain);
	emit(cg, STX(BPF_B, R2, 0, R3));
	emit(cg, ALU_IMM(BPF_ADD, R4, 1));
	label_here(cg, next);
	emit_mem_store(cg, 8, pos, R4);
	callback_returns(cg, -1, stop);
	return frame_leave(cg, &sv);
}

/*
 * strescape(s): s with C's escapes for the bytes above and \ooo for
 * other unprintable ones, as dtrace(1)'s %S prints a string.
 */
struct val call_dt_strescape(struct cg *cg, struct node *n)
{
	struct val s = gen_expr(cg, n->args.v[0]), v;
	struct search sr = { 0 };
	uint32_t cap = s.type->size;
	struct mem out, pos;
	int done = label_new(cg), start;

	search_alloc(cg, &sr, cap, 1);
	out = mem_alloc(cg, MAX(ALIGN_UP(4 * cap + 8, 8), SMALL_MEM + 8));
	pos = sr.found;
	emit_memzero(cg, out, ALIGN_UP(4 * cap + 8, 8));
	emit_mem_store_imm(cg, 8, pos, 0);
	v = cg_str_result(cg, n, 0);
	if (search_copy(cg, &sr, &s, NULL)) {
		emit_mem_load(cg, 8, R1, sr.lens);
		emit_jmp(cg, BPF_JSLE, R1, 0, 0, true, done);
		start = escape_callback(cg, sr.s, cap, out, pos);
		emit_callback_call(cg, start, BPF_FUNC_loop);
		label_here(cg, done);
		cg_copy_str(cg, v.mem, v.type->size, out);
	}
	val_free(cg, &s);
	return v;
}
