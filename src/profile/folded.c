// SPDX-License-Identifier: GPL-2.0
/*
 * Folded stacks and the frame tree.  Input is parsed a chunk at a time in
 * one pass: each frame is hashed while its end is searched for, and
 * interned, so a stack is an array of pointers to shared names.  Names and
 * frame arrays come from an arena of large blocks (no malloc per line), and
 * the input text is never held whole.  The tree is built with one hash table
 * keyed by (parent node, frame name), so 200,000 stacks of 30 frames merge
 * in one pass without per-node child lists to search.
 */
#include "profile/folded.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HASH_SEED FNV32_SEED
#define BLOCK_SIZE (1u << 20)
#define READ_CHUNK (1u << 20)

/* The hash and length sit in the slot: most probes end without the text. */
struct folded_slot {
	uint32_t hash;
	uint32_t len;
	char *text;		/* NULL: empty */
};

struct folded_block {
	struct folded_block *next;
	size_t used, size;
	_Alignas(8) char data[];
};

/* size bytes, 8-aligned, that live until folded_free. */
static void *arena_alloc(struct folded *f, size_t size)
{
	struct folded_block *b = f->blocks;
	void *p;

	size = ALIGN_UP(size, 8);
	if (!b || b->size - b->used < size) {
		size_t cap = MAX(size, BLOCK_SIZE);

		b = xmalloc(sizeof(*b) + cap);
		b->used = 0;
		b->size = cap;
		b->next = f->blocks;
		f->blocks = b;
	}
	p = b->data + b->used;
	b->used += size;
	return p;
}

/* FNV-1a, a byte at a time: the parser hashes while it looks for ';'. */
static uint32_t hash_step(uint32_t h, char c)
{
	return fnv32_step(h, (unsigned char)c);
}

static uint32_t hash_finish(uint32_t h)
{
	return h ^ (h >> 15);
}

static uint32_t hash_bytes(const char *s, size_t len)
{
	uint32_t h = HASH_SEED;

	for (size_t i = 0; i < len; i++)
		h = hash_step(h, s[i]);
	return hash_finish(h);
}

static struct fname *fname_of(const char *text)
{
	return (struct fname *)(text - offsetof(struct fname, text));
}

/* Double the table; the slots keep their hashes, so names are not read. */
static void names_grow(struct folded *f)
{
	struct folded_slot *old = f->slots;
	uint32_t nold = f->nslots, n = nold ? nold * 2 : 1024;

	f->slots = xcalloc(n, sizeof(*f->slots));
	f->nslots = n;
	for (uint32_t i = 0; i < nold; i++) {
		uint32_t h = old[i].hash & (n - 1);

		if (!old[i].text)
			continue;
		while (f->slots[h].text)
			h = (h + 1) & (n - 1);
		f->slots[h] = old[i];
	}
	free(old);
}

/* The one copy of the name text[0..len), whose hash_bytes() is hash. */
static char *intern(struct folded *f, const char *text, uint32_t len, uint32_t hash)
{
	struct fname *name;
	uint32_t h;

	if ((uint32_t)f->names.n * 2 >= f->nslots)
		names_grow(f);
	for (h = hash & (f->nslots - 1); f->slots[h].text; h = (h + 1) & (f->nslots - 1)) {
		const struct folded_slot *slot = &f->slots[h];

		if (slot->hash == hash && slot->len == len && memcmp(slot->text, text, len) == 0)
			return slot->text;
	}
	name = arena_alloc(f, sizeof(*name) + len + 1);
	name->id = f->names.n;
	name->len = len;
	memcpy(name->text, text, len);
	name->text[len] = '\0';
	vec_push(&f->names, name->text);
	f->slots[h] = (struct folded_slot){ hash, len, name->text };
	return name->text;
}

/* Append a stack whose frames are already interned. */
static void add_interned(struct folded *f, char *const *frames, int n, uint64_t count,
			 uint64_t count2)
{
	struct fstack s = { .nframes = n, .count = count, .count2 = count2 };

	s.frames = arena_alloc(f, (n ? n : 1) * sizeof(*s.frames));
	memcpy(s.frames, frames, n * sizeof(*s.frames));
	vec_push(&f->stacks, s);
	f->total += count;
	f->total2 += count2;
}

