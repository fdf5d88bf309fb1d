// SPDX-License-Identifier: GPL-2.0
/*
 * sonde strace's programs, written as instructions: they are small and
 * fixed, and the capture of each syscall's memory must be exact.
 *
 * sys_enter and sys_exit (raw tracepoints, one program each for every
 * syscall) filter the task, write the record header into a per-CPU
 * scratch buffer (arguments from the saved user registers) and tail-call
 * the capture program of that syscall number, if any.  A capture program
 * is straight-line code specialised for one capture plan (struct
 * strace_spec): the verifier sees no dispatch on run-time kinds, and
 * syscalls with the same plan share a program.  Whichever runs last sends
 * the header and blobs with one bpf_ringbuf_output; a failed output is
 * counted in a per-CPU array, never dropped silently.
 *
 * Arguments at exit are read from the same saved registers: the kernel
 * leaves them as the user passed them (execve and sigreturn replace them,
 * which is why their arguments are taken at entry).
 */
#include "strace/bpfprog.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arch/syscalls.h"
#include "btf/btfread.h"
#include "strace/emit.h"

#define HDR		((int)sizeof(struct strace_rec))
#define OFF(f)		((int16_t)offsetof(struct strace_rec, f))
#define ARG(i)		((int16_t)(OFF(a) + 8 * (i)))
#define LIMIT		(STRACE_SCRATCH - STRACE_PATH_MAX - 2 * (int)sizeof(struct strace_blob))
#define REGS_AT		(-176)	/* struct pt_regs copy on the stack (168 bytes) */
#define TMP_AT		(-184)	/* one user pointer */
/* capture programs only (a tail call starts with a fresh stack) */
#define IOV_AT		(-200)	/* one struct iovec */
#define DOFF_AT		(-208)	/* getdents64: offset of the next record */
#define MSG_AT		(-264)	/* struct msghdr (56 bytes) */
#define MSG_IOV		(MSG_AT + 16)
#define MSG_IOVLEN	(MSG_AT + 24)
#define MMSG_AT		(-272)	/* the struct mmsghdr being read */
#define KEY_AT		(-4)

/* x86-64 struct pt_regs: where the syscall arguments were saved. */
static const int16_t arg_reg_off[6] = { 112, 104, 96, 56, 72, 64 };
#define PT_REGS_AX	80
#define PT_REGS_ORIG_AX	120
#define PT_REGS_SIZE	168
#define PT_REGS_SP	152
/* rt_sigreturn: sp is past the handler's return address, at the frame's
 * struct ucontext, whose uc_sigmask follows flags, link, stack and mcontext */
#define UC_SIGMASK	(8 + 8 + 24 + 256)
#define PAGE		4096

struct task_offsets {
	int pid, tgid, exit_code, mm;
	int arg_start, arg_end;			/* in struct mm_struct */
	int bprm_filename, bprm_argc, bprm_envc;	/* in struct linux_binprm */
};

/* r0 = lookup(map, key in KEY_AT = reg or imm); if null goto out. */
static void em_lookup(struct emitter *e, int map_fd, int out)
{
	em_map(e, R1, map_fd);
	em(e, MOV_REG(R2, R10));
	em(e, ALU_IMM(BPF_ADD, R2, KEY_AT));
	em(e, CALL(BPF_FUNC_map_lookup_elem));
	em_jump(e, BPF_JEQ, R0, 0, out);
}

/* Leave unless the current task is traced; r8 = pid_tgid. */
static void em_cgroup(struct emitter *e, const struct strace_bpf_opts *o, int out)
{
	if (o->cgroup_id) {
		em(e, CALL(BPF_FUNC_get_current_cgroup_id));
		em(e, LD_IMM64_LO(R1, 0, o->cgroup_id));
		em(e, LD_IMM64_HI(o->cgroup_id));
		em_jump_reg(e, BPF_JNE, R0, R1, out);
	}
}

static void em_filter(struct emitter *e, const struct strace_bpf *b,
		      const struct strace_bpf_opts *o, int out)
{
	em_cgroup(e, o, out);
	em(e, CALL(BPF_FUNC_get_current_pid_tgid));
	em(e, MOV_REG(R8, R0));
	if (o->all) {
		em(e, ALU_IMM(BPF_RSH, R0, 32));
		em_jump(e, BPF_JEQ, R0, getpid(), out);
		return;
	}
	if (o->follow)
		em(e, ALU_IMM(BPF_RSH, R0, 32));
	em(e, STX(BPF_W, R10, KEY_AT, R0));
	em_lookup(e, b->traced_fd, out);
}

/* r7 = the scratch buffer. */
static void em_scratch(struct emitter *e, const struct strace_bpf *b, int out)
{
	em(e, ST_IMM(BPF_W, R10, KEY_AT, 0));
	em_lookup(e, b->scratch_fd, out);
	em(e, MOV_REG(R7, R0));
}

/*
 * Send r9 bytes at r7; count the record when the ring buffer is full.
 * A wakeup per record would cost the traced task more than the record
 * itself: the consumer polls on a short timer instead, and is woken
 * early only when the buffer is an eighth full.
 */
static void em_submit(struct emitter *e, const struct strace_bpf *b, int out)
{
	int quiet = em_label(e), send = em_label(e);

	em(e, STX(BPF_W, R7, OFF(size), R9));
	em_map(e, R1, b->ringbuf_fd);
	em(e, MOV_IMM(R2, BPF_RB_AVAIL_DATA));
	em(e, CALL(BPF_FUNC_ringbuf_query));
	em_jump(e, BPF_JLE, R0, b->ringbuf_bytes / 8, quiet);
	em(e, MOV_IMM(R4, BPF_RB_FORCE_WAKEUP));
	em_jump(e, 0, 0, 0, send);
	em_place(e, quiet);
	em(e, MOV_IMM(R4, BPF_RB_NO_WAKEUP));
	em_place(e, send);
	em_map(e, R1, b->ringbuf_fd);
	em(e, MOV_REG(R2, R7));
	em(e, MOV_REG(R3, R9));
	em(e, CALL(BPF_FUNC_ringbuf_output));
	em_jump(e, BPF_JEQ, R0, 0, out);
	em(e, ST_IMM(BPF_W, R10, KEY_AT, 0));
	em_lookup(e, b->lost_fd, out);
	em(e, LDX(BPF_DW, R1, R0, 0));
	em(e, ALU_IMM(BPF_ADD, R1, 1));
	em(e, STX(BPF_DW, R0, 0, R1));
}

static void em_out(struct emitter *e, int out)
{
	em_place(e, out);
	em(e, MOV_IMM(R0, 0));
	em(e, EXIT());
}

/*
 * -k: a REC_STACK with the user registers and the top of the user stack,
 * for the syscalls kstack_fd marks; unwound in user space (stack.c).  The
 * stack is read a page at a time: a read across the top of the stack
 * mapping fails whole.  r6 = ctx, r8 = pid_tgid (kept); r7, r9 clobbered.
 */
