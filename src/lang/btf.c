// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel types from vmlinux BTF, converted on demand (see btf.h).
 *
 * Conversion is memoised per BTF id.  Records reached through a pointer
 * become shells (name, size, btf_id, no fields) and are only expanded when
 * someone looks inside, which keeps task_struct from dragging in most of
 * the kernel's type graph and breaks every cycle.  Records embedded by
 * value are converted in full; a record already being converted (only
 * possible through arrays reached from a pointer) falls back to a shell.
 */
#include "lang/btf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "btf/btfread.h"
#include "util.h"

/* Nested typedef/const chains and pointer-to-array recursion stop here. */
#define MAX_DEPTH 64

static const struct btfr *vmlinux;	/* shared: btfr_kernel() */
static int load_err;		/* cached btf_init() failure */
static uint32_t ntypes;

/*
 * What has been converted, by BTF id: a small open-addressed table, since
 * a script touches a few hundred of vmlinux's 100k+ types and arrays
 * indexed by id would fault in a page for nearly every one of them.
 * Entries move when the table grows: never hold one across convert().
 */
struct conv {
	uint32_t id;		/* 0: a free slot */
	bool in_progress;	/* record conversion under way */
	struct type *full;	/* the converted type */
	struct type *shell;	/* the shell of a record */
};
static struct conv *convs;
static uint32_t nconvs, conv_slots;	/* used, and a power of two */

/* Fields that type_find_field found through anonymous members. */
struct found_field {
	const struct type *owner;
	struct field f;
	struct found_field *next;
};
static struct found_field *found;

/* Every enumerator, sorted by name, for btf_enum_value(). */
struct enumerator {
	const char *name;
	int64_t value;
};
typedef VEC(struct enumerator) enumerator_vec;
typedef VEC(const char *) name_vec;
static struct enumerator *enumerators;
static int nenumerators;

int btf_init(void)
{
	if (vmlinux)
		return 0;
	if (load_err)
		return load_err;
	vmlinux = btfr_kernel(NULL);
	if (!vmlinux) {
		load_err = -ENOENT;
		return load_err;
	}
	ntypes = btfr_count(vmlinux);
	return 0;
}

static uint32_t conv_home(uint32_t id)
{
	return (id * 2654435761u) & (conv_slots - 1);
}

static struct conv *conv_slot(uint32_t id)
{
	uint32_t i = conv_home(id);

	while (convs[i].id && convs[i].id != id)
		i = (i + 1) & (conv_slots - 1);
	return &convs[i];
}

/* Double the table, keeping it at most half full. */
static void conv_grow(void)
{
	struct conv *old = convs;
	uint32_t n = conv_slots;

	conv_slots = n ? n * 2 : 256;
	convs = xcalloc(conv_slots, sizeof(*convs));
	for (uint32_t i = 0; i < n; i++)
		if (old[i].id)
			*conv_slot(old[i].id) = old[i];
	free(old);
}

/* The entry of id, made when missing. */
static struct conv *conv_of(uint32_t id)
{
	struct conv *c;

	if ((nconvs + 1) * 2 > conv_slots)
		conv_grow();
	c = conv_slot(id);
	if (!c->id) {
		c->id = id;
		nconvs++;
	}
	return c;
}

/* The entry of id, or NULL: lookups that add nothing. */
static const struct conv *conv_find(uint32_t id)
{
	const struct conv *c;

	if (!convs)
		return NULL;
	c = conv_slot(id);
	return c->id ? c : NULL;
}

static void conv_free(void)
{
	free(convs);
	convs = NULL;
	nconvs = conv_slots = 0;
}

/*
 * Drop the converted types (they live in the type table, which the caller
 * is about to free) but keep the loaded BTF: the fuzzer compiles many
 * programs in one process.
 */
void btf_forget_types(void)
{
	while (found) {
		struct found_field *n = found->next;

		free(found);
		found = n;
	}
	conv_free();
}