void folded_add(struct folded *f, char *const *frames, int n, uint64_t count, uint64_t count2)
{
	f->scratch.n = 0;
	for (int i = 0; i < n; i++) {
		size_t len = strlen(frames[i]);

		vec_push(&f->scratch, intern(f, frames[i], len, hash_bytes(frames[i], len)));
	}
	add_interned(f, f->scratch.v, n, count, count2);
}

/* The decimal count in [p, end); false when it is not one or overflows. */
static bool parse_count(const char *p, const char *end, uint64_t *count)
{
	uint64_t v = 0;

	if (p == end)
		return false;
	for (; p < end; p++) {
		unsigned d = (unsigned char)*p - '0';

		if (d > 9 || v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*count = v;
	return true;
}

/* Intern the ';'-separated frames of [p, end) into f->scratch. */
static void split_frames(struct folded *f, const char *p, const char *end)
{
	f->scratch.n = 0;
	for (;;) {
		const char *start = p;
		uint32_t h = HASH_SEED;

		for (; p < end && *p != ';'; p++)
			h = hash_step(h, *p);
		vec_push(&f->scratch, intern(f, start, p - start, hash_finish(h)));
		if (p == end)
			return;
		p++;
	}
}

/* One line [line, end) without its newline; false when it has no count. */
static bool parse_line(struct folded *f, const char *line, const char *end, bool second)
{
	const char *sp;
	uint64_t count;

	if (end > line && end[-1] == '\r')
		end--;
	sp = memrchr(line, ' ', end - line);
	if (!sp || sp == line || !parse_count(sp + 1, end, &count))
		return false;
	if (memchr(line, '\0', sp - line))
		return false;
	split_frames(f, line, sp);
	add_interned(f, f->scratch.v, f->scratch.n, second ? 0 : count, second ? count : 0);
	return true;
}

/* The lines of text[0..len); the last one may lack its newline. */
static void parse_lines(struct folded *f, const char *text, size_t len, bool second, int *bad)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		const char *eol = nl ? nl : end;

		if (eol > p && !parse_line(f, p, eol, second) && bad)
			(*bad)++;
		p = eol + 1;
	}
}

void folded_parse(struct folded *f, const char *text, bool second, int *bad)
{
	parse_lines(f, text, strlen(text), second, bad);
}

/* Parse what fd holds, keeping only the unfinished last line between reads. */
static int parse_fd(struct folded *f, int fd, bool second, int *bad)
{
	size_t cap = READ_CHUNK, have = 0;
	char *buf = xmalloc(cap);
	int err = 0;

	for (;;) {
		ssize_t n = read(fd, buf + have, cap - have);
		char *last_nl;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? -errno : 0;
			break;
		}
		have += n;
		last_nl = memrchr(buf, '\n', have);
		if (last_nl) {
			size_t done = last_nl + 1 - buf;

			parse_lines(f, buf, done, second, bad);
			memmove(buf, last_nl + 1, have - done);
			have -= done;
		}
		if (have == cap)	/* one line longer than the buffer */
			buf = xrealloc(buf, cap *= 2);
	}
	if (!err)
		parse_lines(f, buf, have, second, bad);
	free(buf);
	return err;
}

int folded_read(struct folded *f, const char *path, bool second, int *bad)
{
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	int err;

	if (fd < 0)
		return -errno;
	err = parse_fd(f, fd, second, bad);
	if (fd != STDIN_FILENO)
		close(fd);
	return err;
}

void folded_free(struct folded *f)
{
	while (f->blocks) {
		struct folded_block *next = f->blocks->next;

		free(f->blocks);
		f->blocks = next;
	}
	vec_free(&f->stacks);
	vec_free(&f->names);
	vec_free(&f->scratch);
	free(f->slots);
	memset(f, 0, sizeof(*f));
}

static void write_stack(const struct fstack *s, uint64_t count, FILE *out)
{
	for (int j = 0; j < s->nframes; j++) {
		if (j)
			putc(';', out);
		fwrite(s->frames[j], 1, fname_of(s->frames[j])->len, out);
	}
	fprintf(out, " %llu\n", (unsigned long long)count);
}

static bool same_stack(const struct fstack *a, const struct fstack *b)
{
	return a->nframes == b->nframes &&
	       memcmp(a->frames, b->frames, a->nframes * sizeof(*a->frames)) == 0;
}

