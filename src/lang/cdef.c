// SPDX-License-Identifier: GPL-2.0
/*
 * C definitions written in a script: `struct foo { int a; char s[16];
 * struct task_struct *t; };`, unions, and `enum e { A, B = 5 };`.  They
 * are laid out as C does and looked up before the kernel's BTF.
 */
#include "cdef.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"
#include "hindex.h"

struct cdef_type {
	char *name;		/* "struct foo" */
	struct type *type;
};

struct cdef_const {
	char *name;
	int64_t value;
	struct type *type;	/* its enum: values print by name */
};

typedef VEC(struct field) fieldvec;

/* An unnamed ':0' member before layout (bit_offset cannot be this large). */
#define BITFIELD_ZERO 0xffff

static VEC(struct cdef_type) defined_types;
static VEC(struct cdef_const) defined_consts;
/* name hash -> position of the first definition of that name: linear time */
static struct hindex type_index, const_index;

/* ---- a tiny tokenizer over the definition's text ---- */

struct ctok {
	const char *p;
	char word[128];
	char punct;		/* one of { } ; * [ ] , : = or 0 for a word/number */
	bool eof;
	bool too_long;		/* a word longer than word[] was seen: an error */
};

static void ctok_next(struct ctok *t)
{
	size_t n = 0;

	for (;;) {
		while (*t->p && isspace((unsigned char)*t->p))
			t->p++;
		if (t->p[0] == '/' && t->p[1] == '/') {
			t->p += strcspn(t->p, "\n");
		} else if (t->p[0] == '/' && t->p[1] == '*') {
			const char *end = strstr(t->p + 2, "*/");

			t->p = end ? end + 2 : t->p + strlen(t->p);
		} else {
			break;
		}
	}
	t->word[0] = '\0';
	t->punct = 0;
	t->eof = !*t->p;
	if (t->eof)
		return;
	if (isalnum((unsigned char)*t->p) || *t->p == '_') {
		while ((isalnum((unsigned char)*t->p) || *t->p == '_') && n + 1 < sizeof(t->word))
			t->word[n++] = *t->p++;
		t->word[n] = '\0';
		/* never split a long name into two words silently */
		while (isalnum((unsigned char)*t->p) || *t->p == '_') {
			t->p++;
			t->too_long = true;
		}
		return;
	}
	t->punct = *t->p++;
}

/* ---- types of members ---- */

static struct type *base_type(const struct source *src, struct loc loc, const char *spelled)
{
	struct type *t = cdef_type(spelled);

	if (!t)
		t = btf_type_by_name(spelled);
	if (!t) {
		static const struct { const char *name; int size; bool sign; } ints[] = {
			{ "char", 1, true }, { "signed char", 1, true }, { "unsigned char", 1, false },
			{ "short", 2, true }, { "unsigned short", 2, false }, { "int", 4, true },
			{ "unsigned int", 4, false }, { "unsigned", 4, false }, { "long", 8, true },
			{ "unsigned long", 8, false }, { "long long", 8, true },
			{ "unsigned long long", 8, false },
		};
		size_t i;

		if (strcmp(spelled, "bool") == 0 || strcmp(spelled, "_Bool") == 0)
			return type_bool();
		for (i = 0; i < ARRAY_SIZE(ints); i++)
			if (strcmp(ints[i].name, spelled) == 0)
				return type_int(ints[i].size, ints[i].sign);
		diag_error(src, loc, "unknown type '%s' in a struct definition", spelled);
	}
	return t;
}

/* A word that can only be part of a type, never a member's name. */
static bool is_type_word(const char *w)
{
	static const char *const words[] = {
		"int", "char", "short", "long", "unsigned", "signed", "bool", "_Bool",
		"float", "double",
	};

	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (strcmp(w, words[i]) == 0)
			return true;
	return false;
}

/* Qualifiers that change nothing sonde reads. */
static bool is_qualifier(const char *w)
{
	static const char *const words[] = {
		"const", "volatile", "restrict", "__restrict", "__const", "__volatile__",
	};

	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (strcmp(w, words[i]) == 0)
			return true;
	return false;
}

static int parse_members(const struct source *src, struct loc loc, struct ctok *t,
			 fieldvec *fields);