static void em_stack(struct emitter *e, const struct strace_bpf *b, bool signal)
{
	const int16_t regs = HDR, stack = HDR + STRACE_REGS_BYTES;
	int skip = em_label(e), done = em_label(e), lost = em_label(e);

	if (!signal) {
		em(e, LDX(BPF_DW, R1, R6, 8));
		em_jump(e, BPF_JGT, R1, ARCH_SYSCALLS_MAX - 1, skip);
		em(e, STX(BPF_W, R10, KEY_AT, R1));
		em_lookup(e, b->kstack_fd, skip);
		em(e, LDX(BPF_W, R1, R0, 0));
		em_jump(e, BPF_JEQ, R1, 0, skip);
	}
	em_map(e, R1, b->ringbuf_fd);
	em(e, MOV_IMM(R2, HDR + STRACE_REGS_BYTES + STRACE_STACK_BYTES));
	em(e, MOV_IMM(R3, 0));
	em(e, CALL(BPF_FUNC_ringbuf_reserve));
	em_jump(e, BPF_JEQ, R0, 0, lost);
	em(e, MOV_REG(R9, R0));
	em(e, ST_IMM(BPF_W, R9, OFF(type), REC_STACK));
	em(e, ST_IMM(BPF_W, R9, OFF(size), HDR + STRACE_REGS_BYTES + STRACE_STACK_BYTES));
	em(e, STX(BPF_W, R9, OFF(tid), R8));
	em(e, MOV_REG(R1, R8));
	em(e, ALU_IMM(BPF_RSH, R1, 32));
	em(e, STX(BPF_W, R9, OFF(pid), R1));
	em(e, ST_IMM(BPF_DW, R9, OFF(ts), 0));
	em(e, ST_IMM(BPF_DW, R9, OFF(ret), 0));
	if (signal) {	/* where the signal finds the task: its user registers */
		em(e, ST_IMM(BPF_DW, R9, OFF(nr), -1));
		em(e, CALL(BPF_FUNC_get_current_task_btf));
		em(e, MOV_REG(R1, R0));
		em(e, CALL(BPF_FUNC_task_pt_regs));
		em(e, MOV_REG(R3, R0));
	} else {
		em(e, LDX(BPF_DW, R1, R6, 8));
		em(e, STX(BPF_DW, R9, OFF(nr), R1));
		em(e, LDX(BPF_DW, R3, R6, 0));
	}
	em(e, MOV_REG(R1, R9));
	em(e, ALU_IMM(BPF_ADD, R1, regs));
	em(e, MOV_IMM(R2, PT_REGS_SIZE));
	em(e, CALL(BPF_FUNC_probe_read_kernel));
	em(e, MOV_IMM(R7, 0));
	em(e, LDX(BPF_DW, R3, R9, regs + PT_REGS_SP));
	em_jump(e, BPF_JEQ, R3, 0, done);
	/* the rest of sp's page: 1..PAGE bytes */
	em(e, MOV_REG(R2, R3));
	em(e, ALU_IMM(BPF_AND, R2, PAGE - 1));
	em(e, MOV_IMM(R7, PAGE));
	em(e, ALU_REG(BPF_SUB, R7, R2));
	em(e, MOV_REG(R1, R9));
	em(e, ALU_IMM(BPF_ADD, R1, stack));
	em(e, MOV_REG(R2, R7));
	em(e, CALL(BPF_FUNC_probe_read_user));
	int first = em_label(e);
	em_jump(e, BPF_JEQ, R0, 0, first);
	em(e, MOV_IMM(R7, 0));
	em_jump(e, 0, 0, 0, done);
	em_place(e, first);
	for (int page = 1; page < STRACE_STACK_BYTES / PAGE; page++) {
		em(e, LDX(BPF_DW, R3, R9, regs + PT_REGS_SP));
		em(e, ALU_REG(BPF_ADD, R3, R7));
		em(e, MOV_REG(R1, R9));
		em(e, ALU_IMM(BPF_ADD, R1, stack));
		em(e, ALU_REG(BPF_ADD, R1, R7));
		em(e, MOV_IMM(R2, PAGE));
		em(e, CALL(BPF_FUNC_probe_read_user));
		em_jump(e, BPF_JNE, R0, 0, done);
		em(e, ALU_IMM(BPF_ADD, R7, PAGE));
	}
	em_place(e, done);
	em(e, STX(BPF_DW, R9, ARG(0), R7));
	em(e, MOV_REG(R1, R9));
	em(e, MOV_IMM(R2, 0));
	em(e, CALL(BPF_FUNC_ringbuf_submit));
	em_jump(e, 0, 0, 0, skip);
	em_place(e, lost);
	em(e, ST_IMM(BPF_W, R10, KEY_AT, 0));
	em_lookup(e, b->lost_fd, skip);
	em(e, LDX(BPF_DW, R1, R0, 0));
	em(e, ALU_IMM(BPF_ADD, R1, 1));
	em(e, STX(BPF_DW, R0, 0, R1));
	em_place(e, skip);
}

/* The common part of sys_enter/sys_exit: header, then the capture program. */
static void em_syscall(struct emitter *e, const struct strace_bpf *b,
		       const struct strace_bpf_opts *o, bool exit, int progs_fd)
{
	int out = em_label(e), send = em_label(e);

	em(e, MOV_REG(R6, R1));
	em_filter(e, b, o, out);
	if (o->stacks && !exit)
		em_stack(e, b, false);
	em_scratch(e, b, out);
	em(e, ST_IMM(BPF_W, R7, OFF(type), exit ? REC_EXIT : REC_ENTER));
	em(e, STX(BPF_W, R7, OFF(tid), R8));
	em(e, ALU_IMM(BPF_RSH, R8, 32));
	em(e, STX(BPF_W, R7, OFF(pid), R8));
	em(e, CALL(BPF_FUNC_ktime_get_ns));
	em(e, STX(BPF_DW, R7, OFF(ts), R0));
	em(e, MOV_REG(R1, R10));
	em(e, ALU_IMM(BPF_ADD, R1, REGS_AT));
	em(e, MOV_IMM(R2, PT_REGS_SIZE));
	em(e, LDX(BPF_DW, R3, R6, 0));
	em(e, CALL(BPF_FUNC_probe_read_kernel));
	for (int i = 0; i < 6; i++) {
		em(e, LDX(BPF_DW, R1, R10, REGS_AT + arg_reg_off[i]));
		em(e, STX(BPF_DW, R7, ARG(i), R1));
	}
	if (exit) {
		em(e, LDX(BPF_DW, R1, R10, REGS_AT + PT_REGS_ORIG_AX));
		em(e, STX(BPF_DW, R7, OFF(nr), R1));
		em(e, LDX(BPF_DW, R1, R6, 8));
		em(e, STX(BPF_DW, R7, OFF(ret), R1));
	} else {
		em(e, LDX(BPF_DW, R1, R6, 8));
		em(e, STX(BPF_DW, R7, OFF(nr), R1));
		em(e, ST_IMM(BPF_DW, R7, OFF(ret), 0));
	}
	em(e, LDX(BPF_DW, R3, R7, OFF(nr)));
	em_jump(e, BPF_JGT, R3, ARCH_SYSCALLS_MAX - 1, send);
	em(e, MOV_REG(R1, R6));
	em_map(e, R2, progs_fd);
	em(e, CALL(BPF_FUNC_tail_call));
	em_place(e, send);
	em(e, MOV_IMM(R9, HDR));
	em_submit(e, b, out);
	em_out(e, out);
}

/*
 * -c alone needs no record per call: sys_enter keeps the time by thread,
 * sys_exit adds the call to its number's per-CPU {calls, errors, ns}.
 */
/*
 * Add one call to the -c table: r1 holds the syscall number, ns_reg the
 * time it took, r6 the tracepoint context (its ret says whether it
 * failed).  Numbers beyond the table and a failed lookup jump to out.
 */
static void em_add_stat(struct emitter *e, const struct strace_bpf *b, int ns_reg, int out)
{
	int ok = em_label(e);

	em_jump(e, BPF_JGT, R1, ARCH_SYSCALLS_MAX - 1, out);
	em(e, STX(BPF_W, R10, KEY_AT, R1));
	em_lookup(e, b->stats_fd, out);
	em(e, LDX(BPF_DW, R1, R0, offsetof(struct strace_stat, calls)));
	em(e, ALU_IMM(BPF_ADD, R1, 1));
	em(e, STX(BPF_DW, R0, offsetof(struct strace_stat, calls), R1));
	em(e, LDX(BPF_DW, R1, R0, offsetof(struct strace_stat, ns)));
	em(e, ALU_REG(BPF_ADD, R1, ns_reg));
	em(e, STX(BPF_DW, R0, offsetof(struct strace_stat, ns), R1));
	em(e, LDX(BPF_DW, R1, R6, 8));
	em_jump(e, BPF_JSGE, R1, 0, ok);
	em_jump(e, BPF_JSLT, R1, -4095, ok);
	em(e, LDX(BPF_DW, R1, R0, offsetof(struct strace_stat, errors)));
	em(e, ALU_IMM(BPF_ADD, R1, 1));
	em(e, STX(BPF_DW, R0, offsetof(struct strace_stat, errors), R1));
	em_place(e, ok);
}

