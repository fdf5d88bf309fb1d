// SPDX-License-Identifier: GPL-2.0
/*
 * tracepoint:syscalls:sys_enter_* is several hundred tracepoints.  Each
 * costs a perf event to attach and, worse, to detach: the kernel tears
 * tracepoint perf events down one at a time under a global mutex, an RCU
 * grace period each, 13-25 s for all of them, and meanwhile anything that
 * reads tracefs stalls.  The syscall tracepoints all hang off one kernel
 * tracepoint, raw_syscalls:sys_enter (sys_exit), which carries the
 * syscall number: one program there, with a table from number to probe,
 * does the same job with one perf event.
 *
 * It is done only where the output cannot change:
 * - the probe's predicate and body use nothing that differs between the
 *   syscall tracepoints: no args/argN/sargN (each syscall has its own
 *   record), no func, no retval, no kstack (the kernel stack seen from
 *   raw_syscalls starts in other kernel functions); the probe builtin
 *   reads the table, so it still names the syscall's own tracepoint;
 * - every merged tracepoint is one whose number this build knows
 *   (arch/syscalls.c); others stay separate programs;
 * - 32-bit (compat) system calls, which raw_syscalls reports with their
 *   own numbering but the syscalls:* tracepoints never do, are skipped by
 *   testing TS_COMPAT in the task's thread_info (offset from BTF: without
 *   BTF nothing is merged);
 * - at least SYSCALL_MERGE_MIN (64) tracepoints of one direction (enter
 *   or exit) in one probe.  The merged program runs on every system call
 *   of the machine and leaves at once for the untraced ones (a bounds
 *   check and an array lookup), where the kernel tests a bitmap before it
 *   runs a syscall tracepoint's program at all: for a narrow wildcard that
 *   would cost every other system call something, and tearing down a few
 *   dozen tracepoints takes only a second or two.
 * SONDE_SYSCALL_MERGE=0 turns it off (to compare, bench/syscall_attach.sh).
 */
#include "syscall_merge.h"

#include <stdlib.h>
#include <string.h>

#include "arch/syscalls.h"
#include "lang/btf.h"
#include "probes/provider.h"

#define TS_COMPAT 0x0002	/* x86: thread_info.status during a 32-bit syscall */

static const char *const per_tracepoint_builtins[] = {
	"args", "func", "retval", "kstack", "ctx", "__syscall_nr",
};

/* A builtin (or call) whose value depends on the concrete tracepoint. */
static bool per_tracepoint(const struct node *n)
{
	const char *name = n->name;

	if (!name || (n->kind != N_BUILTIN && n->kind != N_CALL && n->kind != N_IDENT))
		return false;
	if ((strncmp(name, "arg", 3) == 0 || strncmp(name, "sarg", 4) == 0) &&
	    name[strspn(name, "sarg")] >= '0' && name[strspn(name, "sarg")] <= '9')
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(per_tracepoint_builtins); i++)
		if (strcmp(name, per_tracepoint_builtins[i]) == 0)
			return true;
	return false;
}

static bool generic_tree(const struct node *n)
{
	if (!n)
		return true;
	if (per_tracepoint(n))
		return false;
	if (!generic_tree(n->a) || !generic_tree(n->b) || !generic_tree(n->c))
		return false;
	for (int i = 0; i < n->args.n; i++)
		if (!generic_tree(n->args.v[i]))
			return false;
	return true;
}

/* "tracepoint:syscalls:sys_enter_NAME" -> its number, when dir matches. */
static int member_nr(const struct prog_spec *ps, const char *dir)
{
	static const char prefix[] = "tracepoint:syscalls:sys_";
	size_t dlen = strlen(dir);

	if (strncmp(ps->probe, prefix, sizeof(prefix) - 1) != 0)
		return -1;
	if (strncmp(ps->probe + sizeof(prefix) - 1, dir, dlen) != 0 ||
	    ps->probe[sizeof(prefix) - 1 + dlen] != '_')
		return -1;
	return arch_syscall_nr(ps->probe + sizeof(prefix) + dlen);
}

/* Where thread_info.status is in task_struct, or -1 without BTF. */
static int compat_status_offset(void)
{
	struct type *task = btf_type_by_name("task_struct");
	const struct field *ti = task ? type_find_field(task, "thread_info") : NULL;
	const struct field *st = ti ? type_find_field(ti->type, "status") : NULL;

	return st && st->type->size == 4 ? (int)(ti->offset + st->offset) : -1;
}

