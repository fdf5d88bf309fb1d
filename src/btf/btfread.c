// SPDX-License-Identifier: GPL-2.0
/*
 * A zero-copy BTF reader (see btfread.h).
 *
 * The layout is the kernel's (Documentation/bpf/btf.rst): a header, then
 * a types section of struct btf_type records each followed by a kind-
 * specific tail, and a section of NUL-terminated strings.  Nothing here
 * copies that data: parsing checks the header, walks the types once to
 * record where each starts, and from then on every query is an index or a
 * bounds check into the original bytes.
 */
#include "btf/btfread.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/btf.h>

#include "util.h"

/* Typedef and qualifier chains, arrays of arrays: deeper is corrupt. */
#define MAX_CHAIN 64
/* The byte-swapped magic: BTF written on a machine of the other order. */
#define BTF_MAGIC_SWAPPED 0x9FEB
#define KERNEL_BTF_DIR "/sys/kernel/btf"

struct btfr {
	const struct btfr *base;	/* split BTF: the types and strings before ours */
	void *map;			/* the file's read-only mapping, or NULL */
	size_t map_len;
	void *buf;			/* the file read into memory, or NULL */
	const uint8_t *types;		/* the types section */
	uint32_t types_len;
	const char *strs;		/* the strings section */
	uint32_t strs_len;
	uint32_t first_id;		/* our first type id */
	uint32_t count;			/* one past our last type id */
	uint32_t first_str;		/* string offsets below this are the base's */
	uint32_t *offsets;		/* [id - first_id]: where the type starts in types */
	/* Name hashes per kind, built on the first btfr_find() (build_name_group()). */
	struct name_index {
		uint32_t *slots;	/* type ids by name hash, 0 for a free slot */
		uint32_t nslots;	/* a power of two; 0 until built */
		uint32_t named;		/* types of the kind with a name */
	} names[NR_BTF_KINDS];
};

/* What follows a struct btf_type, per kind: fixed bytes, bytes per vlen item. */
struct kind_tail {
	uint8_t fixed;
	uint8_t per_item;
	bool known;
};

static const struct kind_tail kind_tails[] = {
	[BTF_KIND_INT]		= { sizeof(uint32_t), 0, true },
	[BTF_KIND_PTR]		= { 0, 0, true },
	[BTF_KIND_ARRAY]	= { sizeof(struct btf_array), 0, true },
	[BTF_KIND_STRUCT]	= { 0, sizeof(struct btf_member), true },
	[BTF_KIND_UNION]	= { 0, sizeof(struct btf_member), true },
	[BTF_KIND_ENUM]		= { 0, sizeof(struct btf_enum), true },
	[BTF_KIND_FWD]		= { 0, 0, true },
	[BTF_KIND_TYPEDEF]	= { 0, 0, true },
	[BTF_KIND_VOLATILE]	= { 0, 0, true },
	[BTF_KIND_CONST]	= { 0, 0, true },
	[BTF_KIND_RESTRICT]	= { 0, 0, true },
	[BTF_KIND_FUNC]		= { 0, 0, true },
	[BTF_KIND_FUNC_PROTO]	= { 0, sizeof(struct btf_param), true },
	[BTF_KIND_VAR]		= { sizeof(struct btf_var), 0, true },
	[BTF_KIND_DATASEC]	= { 0, sizeof(struct btf_var_secinfo), true },
	[BTF_KIND_FLOAT]	= { 0, 0, true },
	[BTF_KIND_DECL_TAG]	= { sizeof(struct btf_decl_tag), 0, true },
	[BTF_KIND_TYPE_TAG]	= { 0, 0, true },
	[BTF_KIND_ENUM64]	= { 0, sizeof(struct btf_enum64), true },
};

static int fail(char *why, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *why, int err, const char *fmt, ...)
{
	va_list ap;

	if (why) {
		va_start(ap, fmt);
		vsnprintf(why, BTFR_WHY_LEN, fmt, ap);
		va_end(ap);
	}
	return err;
}