static struct type *layout(const char *name, fieldvec *fields, bool is_union, bool packed);
static void add_type(const char *name, struct type *type);

/*
 * A struct or union defined inside another: `struct [Tag] { ... }`, t past
 * the kind word and at the tag or '{'.  *spelled gets "struct Tag" when it
 * only names a type; otherwise the definition's type is returned.
 */
static struct type *nested_definition(const struct source *src, struct loc loc, struct ctok *t,
				      const char *kind, char *spelled, size_t size, int *err)
{
	char name[160];
	fieldvec sub = { 0 };
	struct type *type = NULL;

	snprintf(name, sizeof(name), "%s", kind);
	if (!t->punct) {
		snprintf(name, sizeof(name), "%s %s", kind, t->word);
		ctok_next(t);
	}
	if (t->punct != '{') {
		snprintf(spelled, size, "%.*s", (int)size - 1, name);
		return NULL;
	}
	ctok_next(t);
	*err = parse_members(src, loc, t, &sub);
	if (!*err) {
		type = layout(name, &sub, strcmp(kind, "union") == 0, false);
		if (strchr(name, ' '))
			add_type(name, type);
		ctok_next(t);	/* the '}' */
	}
	for (int i = 0; i < sub.n; i++)
		free(sub.v[i].name);
	vec_free(&sub);
	return type;
}

/* float and double: values sonde cannot read, printed null (type_float) */
static struct type *float_type(const char *spelled)
{
	if (strcmp(spelled, "float") == 0)
		return type_float(4);
	if (strcmp(spelled, "double") == 0 || strcmp(spelled, "long double") == 0)
		return type_float(strcmp(spelled, "double") == 0 ? 8 : 16);
	return NULL;
}

/* One declarator after the type: [*...] [NAME] [[N]...] [: BITS] */
struct declarator {
	char name[128];
	int stars;
	uint32_t dims[4];
	int ndims;
	int64_t bits;
};

static int read_declarator(struct ctok *t, struct declarator *d, bool have_name)
{
	while (t->punct == '*') {
		d->stars++;
		ctok_next(t);
	}
	if (!have_name && !t->punct) {
		snprintf(d->name, sizeof(d->name), "%s", t->word);
		ctok_next(t);
	}
	while (t->punct == '[') {
		int64_t count;

		ctok_next(t);
		count = t->punct == ']' ? 0 : strtoll(t->word, NULL, 0);	/* [] and [0]: flexible */
		if (t->punct != ']')
			ctok_next(t);
		if (t->punct != ']' || count < 0 || count > 65536 || d->ndims == 4)
			return -1;
		d->dims[d->ndims++] = (uint32_t)count;
		ctok_next(t);
	}
	d->bits = -1;
	if (t->punct == ':') {
		ctok_next(t);
		d->bits = strtoll(t->word, NULL, 0);
		if (t->punct || d->bits < 0 || d->bits > 64)
			return -1;
		ctok_next(t);
	}
	return 0;
}

static int add_member(const struct source *src, struct loc loc, struct type *base,
		      const struct declarator *d, fieldvec *fields)
{
	struct type *ft = base;
	struct field f = { 0 };

	for (int i = 0; i < d->stars; i++)
		ft = type_ptr(ft, AS_KERNEL);
	for (int i = d->ndims - 1; i >= 0; i--)	/* int m[2][3]: two arrays of three */
		ft = type_array(ft, d->dims[i]);
	if (!ft) {
		diag_error(src, loc, "member %s: a void member needs a pointer", d->name);
		return -1;
	}
	if (d->bits >= 0 && (!type_is_int(ft) || d->bits > ft->size * 8)) {
		diag_error(src, loc, "bitfield %s: %lld bits do not fit its type", d->name,
			   (long long)d->bits);
		return -1;
	}
	f.name = d->name[0] ? xstrdup(d->name) : NULL;
	f.type = ft;
	/* bit_size 0 with BITFIELD_ZERO: an unnamed ':0' (align only) */
	f.bit_size = d->bits > 0 ? d->bits : 0;
	f.bit_offset = d->bits == 0 ? BITFIELD_ZERO : 0;
	vec_push(fields, f);
	return 0;
}

