// SPDX-License-Identifier: GPL-2.0
/*
 * Value types.  Every type lives in one global list so that nodes, maps and
 * events can share pointers freely; types_free_all() releases the lot.
 * Scalar types are interned (one object per distinct scalar), aggregates
 * are not: type_equal() compares structurally.
 */
#include "lang/types.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

struct type_node {
	struct type t;
	struct type_node *next;
};

static struct type_node *all_types;
static unsigned generation;	/* types_free_all() calls */
static void type_strs_free(void);

static struct type *type_new(enum type_kind kind, uint32_t size, uint32_t align)
{
	struct type_node *n = xcalloc(1, sizeof(*n));

	n->t.kind = kind;
	n->t.size = size;
	n->t.align = align ? align : 1;
	n->next = all_types;
	all_types = n;
	return &n->t;
}

/*
 * Interned scalars, kept apart from all_types so that interning stays
 * cheap when BTF brings in thousands of aggregate types.
 */
static VEC(struct type *) scalars;

/* An interned scalar of this shape, or NULL. */
static struct type *find_scalar(enum type_kind kind, uint32_t size, bool is_signed,
				bool trunc_mark, bool no_nul)
{
	for (int i = 0; i < scalars.n; i++) {
		struct type *t = scalars.v[i];

		if (t->kind == kind && t->size == size && t->is_signed == is_signed &&
		    t->trunc_mark == trunc_mark && t->no_nul == no_nul)
			return t;
	}
	return NULL;
}

static struct type *scalar_flagged(enum type_kind kind, uint32_t size, uint32_t align,
				   bool is_signed, bool trunc_mark, bool no_nul)
{
	struct type *t = find_scalar(kind, size, is_signed, trunc_mark, no_nul);

	if (t)
		return t;
	t = type_new(kind, size, align);
	t->is_signed = is_signed;
	t->trunc_mark = trunc_mark;
	t->no_nul = no_nul;
	vec_push(&scalars, t);
	return t;
}

static struct type *scalar_marked(enum type_kind kind, uint32_t size, uint32_t align,
				  bool is_signed, bool trunc_mark)
{
	return scalar_flagged(kind, size, align, is_signed, trunc_mark, false);
}

static struct type *scalar(enum type_kind kind, uint32_t size, uint32_t align, bool is_signed)
{
	return scalar_marked(kind, size, align, is_signed, false);
}

struct type *type_none(void)
{
	return scalar(TY_NONE, 0, 1, false);
}

/*
 * A floating-point value (C's float, double, long double): sonde has no
 * floating point, so it is a value of no printable type, as in bpftrace:
 * it has a size and an alignment in the records that hold it and prints
 * as null.
 */
struct type *type_float(uint32_t size)
{
	return scalar(TY_NONE, size, size > 16 ? 16 : size, false);
}

struct type *type_int(int size, bool is_signed)
{
	if (size != 1 && size != 2 && size != 4 && size != 8)
		size = 8;
	return scalar(TY_INT, size, size, is_signed);
}

struct type *type_bool(void)
{
	return scalar(TY_BOOL, 1, 1, false);
}

struct type *type_str(uint32_t size)
{
	return scalar(TY_STR, size ? size : 1, 1, false);
}

struct type *type_str_chars(uint32_t size)
{
	return scalar_flagged(TY_STR, size ? size : 1, 1, false, false, true);
}

struct type *type_str_read(uint32_t size)
{
	return scalar_marked(TY_STR, size ? size : 1, 1, false, true);
}

struct type *type_buf(uint32_t size)
{
	return scalar(TY_BUF, size < 4 ? 4 : size, 4, false);
}

struct type *type_ptr(struct type *elem, enum addrspace as)
{
	struct type *t = type_new(TY_PTR, 8, 8);

	t->elem = elem;
	t->as = as;
	return t;
}

struct type *type_array(struct type *elem, uint32_t nelem)
{
	struct type *t = type_new(TY_ARRAY, elem ? elem->size * nelem : 0,
				  elem ? elem->align : 1);

