/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sonde strace's kernel side: raw tracepoints on sys_enter and sys_exit
 * (one program each for every syscall), sched_process_fork (following
 * children), sched_process_exit and signal_deliver, all writing
 * struct strace_rec records into one ring buffer.
 */
#ifndef SONDE_STRACE_BPFPROG_H
#define SONDE_STRACE_BPFPROG_H

#include <stdbool.h>
#include <stdint.h>

#include "strace/record.h"
#include "util.h"

struct strace_bpf_opts {
	bool all;		/* every process but sonde */
	unsigned long long cgroup_id;	/* with all: only this cgroup's tasks */
	bool follow;		/* -f: key the filter by process, add children */
	int strcap;		/* bytes of strings and buffers to capture */
	int ringbuf_mb;
	bool summary_only;	/* -c: count in the kernel, no record per call */
	bool stacks;		/* -k: a REC_STACK before each selected call */
};

struct strace_stat {
	uint64_t calls, errors, ns;
};

struct strace_bpf {
	int ringbuf_fd, traced_fd, spec_fd, scratch_fd, lost_fd;
	int ringbuf_bytes;
	int start_fd, stats_fd;	/* summary_only */
	int kstack_fd;		/* stacks: which syscall numbers get one */
	int slot_fd;		/* summary_only: task storage, or -1 (a hash by thread) */
	VEC(int) progs;		/* the first nattach attach to tps, the rest are tail-called */
	int nattach;
	VEC(int) links;
};

/*
 * Create the maps and load the programs that attach; sonde's BTF gives
 * task_struct's offsets.  0, or -1 after saying why.
 */
/* Create the maps and load the programs; 0, or -1 after saying why. */
int strace_bpf_open(struct strace_bpf *b, const struct strace_bpf_opts *o);
/* Values of the traced map: a held command is not counted (-c) until it execs. */
enum { TRACED_YES = 1, TRACED_HELD = 2 };

/* Trace id (a thread id, or a process id with follow). */
int strace_bpf_add(struct strace_bpf *b, int id, bool held);
/* stacks: syscall nr's calls get their user stack. */
int strace_bpf_want_stack(struct strace_bpf *b, int nr);
/* The capture plan of syscall nr. */
int strace_bpf_set_spec(struct strace_bpf *b, int nr, const struct strace_spec *s);
int strace_bpf_attach(struct strace_bpf *b);
/* Records the kernel could not write (ring buffer full). */
unsigned long long strace_bpf_lost(struct strace_bpf *b);
/* summary_only: syscall nr's counts summed over the CPUs; 0 or -1. */
int strace_bpf_stats(struct strace_bpf *b, int nr, struct strace_stat *sum);
void strace_bpf_close(struct strace_bpf *b);

#endif
