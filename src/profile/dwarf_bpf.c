// SPDX-License-Identifier: GPL-2.0
/*
 * The DWARF-mode sampler.  The program is small and fixed, so it is
 * written here as instructions rather than compiled from the language:
 *
 *	reserve a record; tid/pid, comm, kernel stack (bpf_get_stack);
 *	regs = *bpf_task_pt_regs(bpf_get_current_task_btf())
 *	copy the user stack from regs.sp upward, page by page
 *
 * The user registers come from the task, not from the perf context: a
 * sample that interrupted the kernel carries kernel registers there.  The
 * stack is read one page at a time because a read that crosses the top of
 * the stack mapping fails as a whole; the first read stops at the end of
 * sp's page, each later one takes a full page, so the copy ends at the
 * last mapped page or at DWARF_STACK_BYTES.
 */
#include "profile/dwarf_bpf.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bpf/insn.h"
#include "probes/perf.h"

#define PAGE		4096
#define RINGBUF_BYTES	(8 << 20)
#define REG_SP		(arch_host()->sp_off / 8)	/* index of sp in struct pt_regs */

/* Jump targets, patched once the program is laid out. */
enum { L_SUBMIT, L_OUT, L_COUNT };

struct emitter {
	struct bpf_insn v[96];
	int n;
	int label_at[L_COUNT];
	struct { int at, label; } jumps[16];
	int njumps;
};

static void emit(struct emitter *e, struct bpf_insn i)
{
	if (e->n < (int)ARRAY_SIZE(e->v))
		e->v[e->n] = i;
	e->n++;
}

/* A conditional jump (or JA when op is 0) to a label. */
static void emit_jump(struct emitter *e, int op, int reg, int32_t imm, int label)
{
	if (e->njumps < (int)ARRAY_SIZE(e->jumps)) {
		e->jumps[e->njumps].at = e->n;
		e->jumps[e->njumps].label = label;
	}
	e->njumps++;
	emit(e, op ? JMP_IMM(op, reg, imm, 0) : JA(0));
}

static void place(struct emitter *e, int label)
{
	e->label_at[label] = e->n;
}

static void patch_jumps(struct emitter *e)
{
	for (int i = 0; i < e->njumps; i++)
		e->v[e->jumps[i].at].off = e->label_at[e->jumps[i].label] - e->jumps[i].at - 1;
}

#define OFF(field) ((int16_t)offsetof(struct dwarf_record, field))

/* r8 = bytes copied so far; r9 = user sp; r7 = the record. */
static void emit_stack_copy(struct emitter *e)
{
	emit(e, MOV_IMM(R8, 0));
	emit(e, LDX(BPF_DW, R9, R7, OFF(regs) + REG_SP * 8));
	emit_jump(e, BPF_JEQ, R9, 0, L_SUBMIT);
	/* the rest of sp's page: 1..PAGE bytes */
	emit(e, MOV_REG(R2, R9));
	emit(e, ALU_IMM(BPF_AND, R2, PAGE - 1));
	emit(e, MOV_IMM(R8, PAGE));
	emit(e, ALU_REG(BPF_SUB, R8, R2));
	emit(e, MOV_REG(R1, R7));
	emit(e, ALU_IMM(BPF_ADD, R1, OFF(stack)));
	emit(e, MOV_REG(R2, R8));
	emit(e, MOV_REG(R3, R9));
	emit(e, CALL(BPF_FUNC_probe_read_user));
	emit(e, JMP_IMM(BPF_JEQ, R0, 0, 2));
	emit(e, MOV_IMM(R8, 0));
	emit_jump(e, 0, 0, 0, L_SUBMIT);
	/* whole pages while they are mapped and the buffer has room */
	for (int page = 1; page < DWARF_STACK_BYTES / PAGE; page++) {
		emit(e, MOV_REG(R1, R7));
		emit(e, ALU_IMM(BPF_ADD, R1, OFF(stack)));
		emit(e, ALU_REG(BPF_ADD, R1, R8));
		emit(e, MOV_IMM(R2, PAGE));
		emit(e, MOV_REG(R3, R9));
		emit(e, ALU_REG(BPF_ADD, R3, R8));
		emit(e, CALL(BPF_FUNC_probe_read_user));
		emit_jump(e, BPF_JNE, R0, 0, L_SUBMIT);
		emit(e, ALU_IMM(BPF_ADD, R8, PAGE));
	}
}