	t->elem = elem;
	t->nelem = nelem;
	return t;
}

/* Kernel-side layout of the special values (see types.h). */
static const struct {
	uint32_t size, align;
} special_layout[TY_KIND_COUNT] = {
	[TY_CTX] = { 8, 8 },
	[TY_PROBE] = { 8, 8 },
	[TY_USERNAME] = { 8, 8 },
	[TY_TIMESTAMP] = { 8, 8 },
	[TY_KSTACK] = { 8, 8 },		/* stack id */
	[TY_USTACK] = { 16, 8 },	/* stack id, pid */
	[TY_KSYM] = { 8, 8 },		/* address */
	[TY_USYM] = { 16, 8 },		/* address, pid, probe */
	[TY_INET] = { 24, 8 },		/* u64 af; u8 addr[16] */
	[TY_MACADDR] = { 6, 1 },
	[TY_CGROUP_PATH] = { 16, 8 },	/* path id, cgroup id */
	[TY_STRERROR] = { 8, 8 },	/* errno */
};

struct type *type_special(enum type_kind kind)
{
	if (kind < 0 || kind >= TY_KIND_COUNT || !special_layout[kind].size)
		return type_none();
	return scalar(kind, special_layout[kind].size, special_layout[kind].align, false);
}

struct type *type_timestamp(const char *fmt)
{
	struct type *t = type_new(TY_TIMESTAMP, 8, 8);

	t->name = xstrdup(fmt);
	return t;
}

struct type *type_cgroup_path(const char *filter)
{
	struct type *t = type_special(TY_CGROUP_PATH);

	if (filter) {
		t = type_new(TY_CGROUP_PATH, t->size, t->align);
		t->name = xstrdup(filter);
	}
	return t;
}

struct type *type_stack(enum type_kind kind, int mode, int limit)
{
	struct type *t = type_new(kind, special_layout[kind].size, 8);

	t->stack_mode = mode;
	t->stack_limit = limit;
	return t;
}

struct type *type_sym(enum type_kind kind, enum sym_style style)
{
	struct type *t;

	if (style == SYM_PLAIN)
		return type_special(kind);
	t = type_new(kind, special_layout[kind].size, special_layout[kind].align);
	t->stack_mode = style;
	return t;
}

struct type *type_tuple(struct type *const *members, int n)
{
	struct type *t = type_new(TY_TUPLE, 0, 1);
	uint32_t off = 0, align = 1;

	t->nfields = n > 0 ? n : 0;
	t->fields = xcalloc(t->nfields ? t->nfields : 1, sizeof(*t->fields));
	for (int i = 0; i < t->nfields; i++) {
		uint32_t a = members[i] && members[i]->align ? members[i]->align : 1;

		off = ALIGN_UP(off, a);
		t->fields[i].type = members[i];
		t->fields[i].offset = off;
		off += members[i] ? members[i]->size : 0;
		align = MAX(align, a);
	}
	t->size = ALIGN_UP(off, align);
	t->align = align;
	return t;
}

struct type *type_named_tuple(struct type *const *members, const char *const *names, int n)
{
	struct type *t = type_tuple(members, n);

	for (int i = 0; names && i < t->nfields; i++)
		t->fields[i].name = names[i] ? xstrdup(names[i]) : NULL;
	return t;
}

const char **type_tuple_names(const struct type *t)
{
	const char **names;

	if (!t || t->kind != TY_TUPLE || !t->nfields || !t->fields[0].name)
		return NULL;
	names = xcalloc(t->nfields, sizeof(*names));
	for (int i = 0; i < t->nfields; i++)
		names[i] = t->fields[i].name;
	return names;
}