/* ---- parsing ---- */

/* Whether [off, off + len) lies within [0, size). */
static bool section_fits(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

static int parse_header(struct btfr *b, const uint8_t *data, size_t size, char *why)
{
	const struct btf_header *h = (const void *)data;
	uint64_t body;

	if ((uintptr_t)data % 4)
		return fail(why, -EINVAL, "BTF data not 4-byte aligned");
	if (size < sizeof(*h))
		return fail(why, -EINVAL, "%zu bytes: shorter than a BTF header", size);
	if (h->magic == BTF_MAGIC_SWAPPED)
		return fail(why, -EINVAL, "BTF of the other byte order");
	if (h->magic != BTF_MAGIC)
		return fail(why, -EINVAL, "not BTF (magic 0x%04x)", h->magic);
	if (h->version != BTF_VERSION)
		return fail(why, -EINVAL, "BTF version %u, not %u", h->version, BTF_VERSION);
	if (h->hdr_len < sizeof(*h) || h->hdr_len > size)
		return fail(why, -EINVAL, "BTF header length %u out of range", h->hdr_len);
	body = size - h->hdr_len;
	if (!section_fits(h->type_off, h->type_len, body))
		return fail(why, -EINVAL, "BTF types section past the end of the data");
	if (!section_fits(h->str_off, h->str_len, body))
		return fail(why, -EINVAL, "BTF strings section past the end of the data");
	if ((h->hdr_len + (uint64_t)h->type_off) % 4)
		return fail(why, -EINVAL, "BTF types section not 4-byte aligned");
	b->types = data + h->hdr_len + h->type_off;
	b->types_len = h->type_len;
	b->strs = (const char *)data + h->hdr_len + h->str_off;
	b->strs_len = h->str_len;
	return 0;
}

/* Offset 0 must be "" in the base; every string must end within the section. */
static int check_strings(const struct btfr *b, char *why)
{
	if (b->strs_len && b->strs[b->strs_len - 1])
		return fail(why, -EINVAL, "BTF strings section does not end with NUL");
	if (!b->base && (!b->strs_len || b->strs[0]))
		return fail(why, -EINVAL, "BTF strings section does not start with \"\"");
	return 0;
}

/* Bytes of the type at off (header and tail), or 0 when it does not fit. */
static uint32_t type_bytes(const struct btfr *b, uint32_t off)
{
	const struct btf_type *t = (const void *)(b->types + off);
	const struct kind_tail *tail;
	uint64_t len;
	uint32_t kind;

	if (b->types_len - off < sizeof(*t))
		return 0;
	kind = btf_kind(t);
	if (kind >= ARRAY_SIZE(kind_tails) || !kind_tails[kind].known)
		return 0;
	tail = &kind_tails[kind];
	len = sizeof(*t) + tail->fixed + (uint64_t)tail->per_item * btf_vlen(t);
	return len <= b->types_len - off ? len : 0;
}

/* Sizes the name index of the type's kind (type_bytes() checked the kind). */
static void count_named(struct btfr *b, const struct btf_type *t)
{
	if (t->name_off)
		b->names[btf_kind(t)].named++;
}

/* One pass over the types, recording where each starts. */
static int index_types(struct btfr *b, char *why)
{
	/* Every type takes at least a header: an upper bound on the count. */
	size_t most = b->types_len / sizeof(struct btf_type);
	uint32_t off = 0, n = 0;

	b->offsets = xmalloc((most ? most : 1) * sizeof(*b->offsets));
	while (off < b->types_len) {
		uint32_t len = type_bytes(b, off);

		if (!len) {
			const struct btf_type *t = (const void *)(b->types + off);

			return fail(why, -EINVAL, "bad BTF type %u (kind %u) at byte %u",
				    b->first_id + n, b->types_len - off >= sizeof(*t) ?
				    btf_kind(t) : 0, off);
		}
		if ((uint64_t)b->first_id + n + 1 > UINT32_MAX)
			return fail(why, -EINVAL, "too many BTF types");
		count_named(b, (const void *)(b->types + off));
		b->offsets[n++] = off;
		off += len;
	}
	/* Shrinks in place: the untouched tail was never resident. */
	b->offsets = xrealloc(b->offsets, (n ? n : 1) * sizeof(*b->offsets));
	b->count = b->first_id + n;
	return 0;
}

static int parse_into(struct btfr *b, const void *data, size_t size, const struct btfr *base,
		      char *why)
{
	int err;

	b->base = base;
	b->first_id = base ? base->count : 1;
	b->first_str = base ? base->first_str + base->strs_len : 0;
	if (base && (uint64_t)base->first_str + base->strs_len > UINT32_MAX)
		return fail(why, -EINVAL, "base BTF strings too large to split on");
	err = parse_header(b, data, size, why);
	if (!err)
		err = check_strings(b, why);
	if (!err)
		err = index_types(b, why);
	return err;
}

int btfr_parse(const void *data, size_t size, const struct btfr *base, struct btfr **out,
	       char *why)
{
	struct btfr *b = xcalloc(1, sizeof(*b));
	int err = parse_into(b, data, size, base, why);

	if (err) {
		btfr_free(b);
		return err;
	}
	*out = b;
	return 0;
}

void btfr_free(struct btfr *b)
{
	if (!b)
		return;
	if (b->map)
		munmap(b->map, b->map_len);
	free(b->buf);
	free(b->offsets);
	for (int k = 0; k < NR_BTF_KINDS; k++)
		free(b->names[k].slots);
	free(b);
}

/* ---- files ---- */

/* All of fd into one buffer (for files that cannot be mapped). */
static int read_all(int fd, size_t hint, void **out, size_t *len)
{
	size_t cap = hint ? hint : 1 << 16, n = 0;
	char *buf = xmalloc(cap);

	for (;;) {
		ssize_t r;

		if (n == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int err = -errno;

			free(buf);
			return err;
		}
		if (r == 0)
			break;
		n += r;
	}
	*out = buf;
	*len = n;
	return 0;
}

/* Map fd read-only, or read it: b->map or b->buf holds the bytes. */
static int load_file(int fd, struct btfr *b, const void **data, size_t *size)
{
	struct stat st;
	int err;

	if (fstat(fd, &st))
		return -errno;
	if (S_ISREG(st.st_mode) && st.st_size > 0) {
		void *m = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);

		if (m != MAP_FAILED) {
			b->map = m;
			b->map_len = st.st_size;
			*data = m;
			*size = st.st_size;
			return 0;
		}
	}
	/* Kernels before mmap-able BTF: one copy, no second one. */
	err = read_all(fd, S_ISREG(st.st_mode) ? st.st_size : 0, &b->buf, size);
	*data = b->buf;
	return err;
}