void btf_free(void)
{
	while (found) {
		struct found_field *n = found->next;

		free(found);
		found = n;
	}
	conv_free();
	free(enumerators);
	enumerators = NULL;
	nenumerators = 0;
	ntypes = 0;
	load_err = 0;
	btfr_kernel_free();
	vmlinux = NULL;
}

static const char *name_of(const struct btf_type *bt)
{
	return btfr_name(vmlinux, bt->name_off);
}

/* Through typedefs and qualifiers to the type that has a layout. */
static uint32_t skip_mods(uint32_t id)
{
	for (int depth = 0; id && depth < MAX_DEPTH; depth++) {
		const struct btf_type *bt = btfr_type(vmlinux, id);

		if (!bt || !(btf_is_mod(bt) || btf_is_typedef(bt)))
			break;
		id = bt->type;
	}
	return id;
}

static struct type *convert(uint32_t id, bool shallow, int depth);

/* Whether the record id is being converted (a cycle through arrays). */
static bool converting(uint32_t id)
{
	const struct conv *c = conv_find(id);

	return c && c->in_progress;
}

/* "struct foo" / "union foo", or NULL for anonymous records. */
static char *record_name(const struct btf_type *bt)
{
	const char *n = name_of(bt);

	if (!n || !*n)
		return NULL;
	return xasprintf("%s %s", btf_is_union(bt) ? "union" : "struct", n);
}

static uint32_t record_align(const struct btf_type *bt)
{
	/* BTF has no alignment; pointers and longs make most records 8. */
	if (bt->size >= 8 && bt->size % 8 == 0)
		return 8;
	if (bt->size % 4 == 0)
		return 4;
	return bt->size % 2 == 0 ? 2 : 1;
}

static struct type *shell(uint32_t id, const struct btf_type *bt)
{
	const struct conv *c = conv_find(id);
	struct type *t;
	char *name;

	if (c && c->shell)
		return c->shell;
	name = record_name(bt);
	t = type_record(name, NULL, 0, bt->size, btf_is_union(bt));
	t->btf_id = id;
	t->align = record_align(bt);
	conv_of(id)->shell = t;
	free(name);
	return t;
}

static struct type *int_type(const struct btf_type *bt)
{
	uint8_t enc = btf_int_encoding(bt);
	bool is_signed = enc & BTF_INT_SIGNED;
	const char *n = name_of(bt);

	if (enc & BTF_INT_BOOL && bt->size == 1)
		return type_bool();
	if (bt->size == 1 && n && strstr(n, "char") && !strstr(n, "unsigned") &&
	    !strstr(n, "signed"))
		return type_char(is_signed);
	if (bt->size != 1 && bt->size != 2 && bt->size != 4 && bt->size != 8)
		return type_array(type_int(1, false), bt->size);	/* __int128 */
	return type_int(bt->size, is_signed);
}

static struct type *enum_type(uint32_t id, const struct btf_type *bt)
{
	int n = btf_vlen(bt);
	struct enum_value *vals = xcalloc(n ? n : 1, sizeof(*vals));
	bool is_signed = btf_kflag(bt);
	const char *tn = name_of(bt);
	char *name = tn && *tn ? xasprintf("enum %s", tn) : NULL;
	struct type *t;

	for (int i = 0; i < n; i++) {
		if (btf_is_enum(bt)) {
			const struct btf_enum *e = btf_enum(bt) + i;

			vals[i].name = (char *)btfr_name(vmlinux, e->name_off);
			vals[i].value = is_signed ? (int64_t)e->val : (int64_t)(uint32_t)e->val;
		} else {
			const struct btf_enum64 *e = btf_enum64(bt) + i;

			vals[i].name = (char *)btfr_name(vmlinux, e->name_off);
			vals[i].value = (int64_t)btf_enum64_value(e);
		}
	}
	t = type_enum(name, bt->size, is_signed, vals, n);
	t->btf_id = id;
	free(vals);
	free(name);
	return t;
}

/*
 * One member as a field: bitfields get the smallest load that covers them
 * starting at their first byte, so that offset + size never reaches past
 * the bytes the bitfield occupies by more than the load rounding.
 */
