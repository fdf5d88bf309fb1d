// SPDX-License-Identifier: GPL-2.0
/* See stack.h. */
#include "strace/stack.h"

#include <stdlib.h>
#include <string.h>

#include "sym/dwarf_unwind.h"
#include "sym/procmaps.h"
#include "sym/usyms.h"
#include "util.h"

#define MAX_FRAMES	256	/* strace's own limit is also 256 */

/* The mappings of the last process asked about (a trace is mostly one). */
struct stacks {
	struct dwarf_unwinder *unwinder;
	int maps_pid;
	procmaplist maps;
};

struct stacks *stacks_new(void)
{
	struct stacks *s = xcalloc(1, sizeof(*s));

	s->unwinder = dwarf_unwinder_new();
	usyms_watch_start(usyms_get(), 50);
	return s;
}

void stacks_free(struct stacks *s)
{
	if (!s)
		return;
	usyms_watch_stop(usyms_get());
	dwarf_unwinder_free(s->unwinder);
	procmaps_free(&s->maps);
	free(s);
}

/* The mapping events (usyms' watcher) tell usyms and the unwinder of the exec. */
void stacks_exec(struct stacks *s, int pid)
{
	if (s->maps_pid == pid)
		s->maps_pid = 0;
}

static const struct procmap *find_map(const procmaplist *maps, uint64_t pc)
{
	for (int i = 0; i < maps->n; i++)
		if (pc >= maps->v[i].start && pc < maps->v[i].end)
			return &maps->v[i];
	return NULL;
}

/* pc's mapping in pid, reading the mappings again when it is in none. */
static const struct procmap *map_of(struct stacks *s, int pid, uint64_t pc)
{
	const struct procmap *m = s->maps_pid == pid ? find_map(&s->maps, pc) : NULL;

	for (int pass = 0; !m && pass < 2; pass++) {
		char *text = pass == 0 ? usyms_maps_text(usyms_get(), pid) : NULL;

		procmaps_free(&s->maps);
		s->maps_pid = pid;
		if (text) {
			procmaps_parse(text, &s->maps);
			free(text);
		} else if (procmaps_read(pid, &s->maps) < 0) {
			s->maps_pid = 0;
			return NULL;
		}
		m = find_map(&s->maps, pc);
	}
	return m;
}

/*
 * One frame.  A caller's pc is a return address: its symbol is looked up
 * one byte back (a call may end its function), its offset printed from
 * the pc itself, as strace prints it.
 */
static void frame(struct stacks *s, struct strbuf *sb, int pid, uint64_t pc, bool leaf)
{
	const struct procmap *m = map_of(s, pid, pc);
	uint64_t look = leaf || !pc ? pc : pc - 1;
	struct usym_info info = { 0 };

	if (!m || !m->path) {
		sb_addf(sb, " > backtracing_error [0x%llx]\n", (unsigned long long)pc);
		return;
	}
	usyms_resolve(usyms_get(), pid, look, &info);
	if (info.name)
		sb_addf(sb, " > %s(%s+0x%llx) [0x%llx]\n", m->path, info.name,
			(unsigned long long)(info.offset + (pc - look)),
			(unsigned long long)(pc - m->start + m->offset));
	else
		sb_addf(sb, " > %s() [0x%llx]\n", m->path,
			(unsigned long long)(pc - m->start + m->offset));
}

char *stacks_format(struct stacks *s, const struct strace_rec *r)
{
	const uint64_t *regs = (const uint64_t *)(r + 1);
	uint64_t pcs[MAX_FRAMES];
	struct dwarf_sample ds = {
		.pid = (int)r->pid, .tid = (int)r->tid, .regs = regs,
		.stack = (const uint8_t *)regs + STRACE_REGS_BYTES,
		.stack_len = r->a[0] < STRACE_STACK_BYTES ? r->a[0] : STRACE_STACK_BYTES,
	};
	struct strbuf sb;
	int n;

	/*
	 * No usyms_add_pid() first: a process that has exited would be
	 * remembered with no mappings, over what its mapping events said.
	 */
	n = dwarf_unwind(s->unwinder, &ds, pcs, MAX_FRAMES);
	sb_init(&sb);
	for (int i = 0; i < n; i++)
		frame(s, &sb, ds.pid, pcs[i], i == 0);
	return sb_steal(&sb);
}
