// SPDX-License-Identifier: GPL-2.0
/*
 * The recorder's tracepoint programs, written as instructions from a table
 * of sources: which tracepoint, which of its fields (offsets and sizes read
 * from its tracefs format, so they follow the running kernel), and what the
 * -p/-c filter does there.  Each program:
 *
 *	pid_tgid -> record; [filter: current tid, or the field's tid, traced?]
 *	ts = bpf_ktime_get_boot_ns(); comm; kind; fields; [exec: file name]
 *	[fork: trace the child; exit: forget the thread]
 *	bpf_ringbuf_output(rings[smp_processor_id], record, BPF_RB_NO_WAKEUP),
 *	else count a loss
 *
 * Per-CPU BPF ring buffers rather than a perf event array: the copy into a
 * ring buffer costs about half of bpf_perf_event_output's on this kind of
 * machine, and each CPU keeps its own stream in time order.  The programs
 * never wake the reader (a wakeup costs the traced thread an irq_work):
 * the reader drains every few milliseconds by itself.
 */
#include "record/kprog.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bpf/insn.h"
#include "probes/perf.h"
#include "probes/tracefs.h"
#include "record/recfile.h"

enum effect { FX_NONE, FX_TRACE_CHILD, FX_FORGET };

struct rec_source {
	const char *category, *event;	/* category NULL: the cpu-clock sampler */
	unsigned set;
	enum rec_kind kind;
	const char *fields[KREC_FIELDS];	/* in record order */
	const char *str_field;			/* a __data_loc string */
	int filter_field;	/* also record when this field's tid is traced; -1: current only */
	enum effect effect;
};

static const struct rec_source sources[] = {
	{ "sched", "sched_switch", RS_SCHED, RK_SWITCH,
	  { "prev_state", "prev_prio", "next_pid", "next_prio" }, NULL, 2, FX_NONE },
	{ "sched", "sched_wakeup", RS_SCHED, RK_WAKEUP,
	  { "pid", "prio", "target_cpu" }, NULL, 0, FX_NONE },
	{ "sched", "sched_wakeup_new", RS_SCHED, RK_WAKEUP_NEW,
	  { "pid", "prio", "target_cpu" }, NULL, 0, FX_NONE },
	{ "sched", "sched_migrate_task", RS_SCHED, RK_MIGRATE,
	  { "pid", "prio", "orig_cpu", "dest_cpu" }, NULL, 0, FX_NONE },
	{ "sched", "sched_process_fork", RS_SCHED | RS_SYSCALLS, RK_FORK,
	  { "child_pid" }, NULL, -1, FX_TRACE_CHILD },
	{ "sched", "sched_process_exit", RS_SCHED, RK_EXIT,
	  { "prio", "group_dead" }, NULL, -1, FX_FORGET },
	{ "sched", "sched_process_exec", RS_SCHED, RK_EXEC,
	  { "old_pid" }, "filename", -1, FX_NONE },
	{ "raw_syscalls", "sys_enter", RS_SYSCALLS, RK_SYS_ENTER,
	  { "id" }, NULL, -1, FX_NONE },
	{ "raw_syscalls", "sys_exit", RS_SYSCALLS, RK_SYS_EXIT,
	  { "id", "ret" }, NULL, -1, FX_NONE },
	{ NULL, "cpu-clock", RS_PROFILE, RK_SAMPLE, { NULL }, NULL, -1, FX_NONE },
};

/* The stack frame: the record, and a 4-byte map key above it. */
#define REC_OFF		(-(int)ALIGN_UP(sizeof(struct krec), 8) - 8)
#define KEY_OFF		(-4)
#define OFF(field)	((int16_t)(REC_OFF + (int)offsetof(struct krec, field)))

/* Labels, patched once the program is laid out. */
enum { L_PASS, L_LOST, L_OUT, L_COUNT };

struct emitter {
	struct bpf_insn v[160];
	int n;
	int label_at[L_COUNT];
	struct { int at, label; } jumps[16];
	int njumps;
	bool overflow;
};

static void emit(struct emitter *e, struct bpf_insn i)
{
	if (e->n < (int)ARRAY_SIZE(e->v))
		e->v[e->n++] = i;
	else
		e->overflow = true;
}