static void member_field(const struct btf_type *bt, int i, struct field *f, int depth)
{
	const struct btf_member *m = btf_members(bt) + i;
	uint32_t bit_off = btf_member_bit_offset(bt, i);
	uint32_t bits = btf_member_bitfield_size(bt, i);
	uint32_t tid = skip_mods(m->type);
	const struct btf_type *mt = btfr_type(vmlinux, tid);
	const char *n = btfr_name(vmlinux, m->name_off);

	f->name = n && *n ? (char *)n : NULL;
	if (!bits && mt && btf_is_int(mt) && btf_int_bits(mt) != mt->size * 8) {
		bits = btf_int_bits(mt);	/* old-style bitfield */
		bit_off += btf_int_offset(mt);
	}
	f->type = convert(m->type, false, depth + 1);
	if (!bits) {
		f->offset = bit_off / 8;
		return;
	}
	f->offset = bit_off / 8;
	f->bit_offset = bit_off % 8;
	f->bit_size = bits;
	{
		uint32_t need = (f->bit_offset + bits + 7) / 8, size = 1;
		bool is_signed = f->type && f->type->is_signed;

		while (size < need)
			size *= 2;
		f->type = type_int(size, is_signed);
	}
}

static struct type *record_type(uint32_t id, const struct btf_type *bt, int depth)
{
	int n = btf_vlen(bt);
	struct field *fields = xcalloc(n ? n : 1, sizeof(*fields));
	char *name = record_name(bt);
	struct type *t;

	conv_of(id)->in_progress = true;
	for (int i = 0; i < n; i++)
		member_field(bt, i, &fields[i], depth);
	conv_of(id)->in_progress = false;
	t = type_record(name, fields, n, bt->size, btf_is_union(bt));
	t->btf_id = id;
	t->align = MAX(t->align, record_align(bt));
	free(fields);
	free(name);
	return t;
}

/* A forward declaration: the complete type of the same name, or 0. */
static uint32_t complete_fwd(const struct btf_type *bt)
{
	int kind = btf_kflag(bt) ? BTF_KIND_UNION : BTF_KIND_STRUCT;
	int id = btfr_find(vmlinux, name_of(bt), kind);

	return id > 0 ? (uint32_t)id : 0;
}

static struct type *convert_kind(uint32_t id, const struct btf_type *bt, bool shallow,
				 int depth)
{
	switch (btf_kind(bt)) {
	case BTF_KIND_INT:
		return int_type(bt);
	case BTF_KIND_PTR:
		return type_ptr(convert(bt->type, true, depth + 1), AS_KERNEL);
	case BTF_KIND_ARRAY:
		return type_array(convert(btf_array(bt)->type, shallow, depth + 1),
				  btf_array(bt)->nelems);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (shallow || converting(id) || depth > MAX_DEPTH)
			return shell(id, bt);
		return record_type(id, bt, depth);
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return enum_type(id, bt);
	case BTF_KIND_FWD: {
		uint32_t cid = complete_fwd(bt);

		if (cid)
			return convert(cid, shallow, depth + 1);
		return type_record(NULL, NULL, 0, 0, btf_kflag(bt));
	}
	case BTF_KIND_FLOAT:
		return type_array(type_int(1, false), bt->size);
	default:
		return NULL;	/* void, functions: only seen behind pointers */
	}
}

/* Whether the conversion of this kind depends on `shallow`. */
static bool shape_depends_on_depth(const struct btf_type *bt)
{
	return btf_is_composite(bt) || btf_is_array(bt) || btf_is_fwd(bt);
}

static struct type *convert(uint32_t id, bool shallow, int depth)
{
	const struct btf_type *bt;
	const struct conv *c;
	struct type *t;

	id = skip_mods(id);
	if (!id || id >= ntypes || depth > MAX_DEPTH)
		return NULL;
	c = conv_find(id);
	if (c && c->full)
		return c->full;
	bt = btfr_type(vmlinux, id);
	if (!bt)
		return NULL;
	t = convert_kind(id, bt, shallow, depth);
	if (t && !(shallow && shape_depends_on_depth(bt)) &&
	    !(btf_is_composite(bt) && (c = conv_find(id)) && t == c->shell))
		conv_of(id)->full = t;
	return t;
}

