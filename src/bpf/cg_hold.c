// SPDX-License-Identifier: GPL-2.0
/*
 * A D clause's records, held until the clause ends (program.h: HOLD_*).
 * DTrace discards what a clause traced when the clause faults; sonde's
 * actions are ring buffer records of their own, sent as they run.  So
 * each record of a D clause carries the clause-run's tag in its header's
 * upper bits, and the runtime keeps the tagged records (runhold.c) until
 * one says the run ended (HOLD_COMMIT: released, in order) or the run's
 * fault record comes (discarded).  A run's tag is taken when it sends its
 * first record: this CPU's next number (a per-CPU counter, IMAP_LOST's
 * second entry, added to atomically, as a probe on this CPU may
 * interrupt the run) and the CPU; that record says it begins the run.
 * commit()/discard() records of speculations are not held: they act at
 * once, as DTrace's do.  The run's last record carries the
 * commit: the final printf of the clause when it ends with one (the
 * event line's newline), else a record of its own (EV_HOLD_END) at the
 * end.  Records and their sizes are otherwise unchanged; programs in the
 * bpftrace language (no READS_ABORT) hold nothing and compile as before.
 */
#include <string.h>

#include "cg_internal.h"

#include "../probes/provider.h"

/* The printf of the clause's statement i (-1: the last), or NULL. */
static const struct node *printf_stmt(const struct node *block, int i)
{
	const struct node *s;

	if (!block || block->kind != N_BLOCK || !block->args.n)
		return NULL;
	s = block->args.v[i < 0 ? block->args.n - 1 : i];
	if (s->kind != N_EXPR_STMT || !s->a || s->a->kind != N_CALL || strcmp(s->a->name, "printf"))
		return NULL;
	return s->a;
}

void hold_begin(struct cg *cg, const struct node *probe)
{
	/* the ERROR clause's faults are not reported: nothing would end its runs */
	cg->holding = !cg->hold_off && cg->prog->cfg.read_faults == READS_ABORT &&
		      !(cg->ps->prov && cg->ps->prov->kind == PROV_ERROR);
	if (!cg->holding)
		return;
	cg->hold_tag = mem_stack(cg, 8);
	emit_mem_store_imm(cg, 8, cg->hold_tag, 0);
	cg->fault_label = label_new(cg);
	cg->commit_call = printf_stmt(probe->b, -1);
	cg->first_call = printf_stmt(probe->b, 0);
}

/*
 * The tag of this run in r0, taken now if no record has been sent yet.
 * The run's first statement, when it is a printf (the event line's), takes
 * it unconditionally: the records after it just read it.
 */
static void emit_run_tag(struct cg *cg, bool first)
{
	int have = label_new(cg);

	if (cg->tag_known) {
		emit_mem_load(cg, 8, R0, cg->hold_tag);
		return;
	}
	if (!first) {
		emit_mem_load(cg, 8, R0, cg->hold_tag);
		emit_jmp(cg, BPF_JNE, R0, 0, 0, true, have);
	}
	/* the tag's slot (0 here) holds the counter's key for the lookup */
	emit_mem_store_imm(cg, 4, cg->hold_tag, HOLD_SEQ_KEY);
	emit_ld_map(cg, R1, IMAP_LOST);
	emit_addr(cg, R2, cg->hold_tag);
	emit_call(cg, BPF_FUNC_map_lookup_elem);
	emit_mem_store_imm(cg, 8, cg->hold_tag, 0);
	emit_jmp(cg, BPF_JEQ, R0, 0, 0, true, have);	/* no tag: the records pass */
	emit(cg, MOV_IMM(R1, 1));
	emit(cg, insn(BPF_STX | BPF_DW | BPF_ATOMIC, R0, R1, 0, BPF_ADD | BPF_FETCH));
	emit(cg, ALU_IMM(BPF_AND, R1, HOLD_SEQ_MASK));
	emit(cg, ALU_IMM(BPF_OR, R1, HOLD_SEQ_SET));
	emit_mem_store(cg, 8, cg->hold_tag, R1);
	emit_call(cg, BPF_FUNC_get_smp_processor_id);
	emit(cg, ALU_IMM(BPF_AND, R0, HOLD_CPU_MASK));
	emit(cg, ALU_IMM(BPF_LSH, R0, HOLD_CPU_SHIFT));
	emit_mem_load(cg, 8, R1, cg->hold_tag);
	emit(cg, ALU_REG(BPF_OR, R0, R1));
	emit(cg, ALU_IMM(BPF_LSH, R0, HOLD_SHIFT));
	emit_mem_store(cg, 8, cg->hold_tag, R0);
	emit(cg, MOV_IMM(R1, 1));	/* this record begins the run */
	emit(cg, ALU_IMM(BPF_LSH, R1, 62));
	emit(cg, ALU_REG(BPF_OR, R0, R1));
	label_here(cg, have);
}