static void em_count_syscall(struct emitter *e, const struct strace_bpf *b,
			     const struct strace_bpf_opts *o, bool exit)
{
	int out = em_label(e);

	em(e, MOV_REG(R6, R1));
	em_filter(e, b, o, out);
	em(e, STX(BPF_W, R10, KEY_AT, R8));
	if (!exit) {
		em(e, CALL(BPF_FUNC_ktime_get_ns));
		em(e, STX(BPF_DW, R10, -16, R0));
		em_map(e, R1, b->start_fd);
		em(e, MOV_REG(R2, R10));
		em(e, ALU_IMM(BPF_ADD, R2, KEY_AT));
		em(e, MOV_REG(R3, R10));
		em(e, ALU_IMM(BPF_ADD, R3, -16));
		em(e, MOV_IMM(R4, BPF_ANY));
		em(e, CALL(BPF_FUNC_map_update_elem));
		em_out(e, out);
		return;
	}
	if (!o->all) {	/* a held command's calls count from its exec */
		em(e, LDX(BPF_W, R1, R0, 0));
		em_jump(e, BPF_JEQ, R1, TRACED_HELD, out);
	}
	em_lookup(e, b->start_fd, out);
	em(e, LDX(BPF_DW, R7, R0, 0));
	em(e, CALL(BPF_FUNC_ktime_get_ns));
	em(e, ALU_REG(BPF_SUB, R0, R7));
	em(e, MOV_REG(R7, R0));			/* r7 = the call's ns */
	em(e, MOV_REG(R1, R10));
	em(e, ALU_IMM(BPF_ADD, R1, -16));
	em(e, MOV_IMM(R2, 8));
	em(e, LDX(BPF_DW, R3, R6, 0));
	em(e, ALU_IMM(BPF_ADD, R3, PT_REGS_ORIG_AX));
	em(e, CALL(BPF_FUNC_probe_read_kernel));
	em(e, LDX(BPF_DW, R1, R10, -16));
	em_add_stat(e, b, R7, out);
	em_out(e, out);
}

/*
 * -c with task-local storage (the kernel keeps a slot per thread, found
 * from the task without hashing; it goes when the thread does): sys_enter
 * keeps {start, nr} in the thread's slot, sys_exit adds the call to its
 * number's per-CPU {calls, errors, ns}.  A thread gets its slot on its
 * first traced call, after the one hash lookup that says it is traced;
 * an untraced thread costs a slot lookup, and on entry that hash lookup.
 */
struct task_slot {
	uint64_t start;
	uint32_t nr, state;
};

/* r0 = the current thread's slot (flags: 0 or F_CREATE); r7 = the task. */
static void em_slot(struct emitter *e, const struct strace_bpf *b, bool create)
{
	if (!create) {
		em(e, CALL(BPF_FUNC_get_current_task_btf));
		em(e, MOV_REG(R7, R0));
	}
	em_map(e, R1, b->slot_fd);
	em(e, MOV_REG(R2, R7));
	em(e, MOV_IMM(R3, 0));
	em(e, MOV_IMM(R4, create ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0));
	em(e, CALL(BPF_FUNC_task_storage_get));
}

/* r0 = the traced map's value for the current task, or goto out. */
static void em_traced_value(struct emitter *e, const struct strace_bpf *b,
			    const struct strace_bpf_opts *o, int out)
{
	em(e, CALL(BPF_FUNC_get_current_pid_tgid));
	if (o->follow)
		em(e, ALU_IMM(BPF_RSH, R0, 32));
	em(e, STX(BPF_W, R10, KEY_AT, R0));
	em_lookup(e, b->traced_fd, out);
	em(e, LDX(BPF_W, R0, R0, 0));
}

static void em_count_enter_slot(struct emitter *e, const struct strace_bpf *b,
				const struct strace_bpf_opts *o)
{
	int out = em_label(e), have = em_label(e);

	em(e, MOV_REG(R6, R1));
	em_cgroup(e, o, out);
	em_slot(e, b, false);
	em_jump(e, BPF_JNE, R0, 0, have);
	if (o->all) {
		em(e, CALL(BPF_FUNC_get_current_pid_tgid));
		em(e, ALU_IMM(BPF_RSH, R0, 32));
		em_jump(e, BPF_JEQ, R0, getpid(), out);
		em(e, MOV_IMM(R8, TRACED_YES));
	} else {
		em_traced_value(e, b, o, out);
		em(e, MOV_REG(R8, R0));
	}
	em_slot(e, b, true);
	em_jump(e, BPF_JEQ, R0, 0, out);
	em(e, STX(BPF_W, R0, offsetof(struct task_slot, state), R8));
	em_place(e, have);
	em(e, MOV_REG(R7, R0));
	em(e, LDX(BPF_DW, R1, R6, 8));
	em(e, STX(BPF_W, R7, offsetof(struct task_slot, nr), R1));
	em(e, CALL(BPF_FUNC_ktime_get_ns));
	em(e, STX(BPF_DW, R7, offsetof(struct task_slot, start), R0));
	em_out(e, out);
}

static void em_count_exit_slot(struct emitter *e, const struct strace_bpf *b,
			       const struct strace_bpf_opts *o)
{
	int out = em_label(e), counted = em_label(e);

	em(e, MOV_REG(R6, R1));
	em_cgroup(e, o, out);
	em_slot(e, b, false);
	em_jump(e, BPF_JEQ, R0, 0, out);
	em(e, MOV_REG(R7, R0));
	em(e, LDX(BPF_DW, R8, R7, offsetof(struct task_slot, start)));
	em_jump(e, BPF_JEQ, R8, 0, out);	/* entered before we attached */
	em(e, ST_IMM(BPF_DW, R7, offsetof(struct task_slot, start), 0));
	em(e, LDX(BPF_W, R1, R7, offsetof(struct task_slot, state)));
	em_jump(e, BPF_JNE, R1, TRACED_HELD, counted);
	/* a held command's calls count from its exec: ask the map again */
	em_traced_value(e, b, o, out);
	em_jump(e, BPF_JEQ, R0, TRACED_HELD, out);
	em(e, STX(BPF_W, R7, offsetof(struct task_slot, state), R0));
	em_place(e, counted);
	em(e, CALL(BPF_FUNC_ktime_get_ns));
	em(e, ALU_REG(BPF_SUB, R0, R8));
	em(e, MOV_REG(R8, R0));			/* r8 = the call's ns */
	em(e, LDX(BPF_W, R1, R7, offsetof(struct task_slot, nr)));
	em_add_stat(e, b, R8, out);
	em_out(e, out);
}

/* The slot map: task storage needs BTF for its key and value. */
static int new_slot_map(void)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts, .map_flags = BPF_F_NO_PREALLOC);
	struct btf *btf = btf__new_empty();
	int u32t, u64t, st, fd = -1;

	if (!btf)
		return -1;
	u32t = btf__add_int(btf, "unsigned int", 4, 0);
	u64t = btf__add_int(btf, "unsigned long long", 8, 0);
	st = btf__add_struct(btf, "strace_task_slot", sizeof(struct task_slot));
	btf__add_field(btf, "start", u64t, 0, 0);
	btf__add_field(btf, "nr", u32t, 64, 0);
	btf__add_field(btf, "state", u32t, 96, 0);
	if (btf__load_into_kernel(btf) == 0) {
		opts.btf_fd = btf__fd(btf);
		opts.btf_key_type_id = u32t;
		opts.btf_value_type_id = st;
		fd = bpf_map_create(BPF_MAP_TYPE_TASK_STORAGE, "strace_slot", 4,
				    sizeof(struct task_slot), 0, &opts);
	}
	btf__free(btf);
	return fd;
}

/*
 * Finish a blob at r7 + r9 whose helper returned r0: the header, then r9
 * moves past it and its bytes (r6 of them for a plain read, r0 for a
 * string read).  The failure branch joins with r0 = 0 so that the
 * verifier's state after it is within the success one (pruned, not
 * explored again for every later blob).
 */
static void em_blob_end(struct emitter *e, int arg, int kind, bool str)
{
	int neg = em_label(e), join = em_label(e);

	em(e, MOV_REG(R1, R7));
	em(e, ALU_REG(BPF_ADD, R1, R9));
	em(e, STX(BPF_W, R1, 0, str ? R0 : R6));
	em(e, ST_IMM(BPF_H, R1, 4, arg));
	em(e, ST_IMM(BPF_H, R1, 6, kind));
	if (!str) {
		em(e, STX(BPF_W, R1, 0, R0));	/* the error, when there is one */
		em_jump(e, BPF_JNE, R0, 0, neg);
		em(e, STX(BPF_W, R1, 0, R6));
		em(e, MOV_REG(R0, R6));
	} else {
		em_jump(e, BPF_JSLT, R0, 0, neg);
	}
	em_place(e, join);
	em(e, ALU_REG(BPF_ADD, R9, R0));
	em(e, ALU_IMM(BPF_ADD, R9, sizeof(struct strace_blob)));
	int done = em_label(e);
	em_jump(e, 0, 0, 0, done);
	em_place(e, neg);
	em(e, MOV_IMM(R0, 0));
	em_jump(e, 0, 0, 0, join);
	em_place(e, done);
}