/*
 * One member declaration: "[const] TYPE WORDS DECLARATOR [, DECLARATOR]... ;"
 * where TYPE may be a nested struct/union definition.  The words before
 * the first declarator spell the type; its last word is the first
 * member's name unless a '*' follows (or it is an unnamed bitfield).  The
 * ';' before '}' may be left out.
 */
static int parse_member(const struct source *src, struct loc loc, struct ctok *t,
			fieldvec *fields)
{
	char words[8][128], spelled[512] = "";
	struct type *base = NULL;
	bool have_name = false, is_void, nested;
	int nwords = 0, err = 0, i;

	while (!t->punct && !t->eof) {
		if (t->too_long) {
			diag_error(src, loc, "a name in this definition is longer than %d characters",
				   (int)sizeof(t->word) - 1);
			return -1;
		}
		if (is_qualifier(t->word)) {
			ctok_next(t);
			continue;
		}
		if (nwords == 0 && (strcmp(t->word, "struct") == 0 || strcmp(t->word, "union") == 0)) {
			char kind[8];

			snprintf(kind, sizeof(kind), "%.7s", t->word);
			ctok_next(t);
			base = nested_definition(src, loc, t, kind, words[0], sizeof(words[0]), &err);
			if (err)
				return -1;
			if (base)
				break;
			nwords = 1;
			continue;
		}
		if (nwords == 8)
			goto bad;
		snprintf(words[nwords++], sizeof(words[0]), "%s", t->word);
		ctok_next(t);
	}
	nested = base != NULL;	/* struct { ... } here: may go without a name */
	if (!base) {
		if (nwords < 1)
			goto bad;
		/* "int x": the name is the last word, unless a pointer follows or
		 * it is an unnamed bitfield's type ("unsigned int :4") */
		if (nwords >= 2 && t->punct != '*' &&
		    !(t->punct == ':' && is_type_word(words[nwords - 1])))
			have_name = true;
		for (i = 0; i < nwords - have_name; i++) {
			if (i)
				strcat(spelled, " ");
			strcat(spelled, words[i]);
		}
		is_void = strcmp(spelled, "void") == 0;
		base = is_void ? NULL : float_type(spelled);
		if (!base && !is_void && !(base = base_type(src, loc, spelled)))
			return -1;
	}
	for (;;) {
		struct declarator d = { 0 };

		if (have_name)
			snprintf(d.name, sizeof(d.name), "%s", words[nwords - 1]);
		if (read_declarator(t, &d, have_name) < 0)
			goto bad;
		/* "int;" declares nothing (C drops it): only a bitfield or a
		 * nested struct or union may have no name */
		if (!d.name[0] && d.bits < 0 && !nested)
			goto bad;
		if (add_member(src, loc, base, &d, fields) < 0)
			return -1;
		have_name = false;
		if (t->punct == ',') {
			ctok_next(t);
			continue;
		}
		if (t->punct == ';')
			ctok_next(t);
		else if (t->punct != '}')
			goto bad;
		return 0;
	}
bad:
	diag_error(src, loc, "cannot read a member of this definition (expected 'TYPE NAME;')");
	return -1;
}

static int parse_members(const struct source *src, struct loc loc, struct ctok *t,
			 fieldvec *fields)
{
	while (!t->eof && t->punct != '}')
		if (parse_member(src, loc, t, fields) < 0)
			return -1;
	return 0;
}

/*
 * A bitfield as the x86-64 ABI lays it out: in the storage unit of its
 * declared type that holds the current bit position, unless it would
 * straddle that unit's end, then at the next one; ':0' moves to the next
 * unit.  Returns the bit position after it.
 */
static uint64_t place_bitfield(struct field *f, uint64_t bitpos)
{
	uint32_t unit = f->type->size * 8;

	if (f->bit_offset == BITFIELD_ZERO) {
		f->bit_offset = 0;
		return ALIGN_UP(bitpos, unit);
	}
	if (bitpos / unit != (bitpos + f->bit_size - 1) / unit)
		bitpos = ALIGN_UP(bitpos, unit);
	f->offset = (uint32_t)(bitpos / unit) * f->type->size;
	f->bit_offset = (uint16_t)(bitpos - (uint64_t)f->offset * 8);
	return bitpos + f->bit_size;
}