void hold_tag_record(struct cg *cg, struct mem rec)
{
	bool commit = cg->commit_next, first = cg->first_next;

	if (!cg->holding || cg->unheld_record)
		return;
	cg->records_sent |= !cg->fault_record;
	cg->commit_next = cg->first_next = false;
	emit_run_tag(cg, first);
	cg->tag_known |= first;
	emit_mem_load(cg, 8, R1, rec);
	emit(cg, ALU_REG(BPF_OR, R1, R0));
	if (commit) {
		int untagged = label_new(cg);

		emit_jmp(cg, BPF_JEQ, R0, 0, 0, true, untagged);
		emit(cg, MOV_IMM(R2, 1));
		emit(cg, ALU_IMM(BPF_LSH, R2, 63));
		emit(cg, ALU_REG(BPF_OR, R1, R2));
		label_here(cg, untagged);
	}
	emit_mem_store(cg, 8, rec, R1);
}

bool hold_commits(struct cg *cg, const struct node *call)
{
	if (!cg->holding || cg->frame)
		return false;
	cg->first_next = call == cg->first_call;
	cg->commit_next = call == cg->commit_call;
	return cg->commit_next;
}

void hold_exit(struct cg *cg)
{
	cg->exit_open |= cg->holding;
}

void hold_committed(struct cg *cg)
{
	emit_mem_store_imm(cg, 8, cg->hold_tag, 0);	/* nothing left to end at the exit */
}

int hold_fault_label(struct cg *cg)
{
	if (cg->records_sent)
		cg->hold_needed = true;
	return cg->holding && !cg->frame ? cg->fault_label : cg->exit_label;
}

/* At the exit: a run that sent records and did not commit them sends its end. */
void hold_end(struct cg *cg, struct loc loc)
{
	struct event_spec ev = { .kind = EV_HOLD_END, .loc = loc,
				 .probe_index = cg->ps->probe_index };
	int done;
	struct mem rec;

	if (!cg->holding)
		return;
	if (cg->commit_call && !cg->exit_open) {	/* every run ended with its final printf */
		label_here(cg, cg->fault_label);
		return;
	}
	done = label_new(cg);
	emit_mem_load(cg, 8, R0, cg->hold_tag);
	emit_jmp(cg, BPF_JEQ, R0, 0, 0, true, done);
	ev.args = type_tuple(NULL, 0);
	vec_push(&cg->prog->events, ev);
	rec = mem_stack(cg, 8);
	emit(cg, MOV_IMM(R1, 1));
	emit(cg, ALU_IMM(BPF_LSH, R1, 63));
	emit(cg, ALU_REG(BPF_OR, R0, R1));
	emit(cg, ALU_IMM(BPF_ADD, R0, cg->prog->events.n - 1));
	emit_mem_store(cg, 8, rec, R0);
	cg->holding = false;	/* this record is tagged already */
	emit_output_record(cg, rec, 8);
	cg->holding = true;
	label_here(cg, done);
	label_here(cg, cg->fault_label);
}
