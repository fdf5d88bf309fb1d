// SPDX-License-Identifier: GPL-2.0
/*
 * debugf(fmt, ...): a line in the kernel's trace buffer through
 * bpf_trace_printk (up to three values) or bpf_trace_vprintk.  Integers
 * travel as 64-bit values, so the format's integer conversions get an
 * "ll" (the kernel reads %d as 32 bits); strings travel as the address of
 * their bytes in the probe's memory, which the kernel copies for %s.
 */
#include <stdlib.h>
#include <string.h>

#include "cg_internal.h"

/* fmt with every integer conversion widened to 64 bits. */
static char *widen_format(const char *fmt)
{
	struct strbuf sb;
	const char *p = fmt;

	sb_init(&sb);
	while (*p) {
		if (*p != '%') {
			sb_addc(&sb, *p++);
			continue;
		}
		sb_addc(&sb, *p++);
		if (*p == '%') {
			sb_addc(&sb, *p++);
			continue;
		}
		while (*p && strchr("-+ #0123456789.", *p))
			sb_addc(&sb, *p++);
		while (*p == 'l' || *p == 'h' || *p == 'z' || *p == 'j' || *p == 't')
			p++;	/* the width is ours to choose */
		if (*p && strchr("diuxXo", *p))
			sb_adds(&sb, "ll");
		if (*p)
			sb_addc(&sb, *p++);
	}
	return sb_steal(&sb);
}

/* The value of argument a for the kernel: an integer, or a string's address. */
static void debugf_value(struct cg *cg, struct node *a, int dst)
{
	struct val v = gen_expr(cg, a);

	if (v.kind == V_MEM) {
		emit_addr(cg, dst, v.mem);
		return;
	}
	int r = val_load(cg, &v, dst);

	if (r != dst)
		emit(cg, MOV_REG(dst, r));
	val_free(cg, &v);
}

struct val call_debugf(struct cg *cg, struct node *n)
{
	struct val none = { .kind = V_NONE };
	char *fmt = widen_format(n->args.v[0]->str);
	size_t len = strlen(fmt);
	int nvals = n->args.n - 1, i;
	struct mem vals;
	struct val f;

	f = gen_string_bytes(cg, fmt, len, type_str(len + 1));
	/* the values in memory first: computing them may call helpers */
	vals = mem_alloc(cg, 8 * (nvals ? nvals : 1));
	for (i = 0; i < nvals; i++) {
		debugf_value(cg, n->args.v[i + 1], R0);
		emit_mem_store(cg, 8, mem_at(vals, 8 * i), R0);
	}
	emit_addr(cg, R1, f.mem);
	emit(cg, MOV_IMM(R2, len + 1));
	if (nvals <= 3) {
		for (i = 0; i < nvals; i++)
			emit_mem_load(cg, 8, R3 + i, mem_at(vals, 8 * i));
		emit_call(cg, BPF_FUNC_trace_printk);
	} else {
		emit_addr(cg, R3, vals);
		emit(cg, MOV_IMM(R4, 8 * nvals));
		emit_call(cg, BPF_FUNC_trace_vprintk);
	}
	free(fmt);
	return none;
}
