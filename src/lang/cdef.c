// SPDX-License-Identifier: GPL-2.0
/*
 * C definitions written in a script: `struct foo { int a; char s[16];
 * struct task_struct *t; };`, unions, and `enum e { A, B = 5 };`.  They
 * are laid out as C does and looked up before the kernel's BTF.
 */
#include "cdef.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"

struct cdef_type {
	char *name;		/* "struct foo" */
	struct type *type;
};

struct cdef_const {
	char *name;
	int64_t value;
	struct type *type;	/* its enum (named or anonymous), set when the enum ends */
};

typedef VEC(struct field) fieldvec;

/* An unnamed ':0' member before layout (bit_offset cannot be this large). */
#define BITFIELD_ZERO 0xffff

static VEC(struct cdef_type) defined_types;
static VEC(struct cdef_const) defined_consts;

/* ---- a tiny tokenizer over the definition's text ---- */

struct ctok {
	const char *p;
	char word[128];
	char punct;		/* one of { } ; * [ ] , : = or 0 for a word/number */
	bool eof;
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
			{ "unsigned long long", 8, false }, { "bool", 1, false },
		};
		size_t i;

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
	};

	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (strcmp(w, words[i]) == 0)
			return true;
	return false;
}

/*
 * One member: "TYPE WORDS [*...] NAME [ [N] ] [: BITS] ;" — the tokens up to ';'
 * are collected, the last word before '[' is the name, stars make
 * pointers, the words before them spell the type.
 */
static int parse_member(const struct source *src, struct loc loc, struct ctok *t,
			fieldvec *fields)
{
	char words[8][128], spelled[512] = "";
	int nwords = 0, stars = 0, i;
	int64_t count = 0, bits = -1;
	struct type *ft;
	struct field f = { 0 };

	while (!t->eof && t->punct != ';') {
		if (!t->punct) {
			if (nwords == 8)
				goto bad;
			snprintf(words[nwords++], sizeof(words[0]), "%s", t->word);
		} else if (t->punct == '*') {
			stars++;
		} else if (t->punct == '[') {
			ctok_next(t);
			count = strtoll(t->word, NULL, 0);
			ctok_next(t);
			if (t->punct != ']' || count <= 0 || count > 65536)
				goto bad;
		} else if (t->punct == ':') {
			ctok_next(t);
			bits = strtoll(t->word, NULL, 0);
			if (t->punct || bits < 0 || bits > 64)
				goto bad;
		} else {
			goto bad;
		}
		ctok_next(t);
	}
	if (t->eof || nwords < 1)
		goto bad;
	/* `unsigned int :4;` pads without a name */
	if (bits >= 0 && (nwords == 1 || is_type_word(words[nwords - 1])))
		snprintf(words[nwords++], sizeof(words[0]), "%s", "");
	if (nwords < 2)
		goto bad;
	ctok_next(t);	/* the ';' */
	for (i = 0; i < nwords - 1; i++) {
		if (i)
			strcat(spelled, " ");
		strcat(spelled, words[i]);
	}
	ft = base_type(src, loc, spelled);
	if (!ft)
		return -1;
	while (stars--)
		ft = type_ptr(ft, AS_KERNEL);
	if (count)
		ft = type_array(ft, count);
	if (bits >= 0 && (!type_is_int(ft) || bits > ft->size * 8)) {
		diag_error(src, loc, "bitfield %s: %lld bits do not fit its type",
			   words[nwords - 1], (long long)bits);
		return -1;
	}
	f.name = words[nwords - 1][0] ? xstrdup(words[nwords - 1]) : NULL;
	f.type = ft;
	/* bit_size 0 with BITFIELD_ZERO: an unnamed ':0' (align only) */
	f.bit_size = bits > 0 ? bits : 0;
	f.bit_offset = bits == 0 ? BITFIELD_ZERO : 0;
	vec_push(fields, f);
	return 0;
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

/* C layout: each member at its alignment; a union's members all at 0. */
static struct type *layout(const char *name, fieldvec *fields, bool is_union)
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

	for (i = 0; i < fields->n; i++)
		if (fields->v[i].name)
			fields->v[kept++] = fields->v[i];
	fields->n = kept;
	t = type_record(name, fields->v, fields->n, ALIGN_UP(size, align), is_union);
	t->align = align;
	return t;
}

/*
 * The enumerators from first on get their enum type: an 8-byte signed
 * TY_ENUM that prints its values by name (anonymous enums too).
 */
static struct type *enum_type(const char *name, int first)
{
	int n = defined_consts.n - first, i;
	struct enum_value *vals = xcalloc(n ? n : 1, sizeof(*vals));
	struct type *type;

	for (i = 0; i < n; i++) {
		vals[i].name = defined_consts.v[first + i].name;
		vals[i].value = defined_consts.v[first + i].value;
	}
	type = type_enum(name, 8, true, vals, n);
	free(vals);
	for (i = first; i < defined_consts.n; i++)
		defined_consts.v[i].type = type;
	return type;
}

static int define_enum(const struct source *src, struct loc loc, struct ctok *t)
{
	int64_t next = 0;

	while (!t->eof && t->punct != '}') {
		struct cdef_const c;

		if (t->punct) {
			diag_error(src, loc, "expected an enumerator name");
			return -1;
		}
		c.name = xstrdup(t->word);
		ctok_next(t);
		if (t->punct == '=') {
			ctok_next(t);
			next = strtoll(t->word, NULL, 0);
			ctok_next(t);
		}
		c.value = next++;
		vec_push(&defined_consts, c);
		if (t->punct == ',')
			ctok_next(t);
	}
	return 0;
}

static void add_type(const char *name, struct type *type)
{
	struct cdef_type def = { .name = xstrdup(name), .type = type };

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
	char name[160];
	int i, err;

	*out = NULL;
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
			struct type *et = enum_type(name, first);

			if (strcmp(name, "enum") != 0)
				add_type(name, et);
			ctok_next(t);	/* the '}' */
		}
		return err;
	}
	err = parse_members(src, loc, t, &fields);
	if (!err && fields.n == 0) {
		diag_error(src, loc, "%s has no members", name);
		err = -1;
	}
	if (!err) {
		*out = layout(name, &fields, strcmp(kind, "union") == 0);
		add_type(name, *out);
		ctok_next(t);	/* the '}' */
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
		snprintf(kind, sizeof(kind), "%s", t->word);
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
	int i;

	for (i = 0; i < defined_types.n; i++)
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
	int i;

	for (i = 0; i < defined_consts.n; i++) {
		if (strcmp(defined_consts.v[i].name, name) == 0) {
			*value = defined_consts.v[i].value;
			return defined_consts.v[i].type ? defined_consts.v[i].type : type_int(8, true);
		}
	}
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
}