static void emit_jump(struct emitter *e, int op, int reg, int32_t imm, int label)
{
	if (e->njumps == (int)ARRAY_SIZE(e->jumps)) {
		e->overflow = true;
		return;
	}
	e->jumps[e->njumps].at = e->n;
	e->jumps[e->njumps++].label = label;
	emit(e, op ? JMP_IMM(op, reg, imm, 0) : JA(0));
}

static void patch_jumps(struct emitter *e)
{
	for (int i = 0; i < e->njumps; i++)
		e->v[e->jumps[i].at].off = e->label_at[e->jumps[i].label] - e->jumps[i].at - 1;
}

static void emit_map(struct emitter *e, int reg, int fd)
{
	emit(e, LD_IMM64_LO(reg, BPF_PSEUDO_MAP_FD, fd));
	emit(e, LD_IMM64_HI(0));
}

/* r0 = the field's value, sign-extended when the field is signed. */
static void emit_field_load(struct emitter *e, const struct tracefs_field *f)
{
	static const int sizes[9] = { [1] = BPF_B, [2] = BPF_H, [4] = BPF_W, [8] = BPF_DW };

	emit(e, LDX(sizes[f->size], R0, R6, (int16_t)f->offset));
	if (f->is_signed && f->size < 8) {
		emit(e, ALU_IMM(BPF_LSH, R0, 64 - 8 * f->size));
		emit(e, ALU_IMM(BPF_ARSH, R0, 64 - 8 * f->size));
	}
}

/* Jump to L_PASS when the tid at KEY_OFF is in the filter map. */
static void emit_filter_lookup(struct emitter *e, int filter_fd)
{
	emit_map(e, R1, filter_fd);
	emit(e, MOV_REG(R2, R10));
	emit(e, ALU_IMM(BPF_ADD, R2, KEY_OFF));
	emit(e, CALL(BPF_FUNC_map_lookup_elem));
	emit_jump(e, BPF_JNE, R0, 0, L_PASS);
}

static void emit_filter(struct emitter *e, const struct rec_source *s,
			const struct tracefs_field *fields[], int filter_fd)
{
	emit(e, STX(BPF_W, R10, KEY_OFF, R7));
	emit_filter_lookup(e, filter_fd);
	if (s->filter_field >= 0) {
		emit_field_load(e, fields[s->filter_field]);
		emit(e, STX(BPF_W, R10, KEY_OFF, R0));
		emit_filter_lookup(e, filter_fd);
	}
	emit_jump(e, 0, 0, 0, L_OUT);
	e->label_at[L_PASS] = e->n;
}

static void emit_effect(struct emitter *e, const struct rec_source *s, int filter_fd)
{
	if (s->effect == FX_TRACE_CHILD) {
		/* key = child tid (a[0]), value = 1 (a byte of the key slot's word) */
		emit(e, LDX(BPF_DW, R0, R10, OFF(a[0])));
		emit(e, STX(BPF_W, R10, KEY_OFF, R0));
		emit(e, ST_IMM(BPF_W, R10, KEY_OFF - 4, 1));
		emit_map(e, R1, filter_fd);
		emit(e, MOV_REG(R2, R10));
		emit(e, ALU_IMM(BPF_ADD, R2, KEY_OFF));
		emit(e, MOV_REG(R3, R10));
		emit(e, ALU_IMM(BPF_ADD, R3, KEY_OFF - 4));
		emit(e, MOV_IMM(R4, BPF_ANY));
		emit(e, CALL(BPF_FUNC_map_update_elem));
	} else if (s->effect == FX_FORGET) {
		emit(e, STX(BPF_W, R10, KEY_OFF, R7));
		emit_map(e, R1, filter_fd);
		emit(e, MOV_REG(R2, R10));
		emit(e, ALU_IMM(BPF_ADD, R2, KEY_OFF));
		emit(e, CALL(BPF_FUNC_map_delete_elem));
	}
}