void folded_write(const struct folded *f, FILE *out)
{
	const struct fstack **sorted = folded_sorted(f, false);
	int n = f->stacks.n;

	for (int i = 0; i < n; i++) {
		uint64_t count = sorted[i]->count;

		/* Equal stacks (merged from several keys) print once, summed. */
		while (i + 1 < n && same_stack(sorted[i], sorted[i + 1]))
			count += sorted[++i]->count;
		write_stack(sorted[i], count, out);
	}
	free(sorted);
}

/* ---- the tree ---- */

static uint32_t hash_key(int parent, const char *name)
{
	/* Fibonacci hashing of the pair: the high bits are well mixed. */
	uint64_t h = ((uint64_t)(uint32_t)parent << 32 | folded_name_id(name)) *
		     0x9e3779b97f4a7c15ull;

	return h >> 32;
}

static void rehash(struct ftree *t)
{
	uint32_t n = t->nslots ? t->nslots * 2 : 1024;

	free(t->slots);
	t->slots = xmalloc(n * sizeof(*t->slots));
	memset(t->slots, 0xff, n * sizeof(*t->slots));
	t->nslots = n;
	for (int i = 1; i < t->nodes.n; i++) {
		uint32_t h = hash_key(t->nodes.v[i].parent, t->nodes.v[i].name) & (n - 1);

		while (t->slots[h] >= 0)
			h = (h + 1) & (n - 1);
		t->slots[h] = i;
	}
}

/* The child of parent named name (an interned frame), made when missing. */
static int child(struct ftree *t, int parent, const char *name)
{
	uint32_t h;
	struct fnode node = { .name = name, .parent = parent, .first_child = -1,
			      .next_sibling = -1 };

	if ((uint32_t)t->nodes.n * 2 >= t->nslots)
		rehash(t);
	h = hash_key(parent, name) & (t->nslots - 1);
	while (t->slots[h] >= 0) {
		struct fnode *c = &t->nodes.v[t->slots[h]];

		if (c->parent == parent && c->name == name)
			return t->slots[h];
		h = (h + 1) & (t->nslots - 1);
	}
	node.depth = t->nodes.v[parent].depth + 1;
	vec_push(&t->nodes, node);
	t->slots[h] = t->nodes.n - 1;
	if (node.depth > t->max_depth)
		t->max_depth = node.depth;
	return t->nodes.n - 1;
}

static int cmp_by_name(const void *a, const void *b, void *arg)
{
	const struct ftree *t = arg;

	return strcmp(t->nodes.v[*(const int *)a].name, t->nodes.v[*(const int *)b].name);
}

/* Link children into sibling lists, sorted by name. */
static void link_children(struct ftree *t)
{
	int n = t->nodes.n;
	int *order = xmalloc(n * sizeof(*order));

	for (int i = 0; i < n; i++)
		order[i] = i;
	qsort_r(order + 1, n - 1, sizeof(*order), cmp_by_name, t);
	/* Reverse order: pushing at the head leaves each list in name order. */
	for (int i = n - 1; i >= 1; i--) {
		struct fnode *c = &t->nodes.v[order[i]];
		struct fnode *p = &t->nodes.v[c->parent];

		c->next_sibling = p->first_child;
		p->first_child = order[i];
	}
	free(order);
}

void ftree_build(struct ftree *t, const struct folded *f, bool reverse)
{
	struct fnode root = { .name = "all", .parent = -1, .first_child = -1,
			      .next_sibling = -1 };

	memset(t, 0, sizeof(*t));
	vec_push(&t->nodes, root);
	for (int i = 0; i < f->stacks.n; i++) {
		const struct fstack *s = &f->stacks.v[i];
		int cur = 0;

		t->nodes.v[0].value += s->count;
		t->nodes.v[0].value2 += s->count2;
		for (int j = 0; j < s->nframes; j++) {
			cur = child(t, cur, fstack_frame(s, j, reverse));
			t->nodes.v[cur].value += s->count;
			t->nodes.v[cur].value2 += s->count2;
		}
		t->nodes.v[cur].self += s->count;
		t->nodes.v[cur].self2 += s->count2;
	}
	link_children(t);
	free(t->slots);
	t->slots = NULL;
	t->nslots = 0;
}

void ftree_free(struct ftree *t)
{
	vec_free(&t->nodes);
	free(t->slots);
	t->slots = NULL;
}