static void emit_program(struct emitter *e, int map_fd, int pid)
{
	emit(e, MOV_REG(R6, R1));
	emit(e, CALL(BPF_FUNC_get_current_pid_tgid));
	emit(e, MOV_REG(R8, R0));
	if (pid > 0) {
		emit(e, MOV_REG(R1, R0));
		emit(e, ALU_IMM(BPF_RSH, R1, 32));
		emit_jump(e, BPF_JNE, R1, pid, L_OUT);
	}
	emit(e, LD_IMM64_LO(R1, BPF_PSEUDO_MAP_FD, map_fd));
	emit(e, LD_IMM64_HI(0));
	emit(e, MOV_IMM(R2, sizeof(struct dwarf_record)));
	emit(e, MOV_IMM(R3, 0));
	emit(e, CALL(BPF_FUNC_ringbuf_reserve));
	emit_jump(e, BPF_JEQ, R0, 0, L_OUT);
	emit(e, MOV_REG(R7, R0));
	emit(e, STX(BPF_DW, R7, OFF(tid), R8));
	emit(e, MOV_REG(R1, R7));
	emit(e, ALU_IMM(BPF_ADD, R1, OFF(comm)));
	emit(e, MOV_IMM(R2, 16));
	emit(e, CALL(BPF_FUNC_get_current_comm));
	emit(e, MOV_REG(R1, R6));
	emit(e, MOV_REG(R2, R7));
	emit(e, ALU_IMM(BPF_ADD, R2, OFF(kstack)));
	emit(e, MOV_IMM(R3, DWARF_KSTACK_MAX * 8));
	emit(e, MOV_IMM(R4, 0));
	emit(e, CALL(BPF_FUNC_get_stack));
	emit(e, STX(BPF_DW, R7, OFF(kstack_bytes), R0));
	emit(e, CALL(BPF_FUNC_get_current_task_btf));
	emit(e, MOV_REG(R1, R0));
	emit(e, CALL(BPF_FUNC_task_pt_regs));
	emit(e, MOV_REG(R3, R0));
	emit(e, MOV_REG(R1, R7));
	emit(e, ALU_IMM(BPF_ADD, R1, OFF(regs)));
	emit(e, MOV_IMM(R2, DWARF_NREGS * 8));
	emit(e, CALL(BPF_FUNC_probe_read_kernel));
	emit_stack_copy(e);
	place(e, L_SUBMIT);
	emit(e, STX(BPF_DW, R7, OFF(stack_len), R8));
	emit(e, MOV_REG(R1, R7));
	emit(e, MOV_IMM(R2, 0));
	emit(e, CALL(BPF_FUNC_ringbuf_submit));
	place(e, L_OUT);
	emit(e, MOV_IMM(R0, 0));
	emit(e, EXIT());
	patch_jumps(e);
}

static int load_program(int map_fd, int pid)
{
	LIBBPF_OPTS(bpf_prog_load_opts, opts);
	struct emitter e = { 0 };
	static char log[65536];
	int fd;

	emit_program(&e, map_fd, pid);
	if (e.n > (int)ARRAY_SIZE(e.v) || e.njumps > (int)ARRAY_SIZE(e.jumps)) {
		fprintf(stderr, "ERROR: the DWARF sampler does not fit its buffer\n");
		return -1;
	}
	fd = bpf_prog_load(BPF_PROG_TYPE_PERF_EVENT, "sonde_dwarf", "GPL", e.v, e.n, &opts);
	if (fd >= 0)
		return fd;
	opts.log_buf = log;
	opts.log_size = sizeof(log);
	opts.log_level = 1;
	fd = bpf_prog_load(BPF_PROG_TYPE_PERF_EVENT, "sonde_dwarf", "GPL", e.v, e.n, &opts);
	if (fd >= 0)
		return fd;
	fprintf(stderr, "ERROR: loading the DWARF sampler failed: %s\n%s", strerror(-fd), log);
	return -1;
}

static int attach_cpus(struct dwarf_sampler *s, int hz)
{
	cpulist cpus = { 0 };
	int err = perf_online_cpus(&cpus);

	if (err) {
		fprintf(stderr, "ERROR: reading the online CPUs failed: %s\n", strerror(-err));
		return -1;
	}
	for (int i = 0; i < cpus.n && !err; i++)
		err = perf_attach_event("profile", perf_open_cpu_clock(cpus.v[i], 0, (uint64_t)hz),
					s->prog_fd, 0, &s->fds);
	vec_free(&cpus);
	return err ? -1 : 0;
}

int dwarf_sampler_open(struct dwarf_sampler *s, int hz, int pid)
{
	memset(s, 0, sizeof(*s));
	s->prog_fd = -1;
	s->map_fd = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "sonde_dwarf", 0, 0, RINGBUF_BYTES, NULL);
	if (s->map_fd < 0) {
		fprintf(stderr, "ERROR: creating the sample ring buffer failed: %s\n",
			strerror(-s->map_fd));
		return -1;
	}
	s->prog_fd = load_program(s->map_fd, pid);
	if (s->prog_fd < 0)
		return -1;
	return attach_cpus(s, hz);
}

void dwarf_sampler_close(struct dwarf_sampler *s)
{
	for (int i = s->fds.n - 1; i >= 0; i--)
		close(s->fds.v[i]);
	vec_free(&s->fds);
	if (s->prog_fd >= 0)
		close(s->prog_fd);
	if (s->map_fd >= 0)
		close(s->map_fd);
	s->prog_fd = s->map_fd = -1;
}