/* r1 = where the blob's bytes go. */
static void em_blob_dst(struct emitter *e)
{
	em(e, MOV_REG(R1, R7));
	em(e, ALU_REG(BPF_ADD, R1, R9));
	em(e, ALU_IMM(BPF_ADD, R1, sizeof(struct strace_blob)));
}

static void em_read_str(struct emitter *e, int arg, int kind, int cap, int ptr_reg, int ptr_off)
{
	em_blob_dst(e);
	em(e, MOV_IMM(R2, cap));
	em(e, LDX(BPF_DW, R3, ptr_reg, ptr_off));
	em(e, CALL(BPF_FUNC_probe_read_user_str));
	em_blob_end(e, arg, kind, true);
}

/* r6 = min(max(src, 0), cap) where src is at reg + off (a header field: r7). */
static void em_clamp_at(struct emitter *e, int reg, int16_t off, int size, int cap)
{
	int ok = em_label(e), low = em_label(e);

	em(e, LDX(size, R6, reg, off));
	em_jump(e, BPF_JSGT, R6, 0, low);
	em(e, MOV_IMM(R6, 0));
	em_place(e, low);
	em_jump(e, BPF_JLE, R6, cap, ok);
	em(e, MOV_IMM(R6, cap));
	em_place(e, ok);
}

static void em_clamp(struct emitter *e, int16_t field, int cap)
{
	em_clamp_at(e, R7, field, BPF_DW, cap);
}

/* A blob of r6 bytes read from the user pointer at reg + off. */
static void em_read_from(struct emitter *e, int arg, int kind, int reg, int16_t off)
{
	em_blob_dst(e);
	em(e, MOV_REG(R2, R6));
	em(e, LDX(BPF_DW, R3, reg, off));
	em(e, CALL(BPF_FUNC_probe_read_user));
	em_blob_end(e, arg, kind, false);
}

static void em_read_mem(struct emitter *e, int arg, int kind)
{
	em_read_from(e, arg, kind, R7, ARG(arg));
}

/* r0 = probe_read_user(r10 + dst, size, *(u64 *)(reg + off) + add) */
static void em_user_to_stack(struct emitter *e, int16_t dst, int size, int reg, int16_t off, int add)
{
	em(e, MOV_REG(R1, R10));
	em(e, ALU_IMM(BPF_ADD, R1, dst));
	em(e, MOV_IMM(R2, size));
	em(e, LDX(BPF_DW, R3, reg, off));
	if (add)
		em(e, ALU_IMM(BPF_ADD, R3, add));
	em(e, CALL(BPF_FUNC_probe_read_user));
}

/*
 * The iovec array whose pointer and count are at reg + ptr_off and
 * reg + cnt_off: a blob of the array (at most STRACE_IOV_MAX entries),
 * then one blob per buffer, at most -s + 1 bytes of each.
 */
static void em_iovecs(struct emitter *e, int arg, int kind, int data_kind, int reg,
		      int16_t ptr_off, int16_t cnt_off, int strcap, int next)
{
	em_clamp_at(e, reg, cnt_off, BPF_DW, STRACE_IOV_MAX);
	em(e, ALU_IMM(BPF_LSH, R6, 4));
	em_read_from(e, arg, kind, reg, ptr_off);
	for (int j = 0; j < STRACE_IOV_MAX; j++) {
		em_jump(e, BPF_JGT, R9, LIMIT, next);
		em(e, LDX(BPF_DW, R1, reg, cnt_off));
		em_jump(e, BPF_JLE, R1, j, next);
		em_user_to_stack(e, IOV_AT, 16, reg, ptr_off, 16 * j);
		em_jump(e, BPF_JNE, R0, 0, next);
		em_clamp_at(e, R10, IOV_AT + 8, BPF_DW, strcap);
		em_read_from(e, arg, data_kind, R10, IOV_AT);
	}
}

/* struct msghdr at argument arg: itself, the name it points to, its iovecs. */
/*
 * The struct msghdr (hdr bytes of it: 64 for a struct mmsghdr) at the user
 * pointer at reg + off; its blobs carry tag as their argument.
 */
static void em_msghdr_at(struct emitter *e, int tag, bool exit, int reg, int16_t off, int hdr,
			 int strcap, int next)
{
	int no_name = em_label(e);

	em(e, MOV_IMM(R6, hdr));
	em_read_from(e, tag, exit ? BK_MSGHDR_OUT : BK_MSGHDR, reg, off);
	em_user_to_stack(e, MSG_AT, 56, reg, off, 0);
	em_jump(e, BPF_JNE, R0, 0, next);
	em_jump(e, BPF_JGT, R9, LIMIT, next);
	em(e, LDX(BPF_DW, R1, R10, MSG_AT));
	em_jump(e, BPF_JEQ, R1, 0, no_name);
	em_clamp_at(e, R10, MSG_AT + 8, BPF_W, 128);
	em_read_from(e, tag, exit ? BK_MSG_NAME_OUT : BK_MSG_NAME, R10, MSG_AT);
	em_place(e, no_name);
	em_jump(e, BPF_JGT, R9, LIMIT, next);
	em_iovecs(e, tag, exit ? BK_IOV_OUT : BK_IOV, exit ? BK_IOV_DATA_OUT : BK_IOV_DATA,
		  R10, MSG_IOV, MSG_IOVLEN, strcap, next);
}

static void em_msghdr(struct emitter *e, int arg, bool exit, int strcap, int next)
{
	em_msghdr_at(e, arg, exit, R7, ARG(arg), 56, strcap, next);
}

/*
 * sendmmsg/recvmmsg at exit: the messages the call handled (its return
 * value, at most STRACE_MMSG_MAX), message j's blobs tagged MMSG_TAG(arg, j).
 */
static void em_mmsghdrs(struct emitter *e, int arg, int strcap, int next)
{
	for (int j = 0; j < STRACE_MMSG_MAX; j++) {
		int skip = em_label(e);

		/*
		 * Each message's blobs end at an offset of their own: the
		 * verifier would walk the next message once per offset.  A
		 * round trip through the record makes it one unknown offset,
		 * bounded again (the mask keeps its value: it is below it).
		 */
		em(e, STX(BPF_W, R7, OFF(size), R9));
		em(e, LDX(BPF_W, R9, R7, OFF(size)));
		em(e, ALU_IMM(BPF_AND, R9, STRACE_SCRATCH - 1));
		em_jump(e, BPF_JGT, R9, LIMIT, next);
		em(e, LDX(BPF_DW, R1, R7, OFF(ret)));
		em_jump(e, BPF_JSLE, R1, j, next);
		em(e, LDX(BPF_DW, R1, R7, ARG(arg)));
		em(e, ALU_IMM(BPF_ADD, R1, 64 * j));
		em(e, STX(BPF_DW, R10, MMSG_AT, R1));
		em_msghdr_at(e, MMSG_TAG(arg, j), true, R10, MMSG_AT, 64, strcap, skip);
		em_place(e, skip);
	}
}