/*
 * C layout: each member at its alignment (1 when packed); a union's
 * members all at 0.
 */
static struct type *layout(const char *name, fieldvec *fields, bool is_union, bool packed)
{
	uint64_t bitpos = 0;
	uint32_t size = 0, align = 1;
	struct type *t;
	int i;

	for (i = 0; i < fields->n; i++) {
		struct field *f = &fields->v[i];
		struct type *ft = f->type;
		uint32_t a = ft->align ? ft->align : 1;

		if (ft->kind == TY_PTR)
			a = 8;
		if (packed)
			a = 1;
		if (is_union)
			bitpos = 0;
		if (f->bit_size || f->bit_offset == BITFIELD_ZERO) {
			bitpos = place_bitfield(f, bitpos);
		} else {
			f->offset = ALIGN_UP((uint32_t)((bitpos + 7) / 8), a);
			bitpos = (uint64_t)(f->offset + ft->size) * 8;
		}
		size = MAX(size, (uint32_t)((bitpos + 7) / 8));
		align = MAX(align, a);
	}
	/* unnamed bitfields only pad: they are not members */
	int kept = 0;

	for (i = 0; i < fields->n; i++)	/* anonymous struct/union members stay */
		if (fields->v[i].name || fields->v[i].type->kind == TY_RECORD)
			fields->v[kept++] = fields->v[i];
	fields->n = kept;
	t = type_record(name, fields->v, fields->n, ALIGN_UP(size, align), is_union);
	t->align = align;
	return t;
}

/* `__attribute__((packed))` after the closing brace (t is past it). */
static bool is_packed(const struct ctok *t)
{
	struct ctok look = *t;

	for (; !look.eof && look.punct != ';'; ctok_next(&look))
		if (!look.punct && (strcmp(look.word, "packed") == 0 ||
				    strcmp(look.word, "__packed__") == 0))
			return true;
	return false;
}

/* The enumerators from the first, typed as their enum (printed by name). */
static struct type *enum_type(const char *name, int first)
{
	VEC(struct enum_value) vals = { 0 };
	struct type *type;

	for (int i = first; i < defined_consts.n; i++) {
		struct enum_value v = { defined_consts.v[i].name, defined_consts.v[i].value };

		vec_push(&vals, v);
	}
	type = type_enum(name, 4, true, vals.v, vals.n);
	for (int i = first; i < defined_consts.n; i++)
		defined_consts.v[i].type = type;
	vec_free(&vals);
	return type;
}

/* "= [-]NUMBER" of an enumerator: t at '='; -1 after an error. */
static int enum_value(const struct source *src, struct loc loc, struct ctok *t,
		      const char *name, int64_t *value)
{
	unsigned long long u;
	bool neg = false;
	char *end;

	ctok_next(t);
	if (t->punct == '-') {
		neg = true;
		ctok_next(t);
	}
	errno = 0;
	u = strtoull(t->word, &end, 0);
	if (t->punct || !t->word[0] || *end || errno == ERANGE ||
	    (neg && u > (unsigned long long)INT64_MAX + 1)) {
		diag_error(src, loc, "the value of %s is not an integer that fits in 64 bits", name);
		return -1;
	}
	*value = neg ? (int64_t)(0 - (uint64_t)u) : (int64_t)u;
	ctok_next(t);
	return 0;
}

static int define_enum(const struct source *src, struct loc loc, struct ctok *t)
{
	int64_t next = 0;

	while (!t->eof && t->punct != '}') {
		struct cdef_const c = { 0 };

		if (t->punct) {
			diag_error(src, loc, "expected an enumerator name");
			return -1;
		}
		c.name = xstrdup(t->word);
		ctok_next(t);
		if (t->punct == '=' && enum_value(src, loc, t, c.name, &next) < 0) {
			free(c.name);
			return -1;
		}
		c.value = next;
		next = (int64_t)((uint64_t)next + 1);	/* wraps, as the kernel's u64 enums do */
		if (!cdef_constant(c.name, &(int64_t){ 0 }))	/* the first one wins */
			hindex_add(&const_index, hindex_hash_str(c.name), defined_consts.n);
		vec_push(&defined_consts, c);
		if (t->punct == ',')
			ctok_next(t);
	}
	return 0;
}