struct type *type_record(const char *name, struct field *fields, int nfields,
			 uint32_t size, bool is_union)
{
	struct type *t = type_new(TY_RECORD, size, 1);
	uint32_t align = 1;

	t->name = name ? xstrdup(name) : NULL;
	t->is_union = is_union;
	t->nfields = nfields > 0 ? nfields : 0;
	t->fields = xcalloc(t->nfields ? t->nfields : 1, sizeof(*t->fields));
	for (int i = 0; i < t->nfields; i++) {
		t->fields[i] = fields[i];
		t->fields[i].name = fields[i].name ? xstrdup(fields[i].name) : NULL;
		if (fields[i].type)
			align = MAX(align, fields[i].type->align);
	}
	t->align = align;
	return t;
}

void type_record_complete(struct type *t, const struct field *fields, int nfields,
			  uint32_t size, uint32_t align)
{
	for (int i = 0; i < t->nfields; i++)
		free(t->fields[i].name);
	free(t->fields);
	t->size = size;
	t->nfields = nfields > 0 ? nfields : 0;
	t->fields = xcalloc(t->nfields ? t->nfields : 1, sizeof(*t->fields));
	for (int i = 0; i < t->nfields; i++) {
		t->fields[i] = fields[i];
		t->fields[i].name = fields[i].name ? xstrdup(fields[i].name) : NULL;
	}
	t->align = align;
}

struct type *type_enum(const char *name, int size, bool is_signed,
		       const struct enum_value *vals, int n)
{
	struct type *t;

	if (size != 1 && size != 2 && size != 4 && size != 8)
		size = 4;
	t = type_new(TY_ENUM, size, size);
	t->is_signed = is_signed;
	t->name = name ? xstrdup(name) : NULL;
	t->nenumvals = n > 0 ? n : 0;
	t->enumvals = xcalloc(t->nenumvals ? t->nenumvals : 1, sizeof(*t->enumvals));
	for (int i = 0; i < t->nenumvals; i++) {
		t->enumvals[i].name = xstrdup(vals[i].name ? vals[i].name : "");
		t->enumvals[i].value = vals[i].value;
	}
	return t;
}

const char *type_enum_name(const struct type *t, int64_t value)
{
	if (!t || t->kind != TY_ENUM)
		return NULL;
	for (int i = 0; i < t->nenumvals; i++)
		if (t->enumvals[i].value == value)
			return t->enumvals[i].name;
	return NULL;
}

/* the two char types, made once (a DWARF or BTF walk asks for them often) */
static struct type *chars[2];

struct type *type_char(bool is_signed)
{
	struct type *t = chars[is_signed];

	if (t)
		return t;
	t = type_new(TY_INT, 1, 1);
	t->is_signed = is_signed;
	t->name = xstrdup("char");
	chars[is_signed] = t;
	return t;
}

bool type_is_char_array(const struct type *t)
{
	return t && t->kind == TY_ARRAY && t->elem && t->elem->kind == TY_INT &&
	       t->elem->name && strcmp(t->elem->name, "char") == 0;
}

unsigned types_generation(void)
{
	return generation;
}

void types_free_all(void)
{
	generation++;
	while (all_types) {
		struct type_node *n = all_types;

		all_types = n->next;
		for (int i = 0; i < n->t.nfields; i++)
			if (n->t.kind == TY_RECORD || n->t.kind == TY_CTX || n->t.kind == TY_TUPLE)
				free(n->t.fields[i].name);
		for (int i = 0; i < n->t.nenumvals; i++)
			free(n->t.enumvals[i].name);
		free(n->t.enumvals);
		free(n->t.fields);
		free(n->t.name);
		free(n);
	}
	chars[0] = chars[1] = NULL;
	vec_free(&scalars);
	type_strs_free();
}

static bool fields_equal(const struct type *a, const struct type *b)
{
	if (a->nfields != b->nfields)
		return false;
	for (int i = 0; i < a->nfields; i++) {
		const struct field *fa = &a->fields[i], *fb = &b->fields[i];

		if (fa->offset != fb->offset || fa->bit_offset != fb->bit_offset ||
		    fa->bit_size != fb->bit_size)
			return false;
		if ((fa->name || fb->name) &&
		    (!fa->name || !fb->name || strcmp(fa->name, fb->name)))
			return false;
		if (!type_equal(fa->type, fb->type))
			return false;
	}
	return true;
}

