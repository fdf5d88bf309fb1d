// SPDX-License-Identifier: GPL-2.0
/*
 * String building for the D front end's strjoin, basename and dirname
 * (the internal functions dt.strjoin, dt.basename, dt.dirname).
 *
 * Copies go through bpf_probe_read_kernel_str, which stops at the NUL and
 * says how many bytes it wrote: strings of any size cost a few
 * instructions, and the verifier sees no loop.  The path functions scan
 * the string once in a bpf_loop callback, which the verifier checks once
 * whatever the string's size (an unrolled scan that keeps positions would
 * make it walk a path per combination of them).
 */
#include "cg_internal.h"

/*
 * A zeroed string for n's value, `slack` bytes more room behind it: the
 * verifier checks a copy's largest place and largest size apart, not that
 * their sum stays within the string.
 */
struct val cg_str_result(struct cg *cg, struct node *n, uint32_t slack)
{
	struct val v = { .kind = V_MEM, .type = cg_type(cg, n) };

	v.mem = mem_alloc(cg, v.type->size + slack);
	emit_memzero(cg, v.mem, v.type->size);
	return v;
}

/* r0 = bpf_probe_read_kernel_str(dst, size, src): bytes written, NUL counted. */
void cg_copy_str(struct cg *cg, struct mem dst, uint32_t size, struct mem src)
{
	emit_addr(cg, R1, dst);
	emit(cg, MOV_IMM(R2, size));
	emit_addr(cg, R3, src);
	emit_call(cg, BPF_FUNC_probe_read_kernel_str);
}

/*
 * strjoin(a, b): a up to its NUL, then b from there, both cut so the
 * result keeps its NUL.  The second copy's place and size are checked
 * against the result's size where the verifier can see it.
 */
struct val call_dt_strjoin(struct cg *cg, struct node *n)
{
	struct val a = gen_expr(cg, n->args.v[0]), b = gen_expr(cg, n->args.v[1]), v;
	uint32_t cap = cg_type(cg, n)->size, bcap;
	int done = label_new(cg), sized = label_new(cg);

	if (a.kind != V_MEM || b.kind != V_MEM) {
		val_free(cg, &a);
		val_free(cg, &b);
		return cg_str_result(cg, n, 0);
	}
	bcap = b.type->size;
	v = cg_str_result(cg, n, MIN(cap, bcap));
	cg_copy_str(cg, v.mem, MIN(cap, a.type->size), a.mem);
	emit(cg, ALU_IMM(BPF_SUB, R0, 1));		/* a's length: where b goes */
	emit_jmp(cg, BPF_JSLT, R0, 0, 0, true, done);
	emit_jmp(cg, BPF_JGE, R0, 0, cap - 1, true, done);	/* a filled it */
	emit(cg, MOV_IMM(R2, cap));
	emit(cg, ALU_REG(BPF_SUB, R2, R0));
	emit_jmp(cg, BPF_JLE, R2, 0, bcap, true, sized);
	emit(cg, MOV_IMM(R2, bcap));
	label_here(cg, sized);
	emit(cg, MOV_REG(R4, R0));
	emit_addr(cg, R1, v.mem);
	emit(cg, ALU_REG(BPF_ADD, R1, R4));
	emit_addr(cg, R3, b.mem);
	emit_call(cg, BPF_FUNC_probe_read_kernel_str);
	label_here(cg, done);
	val_free(cg, &a);
	val_free(cg, &b);
	return v;
}

/*
 * What the scan of a path keeps, behind the copy in scratch memory: the last byte that
 * is not a '/', where its component starts, the last non-'/' before that
 * component (-1: none), and whether the byte before was a '/' (the start
 * counts as one, so the first component starts a component).
 */
struct path_scan {
	struct mem last, first, lastdir, after_slash;
};

/* The callback: byte `index` of the copy at tmp (size cap). */
static int path_scan_callback(struct cg *cg, struct path_scan *ps, struct mem tmp, uint32_t cap)
{
	struct cg_saved sv;
	int more, stop, plain, same;

	callback_enter(cg, &sv);
	more = label_new(cg);
	stop = label_new(cg);
	plain = label_new(cg);
	same = label_new(cg);
	callback_byte(cg, tmp, cap, stop);
	emit_jmp(cg, BPF_JNE, R3, 0, '/', true, plain);
	emit_mem_store_imm(cg, 8, ps->after_slash, 1);
	emit_goto(cg, more);
	label_here(cg, plain);
	emit_mem_load(cg, 8, R4, ps->after_slash);
	emit_mem_store_imm(cg, 8, ps->after_slash, 0);
	emit_jmp(cg, BPF_JEQ, R4, 0, 0, true, same);
	emit_mem_load(cg, 8, R4, ps->last);		/* a new component */
	emit_mem_store(cg, 8, ps->lastdir, R4);
	emit_mem_store(cg, 8, ps->first, R1);
	label_here(cg, same);
	emit_mem_store(cg, 8, ps->last, R1);
	callback_returns(cg, more, stop);
	return frame_leave(cg, &sv);
}

