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
};

typedef VEC(struct field) fieldvec;

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

/*
 * One member: "TYPE WORDS [*...] NAME [ [N] ] ;" — the tokens up to ';'
 * are collected, the last word before '[' is the name, stars make
 * pointers, the words before them spell the type.
 */
static int parse_member(const struct source *src, struct loc loc, struct ctok *t,
			fieldvec *fields)
{
	char words[8][128], spelled[512] = "";
	int nwords = 0, stars = 0, i;
	int64_t count = 0;
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
			diag_error(src, loc, "bitfields in script structs are not supported yet");
			return -1;
		} else {
			goto bad;
		}
		ctok_next(t);
	}
	if (t->eof || nwords < 2)
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
	f.name = xstrdup(words[nwords - 1]);
	f.type = ft;
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

/* C layout: each member at its alignment; a union's members all at 0. */
static struct type *layout(const char *name, fieldvec *fields, bool is_union)
{
	uint32_t off = 0, size = 0, align = 1;
	struct type *t;
	int i;

	for (i = 0; i < fields->n; i++) {
		struct type *ft = fields->v[i].type;
		uint32_t a = ft->align ? ft->align : 1;

		if (ft->kind == TY_PTR)
			a = 8;
		off = is_union ? 0 : ALIGN_UP(off, a);
		fields->v[i].offset = off;
		off += ft->size;
		size = MAX(size, off);
		align = MAX(align, a);
	}
	t = type_record(name, fields->v, fields->n, ALIGN_UP(size, align), is_union);
	t->align = align;
	return t;
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

int cdef_define(const struct source *src, struct node *n)
{
	fieldvec fields = { 0 };
	struct cdef_type def;
	struct ctok t = { .p = n->str };
	char kind[16], name[160];
	bool is_union;
	int i, err;

	ctok_next(&t);
	snprintf(kind, sizeof(kind), "%s", t.word);
	if (strcmp(kind, "typedef") == 0) {
		diag_error(src, n->loc, "typedef in scripts is not supported yet");
		return -1;
	}
	ctok_next(&t);
	if (t.punct) {
		diag_error(src, n->loc, "anonymous %s definitions are not supported", kind);
		return -1;
	}
	snprintf(name, sizeof(name), "%s %s", kind, t.word);
	ctok_next(&t);
	if (t.punct != '{') {
		diag_error(src, n->loc, "expected '{' after %s", name);
		return -1;
	}
	ctok_next(&t);
	if (strcmp(kind, "enum") == 0)
		return define_enum(src, n->loc, &t);
	is_union = strcmp(kind, "union") == 0;
	err = parse_members(src, n->loc, &t, &fields);
	if (!err && fields.n == 0) {
		diag_error(src, n->loc, "%s has no members", name);
		err = -1;
	}
	if (!err) {
		def.name = xstrdup(name);
		def.type = layout(name, &fields, is_union);
		vec_push(&defined_types, def);
	}
	for (i = 0; i < fields.n; i++)
		free(fields.v[i].name);
	vec_free(&fields);
	return err;
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
	int i;

	for (i = 0; i < defined_consts.n; i++) {
		if (strcmp(defined_consts.v[i].name, name) == 0) {
			*value = defined_consts.v[i].value;
			return true;
		}
	}
	return false;
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