struct type *btf_type_by_id(int id)
{
	if (btf_init() || id <= 0 || (uint32_t)id >= ntypes)
		return NULL;
	return convert(id, false, 0);
}

struct type *btf_resolve(struct type *t)
{
	if (!t || t->kind != TY_RECORD || !t->btf_id || t->nfields || btf_init())
		return t;
	if ((uint32_t)t->btf_id >= ntypes)
		return t;
	return convert(t->btf_id, false, 0) ?: t;
}

/* ---- names ---- */

struct kind_prefix {
	const char *prefix;
	int kind;
};

static const struct kind_prefix prefixes[] = {
	{ "struct ", BTF_KIND_STRUCT },
	{ "union ", BTF_KIND_UNION },
	{ "enum ", BTF_KIND_ENUM },
};

/* Kinds a bare name may be, in the order C would look it up. */
static const int bare_kinds[] = {
	BTF_KIND_TYPEDEF, BTF_KIND_STRUCT, BTF_KIND_UNION, BTF_KIND_ENUM,
	BTF_KIND_ENUM64, BTF_KIND_INT,
};

static struct type *by_name_kind(const char *name, int kind)
{
	int id = btfr_find(vmlinux, name, kind);

	if (id <= 0 && kind == BTF_KIND_ENUM)
		id = btfr_find(vmlinux, name, BTF_KIND_ENUM64);
	return id > 0 ? convert(id, false, 0) : NULL;
}

struct type *btf_type_by_name(const char *name)
{
	struct type *t;

	if (!name || btf_init())
		return NULL;
	while (*name == ' ')
		name++;
	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++) {
		size_t len = strlen(prefixes[i].prefix);

		if (strncmp(name, prefixes[i].prefix, len) == 0) {
			name += len;
			while (*name == ' ')
				name++;
			return by_name_kind(name, prefixes[i].kind);
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(bare_kinds); i++) {
		t = by_name_kind(name, bare_kinds[i]);
		if (t)
			return t;
	}
	return NULL;
}

/* ---- fields ---- */

static const struct field *find_in(const struct type *t, const char *name,
				   uint32_t *extra, int depth);

/* name inside the anonymous member f; *extra gets f's offset added. */
static const struct field *find_in_anon(const struct field *f, const char *name,
					uint32_t *extra, int depth)
{
	struct type *inner = btf_resolve(f->type);
	const struct field *r;
	uint32_t sub = 0;

	if (!inner || inner->kind != TY_RECORD)
		return NULL;
	r = find_in(inner, name, &sub, depth + 1);
	if (r)
		*extra += f->offset + sub;
	return r;
}

static const struct field *find_in(const struct type *t, const char *name,
				   uint32_t *extra, int depth)
{
	if (depth > MAX_DEPTH)
		return NULL;
	for (int i = 0; i < t->nfields; i++)
		if (t->fields[i].name && strcmp(t->fields[i].name, name) == 0)
			return &t->fields[i];
	for (int i = 0; i < t->nfields; i++) {
		const struct field *r;

		if (t->fields[i].name)
			continue;
		r = find_in_anon(&t->fields[i], name, extra, depth);
		if (r)
			return r;
	}
	return NULL;
}

/* A stable copy of f at offset +extra, owned here. */
static const struct field *found_copy(const struct type *owner, const struct field *f,
				      uint32_t extra)
{
	struct found_field *n;

	for (n = found; n; n = n->next)
		if (n->owner == owner && n->f.name == f->name &&
		    n->f.offset == f->offset + extra)
			return &n->f;
	n = xcalloc(1, sizeof(*n));
	n->owner = owner;
	n->f = *f;
	n->f.offset += extra;
	n->next = found;
	found = n;
	return &n->f;
}