/* The number of linux_dirent64 records in the return value's bytes at argument arg. */
static void em_dirents(struct emitter *e, int arg)
{
	int loop = em_label(e), done = em_label(e);

	em(e, MOV_IMM(R6, 0));
	em(e, ST_IMM(BPF_DW, R10, DOFF_AT, 0));
	em(e, ST_IMM(BPF_DW, R10, TMP_AT, 0));
	em_place(e, loop);
	em_jump(e, BPF_JGE, R6, STRACE_DIRENTS_MAX, done);
	em(e, LDX(BPF_DW, R1, R10, DOFF_AT));
	em(e, LDX(BPF_DW, R2, R7, OFF(ret)));
	em_jump_reg(e, BPF_JSGE, R1, R2, done);
	em(e, MOV_REG(R3, R1));
	em(e, LDX(BPF_DW, R1, R7, ARG(arg)));
	em(e, ALU_REG(BPF_ADD, R3, R1));
	em(e, ALU_IMM(BPF_ADD, R3, 16));	/* d_reclen */
	em(e, MOV_REG(R1, R10));
	em(e, ALU_IMM(BPF_ADD, R1, TMP_AT));
	em(e, MOV_IMM(R2, 2));
	em(e, CALL(BPF_FUNC_probe_read_user));
	em_jump(e, BPF_JNE, R0, 0, done);
	em(e, LDX(BPF_H, R1, R10, TMP_AT));
	em_jump(e, BPF_JEQ, R1, 0, done);
	em(e, LDX(BPF_DW, R2, R10, DOFF_AT));
	em(e, ALU_REG(BPF_ADD, R2, R1));
	em(e, STX(BPF_DW, R10, DOFF_AT, R2));
	em(e, ALU_IMM(BPF_ADD, R6, 1));
	em_jump(e, 0, 0, 0, loop);
	em_place(e, done);
	em(e, MOV_REG(R1, R7));
	em(e, ALU_REG(BPF_ADD, R1, R9));
	em(e, ST_IMM(BPF_W, R1, 0, 4));
	em(e, ST_IMM(BPF_H, R1, 4, arg));
	em(e, ST_IMM(BPF_H, R1, 6, BK_DIRENTS));
	em(e, STX(BPF_W, R1, 8, R6));
	em(e, ALU_IMM(BPF_ADD, R9, sizeof(struct strace_blob) + 4));
}

/* r6 = the number of non-NULL pointers in the array at argument arg. */
static void em_count(struct emitter *e, int arg)
{
	int loop = em_label(e), done = em_label(e);

	em(e, MOV_IMM(R6, 0));
	em_place(e, loop);
	em_jump(e, BPF_JGE, R6, STRACE_ENV_MAX, done);
	em(e, MOV_REG(R3, R6));
	em(e, ALU_IMM(BPF_LSH, R3, 3));
	em(e, LDX(BPF_DW, R1, R7, ARG(arg)));
	em(e, ALU_REG(BPF_ADD, R3, R1));
	em(e, MOV_REG(R1, R10));
	em(e, ALU_IMM(BPF_ADD, R1, TMP_AT));
	em(e, MOV_IMM(R2, 8));
	em(e, CALL(BPF_FUNC_probe_read_user));
	em_jump(e, BPF_JNE, R0, 0, done);
	em(e, LDX(BPF_DW, R1, R10, TMP_AT));
	em_jump(e, BPF_JEQ, R1, 0, done);
	em(e, ALU_IMM(BPF_ADD, R6, 1));
	em_jump(e, 0, 0, 0, loop);
	em_place(e, done);
	em(e, MOV_REG(R1, R7));
	em(e, ALU_REG(BPF_ADD, R1, R9));
	em(e, STX(BPF_W, R1, 0, R6));
	em(e, ST_IMM(BPF_H, R1, 4, arg));
	em(e, ST_IMM(BPF_H, R1, 6, BK_COUNT));
	em(e, ALU_IMM(BPF_ADD, R9, sizeof(struct strace_blob)));
}

/* One blob per string of the NULL-terminated array at argument arg. */
static void em_argv(struct emitter *e, int arg, int cap, int next)
{
	for (int j = 0; j <= STRACE_ARGV_MAX; j++) {
		em_jump(e, BPF_JGT, R9, LIMIT, next);
		em(e, MOV_REG(R1, R10));
		em(e, ALU_IMM(BPF_ADD, R1, TMP_AT));
		em(e, MOV_IMM(R2, 8));
		em(e, LDX(BPF_DW, R3, R7, ARG(arg)));
		em(e, ALU_IMM(BPF_ADD, R3, 8 * j));
		em(e, CALL(BPF_FUNC_probe_read_user));
		if (j == 0) {
			/* an unreadable array: one failed blob says so */
			int ok = em_label(e);

			em_jump(e, BPF_JEQ, R0, 0, ok);
			em(e, MOV_IMM(R6, 0));
			em_blob_end(e, arg, BK_ARGV, false);
			em_jump(e, 0, 0, 0, next);
			em_place(e, ok);
		}
		em_jump(e, BPF_JNE, R0, 0, next);
		em(e, LDX(BPF_DW, R1, R10, TMP_AT));
		em_jump(e, BPF_JEQ, R1, 0, next);
		if (j == STRACE_ARGV_MAX) {	/* more than we keep: a count of 0 says so */
			em(e, MOV_IMM(R6, 0));
			em(e, MOV_REG(R1, R7));
			em(e, ALU_REG(BPF_ADD, R1, R9));
			em(e, ST_IMM(BPF_W, R1, 0, -1));
			em(e, ST_IMM(BPF_H, R1, 4, arg));
			em(e, ST_IMM(BPF_H, R1, 6, BK_COUNT));
			em(e, ALU_IMM(BPF_ADD, R9, sizeof(struct strace_blob)));
			break;
		}
		em_read_str(e, arg, BK_ARGV, cap, R10, TMP_AT);
	}
}

static void em_capture_arg(struct emitter *e, const struct strace_spec *s, int i, int strcap)
{
	int next = em_label(e);
	int kind = s->kind[i];

	em_jump(e, BPF_JGT, R9, LIMIT, next);
	switch (kind) {
	case BK_PATH:
		em_read_str(e, i, kind, STRACE_PATH_MAX, R7, ARG(i));
		break;
	case BK_STR:
		em_read_str(e, i, kind, strcap, R7, ARG(i));
		break;
	case BK_BUFIN:
		em_clamp(e, ARG(i + 1), strcap);
		em_read_mem(e, i, kind);
		break;
	case BK_INSZ:
		em_clamp(e, ARG(i + 1), s->size[i]);
		em_read_mem(e, i, kind);
		break;
	case BK_INFIX:
	case BK_OUTFIX:
	case BK_INOUT:
		em(e, MOV_IMM(R6, s->size[i]));
		em_read_mem(e, i, kind);
		break;
	case BK_OUTSTR:
		em_read_str(e, i, kind, STRACE_PATH_MAX, R7, ARG(i));
		break;
	case BK_OUTBUF:
		em_clamp(e, OFF(ret), strcap);
		em_read_mem(e, i, kind);
		break;
	case BK_COUNT:
		em_count(e, i);
		break;
	case BK_ARGV:
		em_argv(e, i, strcap, next);
		break;
	case BK_IOV:
	case BK_IOV_OUT:
		em_iovecs(e, i, kind, kind == BK_IOV ? BK_IOV_DATA : BK_IOV_DATA_OUT, R7, ARG(i),
			  ARG(i + 1), strcap, next);
		break;
	case BK_MSGHDR:
	case BK_MSGHDR_OUT:
		em_msghdr(e, i, kind == BK_MSGHDR_OUT, strcap, next);
		break;
	case BK_MMSG:
		em_mmsghdrs(e, i, strcap, next);
		break;
	case BK_DIRENTS:
		em_dirents(e, i);
		break;
	case BK_SIGMASK:	/* r8 is the context */
		em(e, ST_IMM(BPF_DW, R10, TMP_AT, 0));
		em(e, MOV_REG(R1, R10));
		em(e, ALU_IMM(BPF_ADD, R1, TMP_AT));
		em(e, MOV_IMM(R2, 8));
		em(e, LDX(BPF_DW, R3, R8, 0));
		em(e, ALU_IMM(BPF_ADD, R3, PT_REGS_SP));
		em(e, CALL(BPF_FUNC_probe_read_kernel));
		em(e, LDX(BPF_DW, R1, R10, TMP_AT));
		em(e, ALU_IMM(BPF_ADD, R1, UC_SIGMASK));
		em(e, STX(BPF_DW, R10, TMP_AT, R1));
		em(e, MOV_IMM(R6, 8));
		em_read_from(e, i, kind, R10, TMP_AT);
		break;
	}
	em_place(e, next);
}