int btfr_open(const char *path, const struct btfr *base, struct btfr **out, char *why)
{
	struct btfr *b;
	const void *data = NULL;
	size_t size = 0;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		return fail(why, err, "%s: %s", path, strerror(-err));
	}
	b = xcalloc(1, sizeof(*b));
	err = load_file(fd, b, &data, &size);
	close(fd);
	if (err) {
		fail(why, err, "%s: %s", path, strerror(-err));
	} else if ((err = parse_into(b, data, size, base, why)) && why) {
		char detail[BTFR_WHY_LEN];

		snprintf(detail, sizeof(detail), "%s", why);
		fail(why, err, "%s: %s", path, detail);
	}
	if (err) {
		btfr_free(b);
		return err;
	}
	*out = b;
	return 0;
}

/* ---- queries ---- */

uint32_t btfr_count(const struct btfr *b)
{
	return b ? b->count : 0;
}

uint32_t btfr_first(const struct btfr *b)
{
	return b ? b->first_id : 0;
}

bool btfr_mapped(const struct btfr *b)
{
	return b && b->map;
}

const struct btf_type *btfr_type(const struct btfr *b, uint32_t id)
{
	if (!b || !id || id >= b->count)
		return NULL;
	if (id < b->first_id)
		return btfr_type(b->base, id);
	return (const void *)(b->types + b->offsets[id - b->first_id]);
}