static void add_type(const char *name, struct type *type)
{
	struct cdef_type def = { .name = xstrdup(name), .type = type };

	if (!cdef_type(name))	/* the first definition wins */
		hindex_add(&type_index, hindex_hash_str(name), defined_types.n);
	vec_push(&defined_types, def);
}

/*
 * struct/union/enum KIND [tag] { ... } with t after the kind word.  An
 * untagged one is named after the typedef that holds it (typedef_name).
 * *out gets the type (NULL for enums).
 */
static int define_aggregate_type(const struct source *src, struct loc loc, struct ctok *t,
				 const char *kind, const char *typedef_name, struct type **out)
{
	fieldvec fields = { 0 };
	struct type *self;
	char name[160];
	int i, err;

	*out = NULL;
	if (t->too_long) {
		diag_error(src, loc, "a name in this definition is longer than %d characters",
			   (int)sizeof(t->word) - 1);
		return -1;
	}
	if (t->punct && !typedef_name && strcmp(kind, "enum") != 0) {
		diag_error(src, loc, "anonymous %s definitions are not supported", kind);
		return -1;
	}
	if (t->punct && !typedef_name) {
		snprintf(name, sizeof(name), "enum");	/* enum { A, B }: the constants */
	} else if (t->punct) {
		snprintf(name, sizeof(name), "%s %s", kind, typedef_name);
	} else {
		snprintf(name, sizeof(name), "%s %s", kind, t->word);
		ctok_next(t);
	}
	if (t->punct != '{') {
		/* typedef struct foo name; */
		*out = cdef_type(name);
		if (!*out)
			*out = btf_type_by_name(name);
		if (!*out)
			diag_error(src, loc, "expected '{' after %s", name);
		return *out ? 0 : -1;
	}
	ctok_next(t);
	if (strcmp(kind, "enum") == 0) {
		int first = defined_consts.n;

		err = define_enum(src, loc, t);
		*out = type_int(4, false);
		if (!err) {
			*out = enum_type(name, first);
			if (strcmp(name, "enum") != 0)	/* anonymous: only its enumerators */
				add_type(name, *out);
			ctok_next(t);	/* the '}' */
		}
		return err;
	}
	/* known, incomplete, while its members are read: they may point to it */
	self = cdef_type(name) ? NULL : type_record(name, NULL, 0, 0, strcmp(kind, "union") == 0);
	if (self)
		add_type(name, self);
	err = parse_members(src, loc, t, &fields);
	if (!err && fields.n == 0) {
		diag_error(src, loc, "%s has no members", name);
		err = -1;
	}
	for (i = 0; !err && self && i < fields.n; i++) {
		const struct type *ft = fields.v[i].type;

		while (ft->kind == TY_ARRAY)
			ft = ft->elem;
		if (ft == self) {
			diag_error(src, loc, "member %s of %s has the type it is part of "
				   "(only a pointer to it is possible)",
				   fields.v[i].name ? fields.v[i].name : "", name);
			err = -1;
		}
	}
	if (!err) {
		ctok_next(t);	/* the '}' */
		*out = layout(name, &fields, strcmp(kind, "union") == 0, is_packed(t));
		if (self) {
			type_record_complete(self, (*out)->fields, (*out)->nfields, (*out)->size,
					     (*out)->align);
			*out = self;
		} else {
			add_type(name, *out);
		}
	}
	for (i = 0; i < fields.n; i++)
		free(fields.v[i].name);
	vec_free(&fields);
	return err;
}

static int define_aggregate(const struct source *src, struct loc loc, struct ctok *t,
			    const char *kind, const char *typedef_name)
{
	struct type *type;

	return define_aggregate_type(src, loc, t, kind, typedef_name, &type);
}