/* The capture program of one plan, for the enter or the exit side. */
static void em_capture(struct emitter *e, const struct strace_bpf *b,
		       const struct strace_spec *s, bool exit, int strcap)
{
	int out = em_label(e);

	em(e, MOV_REG(R8, R1));
	em_scratch(e, b, out);
	em(e, MOV_IMM(R9, HDR));
	/*
	 * Counting loops first: code after the argv copy is verified once per
	 * place the copy can stop, and a loop there would be too.
	 */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < 6; i++)
			if (s->kind[i] != BK_NONE && (s->kind[i] >= BK_EXIT) == exit &&
			    (s->kind[i] == BK_COUNT) == (pass == 0) &&
			    !((s->kind[i] == BK_BUFIN || s->kind[i] == BK_INSZ ||
			       s->kind[i] == BK_IOV || s->kind[i] == BK_IOV_OUT) && i == 5))
				em_capture_arg(e, s, i, strcap);
	/*
	 * A path in a page the task has not touched yet cannot be read at
	 * entry (BPF reads do not fault); by exit the kernel has copied it.
	 */
	for (int i = 0; i < 6 && exit; i++) {
		int next = em_label(e);

		em_jump(e, BPF_JGT, R9, LIMIT, next);
		if (s->kind[i] == BK_PATH) {
			em_read_str(e, i, BK_PATH_AGAIN, STRACE_PATH_MAX, R7, ARG(i));
		} else if (s->kind[i] == BK_INOUT) {	/* what the kernel wrote back */
			em(e, MOV_IMM(R6, s->size[i]));
			em_read_mem(e, i, BK_INOUT_AGAIN);
		}
		em_place(e, next);
	}
	em_submit(e, b, out);
	em_out(e, out);
}

/* sched_process_fork(parent, child): a traced parent's child is traced. */
static void em_fork(struct emitter *e, const struct strace_bpf *b, const struct task_offsets *t)
{
	int out = em_label(e);

	em(e, MOV_REG(R6, R1));
	em(e, ST_IMM(BPF_W, R10, KEY_AT, 0));
	em(e, MOV_REG(R1, R10));
	em(e, ALU_IMM(BPF_ADD, R1, KEY_AT));
	em(e, MOV_IMM(R2, 4));
	em(e, LDX(BPF_DW, R3, R6, 0));
	em(e, ALU_IMM(BPF_ADD, R3, t->tgid));
	em(e, CALL(BPF_FUNC_probe_read_kernel));
	em_lookup(e, b->traced_fd, out);
	em(e, MOV_REG(R1, R10));
	em(e, ALU_IMM(BPF_ADD, R1, KEY_AT));
	em(e, MOV_IMM(R2, 4));
	em(e, LDX(BPF_DW, R3, R6, 8));
	em(e, ALU_IMM(BPF_ADD, R3, t->tgid));
	em(e, CALL(BPF_FUNC_probe_read_kernel));
	em(e, ST_IMM(BPF_W, R10, -8, TRACED_YES));
	em_map(e, R1, b->traced_fd);
	em(e, MOV_REG(R2, R10));
	em(e, ALU_IMM(BPF_ADD, R2, KEY_AT));
	em(e, MOV_REG(R3, R10));
	em(e, ALU_IMM(BPF_ADD, R3, -8));
	em(e, MOV_IMM(R4, BPF_ANY));
	em(e, CALL(BPF_FUNC_map_update_elem));
	em_out(e, out);
}

/*
 * sched_process_exit(task) and signal_deliver(sig, info, ka): a record
 * built on the stack at r7.
 */
static void em_task_event(struct emitter *e, const struct strace_bpf *b,
			  const struct strace_bpf_opts *o, const struct task_offsets *t,
			  bool signal)
{
	int out = em_label(e);
	int16_t at = -8 - 8 - HDR;

	em(e, MOV_REG(R6, R1));
	em_filter(e, b, o, out);
	if (signal && o->stacks)
		em_stack(e, b, true);
	em(e, MOV_REG(R7, R10));
	em(e, ALU_IMM(BPF_ADD, R7, at));
	em(e, ST_IMM(BPF_W, R7, OFF(type), signal ? REC_SIGNAL : REC_PROC_EXIT));
	em(e, STX(BPF_W, R7, OFF(tid), R8));
	em(e, ALU_IMM(BPF_RSH, R8, 32));
	em(e, STX(BPF_W, R7, OFF(pid), R8));
	em(e, ST_IMM(BPF_DW, R7, OFF(ret), 0));
	for (int i = 0; i < 6; i++)
		em(e, ST_IMM(BPF_DW, R7, ARG(i), 0));
	em(e, CALL(BPF_FUNC_ktime_get_ns));
	em(e, STX(BPF_DW, R7, OFF(ts), R0));
	em(e, MOV_REG(R1, R7));
	if (signal) {
		em(e, LDX(BPF_DW, R2, R6, 0));
		em(e, STX(BPF_DW, R7, OFF(nr), R2));
		em(e, ALU_IMM(BPF_ADD, R1, OFF(a)));
		em(e, MOV_IMM(R2, STRACE_SIGINFO));
		em(e, LDX(BPF_DW, R3, R6, 8));
	} else {
		em(e, ST_IMM(BPF_DW, R7, OFF(nr), 0));
		em(e, ALU_IMM(BPF_ADD, R1, OFF(ret)));
		em(e, MOV_IMM(R2, 4));
		em(e, LDX(BPF_DW, R3, R6, 0));
		em(e, ALU_IMM(BPF_ADD, R3, t->exit_code));
	}
	em(e, CALL(BPF_FUNC_probe_read_kernel));
	em(e, MOV_IMM(R9, HDR));
	em_submit(e, b, out);
	em_out(e, out);
}

/* Read 4 bytes at task (in r-reg task_reg) + off into the record at r7 + field. */
static void em_task_field(struct emitter *e, int16_t field, int off)
{
	em(e, MOV_REG(R1, R7));
	em(e, ALU_IMM(BPF_ADD, R1, field));
	em(e, MOV_IMM(R2, 4));
	em(e, LDX(BPF_DW, R3, R6, 16));
	em(e, ALU_IMM(BPF_ADD, R3, off));
	em(e, CALL(BPF_FUNC_probe_read_kernel));
}

/*
 * signal_generate(sig, info, task, group, result): a signal the kernel
 * drops at once because its action is to ignore it (SIGCHLD by default)
 * is never delivered, so signal_deliver cannot see it; strace shows it
 * (ptrace keeps such signals), so it is reported here, for the target.
 */
static void em_signal_ignored(struct emitter *e, const struct strace_bpf *b,
			      const struct strace_bpf_opts *o, const struct task_offsets *t)
{
	int out = em_label(e);
	int16_t at = -8 - 8 - HDR;

	em(e, MOV_REG(R6, R1));
	em(e, LDX(BPF_DW, R1, R6, 32));
	em_jump(e, BPF_JNE, R1, 1 /* TRACE_SIGNAL_IGNORED */, out);
	em(e, MOV_REG(R7, R10));
	em(e, ALU_IMM(BPF_ADD, R7, at));
	em_task_field(e, OFF(tid), t->pid);
	em_task_field(e, OFF(pid), t->tgid);
	if (!o->all) {
		em(e, LDX(BPF_W, R1, R7, o->follow ? OFF(pid) : OFF(tid)));
		em(e, STX(BPF_W, R10, KEY_AT, R1));
		em_lookup(e, b->traced_fd, out);
	}
	em(e, ST_IMM(BPF_W, R7, OFF(type), REC_SIGNAL));
	em(e, ST_IMM(BPF_DW, R7, OFF(ret), 0));
	em(e, LDX(BPF_DW, R1, R6, 0));
	em(e, STX(BPF_DW, R7, OFF(nr), R1));
	em(e, CALL(BPF_FUNC_ktime_get_ns));
	em(e, STX(BPF_DW, R7, OFF(ts), R0));
	em(e, MOV_REG(R1, R7));
	em(e, ALU_IMM(BPF_ADD, R1, OFF(a)));
	em(e, MOV_IMM(R2, STRACE_SIGINFO));
	em(e, LDX(BPF_DW, R3, R6, 8));
	em(e, CALL(BPF_FUNC_probe_read_kernel));
	em(e, MOV_IMM(R9, HDR));
	em_submit(e, b, out);
	em_out(e, out);
}

/* r0 = *(u64 *)(r3 + off), read from the kernel through the TMP_AT slot. */
static void em_kread8(struct emitter *e, int off)
{
	em(e, ALU_IMM(BPF_ADD, R3, off));
	em(e, MOV_REG(R1, R10));
	em(e, ALU_IMM(BPF_ADD, R1, TMP_AT));
	em(e, MOV_IMM(R2, 8));
	em(e, CALL(BPF_FUNC_probe_read_kernel));
	em(e, LDX(BPF_DW, R0, R10, TMP_AT));
}

/*
 * sched_process_exec(task, old_pid, bprm): the file the kernel opened and
 * the argument strings it copied to the new stack.  execve's own
 * arguments often live in pages a forked child has not touched yet,
 * which a BPF program cannot read at entry; these can be read.
 */