static void emit_record(struct emitter *e, const struct rec_source *s,
			const struct tracefs_field *fields[], const struct tracefs_field *str)
{
	emit(e, CALL(BPF_FUNC_ktime_get_boot_ns));
	emit(e, STX(BPF_DW, R10, OFF(ts), R0));
	emit(e, MOV_REG(R1, R10));
	emit(e, ALU_IMM(BPF_ADD, R1, OFF(comm)));
	emit(e, MOV_IMM(R2, 16));
	emit(e, CALL(BPF_FUNC_get_current_comm));
	emit(e, ST_IMM(BPF_W, R10, OFF(kind), s->kind));
	emit(e, ST_IMM(BPF_W, R10, OFF(pad), 0));
	for (int i = 0; i < KREC_FIELDS; i++) {
		if (fields[i]) {
			emit_field_load(e, fields[i]);
			emit(e, STX(BPF_DW, R10, OFF(a[i]), R0));
		} else {
			emit(e, ST_IMM(BPF_DW, R10, OFF(a[i]), 0));
		}
	}
	if (str) {
		emit(e, MOV_REG(R3, R6));
		emit(e, LDX(BPF_W, R2, R6, (int16_t)str->offset));
		emit(e, ALU_IMM(BPF_AND, R2, 0xffff));
		emit(e, ALU_REG(BPF_ADD, R3, R2));
		emit(e, MOV_REG(R1, R10));
		emit(e, ALU_IMM(BPF_ADD, R1, OFF(str)));
		emit(e, MOV_IMM(R2, KREC_STR));
		emit(e, CALL(BPF_FUNC_probe_read_kernel_str));
	}
}

/* A full buffer: count it in this CPU's slot (the runtime reads it). */
static void emit_lost_count(struct emitter *e, int lost_fd)
{
	emit(e, ST_IMM(BPF_W, R10, KEY_OFF, 0));
	emit_map(e, R1, lost_fd);
	emit(e, MOV_REG(R2, R10));
	emit(e, ALU_IMM(BPF_ADD, R2, KEY_OFF));
	emit(e, CALL(BPF_FUNC_map_lookup_elem));
	emit_jump(e, BPF_JEQ, R0, 0, L_OUT);
	emit(e, LDX(BPF_DW, R1, R0, 0));
	emit(e, ALU_IMM(BPF_ADD, R1, 1));
	emit(e, STX(BPF_DW, R0, 0, R1));
}

static void emit_program(struct emitter *e, const struct rec_source *s,
			 const struct tracefs_field *fields[], const struct tracefs_field *str,
			 int rings_fd, int filter_fd, int lost_fd)
{
	emit(e, MOV_REG(R6, R1));
	emit(e, CALL(BPF_FUNC_get_current_pid_tgid));
	emit(e, MOV_REG(R7, R0));
	emit(e, STX(BPF_DW, R10, OFF(tid), R0));
	if (filter_fd >= 0)
		emit_filter(e, s, fields, filter_fd);
	emit_record(e, s, fields, str);
	if (filter_fd >= 0)
		emit_effect(e, s, filter_fd);
	/* this CPU's ring buffer */
	emit(e, CALL(BPF_FUNC_get_smp_processor_id));
	emit(e, STX(BPF_W, R10, KEY_OFF, R0));
	emit_map(e, R1, rings_fd);
	emit(e, MOV_REG(R2, R10));
	emit(e, ALU_IMM(BPF_ADD, R2, KEY_OFF));
	emit(e, CALL(BPF_FUNC_map_lookup_elem));
	emit_jump(e, BPF_JEQ, R0, 0, L_LOST);
	emit(e, MOV_REG(R1, R0));
	emit(e, MOV_REG(R2, R10));
	emit(e, ALU_IMM(BPF_ADD, R2, REC_OFF));
	emit(e, MOV_IMM(R3, str ? sizeof(struct krec) : KREC_SIZE_NOSTR));
	emit(e, MOV_IMM(R4, BPF_RB_NO_WAKEUP));
	emit(e, CALL(BPF_FUNC_ringbuf_output));
	emit_jump(e, BPF_JEQ, R0, 0, L_OUT);
	e->label_at[L_LOST] = e->n;
	emit_lost_count(e, lost_fd);
	e->label_at[L_OUT] = e->n;
	emit(e, MOV_IMM(R0, 0));
	emit(e, EXIT());
	patch_jumps(e);
}

static const struct tracefs_field *find_field(const tracefs_fieldlist *fl, const char *name)
{
	for (int i = 0; i < fl->n; i++)
		if (strcmp(fl->v[i].name, name) == 0)
			return &fl->v[i];
	return NULL;
}

