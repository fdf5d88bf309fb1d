// SPDX-License-Identifier: GPL-2.0
/*
 * Map entries -> folded stacks.  Frames come out of the stack map leaf
 * first; folded stacks are root first, user frames above the process name
 * and kernel frames on top (where the sample or the block happened).
 */
#include "profile/collect.h"

#include <stdlib.h>
#include <string.h>

#include "runtime/format.h"
#include "runtime/stackfmt.h"
#include "sym/ksyms.h"
#include "sym/usyms.h"

typedef VEC(char *) framelist;

struct key_parts {
	const uint8_t *kstack, *ustack;
	const struct type *ktype, *utype;
	char comm[64];
	int64_t id;
	bool has_id;
};

static void split_key(const struct type *t, const uint8_t *key, struct key_parts *k)
{
	memset(k, 0, sizeof(*k));
	for (int i = 0; t && t->kind == TY_TUPLE && i < t->nfields; i++) {
		const struct field *f = &t->fields[i];
		const uint8_t *p = key + f->offset;

		if (f->type->kind == TY_KSTACK)
			k->kstack = p, k->ktype = f->type;
		else if (f->type->kind == TY_USTACK)
			k->ustack = p, k->utype = f->type;
		else if (f->type->kind == TY_STR || type_is_char_array(f->type))
			snprintf(k->comm, sizeof(k->comm), "%.*s", (int)MIN(f->type->size, 63), p);
		else if (type_is_int(f->type))
			k->id = format_read_int(f->type, p), k->has_id = true;
	}
}

static char *kernel_frame(uint64_t addr)
{
	const struct ksym *s = ksyms_find(ksyms_kernel(), addr);

	return s ? xasprintf("%s_[k]", s->name) : xasprintf("0x%llx_[k]", (unsigned long long)addr);
}

static char *user_frame(int pid, uint64_t addr)
{
	struct usym_info info;
	const char *base;

	if (usyms_resolve(usyms_get(), pid, addr, &info) && info.name)
		return xstrdup(info.name);
	if (info.path && info.path[0] == '[')
		return xstrdup(info.path);
	if (info.path) {
		base = strrchr(info.path, '/');
		return xasprintf("[%s]", base ? base + 1 : info.path);
	}
	return xstrdup("[unknown]");
}

/* Frames a thread's user stack ends in when the walk reached its bottom. */
static bool complete_bottom(const char *name)
{
	static const char *const roots[] = {
		"_start", "__libc_start_main", "__libc_start_call_main", "start_thread",
		"clone", "clone3", "__clone", "__clone3", "main",
	};

	for (size_t i = 0; i < ARRAY_SIZE(roots); i++)
		if (strcmp(name, roots[i]) == 0)
			return true;
	return false;
}

/* Frames leaf first (addrs) onto frames, root first. */
static void push_frames(framelist *frames, const uint64_t *addrs, int n, bool user, int pid,
			struct collect *c, uint64_t weight)
{
	if (user && n > 0)
		c->user_stacks += weight;
	for (int i = n - 1; i >= 0; i--) {	/* root first */
		char *name = user ? user_frame(pid, addrs[i]) : kernel_frame(addrs[i]);

		if (user && i == n - 1 && n <= 2 && !complete_bottom(name))
			c->user_truncated += weight;
		vec_push(frames, name);
	}
}

static void add_frames(framelist *frames, const struct program *prog, const uint8_t *val,
		       bool user, int pid, struct collect *c, uint64_t weight)
{
	uint64_t addrs[STACK_MAX_FRAMES], id;
	int n;

	memcpy(&id, val, 8);
	n = stack_frames(prog, id, addrs, STACK_MAX_FRAMES);
	push_frames(frames, addrs, n, user, pid, c, weight);
}

static void add_folded(struct collect *c, framelist *frames, uint64_t weight)
{
	folded_add(&c->folded, frames->v, frames->n, weight, 0);
	for (int i = 0; i < frames->n; i++)
		free(frames->v[i]);
	vec_free(frames);
}

static void collect_entry(struct collect *c, const struct program *prog,
			  const struct mapinfo *m, const struct map_entry *e)
{
	framelist frames = { 0 };
	struct key_parts k;
	uint64_t weight = m->agg == AGG_COUNT ? e->count : (uint64_t)e->num;
	uint64_t pid = 0;

	split_key(m->key, e->key, &k);
	if (k.ustack)
		memcpy(&pid, k.ustack + 8, 8);
	if (!weight)
		return;
	vec_push(&frames, c->root_with_id && k.has_id ?
		 xasprintf("%s-%lld", k.comm, (long long)k.id) : xstrdup(k.comm));
	if (k.ustack)
		add_frames(&frames, prog, k.ustack, true, (int)pid, c, weight);
	if (k.kstack)
		add_frames(&frames, prog, k.kstack, false, 0, c, weight);
	add_folded(c, &frames, weight);
}

void collect_sink(const struct program *prog, const struct mapinfo *m,
		  struct map_entries *es, void *arg)
{
	struct collect *c = arg;

	if (strcmp(m->name, c->map_name) != 0 || !m->key)
		return;
	for (int i = 0; i < es->n; i++)
		collect_entry(c, prog, m, &es->v[i]);
}

void collect_add_stack(struct collect *c, const struct collect_stack *s, uint64_t weight)
{
	framelist frames = { 0 };

	if (!weight)
		return;
	vec_push(&frames, c->root_with_id ? xasprintf("%s-%lld", s->comm, (long long)s->id) :
		 xstrdup(s->comm));
	push_frames(&frames, s->ustack, s->nustack, true, s->pid, c, weight);
	push_frames(&frames, s->kstack, s->nkstack, false, 0, c, weight);
	add_folded(c, &frames, weight);
}

bool collect_mostly_truncated(const struct collect *c)
{
	return c->user_stacks >= 10 && c->user_truncated * 2 > c->user_stacks;
}