/*
 * res = tmp[start .. start + len - 1]: the registers are checked against
 * the size first (they come from scratch memory, written by the
 * callback, so the verifier knows nothing of them).
 */
static void copy_part(struct cg *cg, struct mem res, struct mem tmp, uint32_t cap,
		      int start, int len, int done)
{
	emit_jmp(cg, BPF_JSLT, len, 0, 1, true, done);
	emit_jmp(cg, BPF_JGE, len, 0, cap, true, done);
	emit_jmp(cg, BPF_JGE, start, 0, cap, true, done);
	emit(cg, MOV_REG(R2, len));
	emit(cg, ALU_IMM(BPF_ADD, R2, 1));		/* the NUL */
	emit_addr(cg, R3, tmp);
	emit(cg, ALU_REG(BPF_ADD, R3, start));
	emit_addr(cg, R1, res);
	emit_call(cg, BPF_FUNC_probe_read_kernel_str);
	emit_goto(cg, done);
}

/*
 * basename(s), dirname(s) as DTrace has them: trailing '/'s do not count;
 * a path of '/'s only is "/" for both; "" is "." for both; dirname of a
 * single component is "/" when the path starts with '/', else ".".
 */
static struct val path_part(struct cg *cg, struct node *n, bool dir)
{
	struct val s = gen_expr(cg, n->args.v[0]);
	struct val v = cg_str_result(cg, n, 0);
	uint32_t cap = MIN(v.type->size, s.type->size), tmpsize;
	struct path_scan ps;
	struct mem tmp;
	int dot = label_new(cg), slash = label_new(cg), done = label_new(cg);
	int one = label_new(cg), start;

	if (s.kind != V_MEM) {
		val_free(cg, &s);
		return v;
	}
	/*
	 * The copy and the scan's state in the scratch buffer: the callback
	 * reads the copy at a variable offset, and the verifier takes what
	 * is loaded from a map value as unknown.  On the stack, 6.1's
	 * verifier, which walks a bpf_loop callback once, would see the
	 * state's first values as constants the callback never replaces and
	 * drop the branches that depend on the replaced ones.
	 */
	tmpsize = MAX(ALIGN_UP(cap, 8) + 32, SMALL_MEM + 8);
	tmp = mem_alloc(cg, tmpsize);
	emit_memzero(cg, tmp, ALIGN_UP(cap, 8));
	ps.last = mem_at(tmp, ALIGN_UP(cap, 8));
	ps.first = mem_at(ps.last, 8);
	ps.lastdir = mem_at(ps.last, 16);
	ps.after_slash = mem_at(ps.last, 24);
	emit_mem_store_imm(cg, 8, ps.last, -1);
	emit_mem_store_imm(cg, 8, ps.first, 0);
	emit_mem_store_imm(cg, 8, ps.lastdir, -1);
	emit_mem_store_imm(cg, 8, ps.after_slash, 1);
	cg_copy_str(cg, tmp, cap, s.mem);
	val_free(cg, &s);
	emit(cg, ALU_IMM(BPF_SUB, R0, 1));		/* the length */
	emit_jmp(cg, BPF_JSLT, R0, 0, 1, true, dot);
	emit(cg, MOV_REG(R1, R0));
	start = path_scan_callback(cg, &ps, tmp, cap);
	emit_callback_call(cg, start, BPF_FUNC_loop);	/* r1 iterations */
	emit_mem_load(cg, 8, R4, ps.last);
	emit_jmp(cg, BPF_JSLT, R4, 0, 0, true, slash);	/* '/'s only */
	if (!dir) {
		emit_mem_load(cg, 8, R0, ps.first);
		emit(cg, ALU_REG(BPF_SUB, R4, R0));
		emit(cg, ALU_IMM(BPF_ADD, R4, 1));
		copy_part(cg, v.mem, tmp, cap, R0, R4, done);
	} else {
		emit_mem_load(cg, 8, R4, ps.lastdir);
		emit_jmp(cg, BPF_JSLT, R4, 0, 0, true, one);
		emit(cg, ALU_IMM(BPF_ADD, R4, 1));
		emit(cg, MOV_IMM(R0, 0));
		copy_part(cg, v.mem, tmp, cap, R0, R4, done);
		label_here(cg, one);	/* one component: "/" when the path starts with '/' */
		emit_mem_load(cg, 1, R4, tmp);
		emit_jmp(cg, BPF_JEQ, R4, 0, '/', true, slash);
		emit_goto(cg, dot);
	}
	label_here(cg, slash);
	emit_mem_store_imm(cg, 1, v.mem, '/');
	emit_goto(cg, done);
	label_here(cg, dot);
	emit_mem_store_imm(cg, 1, v.mem, '.');
	label_here(cg, done);
	return v;
}

struct val call_dt_basename(struct cg *cg, struct node *n)
{
	return path_part(cg, n, false);
}

struct val call_dt_dirname(struct cg *cg, struct node *n)
{
	return path_part(cg, n, true);
}