const char *btfr_name(const struct btfr *b, uint32_t off)
{
	if (!b)
		return "";
	if (off < b->first_str)
		return btfr_name(b->base, off);
	off -= b->first_str;
	return off < b->strs_len ? b->strs + off : "";
}

const char *btfr_type_name(const struct btfr *b, uint32_t id)
{
	const struct btf_type *t = btfr_type(b, id);

	return t ? btfr_name(b, t->name_off) : "";
}

uint32_t btfr_skip_mods(const struct btfr *b, uint32_t id)
{
	for (int depth = 0; depth < MAX_CHAIN; depth++) {
		const struct btf_type *t = btfr_type(b, id);

		if (!t || !(btf_is_mod(t) || btf_is_typedef(t)))
			return id;
		id = t->type;
	}
	return id;
}

int64_t btfr_resolve_size(const struct btfr *b, uint32_t id)
{
	uint64_t nelems = 1;

	for (int depth = 0; depth < MAX_CHAIN; depth++) {
		const struct btf_type *t = btfr_type(b, id);

		if (!t)
			return -EINVAL;
		switch (btf_kind(t)) {
		case BTF_KIND_INT:
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
		case BTF_KIND_DATASEC:
		case BTF_KIND_FLOAT:
			return nelems * t->size <= INT32_MAX ? (int64_t)(nelems * t->size) :
			       -E2BIG;
		case BTF_KIND_PTR:
			return nelems * sizeof(void *) <= INT32_MAX ?
			       (int64_t)(nelems * sizeof(void *)) : -E2BIG;
		case BTF_KIND_ARRAY:
			nelems *= btf_array(t)->nelems;
			if (nelems > INT32_MAX)
				return -E2BIG;
			id = btf_array(t)->type;
			break;
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
		case BTF_KIND_VAR:
		case BTF_KIND_DECL_TAG:
			id = t->type;
			break;
		default:
			return -EINVAL;
		}
	}
	return -ELOOP;
}

/* ---- the name hash ---- */

/* FNV-1a: short kernel identifiers spread well enough. */
static uint32_t name_hash(const char *s)
{
	return fnv32_str(s);
}

/*
 * Name tables are built in two groups, each with one pass over the types:
 * the 56k FUNCs that only fentry and raw tracepoints look up, and every
 * other kind, which a script's first type name asks for several of in turn
 * (a bare name is tried as typedef, struct, union, enum, int).
 */
static bool in_group(int kind, bool funcs)
{
	return (kind == BTF_KIND_FUNC) == funcs;
}

static void insert_name(struct name_index *ix, const char *name, uint32_t id)
{
	uint32_t mask = ix->nslots - 1, i;

	for (i = name_hash(name) & mask; ix->slots[i]; i = (i + 1) & mask)
		;
	ix->slots[i] = id;
}

/*
 * Open addressing, at most 3/4 full.  Ids go in ascending order, so among
 * types of one name the lowest id comes first along the probe sequence, as
 * libbpf and C both see the first definition.
 */
static void build_name_group(struct btfr *b, bool funcs)
{
	for (int k = 0; k < NR_BTF_KINDS; k++) {
		struct name_index *ix = &b->names[k];
		uint32_t n = 1;

		if (!in_group(k, funcs))
			continue;
		while (n < ix->named + ix->named / 3 + 1)
			n *= 2;
		ix->slots = xcalloc(n, sizeof(*ix->slots));
		ix->nslots = n;
	}
	for (uint32_t id = b->first_id; id < b->count; id++) {
		const struct btf_type *t = btfr_type(b, id);
		const char *name;

		if (!t->name_off || !in_group(btf_kind(t), funcs))
			continue;
		name = btfr_name(b, t->name_off);
		if (*name)
			insert_name(&b->names[btf_kind(t)], name, id);
	}
}