/* The raw_syscalls program standing for the group, or false. */
static bool merged_spec(struct program *prog, const char *dir, struct prog_spec *out)
{
	char *ap = xasprintf("tracepoint:raw_syscalls:sys_%s", dir);
	struct expand_ctx ctx = { .src = prog->src, .missing = MISSING_IGNORE };
	const struct provider *prov = NULL;
	const struct field *id = NULL;
	probelist list = { 0 };
	int compat = compat_status_offset();

	if (compat >= 0 && probe_expand(ap, &ctx, &list, &prov) == 0 && list.n == 1 &&
	    prov->args_type && prov->args_type(list.v[0].target))
		id = type_find_field(prov->args_type(list.v[0].target), "id");
	free(ap);
	if (!id || id->type->size != 8) {
		for (int i = 0; i < list.n; i++) {
			free(list.v[i].name);
			if (prov->free_target)
				prov->free_target(list.v[i].target);
		}
		vec_free(&list);
		return false;
	}
	memset(out, 0, sizeof(*out));
	out->probe = list.v[0].name;
	out->target = list.v[0].target;
	out->prov = prov;
	out->prog_type = prov->prog_type;
	out->fd = -1;
	out->dup_of = -1;
	out->sys_id_off = id->offset;
	out->sys_compat_off = compat;
	out->sys_compat_mask = TS_COMPAT;
	out->sys_probes = xcalloc(ARCH_SYSCALLS_MAX, sizeof(uint32_t));
	vec_free(&list);
	return true;
}

static void free_member(struct prog_spec *ps)
{
	if (ps->prov->free_target && ps->target)
		ps->prov->free_target(ps->target);
	free(ps->probe);
}

/* Fold the syscalls:sys_DIR_* programs of probe node into one. */
static void merge_group(struct program *prog, struct node *node, const char *dir)
{
	struct prog_spec merged;
	int i, n = 0, first = -1, kept = 0, at = -1, nr;

	for (i = 0; i < prog->progs.n; i++) {
		if (prog->progs.v[i].node == node && member_nr(&prog->progs.v[i], dir) >= 0) {
			n++;
			if (first < 0)
				first = i;
		}
	}
	if (n < SYSCALL_MERGE_MIN || !merged_spec(prog, dir, &merged))
		return;
	merged.node = node;
	for (i = 0; i < prog->progs.n; i++) {
		struct prog_spec *ps = &prog->progs.v[i];

		nr = ps->node == node ? member_nr(ps, dir) : -1;
		if (nr < 0 || merged.sys_probes[nr]) {	/* the same syscall twice: keep it apart */
			prog->progs.v[kept++] = *ps;
			continue;
		}
		merged.sys_probes[nr] = ps->probe_index + 1;
		merged.merged++;
		free_member(ps);
		if (i == first)
			at = kept++;	/* the merged program goes where the first member was */
	}
	prog->progs.v[at] = merged;
	prog->progs.n = kept;
}

void syscall_merge(struct program *prog)
{
	const char *env = getenv("SONDE_SYSCALL_MERGE");
	int i;

	if (env && strcmp(env, "0") == 0)
		return;
	for (i = 0; i < prog->progs.n; i++) {
		struct node *node = prog->progs.v[i].node;
		int j, enter = 0, exit = 0;

		/*
		 * A probe's programs are expanded next to each other: look at
		 * each run once, and scan the whole list (merge_group) only for
		 * a run with enough members, so 100,000 probes stay linear.
		 */
		if (i > 0 && prog->progs.v[i - 1].node == node)
			continue;
		for (j = i; j < prog->progs.n && prog->progs.v[j].node == node; j++) {
			enter += member_nr(&prog->progs.v[j], "enter") >= 0;
			exit += member_nr(&prog->progs.v[j], "exit") >= 0;
		}
		if (enter < SYSCALL_MERGE_MIN && exit < SYSCALL_MERGE_MIN)
			continue;
		if (!generic_tree(node->a) || !generic_tree(node->b))
			continue;
		merge_group(prog, node, "enter");
		merge_group(prog, node, "exit");
	}
}

void syscall_merge_maps(struct program *prog)
{
	for (int i = 0; i < prog->progs.n; i++) {
		struct prog_spec *ps = &prog->progs.v[i];
		struct map_spec ms = {
			.type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 4,
			.max_entries = ARCH_SYSCALLS_MAX, .fd = -1,
		};

		if (!ps->sys_probes)
			continue;
		ms.name = xstrdup("syscall_probe");
		ms.init = ps->sys_probes;
		ps->sys_map = prog->maps.n;
		vec_push(&prog->maps, ms);
	}
}