static void em_exec(struct emitter *e, const struct strace_bpf *b,
		    const struct strace_bpf_opts *o, const struct task_offsets *t)
{
	int out = em_label(e), done = em_label(e);

	em(e, MOV_REG(R6, R1));
	em_filter(e, b, o, out);
	if (!o->all)
		em(e, ST_IMM(BPF_W, R0, 0, TRACED_YES));	/* the held command has exec'd */
	em_scratch(e, b, out);
	em(e, ST_IMM(BPF_W, R7, OFF(type), REC_EXEC));
	em(e, STX(BPF_W, R7, OFF(tid), R8));
	em(e, ALU_IMM(BPF_RSH, R8, 32));
	em(e, STX(BPF_W, R7, OFF(pid), R8));
	em(e, CALL(BPF_FUNC_ktime_get_ns));
	em(e, STX(BPF_DW, R7, OFF(ts), R0));
	for (int i = 0; i < 6; i++)
		em(e, ST_IMM(BPF_DW, R7, ARG(i), 0));
	em(e, ST_IMM(BPF_DW, R7, OFF(nr), 0));
	em(e, ST_IMM(BPF_DW, R7, OFF(ret), 0));
	em(e, MOV_REG(R1, R7));
	em(e, ALU_IMM(BPF_ADD, R1, ARG(0)));
	em(e, MOV_IMM(R2, 4));
	em(e, LDX(BPF_DW, R3, R6, 16));
	em(e, ALU_IMM(BPF_ADD, R3, t->bprm_argc));
	em(e, CALL(BPF_FUNC_probe_read_kernel));
	em(e, MOV_REG(R1, R7));
	em(e, ALU_IMM(BPF_ADD, R1, ARG(1)));
	em(e, MOV_IMM(R2, 4));
	em(e, LDX(BPF_DW, R3, R6, 16));
	em(e, ALU_IMM(BPF_ADD, R3, t->bprm_envc));
	em(e, CALL(BPF_FUNC_probe_read_kernel));
	em(e, MOV_IMM(R9, HDR));
	/* the file name, a kernel string */
	em(e, LDX(BPF_DW, R3, R6, 16));
	em_kread8(e, t->bprm_filename);
	em(e, STX(BPF_DW, R7, ARG(2), R0));
	em_blob_dst(e);
	em(e, MOV_IMM(R2, STRACE_PATH_MAX));
	em(e, LDX(BPF_DW, R3, R7, ARG(2)));
	em(e, CALL(BPF_FUNC_probe_read_kernel_str));
	em_blob_end(e, 0, BK_EXEC_FILE, true);
	/* current->mm->arg_start .. arg_end */
	em(e, LDX(BPF_DW, R3, R6, 0));
	em_kread8(e, t->mm);
	em(e, MOV_REG(R3, R0));
	em(e, STX(BPF_DW, R7, ARG(3), R0));
	em_kread8(e, t->arg_start);
	em(e, STX(BPF_DW, R7, ARG(4), R0));
	em(e, LDX(BPF_DW, R3, R7, ARG(3)));
	em_kread8(e, t->arg_end);
	em(e, LDX(BPF_DW, R1, R7, ARG(4)));
	em(e, ALU_REG(BPF_SUB, R0, R1));
	em(e, STX(BPF_DW, R7, ARG(5), R0));
	em_jump(e, BPF_JGT, R9, LIMIT, done);
	em_clamp(e, ARG(5), STRACE_EXEC_ARGS);
	em(e, LDX(BPF_DW, R1, R7, ARG(4)));
	em(e, STX(BPF_DW, R7, ARG(3), R1));
	em_blob_dst(e);
	em(e, MOV_REG(R2, R6));
	em(e, LDX(BPF_DW, R3, R7, ARG(3)));
	em(e, CALL(BPF_FUNC_probe_read_user));
	em_blob_end(e, 1, BK_EXEC_ARGS, false);
	em_place(e, done);
	em_submit(e, b, out);
	em_out(e, out);
}

static int load(struct emitter *e, const char *name)
{
	LIBBPF_OPTS(bpf_prog_load_opts, opts);
	static char log[1 << 20];
	int fd;

	if (em_finish(e) < 0) {
		fprintf(stderr, "ERROR: strace: program %s has an unplaced label\n", name);
		return -1;
	}
	fd = bpf_prog_load(BPF_PROG_TYPE_RAW_TRACEPOINT, name, "GPL", e->insns.v, e->insns.n, &opts);
	if (fd < 0) {
		opts.log_buf = log;
		opts.log_size = sizeof(log);
		opts.log_level = 1;
		fd = bpf_prog_load(BPF_PROG_TYPE_RAW_TRACEPOINT, name, "GPL", e->insns.v,
				   e->insns.n, &opts);
	}
	if (fd < 0) {
		size_t n = strlen(log);

		fprintf(stderr, "ERROR: strace: loading %s failed: %s\n%s", name, strerror(-fd),
			n > 2000 ? log + n - 2000 : log);
	}
	em_free(e);
	return fd;
}

/* The byte offset of member name, looking into anonymous structs and unions. */
static int member_offset(const struct btfr *k, int sid, const char *name)
{
	const struct btf_type *t = btfr_type(k, btfr_skip_mods(k, (uint32_t)sid));
	const struct btf_member *m;

	if (!t || (!btf_is_struct(t) && !btf_is_union(t)))
		return -1;
	m = btf_members(t);
	for (int i = 0; i < btf_vlen(t); i++) {
		const char *n = btfr_name(k, m[i].name_off);
		int inner;

		if (strcmp(n, name) == 0)
			return (int)(btf_member_bit_offset(t, i) / 8);
		if (*n)
			continue;
		inner = member_offset(k, (int)m[i].type, name);
		if (inner >= 0)
			return (int)(btf_member_bit_offset(t, i) / 8) + inner;
	}
	return -1;
}

static int struct_member(const struct btfr *k, const char *sname, const char *name)
{
	int sid = btfr_find(k, sname, BTF_KIND_STRUCT);

	return sid < 0 ? -1 : member_offset(k, sid, name);
}

static int task_offsets(struct task_offsets *t)
{
	const struct btfr *k = btfr_kernel(NULL);
	int sid = k ? btfr_find(k, "task_struct", BTF_KIND_STRUCT) : -1;

	if (sid < 0) {
		fprintf(stderr, "ERROR: strace: the kernel's BTF has no struct task_struct\n");
		return -1;
	}
	t->pid = member_offset(k, sid, "pid");
	t->tgid = member_offset(k, sid, "tgid");
	t->exit_code = member_offset(k, sid, "exit_code");
	t->mm = member_offset(k, sid, "mm");
	t->arg_start = struct_member(k, "mm_struct", "arg_start");
	t->arg_end = struct_member(k, "mm_struct", "arg_end");
	t->bprm_filename = struct_member(k, "linux_binprm", "filename");
	t->bprm_argc = struct_member(k, "linux_binprm", "argc");
	t->bprm_envc = struct_member(k, "linux_binprm", "envc");
	if (t->pid < 0 || t->tgid < 0 || t->exit_code < 0 || t->mm < 0 || t->arg_start < 0 ||
	    t->arg_end < 0 || t->bprm_filename < 0 || t->bprm_argc < 0 || t->bprm_envc < 0) {
		fprintf(stderr, "ERROR: strace: the kernel's BTF lacks a member sonde strace reads "
			"(task_struct, mm_struct or linux_binprm)\n");
		return -1;
	}
	return 0;
}

static int new_map(enum bpf_map_type type, const char *name, int key, int val, int n)
{
	int fd = bpf_map_create(type, name, key, val, n, NULL);

	if (fd < 0)
		fprintf(stderr, "ERROR: strace: creating map %s failed: %s\n", name, strerror(-fd));
	return fd;
}

static struct strace_bpf_opts saved_opts;
static int prog_arrays[2] = { -1, -1 };

static int push_prog(struct strace_bpf *b, int fd)
{
	if (fd >= 0)
		vec_push(&b->progs, fd);
	return fd;
}

