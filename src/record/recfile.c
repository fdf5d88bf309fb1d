// SPDX-License-Identifier: GPL-2.0
/*
 * The record kinds' layouts, shared by the writer and the reader so that
 * the two cannot disagree (docs/record.md lists them).
 */
#include "record/recfile.h"

#include "util.h"

struct kind_desc {
	const char *name;
	const char *layout;
	const char *fields[6];	/* one name per layout letter */
};

static const struct kind_desc kinds[RK_KIND_MAX] = {
	[RK_SWITCH] = { "sched_switch", "uusus",
		{ "tid", "prev_state", "prev_prio", "next_tid", "next_prio" } },
	[RK_WAKEUP] = { "sched_wakeup", "uuss",
		{ "tid", "woken_tid", "prio", "target_cpu" } },
	[RK_WAKEUP_NEW] = { "sched_wakeup_new", "uuss",
		{ "tid", "woken_tid", "prio", "target_cpu" } },
	[RK_MIGRATE] = { "sched_migrate_task", "uusss",
		{ "tid", "task_tid", "prio", "orig_cpu", "dest_cpu" } },
	[RK_FORK] = { "sched_process_fork", "uu",
		{ "tid", "child_tid" } },
	[RK_EXIT] = { "sched_process_exit", "usu",
		{ "tid", "prio", "group_dead" } },
	[RK_EXEC] = { "sched_process_exec", "uuS",
		{ "tid", "old_tid", "filename" } },
	[RK_SYS_ENTER] = { "sys_enter", "uu",
		{ "tid", "nr" } },
	[RK_SYS_EXIT] = { "sys_exit", "uus",
		{ "tid", "nr", "ret" } },
	[RK_INSTANT] = { "instant", "uuSa",
		{ "tid", "name", "message", "args" } },
	[RK_BEGIN] = { "begin", "uu",
		{ "tid", "name" } },
	[RK_END] = { "end", "uu",
		{ "tid", "name" } },
	[RK_COUNTER] = { "counter", "uus",
		{ "tid", "name", "value" } },
	[RK_SAMPLE] = { "cpu_sample", "u",
		{ "tid" } },
	[RK_HIST] = { "histogram", "uuh",
		{ "tid", "name", "buckets" } },
	[RK_THREAD] = { "thread", "uuS",
		{ "tid", "pid", "comm" } },
	[RK_LOSS] = { "loss", "uu",
		{ "cpu", "count" } },
	[RK_STRING] = { "string", "uS",
		{ "sid", "text" } },
};

const char *rec_kind_layout(unsigned kind)
{
	return kind < RK_KIND_MAX ? kinds[kind].layout : NULL;
}

const char *rec_kind_name(unsigned kind)
{
	return kind < RK_KIND_MAX && kinds[kind].name ? kinds[kind].name : "unknown";
}

const char *rec_kind_field(unsigned kind, int i)
{
	if (kind >= RK_KIND_MAX || i < 0 || i >= 6 || !kinds[kind].fields[i])
		return "?";
	return kinds[kind].fields[i];
}