static int field_ok(const struct tracefs_field *f, const struct rec_source *s, const char *name)
{
	if (!f || (f->size != 1 && f->size != 2 && f->size != 4 && f->size != 8) ||
	    f->offset > 4096) {
		fprintf(stderr, "ERROR: record: %s:%s has no usable field '%s'\n",
			s->category, s->event, name);
		return -1;
	}
	return 0;
}

static int load_program(const struct rec_source *s, const tracefs_fieldlist *fl,
			int rings_fd, int filter_fd, int lost_fd)
{
	const struct tracefs_field *fields[KREC_FIELDS] = { 0 }, *str = NULL;
	LIBBPF_OPTS(bpf_prog_load_opts, opts);
	static char log[65536];
	struct emitter e = { 0 };
	enum bpf_prog_type type = s->category ? BPF_PROG_TYPE_TRACEPOINT : BPF_PROG_TYPE_PERF_EVENT;
	int fd;

	for (int i = 0; i < KREC_FIELDS && s->fields[i]; i++) {
		fields[i] = find_field(fl, s->fields[i]);
		if (field_ok(fields[i], s, s->fields[i]))
			return -1;
	}
	if (s->str_field) {
		str = find_field(fl, s->str_field);
		if (field_ok(str, s, s->str_field) || !str->data_loc)
			return -1;
	}
	emit_program(&e, s, fields, str, rings_fd, filter_fd, lost_fd);
	if (e.overflow) {
		fprintf(stderr, "ERROR: record: the program of %s does not fit\n", s->event);
		return -1;
	}
	opts.log_buf = log;
	opts.log_size = sizeof(log);
	fd = bpf_prog_load(type, "sonde_rec", "GPL", e.v, e.n, &opts);
	if (fd < 0) {
		opts.log_level = 1;
		fd = bpf_prog_load(type, "sonde_rec", "GPL", e.v, e.n, &opts);
		fprintf(stderr, "ERROR: record: loading the program of %s failed: %s\n%s",
			s->event, strerror(errno), log);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* Load the source's program (attached later by kprog_attach). */
static int open_source(struct kprog_set *k, const struct rec_source *s)
{
	tracefs_fieldlist fl = { 0 };
	char *format = s->category ? tracefs_read_format(s->category, s->event) : xstrdup("");
	int tp_id = s->category ? tracefs_event_id(s->category, s->event) : 0;
	int prog_fd;

	if (!format || tp_id < 0) {
		fprintf(stderr, "ERROR: record: tracepoint %s:%s is not available (is tracefs mounted?)\n",
			s->category, s->event);
		free(format);
		return -1;
	}
	tracefs_parse_fields(format, &fl);
	free(format);
	prog_fd = load_program(s, &fl, k->rings_map_fd, k->filter_map_fd, k->lost_map_fd);
	tracefs_fields_free(&fl);
	if (prog_fd < 0)
		return -1;
	vec_push(&k->fds, prog_fd);
	vec_push(&k->progs, ((struct kprog){ prog_fd, tp_id, s }));
	return 0;
}

/* The sampler: a cpu-clock event on every CPU. */
static int attach_sampler(struct kprog_set *k, int fd, int hz, const cpulist *cpus)
{
	int err = 0;

	for (int i = 0; i < cpus->n && !err; i++)
		err = perf_attach_event("profile", perf_open_cpu_clock(cpus->v[i], 0, (uint64_t)hz),
					fd, 0, &k->fds);
	return err;
}

int kprog_attach(struct kprog_set *k, int hz)
{
	cpulist cpus = { 0 };
	int err = perf_online_cpus(&cpus);
	char name[96];

	if (err || !cpus.n) {
		fprintf(stderr, "ERROR: record: reading the online CPUs failed\n");
		vec_free(&cpus);
		return -1;
	}
	/* a tracepoint's programs run on every CPU: one perf event is enough */
	for (int i = 0; i < k->progs.n && !err; i++) {
		const struct rec_source *s = k->progs.v[i].source;

		if (!s->category) {
			err = attach_sampler(k, k->progs.v[i].fd, hz, &cpus);
			continue;
		}
		snprintf(name, sizeof(name), "tracepoint:%s:%s", s->category, s->event);
		err = perf_attach_event(name, perf_open_tracepoint(k->progs.v[i].tp_id, cpus.v[0]),
					k->progs.v[i].fd, 0, &k->fds);
	}
	vec_free(&cpus);
	return err ? -1 : 0;
}

/* One ring buffer per CPU, and the array that maps a CPU to its ring. */
static int create_rings(struct kprog_set *k, int ncpus, uint64_t bytes)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts);
	uint32_t size = 4096;

	while ((uint64_t)size * 2 <= bytes && size < (1u << 30))
		size *= 2;
	k->ring_fds = xmalloc((size_t)ncpus * sizeof(int));
	for (k->nrings = 0; k->nrings < ncpus; k->nrings++) {
		int fd = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "sonde_rec_cpu", 0, 0, size, NULL);

		if (fd < 0)
			goto fail;
		k->ring_fds[k->nrings] = fd;
	}
	opts.inner_map_fd = k->ring_fds[0];
	k->rings_map_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY_OF_MAPS, "sonde_rec_rings", 4, 4,
					 (uint32_t)ncpus, &opts);
	if (k->rings_map_fd < 0)
		goto fail;
	for (uint32_t cpu = 0; cpu < (uint32_t)ncpus; cpu++)
		if (bpf_map_update_elem(k->rings_map_fd, &cpu, &k->ring_fds[cpu], BPF_ANY))
			goto fail;
	return 0;
