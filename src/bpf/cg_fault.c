// SPDX-License-Identifier: GPL-2.0
/*
 * Checked probe reads (program.h: READS_*).  A probe-read helper that
 * fails zeroes its destination and returns -errno; unchecked, that is all
 * a program sees.  With -k (READS_WARN) or in a D program (READS_ABORT)
 * a failed read sends an EV_READ_FAULT record (the helper's result, the
 * address, the probe); a D clause then stops there, as a DTrace clause
 * stops at a fault.  Unchecked reads compile exactly as before.
 */
#include "cg_internal.h"

#include "../probes/provider.h"

static const char *helper_name(int helper)
{
	switch (helper) {
	case BPF_FUNC_probe_read_user: return "probe_read_user";
	case BPF_FUNC_probe_read_kernel: return "probe_read_kernel";
	case BPF_FUNC_probe_read_user_str: return "probe_read_user_str";
	case BPF_FUNC_probe_read_kernel_str: return "probe_read_kernel_str";
	case BPF_FUNC_probe_read_str: return "probe_read_str";
	default: return "probe_read";
	}
}

/* The record of a failed read: r0 holds the helper's result, addr the address. */
static void gen_fault_record(struct cg *cg, int helper, struct loc loc, struct mem rec,
			     int64_t call_off)
{
	struct type *u64 = type_int(8, false);
	struct type *members[3] = { type_int(8, true), u64, u64 };
	/* top: the call's byte offset in the program, D's "DIF offset" */
	struct event_spec ev = { .kind = EV_READ_FAULT, .loc = loc, .top = call_off,
				 .op = (int)(cg->ps - cg->prog->progs.v),
				 .probe_index = cg->ps->probe_index };
	struct val probe;
	int r;

	ev.args = type_tuple(members, 3);
	ev.fmt = xstrdup(helper_name(helper));
	vec_push(&cg->prog->events, ev);
	emit_mem_store(cg, 8, mem_at(rec, 8), R0);
	if (cg->ps->sys_probes) {	/* a merged syscall program: the probe of this hit */
		probe = gen_syscall_probe(cg, u64);
		r = val_load(cg, &probe, R0);
		emit_mem_store(cg, 8, mem_at(rec, 24), r);
		val_free(cg, &probe);
	} else {
		emit_mem_store_imm(cg, 8, mem_at(rec, 24), cg->ps->probe_index);
	}
	emit_mem_store_imm(cg, 8, rec, cg->prog->events.n - 1);
	cg->fault_record = true;	/* the run's last: no fault follows it */
	emit_output_record(cg, rec, 32);
	cg->fault_record = false;
}

/*
 * r0 = helper(r1 dst, r2 size, r3 address), the read of an expression at
 * loc.  Checked: a failure is reported, and in a D clause ends it.  The
 * ERROR clause's own faults are not reported (DTrace drops them: an ERROR
 * that faults would fire ERROR again).
 */
void emit_read_call(struct cg *cg, int helper, struct loc loc)
{
	int mode = cg->prog->cfg.read_faults, ok;
	struct mem rec;
	bool report = !(cg->ps->prov && cg->ps->prov->kind == PROV_ERROR);
	int64_t call_off;

	if (mode == READS_UNCHECKED) {
		emit_call(cg, helper);
		return;
	}
	rec = mem_alloc(cg, 32);
	emit_mem_store(cg, 8, mem_at(rec, 16), R3);	/* r5 is the only register it needs */
	call_off = (int64_t)cg->code.n * 8;
	emit_call(cg, helper);
	ok = label_new(cg);
	emit_jmp(cg, BPF_JSGE, R0, 0, 0, true, ok);
	if (report)
		gen_fault_record(cg, helper, loc, rec, call_off);
	if (mode == READS_ABORT)
		emit_goto(cg, hold_fault_label(cg));
	label_here(cg, ok);
}