/* The name a typedef declares: the last word before the ';' (or '['). */
static bool typedef_target(const char *text, char *name, size_t size)
{
	const char *end = strrchr(text, ';'), *brace = strrchr(text, '}'), *p;

	if (!end)
		end = text + strlen(text);
	/* an array typedef: the name is before the last '[' after any body */
	p = strrchr(brace ? brace : text, '[');
	if (p && p < end)
		end = p;
	while (end > text && isspace((unsigned char)end[-1]))
		end--;
	p = end;
	while (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
		p--;
	if (p == end || (size_t)(end - p) >= size)
		return false;
	memcpy(name, p, end - p);
	name[end - p] = '\0';
	return true;
}

/*
 * typedef TYPE [*...] NAME [[N]];  and  typedef struct [tag] { ... } NAME;
 * t is past the word typedef.
 */
static int define_typedef(const struct source *src, struct node *n, struct ctok *t)
{
	char alias[128], words[512] = "", kind[16];
	struct type *type = NULL;
	int stars = 0;
	int64_t count = 0;

	ctok_next(t);	/* past "typedef" */
	if (!typedef_target(n->str, alias, sizeof(alias))) {
		diag_error(src, n->loc, "cannot read this typedef (expected 'typedef TYPE NAME;')");
		return -1;
	}
	if (!t->punct && (strcmp(t->word, "struct") == 0 || strcmp(t->word, "union") == 0 ||
			  strcmp(t->word, "enum") == 0)) {
		snprintf(kind, sizeof(kind), "%.7s", t->word);
		ctok_next(t);
		if (define_aggregate_type(src, n->loc, t, kind, alias, &type) < 0)
			return -1;
	}
	/* the words and stars up to the alias */
	while (!t->eof && t->punct != ';' && t->punct != '[') {
		if (t->punct == '*')
			stars++;
		else if (!t->punct && strcmp(t->word, alias) != 0)
			snprintf(words + strlen(words), sizeof(words) - strlen(words), "%s%s",
				 words[0] ? " " : "", t->word);
		else if (t->punct)
			break;
		ctok_next(t);
	}
	if (t->punct == '[') {
		ctok_next(t);
		count = strtoll(t->word, NULL, 0);
		if (count <= 0 || count > 65536) {
			diag_error(src, n->loc, "typedef %s: bad array size", alias);
			return -1;
		}
	}
	if (!type)
		type = base_type(src, n->loc, words);
	if (!type)
		return -1;
	while (stars-- > 0)
		type = type_ptr(type, AS_KERNEL);
	if (count)
		type = type_array(type, count);
	add_type(alias, type);
	return 0;
}

int cdef_define(const struct source *src, struct node *n)
{
	struct ctok t = { .p = n->str };
	char kind[16];

	ctok_next(&t);
	snprintf(kind, sizeof(kind), "%s", t.word);
	if (strcmp(kind, "typedef") == 0)
		return define_typedef(src, n, &t);
	ctok_next(&t);
	return define_aggregate(src, n->loc, &t, kind, NULL);
}

struct type *cdef_type(const char *name)
{
	uint64_t h = hindex_hash_str(name);
	size_t it;

	for (int i = hindex_first(&type_index, h, &it); i >= 0; i = hindex_next(&type_index, h, &it))
		if (strcmp(defined_types.v[i].name, name) == 0)
			return defined_types.v[i].type;
	return NULL;
}

bool cdef_constant(const char *name, int64_t *value)
{
	return cdef_enumerator(name, value) != NULL;
}

struct type *cdef_enumerator(const char *name, int64_t *value)
{
	uint64_t h = hindex_hash_str(name);
	size_t it;

	for (int i = hindex_first(&const_index, h, &it); i >= 0;
	     i = hindex_next(&const_index, h, &it)) {
		if (strcmp(defined_consts.v[i].name, name) == 0) {
			*value = defined_consts.v[i].value;
			return defined_consts.v[i].type ? defined_consts.v[i].type : type_int(8, true);
		}
	}
	return NULL;
}

struct type *cdef_constant_type(const char *name)
{
	for (int i = 0; i < defined_consts.n; i++)
		if (strcmp(defined_consts.v[i].name, name) == 0)
			return defined_consts.v[i].type;
	return NULL;
}

void cdef_free(void)
{
	int i;

	for (i = 0; i < defined_types.n; i++)
		free(defined_types.v[i].name);
	vec_free(&defined_types);
	for (i = 0; i < defined_consts.n; i++)
		free(defined_consts.v[i].name);
	vec_free(&defined_consts);
	hindex_free(&type_index);
	hindex_free(&const_index);
}