const struct field *type_find_field(const struct type *t, const char *name)
{
	const struct field *f;
	uint32_t extra = 0;

	if (!t || !name)
		return NULL;
	if (t->kind == TY_RECORD && t->btf_id && !t->nfields)
		t = btf_resolve((struct type *)t);
	if (t->kind != TY_RECORD && t->kind != TY_CTX)
		return NULL;
	f = find_in(t, name, &extra, 0);
	if (!f || (f >= t->fields && f < t->fields + t->nfields))
		return f;
	return found_copy(t, f, extra);
}

/* ---- enumerators ---- */

static int cmp_enumerators(const void *a, const void *b)
{
	const struct enumerator *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static void add_enumerators(const struct btf_type *bt, enumerator_vec *all)
{
	bool is_signed = btf_kflag(bt);

	for (int i = 0; i < btf_vlen(bt); i++) {
		struct enumerator e;

		if (btf_is_enum(bt)) {
			const struct btf_enum *be = btf_enum(bt) + i;

			e.name = btfr_name(vmlinux, be->name_off);
			e.value = is_signed ? (int64_t)be->val : (int64_t)(uint32_t)be->val;
		} else {
			const struct btf_enum64 *be = btf_enum64(bt) + i;

			e.name = btfr_name(vmlinux, be->name_off);
			e.value = (int64_t)btf_enum64_value(be);
		}
		if (e.name && *e.name)
			vec_push(all, e);
	}
}

static void index_enumerators(void)
{
	enumerator_vec all = { 0 };

	for (uint32_t id = 1; id < ntypes; id++) {
		const struct btf_type *bt = btfr_type(vmlinux, id);

		if (bt && btf_is_any_enum(bt))
			add_enumerators(bt, &all);
	}
	/* A name defined twice (separate units) resolves to either. */
	qsort(all.v, all.n, sizeof(*all.v), cmp_enumerators);
	enumerators = all.v ? all.v : xcalloc(1, sizeof(*enumerators));
	nenumerators = all.n;
}

bool btf_enum_value(const char *name, int64_t *value)
{
	struct enumerator key = { .name = name }, *e;

	if (!name || btf_init())
		return false;
	if (!enumerators)
		index_enumerators();
	e = bsearch(&key, enumerators, nenumerators, sizeof(*e), cmp_enumerators);
	if (!e)
		return false;
	*value = e->value;
	return true;
}

/* ---- functions ---- */

static const struct btf_type *func_proto(const char *func)
{
	int id = btfr_find(vmlinux, func, BTF_KIND_FUNC);
	const struct btf_type *bt;

	if (id <= 0)
		return NULL;
	bt = btfr_type(vmlinux, btfr_type(vmlinux, id)->type);
	return bt && btf_is_func_proto(bt) ? bt : NULL;
}

struct type *btf_func_args(const char *func, struct type **ret)
{
	const struct btf_type *proto;
	struct field *fields;
	struct type *t;
	int n = 0, slots = 0;

	if (!func || btf_init() || !(proto = func_proto(func)))
		return NULL;
	fields = xcalloc(btf_vlen(proto) + 1, sizeof(*fields));
	for (int i = 0; i < btf_vlen(proto); i++) {
		const struct btf_param *p = btf_params(proto) + i;
		const char *pn = btfr_name(vmlinux, p->name_off);

		if (!p->type)
			break;		/* "...": variadic */
		fields[n].name = pn && *pn ? (char *)pn : NULL;
		fields[n].type = convert(p->type, true, 0);
		fields[n].offset = 8 * slots;
		/* a struct passed by value (up to 16 bytes) takes two slots */
		slots += fields[n].type && fields[n].type->size > 8 ?
			 (fields[n].type->size + 7) / 8 : 1;
		n++;
	}
	t = type_record(NULL, fields, n, 8 * slots, false);
	t->kind = TY_CTX;
	t->align = 8;
	t->name = xasprintf("struct _fentry_%s", func);
	free(fields);
	if (ret)
		*ret = convert(proto->type, true, 0);
	return t;
}

/* ---- "did you mean" ---- */

int name_distance(const char *a, const char *b)
{
	int la = strlen(a), lb = strlen(b);
	int *row = xcalloc(lb + 1, sizeof(*row));
	int best;

	for (int j = 0; j <= lb; j++)
		row[j] = j;
	for (int i = 1; i <= la; i++) {
		int prev = row[0];

		row[0] = i;
		for (int j = 1; j <= lb; j++) {
			int cur = row[j];

			best = prev + (a[i - 1] != b[j - 1]);
			best = MIN(best, row[j] + 1);
			best = MIN(best, row[j - 1] + 1);
			row[j] = best;
			prev = cur;
		}
	}
	best = row[lb];
	free(row);
	return best;
}

/* Close enough to suggest: a third of the name may differ. */
static bool close_enough(const char *name, int d)
{
	return d > 0 && d * 3 <= (int)strlen(name) + 2;
}

const char *nearest_name(const char *name, const char *const *cands, int n)
{
	const char *best = NULL;
	int best_d = 1 << 30;

	for (int i = 0; i < n; i++) {
		int d;

		if (!cands[i])
			continue;
		d = name_distance(name, cands[i]);
		if (d < best_d && close_enough(name, d)) {
			best = cands[i];
			best_d = d;
		}
	}
	return best;
}

static void collect_fields(const struct type *t, name_vec *names, int depth)
{
	if (!t || depth > MAX_DEPTH)
		return;
	for (int i = 0; i < t->nfields; i++) {
		if (t->fields[i].name)
			vec_push(names, t->fields[i].name);
		else
			collect_fields(btf_resolve(t->fields[i].type), names, depth + 1);
	}
}

const char *type_nearest_field(const struct type *t, const char *name)
{
	name_vec names = { 0 };
	const char *best;

	if (!t || !name)
		return NULL;
	if (t->kind == TY_RECORD && t->btf_id && !t->nfields)
		t = btf_resolve((struct type *)t);
	collect_fields(t, &names, 0);
	best = nearest_name(name, names.v, names.n);
	vec_free(&names);
	return best;
}

const char *btf_nearest_type(const char *name)
{
	const char *best = NULL;
	int best_d = 1 << 30;

	if (!name || btf_init())
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (strncmp(name, prefixes[i].prefix, strlen(prefixes[i].prefix)) == 0)
			name += strlen(prefixes[i].prefix);
	for (uint32_t id = 1; id < ntypes; id++) {
		const struct btf_type *bt = btfr_type(vmlinux, id);
		const char *n;
		int d;

		if (!bt || !(btf_is_composite(bt) || btf_is_typedef(bt)))
			continue;
		n = name_of(bt);
		/* Cheap length filter before the quadratic distance. */
		if (!n || !*n || abs((int)strlen(n) - (int)strlen(name)) >= best_d)
			continue;
		d = name_distance(name, n);
		if (d < best_d && close_enough(name, d)) {
			best = n;
			best_d = d;
		}
	}
	return best;
}

/* A per-CPU variable: a VAR inside the .data..percpu section. */
int btf_percpu_var(const char *name)
{
	const struct btf_type *sec;
	const struct btf_var_secinfo *vs;
	int id, sec_id;

	if (btf_init() < 0)
		return -ENOENT;
	id = btfr_find(vmlinux, name, BTF_KIND_VAR);
	sec_id = btfr_find(vmlinux, ".data..percpu", BTF_KIND_DATASEC);
	if (id <= 0 || sec_id <= 0)
		return -ENOENT;
	sec = btfr_type(vmlinux, sec_id);
	vs = btf_var_secinfos(sec);
	for (int i = 0; i < btf_vlen(sec); i++)
		if ((int)vs[i].type == id)
			return id;
	return -EINVAL;
}

int btf_kfunc_id(const char *name)
{
	int id;

	if (btf_init() < 0)
		return -ENOENT;
	id = btfr_find(vmlinux, name, BTF_KIND_FUNC);
	return id > 0 ? id : -ENOENT;
}

struct type *btf_var_type(int var_id)
{
	const struct btf_type *var;

	if (btf_init() < 0 || var_id <= 0)
		return NULL;
	var = btfr_type(vmlinux, var_id);
	if (!var || btf_kind(var) != BTF_KIND_VAR)
		return NULL;
	return btf_type_by_id(var->type);
}