fail:
	fprintf(stderr, "ERROR: record: creating the ring buffers (%u bytes a CPU) failed: %s\n",
		size, strerror(errno));
	return -1;
}

int kprog_open(struct kprog_set *k, unsigned sets, bool filter, int ncpus, uint64_t ring_bytes)
{
	int err = 0;

	memset(k, 0, sizeof(*k));
	k->filter_map_fd = k->lost_map_fd = k->rings_map_fd = -1;
	if (create_rings(k, ncpus, ring_bytes))
		return -1;
	k->lost_map_fd = bpf_map_create(BPF_MAP_TYPE_PERCPU_ARRAY, "sonde_rec_lost", 4, 8, 1, NULL);
	if (k->lost_map_fd < 0) {
		fprintf(stderr, "ERROR: record: creating the loss counters failed: %s\n",
			strerror(errno));
		return -1;
	}
	if (filter) {
		k->filter_map_fd = bpf_map_create(BPF_MAP_TYPE_HASH, "sonde_rec_tids", 4, 4,
						  65536, NULL);
		if (k->filter_map_fd < 0) {
			fprintf(stderr, "ERROR: record: creating the thread filter failed: %s\n",
				strerror(errno));
			return -1;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(sources) && !err; i++)
		if (sources[i].set & sets)
			err = open_source(k, &sources[i]);
	return err ? -1 : 0;
}

int kprog_lost(const struct kprog_set *k, uint64_t *per_cpu, int ncpus)
{
	uint32_t key = 0;

	memset(per_cpu, 0, (size_t)ncpus * sizeof(*per_cpu));
	return bpf_map_lookup_elem(k->lost_map_fd, &key, per_cpu) ? -errno : 0;
}

int kprog_filter_add(struct kprog_set *k, uint32_t tid)
{
	uint32_t one = 1;

	if (k->filter_map_fd < 0)
		return 0;
	return bpf_map_update_elem(k->filter_map_fd, &tid, &one, BPF_ANY) ? -errno : 0;
}

void kprog_detach(struct kprog_set *k)
{
	for (int i = k->fds.n - 1; i >= 0; i--)
		close(k->fds.v[i]);
	vec_free(&k->fds);
	vec_free(&k->progs);
}

void kprog_close(struct kprog_set *k)
{
	kprog_detach(k);
	if (k->filter_map_fd >= 0)
		close(k->filter_map_fd);
	if (k->rings_map_fd >= 0)
		close(k->rings_map_fd);
	for (int i = 0; i < k->nrings; i++)
		close(k->ring_fds[i]);
	free(k->ring_fds);
	k->ring_fds = NULL;
	k->nrings = 0;
	if (k->lost_map_fd >= 0)
		close(k->lost_map_fd);
	k->filter_map_fd = k->rings_map_fd = k->lost_map_fd = -1;
}