int strace_bpf_open(struct strace_bpf *b, const struct strace_bpf_opts *o)
{
	struct task_offsets t;
	struct emitter e = { 0 };

	memset(b, 0, sizeof(*b));
	b->ringbuf_fd = b->traced_fd = b->spec_fd = b->scratch_fd = b->lost_fd = -1;
	b->start_fd = b->stats_fd = b->slot_fd = b->kstack_fd = -1;
	saved_opts = *o;
	if (task_offsets(&t) < 0)
		return -1;
	b->ringbuf_bytes = o->ringbuf_mb << 20;
	b->ringbuf_fd = new_map(BPF_MAP_TYPE_RINGBUF, "strace_events", 0, 0, b->ringbuf_bytes);
	b->traced_fd = new_map(BPF_MAP_TYPE_HASH, "strace_traced", 4, 4, 65536);
	b->scratch_fd = new_map(BPF_MAP_TYPE_PERCPU_ARRAY, "strace_scratch", 4, STRACE_SCRATCH, 1);
	b->lost_fd = new_map(BPF_MAP_TYPE_PERCPU_ARRAY, "strace_lost", 4, 8, 1);
	prog_arrays[0] = new_map(BPF_MAP_TYPE_PROG_ARRAY, "strace_enter", 4, 4, ARCH_SYSCALLS_MAX);
	prog_arrays[1] = new_map(BPF_MAP_TYPE_PROG_ARRAY, "strace_exit", 4, 4, ARCH_SYSCALLS_MAX);
	b->spec_fd = prog_arrays[0];
	if (b->ringbuf_fd < 0 || b->traced_fd < 0 || b->scratch_fd < 0 || b->lost_fd < 0 ||
	    prog_arrays[0] < 0 || prog_arrays[1] < 0)
		return -1;
	if (o->summary_only) {
		b->start_fd = new_map(BPF_MAP_TYPE_HASH, "strace_start", 4, 8, 65536);
		b->stats_fd = new_map(BPF_MAP_TYPE_PERCPU_ARRAY, "strace_stats", 4,
				      sizeof(struct strace_stat), ARCH_SYSCALLS_MAX);
		if (b->start_fd < 0 || b->stats_fd < 0)
			return -1;
		if (!getenv("SONDE_STRACE_NO_TASK_STORAGE"))
			b->slot_fd = new_slot_map();
	}
	if (o->stacks) {
		b->kstack_fd = new_map(BPF_MAP_TYPE_ARRAY, "strace_kstack", 4, 4, ARCH_SYSCALLS_MAX);
		if (b->kstack_fd < 0)
			return -1;
	}
	for (int exit = 0; exit < 2; exit++) {
		if (o->summary_only && b->slot_fd >= 0 && exit)
			em_count_exit_slot(&e, b, o);
		else if (o->summary_only && b->slot_fd >= 0)
			em_count_enter_slot(&e, b, o);
		else if (o->summary_only)
			em_count_syscall(&e, b, o, exit);
		else
			em_syscall(&e, b, o, exit, prog_arrays[exit]);
		if (push_prog(b, load(&e, exit ? "strace_sys_exit" : "strace_sys_enter")) < 0)
			return -1;
	}
	em_task_event(&e, b, o, &t, false);
	if (push_prog(b, load(&e, "strace_proc_exit")) < 0)
		return -1;
	em_task_event(&e, b, o, &t, true);
	if (push_prog(b, load(&e, "strace_signal")) < 0)
		return -1;
	em_signal_ignored(&e, b, o, &t);
	if (push_prog(b, load(&e, "strace_sig_ignored")) < 0)
		return -1;
	em_exec(&e, b, o, &t);
	if (push_prog(b, load(&e, "strace_exec")) < 0)
		return -1;
	if (o->follow && !o->all) {
		em_fork(&e, b, &t);
		if (push_prog(b, load(&e, "strace_fork")) < 0)
			return -1;
	}
	b->nattach = b->progs.n;
	return 0;
}

int strace_bpf_add(struct strace_bpf *b, int id, bool held)
{
	uint32_t key = (uint32_t)id, value = held ? TRACED_HELD : TRACED_YES;

	return bpf_map_update_elem(b->traced_fd, &key, &value, BPF_ANY);
}

int strace_bpf_want_stack(struct strace_bpf *b, int nr)
{
	uint32_t key = (uint32_t)nr, yes = 1;

	return b->kstack_fd < 0 ? 0 : bpf_map_update_elem(b->kstack_fd, &key, &yes, BPF_ANY);
}

/* Plans already loaded, so that equal ones share their programs. */
struct loaded_plan {
	struct strace_spec spec;
	int fd[2];
};

static VEC(struct loaded_plan) plans;

int strace_bpf_set_spec(struct strace_bpf *b, int nr, const struct strace_spec *s)
{
	struct loaded_plan *p = NULL;
	uint32_t key = (uint32_t)nr;

	for (int i = 0; i < plans.n && !p; i++)
		if (memcmp(&plans.v[i].spec, s, sizeof(*s)) == 0)
			p = &plans.v[i];
	if (!p) {
		struct loaded_plan np = { *s, { -1, -1 } };

		for (int exit = 0; exit < 2; exit++) {
			bool any = false;
			struct emitter e = { 0 };

			for (int i = 0; i < 6; i++)
				any |= s->kind[i] != BK_NONE &&
				       ((s->kind[i] >= BK_EXIT) == exit || s->kind[i] == BK_PATH ||
					s->kind[i] == BK_INOUT);
			if (!any)
				continue;
			em_capture(&e, b, s, exit, saved_opts.strcap);
			np.fd[exit] = push_prog(b, load(&e, exit ? "strace_cap_exit" : "strace_cap_enter"));
			if (np.fd[exit] < 0)
				return -1;
		}
		vec_push(&plans, np);
		p = &plans.v[plans.n - 1];
	}
	for (int exit = 0; exit < 2; exit++)
		if (p->fd[exit] >= 0 && bpf_map_update_elem(prog_arrays[exit], &key, &p->fd[exit], BPF_ANY))
			return -1;
	return 0;
}

int strace_bpf_attach(struct strace_bpf *b)
{
	static const char *const tps[] = {
		"sys_enter", "sys_exit", "sched_process_exit", "signal_deliver", "signal_generate",
		"sched_process_exec", "sched_process_fork"
	};

	for (int i = 0; i < b->nattach; i++) {
		int fd = bpf_raw_tracepoint_open(tps[i], b->progs.v[i]);

		if (fd < 0) {
			fprintf(stderr, "ERROR: strace: attaching to %s failed: %s\n", tps[i],
				strerror(-fd));
			return -1;
		}
		vec_push(&b->links, fd);
	}
	return 0;
}

unsigned long long strace_bpf_lost(struct strace_bpf *b)
{
	int ncpu = libbpf_num_possible_cpus();
	unsigned long long total = 0, *v;
	uint32_t key = 0;

	if (ncpu <= 0 || b->lost_fd < 0)
		return 0;
	v = xcalloc((size_t)ncpu, sizeof(*v));
	if (bpf_map_lookup_elem(b->lost_fd, &key, v) == 0)
		for (int i = 0; i < ncpu; i++)
			total += v[i];
	free(v);
	return total;
}

int strace_bpf_stats(struct strace_bpf *b, int nr, struct strace_stat *sum)
{
	int ncpu = libbpf_num_possible_cpus();
	struct strace_stat *v;
	uint32_t key = (uint32_t)nr;
	int err;

	memset(sum, 0, sizeof(*sum));
	if (b->stats_fd < 0 || ncpu <= 0)
		return -1;
	v = xcalloc((size_t)ncpu, sizeof(*v));
	err = bpf_map_lookup_elem(b->stats_fd, &key, v);
	for (int i = 0; !err && i < ncpu; i++) {
		sum->calls += v[i].calls;
		sum->errors += v[i].errors;
		sum->ns += v[i].ns;
	}
	free(v);
	return err;
}

void strace_bpf_close(struct strace_bpf *b)
{
	for (int i = b->links.n - 1; i >= 0; i--)
		close(b->links.v[i]);
	for (int i = 0; i < b->progs.n; i++)
		close(b->progs.v[i]);
	vec_free(&b->links);
	vec_free(&b->progs);
	vec_free(&plans);
	int fds[] = { b->ringbuf_fd, b->traced_fd, b->scratch_fd, b->lost_fd,
		      prog_arrays[0], prog_arrays[1], b->start_fd, b->stats_fd, b->slot_fd, b->kstack_fd };
	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		if (fds[i] >= 0)
			close(fds[i]);
	prog_arrays[0] = prog_arrays[1] = -1;
}