static int find_own(const struct btfr *b, const char *name, int kind)
{
	const struct name_index *ix = &b->names[kind];
	uint32_t mask, id;

	if (!ix->nslots)
		build_name_group((struct btfr *)b, kind == BTF_KIND_FUNC);	/* a cache */
	mask = ix->nslots - 1;
	for (uint32_t i = name_hash(name) & mask; (id = ix->slots[i]); i = (i + 1) & mask)
		if (strcmp(btfr_type_name(b, id), name) == 0)
			return id;
	return -ENOENT;
}

int btfr_find(const struct btfr *b, const char *name, int kind)
{
	int id;

	if (!b || !name || !*name || kind <= 0 || kind >= NR_BTF_KINDS)
		return -ENOENT;
	if (b->base) {
		id = btfr_find(b->base, name, kind);
		if (id > 0)
			return id;
	}
	return find_own(b, name, kind);
}

size_t btfr_mem(const struct btfr *b)
{
	size_t own, bytes;

	if (!b)
		return 0;
	own = b->count - b->first_id;
	bytes = sizeof(*b) + (own ? own : 1) * sizeof(*b->offsets);
	for (int k = 0; k < NR_BTF_KINDS; k++)
		bytes += (size_t)b->names[k].nslots * sizeof(*b->names[k].slots);
	return bytes;
}

/* ---- the running kernel's BTF ---- */

struct kernel_btf {
	char *module;
	struct btfr *btf;	/* NULL: tried, absent or invalid */
};

static struct btfr *kernel_vmlinux;
static bool vmlinux_tried;
static VEC(struct kernel_btf) kernel_modules;

static struct btfr *kernel_open(const char *name, const struct btfr *base)
{
	char path[sizeof(KERNEL_BTF_DIR) + 256];
	char why[BTFR_WHY_LEN];
	struct btfr *b = NULL;
	int err;

	snprintf(path, sizeof(path), KERNEL_BTF_DIR "/%s", name);
	err = btfr_open(path, base, &b, why);
	/* A missing file is no news; a corrupt one is worth a word. */
	if (err == -EINVAL)
		fprintf(stderr, "WARNING: %s; kernel types unavailable\n", why);
	return err ? NULL : b;
}

/* Module names are file names in KERNEL_BTF_DIR, nothing that leaves it. */
static bool module_name_ok(const char *module)
{
	return *module && *module != '.' && !strchr(module, '/') && strlen(module) < 256;
}

const struct btfr *btfr_kernel(const char *module)
{
	struct kernel_btf m;

	if (!vmlinux_tried) {
		vmlinux_tried = true;
		kernel_vmlinux = kernel_open("vmlinux", NULL);
	}
	if (!module || strcmp(module, "vmlinux") == 0)
		return kernel_vmlinux;
	for (int i = 0; i < kernel_modules.n; i++)
		if (strcmp(kernel_modules.v[i].module, module) == 0)
			return kernel_modules.v[i].btf;
	m.module = xstrdup(module);
	m.btf = kernel_vmlinux && module_name_ok(module) ?
		kernel_open(module, kernel_vmlinux) : NULL;
	vec_push(&kernel_modules, m);
	return m.btf;
}

void btfr_kernel_free(void)
{
	for (int i = 0; i < kernel_modules.n; i++) {
		free(kernel_modules.v[i].module);
		btfr_free(kernel_modules.v[i].btf);
	}
	vec_free(&kernel_modules);
	btfr_free(kernel_vmlinux);
	kernel_vmlinux = NULL;
	vmlinux_tried = false;
}