bool type_equal(const struct type *a, const struct type *b)
{
	if (a == b)
		return true;
	if (!a || !b || a->kind != b->kind || a->size != b->size)
		return false;
	switch (a->kind) {
	case TY_INT:
		return a->is_signed == b->is_signed;
	case TY_PTR:
		return type_equal(a->elem, b->elem);
	case TY_ARRAY:
		return a->nelem == b->nelem && type_equal(a->elem, b->elem);
	case TY_RECORD:
	case TY_ENUM:
		if (a->name || b->name)
			return a->name && b->name && !strcmp(a->name, b->name);
		return fields_equal(a, b);
	case TY_TUPLE:
	case TY_CTX:
		return fields_equal(a, b);
	default:
		return true;
	}
}

bool type_is_int(const struct type *t)
{
	return t && (t->kind == TY_INT || t->kind == TY_BOOL || t->kind == TY_ENUM);
}

/* Names of the kinds whose spelling does not depend on the layout. */
static const char *const fixed_names[TY_KIND_COUNT] = {
	[TY_NONE] = "none",
	[TY_BOOL] = "bool",
	[TY_CTX] = "ctx",
	[TY_PROBE] = "probe",
	[TY_USERNAME] = "username",
	[TY_TIMESTAMP] = "timestamp",
	[TY_KSTACK] = "kstack",
	[TY_USTACK] = "ustack",
	[TY_KSYM] = "ksym_t",
	[TY_USYM] = "usym_t",
	[TY_INET] = "inet",
	[TY_MACADDR] = "mac_address",
	[TY_CGROUP_PATH] = "cgroup_path_t",
	[TY_STRERROR] = "strerror_t",
};

static void name_into(struct strbuf *sb, const struct type *t)
{
	if (!t) {
		sb_adds(sb, "none");
		return;
	}
	switch (t->kind) {
	case TY_INT:
		sb_addf(sb, "%sint%u", t->is_signed ? "" : "u", t->size * 8);
		break;
	case TY_STR:
		sb_addf(sb, "string[%u]", t->size);
		break;
	case TY_BUF:
		sb_addf(sb, "buffer[%u]", t->size - 4);
		break;
	case TY_PTR:
		if (t->elem)
			name_into(sb, t->elem);
		else
			sb_adds(sb, "void");
		sb_adds(sb, " *");
		break;
	case TY_ARRAY:
		name_into(sb, t->elem);
		sb_addf(sb, "[%u]", t->nelem);
		break;
	case TY_TUPLE:
		sb_addc(sb, '(');
		for (int i = 0; i < t->nfields; i++) {
			if (i)
				sb_addc(sb, ',');
			if (t->fields[i].name)	/* a record literal: (a=1, b=2) */
				sb_addf(sb, "%s=", t->fields[i].name);
			name_into(sb, t->fields[i].type);
		}
		sb_addc(sb, ')');
		break;
	case TY_RECORD:
		sb_adds(sb, t->name ? t->name : (t->is_union ? "union" : "record"));
		break;
	case TY_ENUM:
		if (t->name)
			sb_adds(sb, t->name);
		else
			sb_addf(sb, "%sint%u", t->is_signed ? "" : "u", t->size * 8);
		break;
	default:
		sb_adds(sb, t->kind < TY_KIND_COUNT && fixed_names[t->kind] ?
			fixed_names[t->kind] : "unknown");
		break;
	}
}

char *type_name(const struct type *t)
{
	struct strbuf sb;

	sb_init(&sb);
	name_into(&sb, t);
	return sb_steal(&sb);
}

/*
 * Names for error messages: owned here and freed by types_free_all(), so
 * a message can name a type without a free() after it.
 */
static VEC(char *) type_strs;

const char *type_msg(const struct type *t)
{
	char *name = type_name(t);

	vec_push(&type_strs, name);
	return name;
}

static void type_strs_free(void)
{
	for (int i = 0; i < type_strs.n; i++)
		free(type_strs.v[i]);
	vec_free(&type_strs);
}
