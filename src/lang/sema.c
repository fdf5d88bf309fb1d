// SPDX-License-Identifier: GPL-2.0
/*
 * Semantic analysis of statements and expressions.  The tables of
 * builtins and functions live in sema_funcs.c; this file walks the tree.
 */
#include "sema.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lexer.h"
#include "btf.h"
#include "cdef.h"
#include "preproc.h"
#include "sema_internal.h"

void sema_err(struct sema *s, struct loc loc, const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;

	s->errors++;
	if (s->quiet)
		return;
	sb_init(&sb);
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_error(s->prog->src, loc, "%s", sb.buf);
	sb_free(&sb);
}

void sema_warn(struct sema *s, struct loc loc, const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;

	if (s->quiet)
		return;
	sb_init(&sb);
	sb_addf(&sb, "%d:%d:", loc.line, loc.col);
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	/* a wildcard's expansions share the source: one warning, not one each */
	for (int i = 0; i < s->warned.n; i++) {
		if (strcmp(s->warned.v[i], sb.buf) == 0) {
			sb_free(&sb);
			return;
		}
	}
	diag_warning(s->prog->src, loc, "%s", strchr(strchr(sb.buf, ':') + 1, ':') + 1);
	vec_push(&s->warned, sb_steal(&sb));
}

void sema_done(struct sema *s)
{
	for (int i = 0; i < s->warned.n; i++)
		free(s->warned.v[i]);
	vec_free(&s->warned);
	sema_anns_free(&s->anns);
}

/* ---- scratch variables: block scoped ---- */

/* The innermost variable called name, visible or not from a function body. */
static struct varinfo *var_innermost(struct sema *s, const char *name)
{
	uint64_t h = hindex_hash_str(name);
	size_t it;

	for (int i = hindex_first(&s->var_index, h, &it); i >= 0;
	     i = hindex_next(&s->var_index, h, &it))
		if (strcmp(s->allvars.v[i]->name, name) == 0)
			return s->allvars.v[i];
	return NULL;
}

static struct varinfo *var_find(struct sema *s, const char *name)
{
	struct varinfo *v = var_innermost(s, name);

	/* a function's body sees its parameters and its own variables only */
	return v && v->depth >= s->fn_floor ? v : NULL;
}

static struct varinfo *var_declare(struct sema *s, const char *name, struct type *t)
{
	struct varinfo *v = xcalloc(1, sizeof(*v));
	uint64_t h = hindex_hash_str(name);

	v->name = xstrdup(name);
	v->type = t;
	v->depth = s->depth;
	v->next = s->vars;
	v->index = s->allvars.n;
	v->shadowed = var_innermost(s, name);
	if (v->shadowed)
		hindex_del(&s->var_index, h, v->shadowed->index);
	hindex_add(&s->var_index, h, v->index);
	s->vars = v;
	vec_push(&s->allvars, v);
	return v;
}

static void scope_leave(struct sema *s)
{
	while (s->vars && s->vars->depth >= s->depth) {
		struct varinfo *v = s->vars;
		uint64_t h = hindex_hash_str(v->name);

		hindex_del(&s->var_index, h, v->index);
		if (v->shadowed)
			hindex_add(&s->var_index, h, v->shadowed->index);
		s->vars = v->next;
	}
}

/* ---- maps ---- */

struct mapinfo *sema_map_lookup(struct program *prog, const char *name)
{
	uint64_t h = hindex_hash_str(name);
	size_t it;

	for (int i = hindex_first(&prog->usermap_index, h, &it); i >= 0;
	     i = hindex_next(&prog->usermap_index, h, &it))
		if (strcmp(prog->usermaps.v[i]->name, name) == 0)
			return prog->usermaps.v[i];
	return NULL;
}

void sema_map_add(struct program *prog, struct mapinfo *m)
{
	hindex_add(&prog->usermap_index, hindex_hash_str(m->name), prog->usermaps.n);
	vec_push(&prog->usermaps, m);
}

void sema_map_reindex(struct program *prog)
{
	hindex_free(&prog->usermap_index);
	for (int i = 0; i < prog->usermaps.n; i++)
		hindex_add(&prog->usermap_index, hindex_hash_str(prog->usermaps.v[i]->name), i);
}

struct mapinfo *sema_map(struct sema *s, struct node *n)
{
	struct mapinfo *m = sema_map_lookup(s->prog, n->name);

	if (!m) {
		m = xcalloc(1, sizeof(*m));
		m->name = xstrdup(n->name);
		m->first_use = n->loc;
		m->spec = -1;
		m->max_entries = s->prog->cfg.map_keys_max;
		sema_map_add(s->prog, m);
	}
	sema_slot(s, n)->map = m;
	return m;
}

/* Integers widen to 64 bits as map keys and values; strings keep the larger size. */
static struct type *storage_type(struct type *t)
{
	struct type **members;
	struct type *out;
	int i;

	if (!t)
		return NULL;
	switch (t->kind) {
	case TY_INT:
		return type_int(8, t->is_signed);
	case TY_TUPLE: {
		const char **names = type_tuple_names(t);

		members = xcalloc(t->nfields, sizeof(*members));
		for (i = 0; i < t->nfields; i++)
			members[i] = storage_type(t->fields[i].type);
		out = type_named_tuple(members, names, t->nfields);
		free(members);
		free(names);
		return out;
	}
	default:
		return t;
	}
}

/*
 * What a variable holds: an integer keeps its size (`$x = 1` is an int8,
 * as bpftrace types it; later assignments promote it, and arithmetic
 * written back into it makes it 64 bits), a tuple keeps its members' own
 * sizes laid out as C lays out a struct (as bpftrace does:
 * sizeof(((int8)1, (int32)2)) is 8 held in a variable too).
 */
static struct type *var_storage_type(struct type *t)
{
	return t && (t->kind == TY_TUPLE || t->kind == TY_INT) ? t : storage_type(t);
}

static bool is_void_ptr(const struct type *t)
{
	return !t->elem || (t->elem->kind == TY_INT && t->elem->size == 1);
}

/* Tuples of the same member names (none for plain tuples). */
static bool same_member_names(const struct type *a, const struct type *b)
{
	for (int i = 0; i < a->nfields; i++) {
		const char *x = a->fields[i].name, *y = b->fields[i].name;

		if ((x || y) && (!x || !y || strcmp(x, y)))
			return false;
	}
	return true;
}

static const struct field *find_named(const struct type *t, const char *name)
{
	for (int i = 0; name && i < t->nfields; i++)
		if (t->fields[i].name && strcmp(t->fields[i].name, name) == 0)
			return &t->fields[i];
	return NULL;
}

/* Two records with the same member names, in any order. */
static bool same_name_set(const struct type *a, const struct type *b)
{
	for (int i = 0; i < b->nfields; i++)
		if (!find_named(a, b->fields[i].name))
			return false;
	return a->nfields == b->nfields && a->nfields && a->fields[0].name;
}

/*
 * Two integers held in one place, promoted as bpftrace promotes: the
 * wider of two of one sign; of mixed signs, the signed one if it is wider
 * than the unsigned one, else a signed type twice the unsigned one's size.
 * Storage of 64 bits keeps the first (no wider type holds both).
 */
static struct type *merge_ints(struct type *old, struct type *new)
{
	const struct type *sgn, *uns;

	if (old->is_signed == new->is_signed)
		return new->size > old->size ? new : old;
	sgn = old->is_signed ? old : new;
	uns = old->is_signed ? new : old;
	if (sgn->size > uns->size)
		return (struct type *)sgn;
	if (uns->size == 8)
		return old->size == 8 ? old : type_int(8, true);
	return type_int(uns->size * 2, true);
}

/* Merge two storage types of the same shape (strings: larger wins). */
static struct type *merge_types(struct type *old, struct type *new, bool *ok)
{
	struct type **members;
	struct type *out;
	int i;

	*ok = true;
	if (!old)
		return new;
	if (!new || type_equal(old, new))
		return old;
	if (old->kind == TY_STR && new->kind == TY_STR)
		return old->size >= new->size ? old : new;
	if (old->kind == TY_INT && new->kind == TY_INT)
		return merge_ints(old, new);
	if (old->kind == TY_INT && new->kind == TY_BOOL)
		return old;	/* a bool stored where an integer lives is 0 or 1 */
	/* an enum mixed with an integer (or another enum) is an integer */
	if ((old->kind == TY_ENUM && (new->kind == TY_INT || new->kind == TY_ENUM)) ||
	    (new->kind == TY_ENUM && old->kind == TY_INT))
		return old->kind == TY_INT ? old : new->kind == TY_INT ? new : type_int(8, true);
	/* void * (a byte pointer here) takes any pointer, and goes into any */
	if (old->kind == TY_PTR && new->kind == TY_PTR && (is_void_ptr(old) || is_void_ptr(new)))
		return old;
	if (old->kind == TY_TUPLE && new->kind == TY_TUPLE && old->nfields == new->nfields &&
	    !same_member_names(old, new) && same_name_set(old, new)) {
		/* a record with its members in another order: stored by name */
		for (i = 0; i < new->nfields && *ok; i++) {
			const struct field *f = find_named(old, new->fields[i].name);

			merge_types(f->type, new->fields[i].type, ok);
		}
		return old;
	}
	if (old->kind == TY_TUPLE && new->kind == TY_TUPLE && old->nfields == new->nfields &&
	    same_member_names(old, new)) {
		const char **names = type_tuple_names(old);

		members = xcalloc(old->nfields, sizeof(*members));
		for (i = 0; i < old->nfields && *ok; i++)
			members[i] = merge_types(old->fields[i].type, new->fields[i].type, ok);
		out = *ok ? type_named_tuple(members, names, old->nfields) : old;
		free(members);
		free(names);
		return out;
	}
	*ok = false;
	return old;
}

static struct type *key_type(struct sema *s, struct node *const *keys, int nkeys)
{
	struct type **members;
	struct type *t;
	int i;

	if (nkeys == 0)
		return NULL;
	if (nkeys == 1)
		return storage_type(sema_type(s, keys[0]));
	members = xcalloc(nkeys, sizeof(*members));
	for (i = 0; i < nkeys; i++)
		members[i] = sema_type(s, keys[i]);
	t = storage_type(type_tuple(members, nkeys));
	free(members);
	return t;
}

static bool valid_key_type(struct type *t)
{
	int i;

	if (!t)
		return true;
	switch (t->kind) {
	case TY_INT: case TY_BOOL: case TY_STR: case TY_PROBE: case TY_USERNAME:
	case TY_PTR: case TY_ENUM: case TY_KSTACK: case TY_USTACK: case TY_KSYM: case TY_USYM:
	case TY_INET: case TY_CGROUP_PATH: case TY_TIMESTAMP: case TY_STRERROR: case TY_MACADDR:
	case TY_BUF:
		return true;
	case TY_ARRAY:	/* arrays and structs: their bytes are the key */
		return valid_key_type(t->elem);
	case TY_RECORD:
		t = btf_resolve(t);
		for (i = 0; i < t->nfields; i++)
			if (!valid_key_type(t->fields[i].type))
				return false;
		return true;
	case TY_TUPLE:
		for (i = 0; i < t->nfields; i++)
			if (!valid_key_type(t->fields[i].type))
				return false;
		return true;
	default:
		return false;
	}
}

/* Check the keys of an N_MAP and record the map's key type. */
void sema_map_keys(struct sema *s, struct node *map)
{
	sema_map_keys_of(s, map, map->args.v, map->args.n);
}

void sema_map_keys_of(struct sema *s, struct node *map, struct node *const *keys, int nkeys)
{
	struct mapinfo *m = sema_map(s, map);
	struct type *kt;
	bool ok;
	int i;

	for (i = 0; i < nkeys; i++)
		sema_expr(s, keys[i]);
	for (i = 0; i < nkeys; i++)
		if (!sema_type(s, keys[i]))
			return;
	kt = key_type(s, keys, nkeys);
	if (!valid_key_type(kt)) {
		sema_err(s, map->loc, "%s: invalid map key type %s", m->name, type_msg(kt));
		return;
	}
	if (!m->key_known) {
		m->key_known = true;
		m->keyed = kt != NULL;
	}
	if (m->keyed != (kt != NULL)) {
		sema_err(s, map->loc, "%s used with %s key%s", m->name, kt ? "a" : "no",
			 m->keyed ? "; it has keys elsewhere" : "; it has no keys elsewhere");
		return;
	}
	if (!kt)
		return;
	kt = merge_types(m->key, kt, &ok);
	if (!ok) {
		sema_err(s, map->loc, "Argument mismatch for %s: trying to access with arguments: '%s' when map expects arguments: '%s'",
			 m->name, type_msg(storage_type(key_type(s, keys, nkeys))), type_msg(m->key));
		return;
	}
	if (!s->final)
		m->key = kt;
}

/* A value assigned to a plain (non-aggregating) map. */
static void map_assign_value(struct sema *s, struct node *map, struct type *vt, struct loc loc)
{
	struct mapinfo *m = sema_slot(s, map)->map;
	struct type *st;
	bool ok;

	if (!m || !vt)
		return;
	if (m->agg != AGG_NONE && m->value) {
		sema_err(s, loc, "Type mismatch for %s: trying to assign value of type '%s' when map already contains a value of type '%s'",
			 m->name, type_msg(vt), agg_name(m->agg));
		return;
	}
	st = storage_type(vt);
	st = merge_types(m->value, st, &ok);
	if (!ok) {
		sema_err(s, loc, "Type mismatch for %s: trying to assign value of type '%s' when map already contains a value of type '%s'",
			 m->name, type_msg(vt), type_msg(m->value));
		return;
	}
	if (!s->final)
		m->value = st;
	m->used_write = true;
}

void sema_map_agg(struct sema *s, struct node *map, enum agg_kind agg, struct type *arg, struct loc loc)
{
	struct mapinfo *m = sema_slot(s, map)->map;

	if (!m)
		return;
	if (m->value && m->agg != agg) {
		sema_err(s, loc, "Type mismatch for %s: trying to assign value of type '%s' when map already contains a value of type '%s'",
			 m->name, agg_name(agg), m->agg == AGG_NONE ? type_msg(m->value) : agg_name(m->agg));
		return;
	}
	m->agg = agg;
	if (!m->value || s->final == false)
		m->value = arg ? storage_type(arg) : type_int(8, false);
	m->used_write = true;
}

/* ---- expressions ---- */

static struct type *int64(void)
{
	return type_int(8, true);
}

/* Integers and pointers: both are 64-bit scalars in BPF. */
bool sema_is_int(const struct type *t)
{
	return t && (type_is_int(t) || t->kind == TY_PTR);
}

bool sema_is_str(const struct type *t)
{
	return t && t->kind == TY_STR;
}

/*
 * An integer literal (or a negated one) has the smallest signed type that
 * holds it, as in bpftrace: 1 and -1 are int8, 1000 is int16, so (1, "a")
 * is laid out as (int8, string[2]) and `$x = 1` makes $x an int8.  Past
 * INT64_MAX a literal is a uint64.  Arithmetic is 64-bit whatever its
 * operands' sizes, and maps widen integers to 64 bits.
 */
static struct type *literal_int_type(int64_t v)
{
	for (uint32_t size = 1; size < 8; size *= 2) {
		int64_t max = (int64_t)((1ULL << (size * 8 - 1)) - 1);

		if (v >= -max - 1 && v <= max)
			return type_int(size, true);
	}
	return int64();
}

static void expr_int(struct sema *s, struct node *n)
{
	sema_set_const(s, n, n->ival);	/* the literal's value */
	if (n->is_unsigned)
		sema_slot(s, n)->type = type_int(8, false);
	else
		sema_slot(s, n)->type = literal_int_type(n->ival);
}

static void expr_posparam(struct sema *s, struct node *n)
{
	const char *val;
	int64_t v;

	if (n->name && strcmp(n->name, "$#") == 0) {
		sema_set_const(s, n, s->prog->npos);
		sema_slot(s, n)->type = int64();
		return;
	}
	/* Numeric parameters are integers; anything else is a string. */
	if (n->pos < 1 || n->pos > s->prog->npos) {
		sema_set_const(s, n, 0);
		sema_slot(s, n)->type = int64();	/* missing: 0, as bpftrace */
		return;
	}
	val = s->prog->pos[n->pos - 1];
	switch (sema_posparam_int(val, &v)) {
	case 1:
		sema_set_const(s, n, v);
		sema_slot(s, n)->type = int64();
		break;
	case 2:
		/* above INT64_MAX (0xffffffffffffffff): an unsigned 64-bit number */
		sema_set_const(s, n, v);
		sema_slot(s, n)->type = type_int(8, false);
		break;
	case 0:
		sema_slot(s, n)->type = type_str(strlen(val) + 1);
		break;
	default:
		sema_err(s, n->loc, "$%lld is '%.40s%s': an integer that does not fit in 64 bits",
			 (long long)n->pos, val, strlen(val) > 40 ? "..." : "");
		break;
	}
}

int sema_posparam_int(const char *val, int64_t *out)
{
	const char *p = val;
	char *end;
	int64_t v;

	while (isspace((unsigned char)*p))
		p++;
	errno = 0;
	if (*p == '-')
		v = strtoll(p, &end, 0);
	else
		v = (int64_t)strtoull(p, &end, 0);
	if (!*val || *end)
		return 0;
	if (errno == ERANGE)
		return -1;
	*out = v;
	/* 2^63..2^64-1: the bits of an unsigned 64-bit number */
	return *p != '-' && v < 0 ? 2 : 1;
}

/*
 * Scripts for bpftrace 0.17-0.21 assign a variable inside an if or a
 * loop and read it after the block; block scoping rejects that, so say
 * where it was assigned and how to write it today.
 */
static void hint_ended_scope(struct sema *s, const char *name)
{
	/* still live, out of a function body's sight: not this case */
	if (s->quiet || var_innermost(s, name))
		return;
	for (int i = 0; i < s->allvars.n; i++) {
		struct varinfo *v = s->allvars.v[i];

		if (strcmp(v->name, name) || !v->decl)
			continue;
		diag_hint("%s is assigned at line %d inside a block that has ended: variables "
			  "are block-scoped (older bpftrace let them outlive the block); "
			  "declare it before the block with `let %s;`",
			  name, v->decl->loc.line, name);
		return;
	}
}

static void expr_var(struct sema *s, struct node *n)
{
	struct varinfo *v = var_find(s, n->name);

	/* `let $x;` read before any assignment: an integer, 0 until set */
	if (v && !v->type)
		v->type = int64();

	if (!v || !v->type) {
		sema_err(s, n->loc, "Undefined or undeclared variable: %s", n->name);
		if (!v)
			hint_ended_scope(s, n->name);
		return;
	}
	sema_slot(s, n)->var = v;
	sema_slot(s, n)->type = v->type;
}

static void expr_map(struct sema *s, struct node *n)
{
	struct mapinfo *m;

	sema_map_keys(s, n);
	m = sema_slot(s, n)->map;
	if (!m)
		return;
	m->used_read = true;
	if (m->agg != AGG_NONE && m->agg != AGG_COUNT && m->agg != AGG_SUM &&
	    m->agg != AGG_MIN && m->agg != AGG_MAX && m->agg != AGG_AVG) {
		/* as bpftrace: these print several lines, no one value to read */
		sema_err(s, n->loc, "%s: a %s map holds no single value to read in a probe (print() it, or keep a count() or sum() beside it)",
			 m->name, agg_name(m->agg));
		return;
	}
	if (m->agg != AGG_NONE) {
		/* an integer: every CPU's value, combined (the code generator) */
		sema_slot(s, n)->type = type_int(8, m->agg != AGG_COUNT &&
						   (!m->value || m->value->is_signed));
		return;
	}
	if (!m->value) {
		if (s->final)
			sema_err(s, n->loc, "Undefined map: %s", m->name);
		else
			sema_slot(s, n)->type = int64();	/* until a write says more: @u = @u + 1 */
		return;
	}
	sema_slot(s, n)->type = m->value;
}

static bool is_cmp(int op)
{
	return op == T_EQ || op == T_NE || op == T_LT || op == T_LE || op == T_GT || op == T_GE;
}

static const char *op_text(int op)
{
	switch (op) {
	case T_PLUS: return "+";
	case T_MINUS: return "-";
	case T_STAR: return "*";
	case T_SLASH: return "/";
	case T_PERCENT: return "%";
	case T_AMP: return "&";
	case T_PIPE: return "|";
	case T_CARET: return "^";
	case T_SHL: return "<<";
	case T_SHR: return ">>";
	case T_LAND: return "&&";
	case T_LOR: return "||";
	case T_EQ: return "==";
	case T_NE: return "!=";
	case T_LT: return "<";
	case T_LE: return "<=";
	case T_GT: return ">";
	case T_GE: return ">=";
	case T_BANG: return "!";
	case T_TILDE: return "~";
	default: return "?";
	}
}

/* A constant: no signedness warning when comparing with one. */
static bool is_literal_int(const struct node *n)
{
	return n->kind == N_INT || n->kind == N_IDENT || n->kind == N_SIZEOF ||
	       n->kind == N_OFFSETOF || n->kind == N_POSPARAM ||
	       (n->kind == N_UNOP && n->op == T_MINUS && is_literal_int(n->a));
}

/* A literal shift count outside 0..63 (1 << 64, x >> -1). */
static bool bad_shift_literal(const struct node *b)
{
	if (b->kind == N_INT)
		return b->is_unsigned ? (uint64_t)b->ival > 63 : b->ival < 0 || b->ival > 63;
	return b->kind == N_UNOP && b->op == T_MINUS && b->a->kind == N_INT && b->a->ival != 0;
}

static void expr_binop(struct sema *s, struct node *n)
{
	struct type *l, *r;

	sema_expr(s, n->a);
	sema_expr(s, n->b);
	l = sema_type(s, n->a);
	r = sema_type(s, n->b);
	if (!l || !r)
		return;
	if (n->op == T_LAND || n->op == T_LOR) {
		if (!sema_is_int(l) || !sema_is_int(r)) {
			sema_err(s, n->loc, "Invalid operands to '%s': %s and %s", op_text(n->op),
				 type_msg(l), type_msg(r));
			return;
		}
		sema_slot(s, n)->type = type_bool();
		return;
	}
	/* probe == "tracepoint:a:b": the probe's name, a string */
	if ((n->op == T_EQ || n->op == T_NE) && (sema_is_str(l) || sema_is_str(r))) {
		if (sema_probe_as_string(s, n->a))
			l = sema_type(s, n->a);
		if (sema_probe_as_string(s, n->b))
			r = sema_type(s, n->b);
	}
	/* probe == __builtin_probe: the same probe's index (codegen compares integers) */
	if ((n->op == T_EQ || n->op == T_NE) && l->kind == TY_PROBE && r->kind == TY_PROBE) {
		sema_slot(s, n)->type = type_bool();
		return;
	}
	if (sema_is_str(l) || sema_is_str(r)) {
		if ((n->op != T_EQ && n->op != T_NE) || !sema_is_str(l) || !sema_is_str(r)) {
			sema_err(s, n->loc, "Invalid operands to binary expression: %s %s %s",
				 type_msg(l), op_text(n->op), type_msg(r));
			return;
		}
		sema_slot(s, n)->type = type_bool();
		return;
	}
	/* arrays of one type, and buffers, compare byte by byte (codegen) */
	if ((n->op == T_EQ || n->op == T_NE) &&
	    ((l->kind == TY_ARRAY && type_equal(l, r)) || (l->kind == TY_BUF && r->kind == TY_BUF))) {
		sema_slot(s, n)->type = type_bool();
		return;
	}
	if (!sema_is_int(l) || !sema_is_int(r)) {
		sema_err(s, n->loc, "Invalid operands to binary expression: %s %s %s",
			 type_msg(l), op_text(n->op), type_msg(r));
		return;
	}
	if (is_cmp(n->op)) {
		if (l->is_signed != r->is_signed && !is_literal_int(n->a) && !is_literal_int(n->b))
			sema_warn(s, n->loc, "comparison of integers of different signs: '%s' and '%s' can lead to undefined behavior",
				  type_msg(l), type_msg(r));
		sema_slot(s, n)->type = type_bool();
		return;
	}
	/* pointer - pointer: the elements between in D (as C), an error in bpftrace's words */
	if (l->kind == TY_PTR && r->kind == TY_PTR) {
		if (n->op == T_MINUS && s->prog->cfg.c_pointer_diff) {
			sema_slot(s, n)->type = type_int(8, true);
			return;
		}
		sema_err(s, n->loc, "The %s operator can not be used on expressions of types %s, %s",
			 op_text(n->op), type_msg(l), type_msg(r));
		return;
	}
	/* pointer + int, int + pointer, pointer - int: a pointer, moved by elements */
	if ((l->kind == TY_PTR) != (r->kind == TY_PTR) &&
	    (n->op == T_PLUS || (n->op == T_MINUS && l->kind == TY_PTR))) {
		sema_slot(s, n)->type = l->kind == TY_PTR ? l : r;
		return;
	}
	/* bitwise operators keep two bools a bool, as in bpftrace */
	if (l->kind == TY_BOOL && r->kind == TY_BOOL &&
	    (n->op == T_AMP || n->op == T_PIPE || n->op == T_CARET)) {
		sema_slot(s, n)->type = type_bool();
		return;
	}
	if ((n->op == T_SHL || n->op == T_SHR) && bad_shift_literal(n->b)) {
		/* BPF would compute something, but not what 1 << 64 means */
		sema_err(s, n->b->loc, "shift count out of range: '%s' shifts by 0 to 63 bits",
			 op_text(n->op));
		return;
	}
	/* bpftrace: the result is unsigned unless both operands are signed. */
	sema_slot(s, n)->type = type_int(8, l->is_signed && r->is_signed);
}

static void expr_deref(struct sema *s, struct node *n);
static void expr_addr_of(struct sema *s, struct node *n);

static void expr_unop(struct sema *s, struct node *n)
{
	sema_expr(s, n->a);
	if (!sema_type(s, n->a))
		return;
	switch (n->op) {
	case T_BANG:
	case T_TILDE:
	case T_MINUS:
	case T_PLUS:
		if (!sema_is_int(sema_type(s, n->a))) {
			sema_err(s, n->loc, "Invalid type for unary operator '%s': %s",
				 op_text(n->op), type_msg(sema_type(s, n->a)));
			return;
		}
		if (n->op == T_BANG)
			sema_slot(s, n)->type = type_bool();
		else if (n->op == T_MINUS && n->a->kind == N_INT && !n->a->is_unsigned)
			sema_slot(s, n)->type = literal_int_type(-n->a->ival);
		else if (n->op == T_MINUS)
			sema_slot(s, n)->type = int64();
		else
			sema_slot(s, n)->type = type_int(8, sema_type(s, n->a)->is_signed);
		return;
	case T_STAR:
		expr_deref(s, n);
		return;
	case T_AMP:
		expr_addr_of(s, n);
		return;
	default:
		sema_err(s, n->loc, "Invalid unary operator");
	}
}

static bool is_lvalue(const struct node *n)
{
	return n->kind == N_VAR || n->kind == N_MAP;
}

static void var_widen(struct sema *s, struct varinfo *v, struct type *t);

static void expr_incdec(struct sema *s, struct node *n)
{
	struct node *lv = n->a;

	if (!is_lvalue(lv)) {
		sema_err(s, n->loc, "The %s operator must be applied to a map or variable",
			 n->op == T_INC ? "++" : "--");
		return;
	}
	if (lv->kind == N_VAR) {
		expr_var(s, lv);
	} else {
		struct mapinfo *m;

		sema_map_keys(s, lv);
		m = sema_slot(s, lv)->map;
		if (m && !m->value && !s->final) {
			m->value = int64();
			m->used_write = true;
		}
		expr_map(s, lv);
		if (m)
			m->used_write = true;
	}
	if (!sema_type(s, lv))
		return;
	if (!sema_is_int(sema_type(s, lv))) {
		sema_err(s, n->loc, "The %s operator must be applied to an integer, not %s",
			 n->op == T_INC ? "++" : "--", type_msg(sema_type(s, lv)));
		return;
	}
	/* $x++ is $x = $x + 1: a variable of a smaller integer becomes 64 bits */
	if (lv->kind == N_VAR && sema_slot(s, lv)->var && sema_type(s, lv)->kind == TY_INT) {
		var_widen(s, sema_slot(s, lv)->var, type_int(8, sema_type(s, lv)->is_signed || n->op == T_DEC));
		sema_slot(s, lv)->type = sema_slot(s, lv)->var->type;
	}
	sema_slot(s, n)->type = sema_type(s, lv);
}

static void expr_ternary(struct sema *s, struct node *n)
{
	struct type *b, *c;
	bool ok;

	sema_expr(s, n->a);
	sema_expr(s, n->b);
	sema_expr(s, n->c);
	if (!sema_type(s, n->a) || !sema_type(s, n->b) || !sema_type(s, n->c))
		return;
	if (!sema_is_int(sema_type(s, n->a))) {
		sema_err(s, n->a->loc, "Invalid condition in ternary: %s", type_msg(sema_type(s, n->a)));
		return;
	}
	b = sema_type(s, n->b);
	c = sema_type(s, n->c);
	if (b->kind == TY_BOOL && c->kind == TY_BOOL) {
		sema_slot(s, n)->type = type_bool();
		return;
	}
	if (sema_is_int(b) && sema_is_int(c)) {
		sema_slot(s, n)->type = type_int(8, b->is_signed && c->is_signed);
		return;
	}
	if (b->kind == TY_BUF && c->kind == TY_BUF) {	/* the larger buffer holds either */
		sema_slot(s, n)->type = b->size >= c->size ? b : c;
		return;
	}
	sema_slot(s, n)->type = merge_types(storage_type(b), storage_type(c), &ok);
	if (!ok || sema_type(s, n)->kind != b->kind) {
		sema_err(s, n->loc, "Ternary operator must return the same type: have '%s' and '%s'",
			 type_msg(b), type_msg(c));
		sema_slot(s, n)->type = NULL;
	}
}

static void expr_tuple(struct sema *s, struct node *n)
{
	struct type **members;
	int i;

	for (i = 0; i < n->args.n; i++)
		sema_expr(s, n->args.v[i]);
	for (i = 0; i < n->args.n; i++)
		if (!sema_type(s, n->args.v[i]))
			return;
	members = xcalloc(n->args.n, sizeof(*members));
	for (i = 0; i < n->args.n; i++)
		members[i] = sema_type(s, n->args.v[i]);
	sema_slot(s, n)->type = type_tuple(members, n->args.n);
	free(members);
}

/* (a=1, b="x"): a tuple with member names, printed { .a = 1, .b = x } */
static void expr_record(struct sema *s, struct node *n)
{
	struct type **members;
	const char **names;
	int i, j;

	for (i = 0; i < n->args.n; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(n->args.v[j]->a->name, n->args.v[i]->a->name) == 0)
				break;
		if (j < i) {
			sema_err(s, n->args.v[i]->a->loc, "Duplicate field name in record: %s",
				 n->args.v[i]->a->name);
			return;
		}
		sema_expr(s, n->args.v[i]->b);
	}
	for (i = 0; i < n->args.n; i++)
		if (!sema_type(s, n->args.v[i]->b))
			return;
	members = xcalloc(n->args.n, sizeof(*members));
	names = xcalloc(n->args.n, sizeof(*names));
	for (i = 0; i < n->args.n; i++) {
		members[i] = sema_type(s, n->args.v[i]->b);
		names[i] = n->args.v[i]->a->name;
	}
	sema_slot(s, n)->type = type_named_tuple(members, names, n->args.n);
	free(members);
	free(names);
}

/*
 * n reads element k of the tuple n->a (typed): a.k, $t[k] with a constant
 * k, and a record's member by name; the index goes to the typed layer.
 */
static void tuple_elem(struct sema *s, struct node *n, int64_t k)
{
	struct type *t = sema_type(s, n->a);

	if (!t)
		return;
	if (t->kind != TY_TUPLE) {
		sema_err(s, n->loc, "Can not access index '%lld' on expression of type '%s'",
			 (long long)k, type_msg(t));
		return;
	}
	if (k < 0 || k >= t->nfields) {
		sema_err(s, n->loc, "Invalid tuple index: %lld. Found %d elements in tuple.",
			 (long long)k, t->nfields);
		return;
	}
	sema_set(s, n, AV_TUPLE_INDEX)->v.tuple_index = (int)k;
	sema_slot(s, n)->type = t->fields[k].type;
}

static void expr_tuple_idx(struct sema *s, struct node *n)
{
	sema_expr(s, n->a);
	tuple_elem(s, n, n->elem);
}

static const struct field *find_field(const struct type *t, const char *name)
{
	int i;

	for (i = 0; i < t->nfields; i++)
		if (t->fields[i].name && strcmp(t->fields[i].name, name) == 0)
			return &t->fields[i];
	return NULL;
}

/* The type a tracepoint field has as a value. */
static struct type *ctx_field_type(const struct field *f)
{
	struct type *t = f->type;

	if (f->data_loc)
		return t;
	if (t->kind == TY_ARRAY && t->elem && t->elem->kind == TY_INT && t->elem->size == 1)
		return type_str(t->nelem + 1 > t->nelem ? t->nelem : t->nelem);
	return t;
}

/* A char array reads as a string, as in bpftrace. */
static struct type *value_type(struct type *t)
{
	if (t->kind == TY_ARRAY && t->elem && t->elem->kind == TY_INT && t->elem->size == 1)
		return type_str_chars(t->nelem);
	return t;
}

/*
 * Pointers, alone or as the elements of (nested) arrays, made user
 * pointers: those of a declared type in a user-space probe (as a cast's
 * there), and those read from user memory (a field or an element reached
 * through a user pointer: ((struct c *)arg0)->ptrs[1]).
 */
static struct type *user_pointers(struct type *t)
{
	struct type *elem;

	if (t->kind == TY_PTR && t->as != AS_USER)
		return type_ptr(t->elem, AS_USER);
	if (t->kind != TY_ARRAY)
		return t;
	elem = user_pointers(t->elem);
	return elem == t->elem ? t : type_array(elem, t->nelem);
}

/* The record a field access applies to: a record value, or what a pointer points to. */
static struct type *record_of(struct type *t, enum addrspace *as)
{
	*as = AS_KERNEL;
	if (t->kind == TY_PTR && t->elem) {
		*as = t->as;
		t = btf_resolve(t->elem);
	}
	return t && t->kind == TY_RECORD ? btf_resolve(t) : NULL;
}

static void expr_field(struct sema *s, struct node *n)
{
	const struct field *f;
	struct type *t, *rec;
	enum addrspace as;

	sema_expr(s, n->a);
	/* args.FIELD reads the context (args was made when n->a was typed) */
	if (n->a->kind == N_BUILTIN && sema_slot(s, n->a)->id == B_ARGS && sema_type(s, n->a) &&
	    s->probe->args && s->probe->args->kind == TY_CTX)
		sema_slot(s, n->a)->type = s->probe->args;
	t = sema_type(s, n->a);
	if (!t)
		return;
	if (t->kind == TY_CTX) {
		f = find_field(t, n->name);
		if (!f)
			f = type_find_field(t, n->name);	/* through anonymous unions */
		if (!f) {
			sema_err(s, n->loc, "Can't find field '%s' in the args of %s",
				 n->name, s->probe->name);
			sema_hint_field(s, t, n->name);
			return;
		}
		sema_slot(s, n)->field = f;
		sema_slot(s, n)->type = ctx_field_type(f);
		return;
	}
	if (t->kind == TY_TUPLE && (f = find_field(t, n->name))) {
		/* a record literal's member: its tuple index */
		tuple_elem(s, n, f - t->fields);
		return;
	}
	rec = record_of(t, &as);
	if (!rec) {
		sema_err(s, n->loc, "Can not access field '%s' on expression of type '%s'",
			 n->name, type_msg(t));
		return;
	}
	f = type_find_field(rec, n->name);
	if (!f) {
		const char *near = type_nearest_field(rec, n->name);

		sema_err(s, n->loc, "Struct/union of type '%s' does not contain a field named '%s'",
			 rec->name ? rec->name : "", n->name);
		if (near && !s->quiet)
			diag_hint("did you mean '%s'?", near);
		return;
	}
	sema_slot(s, n)->field = f;
	if (f->type->kind == TY_NONE && f->type->size) {
		sema_err(s, n->loc, "'%s' is a floating-point member: sonde has no floating point to read it with (printing the %s shows it as null)",
			 n->name, rec->is_union ? "union" : "struct");
		return;
	}
	sema_slot(s, n)->type = value_type(btf_resolve(f->type));
	if (sema_traced_lvalue(s, n, &as) && as == AS_USER)
		sema_slot(s, n)->type = user_pointers(sema_type(s, n));
}

/* An integer expression of literals (1 + 1, -2, 4 * 2), folded. */
static bool const_int(const struct node *e, int64_t *v)
{
	int64_t a, b;

	if (e->kind == N_INT) {
		*v = e->ival;
		return true;
	}
	if (e->kind == N_UNOP && e->op == T_MINUS && const_int(e->a, &a)) {
		*v = -a;
		return true;
	}
	if (e->kind != N_BINOP || !const_int(e->a, &a) || !const_int(e->b, &b))
		return false;
	switch (e->op) {
	case T_PLUS:
		*v = a + b;
		return true;
	case T_MINUS:
		*v = a - b;
		return true;
	case T_STAR:
		*v = a * b;
		return true;
	default:
		return false;
	}
}

/* a[i] on arrays and pointers; $tuple[constant] is $tuple.constant */
static void expr_index(struct sema *s, struct node *n)
{
	enum addrspace as;
	struct type *t;
	int64_t k;

	sema_expr(s, n->a);
	if (sema_type(s, n->a) && sema_type(s, n->a)->kind == TY_TUPLE && const_int(n->b, &k)) {
		tuple_elem(s, n, k);	/* the index is not evaluated */
		return;
	}
	sema_expr(s, n->b);
	t = sema_type(s, n->a);
	if (!t || !sema_type(s, n->b))
		return;
	if (!sema_is_int(sema_type(s, n->b))) {
		sema_err(s, n->b->loc, "The array index operator [] requires an integer index (%s provided)",
			 type_msg(sema_type(s, n->b)));
		return;
	}
	if (t->kind == TY_STR) {
		sema_slot(s, n)->type = type_int(1, true);
		return;
	}
	if ((t->kind != TY_ARRAY && t->kind != TY_PTR) || !t->elem) {
		sema_err(s, n->loc, "The array index operator [] can not be used on expressions of type '%s'",
			 type_msg(t));
		return;
	}
	/* a flexible array member (int y[0]) has no bound to check */
	if (t->kind == TY_ARRAY && n->b->kind == N_INT &&
	    (n->b->ival < 0 || (t->nelem && (uint64_t)n->b->ival >= t->nelem))) {
		sema_err(s, n->b->loc, "the index %lld is out of bounds for array of size %u",
			 (long long)n->b->ival, t->nelem);
		return;
	}
	sema_slot(s, n)->type = value_type(btf_resolve(t->elem));
	if (sema_traced_lvalue(s, n, &as) && as == AS_USER)
		sema_slot(s, n)->type = user_pointers(sema_type(s, n));
}

/*
 * Where an lvalue lives in traced memory: fields, elements and
 * dereferences reached through a pointer have an address there (*as gets
 * the pointer's address space); scratch variables, maps and the probe's
 * arguments do not.
 */
bool sema_traced_lvalue(struct sema *s, const struct node *n, enum addrspace *as)
{
	const struct type *bt = n->a ? sema_type(s, n->a) : NULL;

	if (!bt)
		return false;
	switch (n->kind) {
	case N_FIELD:
		if (bt->kind == TY_PTR) {
			*as = bt->as;
			return true;
		}
		return bt->kind == TY_RECORD && sema_traced_lvalue(s, n->a, as);
	case N_INDEX:
		if (bt->kind == TY_PTR) {
			*as = bt->as;
			return true;
		}
		/* char arrays read as strings: comm[4] */
		return (bt->kind == TY_ARRAY || bt->kind == TY_STR) && sema_traced_lvalue(s, n->a, as);
	case N_UNOP:
		if (n->op != T_STAR || bt->kind != TY_PTR)
			return false;
		*as = bt->as;
		return true;
	default:
		return false;
	}
}

/* &lvalue: a pointer to a field, element or dereferenced value of traced memory. */
static void expr_addr_of(struct sema *s, struct node *n)
{
	struct node *lv = n->a;
	enum addrspace as = AS_KERNEL;
	struct type *t = NULL;

	if (!sema_type(s, lv))
		return;
	if (lv->kind == N_VAR) {
		/* &$x: where sonde keeps the variable (BPF stack or scratch) */
		sema_slot(s, n)->type = type_ptr(sema_type(s, lv), AS_KERNEL);
		return;
	}
	if (!sema_traced_lvalue(s, lv, &as)) {
		sema_err(s, n->loc, "& takes a variable, a field, an array element or a dereference of traced memory");
		return;
	}
	if (lv->kind == N_FIELD && sema_slot(s, lv)->field)
		t = sema_slot(s, lv)->field->type;
	else if (lv->kind == N_INDEX)
		t = sema_type(s, lv->a)->elem;
	else
		t = sema_type(s, lv->a)->elem;
	sema_slot(s, n)->type = type_ptr(t ? t : sema_type(s, lv), as);
}

/* *p */
static void expr_deref(struct sema *s, struct node *n)
{
	struct type *t = sema_type(s, n->a);

	if (t->kind != TY_PTR || !t->elem) {
		sema_err(s, n->loc, "Can not dereference type '%s'", type_msg(t));
		return;
	}
	sema_slot(s, n)->type = value_type(btf_resolve(t->elem));
	/* a pointer stored in user memory points to user memory: **pp in a uprobe */
	if (t->as == AS_USER && sema_type(s, n)->kind == TY_PTR && sema_type(s, n)->as != AS_USER)
		sema_slot(s, n)->type = type_ptr(sema_type(s, n)->elem, AS_USER);
}

static struct type *parse_int_typename(const char *text)
{
	static const struct { const char *name; int size; bool sign; } names[] = {
		{ "int8", 1, true }, { "int16", 2, true }, { "int32", 4, true }, { "int64", 8, true },
		{ "uint8", 1, false }, { "uint16", 2, false }, { "uint32", 4, false },
		{ "uint64", 8, false }, { "char", 1, true }, { "unsigned char", 1, false },
		{ "signed char", 1, true }, { "short", 2, true }, { "unsigned short", 2, false },
		{ "int", 4, true }, { "unsigned int", 4, false }, { "unsigned", 4, false },
		{ "signed", 4, true }, { "long", 8, true }, { "unsigned long", 8, false },
		{ "long long", 8, true }, { "unsigned long long", 8, false },
		{ "u8", 1, false }, { "u16", 2, false }, { "u32", 4, false }, { "u64", 8, false },
		{ "s8", 1, true }, { "s16", 2, true }, { "s32", 4, true }, { "s64", 8, true },
		{ "size_t", 8, false }, { "pid_t", 4, true }, { "uid_t", 4, false },
		{ "gid_t", 4, false },
	};
	size_t i;

	if (strcmp(text, "bool") == 0 || strcmp(text, "_Bool") == 0)
		return type_bool();
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(names[i].name, text) == 0)
			return type_int(names[i].size, names[i].sign);
	return NULL;
}

/* "struct sock *" -> "struct sock" */
static char *base_typename(const char *text)
{
	size_t len = strlen(text);

	while (len && (text[len - 1] == '*' || text[len - 1] == ' '))
		len--;
	return xstrndup(text, len);
}

/*
 * TYPE[N] and TYPE[] (a cast takes N from its operand: nelem 0 until
 * then); string[N] is a string of that capacity.
 */
static struct type *array_typename(struct sema *s, struct typename *tn, struct loc loc)
{
	const char *open = strrchr(tn->text, '[');
	struct typename elem = { .ptr_depth = tn->ptr_depth, .of = tn->of };
	unsigned long n = strtoul(open + 1, NULL, 10);
	struct type *t;

	elem.text = xstrndup(tn->text, open - tn->text);
	if (strcmp(elem.text, "string") == 0)
		t = n ? type_str((uint32_t)n) : NULL;
	else if (strcmp(elem.text, "bool") == 0 && !elem.ptr_depth)
		t = type_array(type_bool(), (uint32_t)n);	/* prints true/false */
	else if ((t = sema_typename(s, &elem, loc)) != NULL)
		t = type_array(t, (uint32_t)n);
	if (!t && strcmp(elem.text, "string") == 0)
		sema_err(s, loc, "string[] needs a size");
	free(elem.text);
	return t;
}

/* A type by its name (no stars): ours, the script's, the program's DWARF, the kernel's. */
static struct type *named_type(struct sema *s, const char *base)
{
	struct type *t = parse_int_typename(base);

	if (!t && strcmp(base, "string") == 0)
		t = type_str(s->prog->cfg.max_strlen);
	if (!t)
		t = cdef_type(base);
	if (!t && s->probe && s->probe->type.user_type)
		t = s->probe->type.user_type(s->probe->target, base);	/* uprobe: DWARF */
	if (!t)
		t = btf_type_by_name(base);
	return t;
}

/*
 * typeof(EXPR), or a macro parameter bound to typeof(...) or to an
 * expression: the type it names.  EXPR is only checked, never run.
 */
static bool type_operand(struct sema *s, struct node *n, struct type **t);

/* The first map assignment (@m = x, @m[k] += x, @m = count()) under n, or NULL. */
static const struct node *map_assignment(const struct node *n)
{
	const struct node *found = NULL;

	if (!n)
		return NULL;
	if (n->kind == N_ASSIGN && n->a && n->a->kind == N_MAP)
		return n;
	for (int i = 0; i < n->args.n && !found; i++)
		found = map_assignment(n->args.v[i]);
	if (!found)
		found = map_assignment(n->a);
	if (!found)
		found = map_assignment(n->b);
	return found ? found : map_assignment(n->c);
}

static struct type *typeof_base(struct sema *s, struct node *of)
{
	struct type *t;

	if (type_operand(s, of, &t))
		return t;
	if (of->kind == N_IDENT && (t = named_type(s, of->name)) != NULL)
		return t;	/* typeof(mytype) */
	if (of->kind == N_MAP && !of->args.n) {
		struct mapinfo *m = sema_map_lookup(s->prog, of->name);

		if (m && m->key_known && m->keyed && m->key)
			return m->key;	/* typeof(@m) of a keyed map: its key */
	}
	if (map_assignment(of)) {
		sema_err(s, map_assignment(of)->loc, "Map assignments not allowed inside of typeof");
		return NULL;
	}
	sema_expr(s, of);
	if (sema_type(s, of) && sema_type(s, of)->kind == TY_NONE) {
		sema_err(s, of->loc, "typeof: this expression has no value");
		return NULL;
	}
	return sema_type(s, of);
}

struct type *sema_typename(struct sema *s, struct typename *tn, struct loc loc)
{
	struct type *t;
	char *base;
	int i;

	if (tn->text[0] && tn->text[strlen(tn->text) - 1] == ']' && strchr(tn->text, '['))
		return array_typename(s, tn, loc);
	if (tn->of) {
		t = typeof_base(s, tn->of);
		for (i = 0; t && i < tn->ptr_depth; i++)
			t = type_ptr(t, AS_KERNEL);
		return t;
	}
	base = base_typename(tn->text);
	t = NULL;
	if (strcmp(base, "void") == 0 && tn->ptr_depth > 0)
		t = type_int(1, false);
	if (!t)
		t = named_type(s, base);
	if (!t) {
		const char *near = btf_nearest_type(base);

		sema_err(s, loc, "Unknown type: %s", base);
		if (near && !s->quiet)
			diag_hint("did you mean '%s'?", near);
		free(base);
		return NULL;
	}
	free(base);
	for (i = 0; i < tn->ptr_depth; i++)
		t = type_ptr(t, AS_KERNEL);
	return t;
}

/* uprobe, uretprobe and usdt probes run in a process: arguments are user addresses. */
static bool probe_in_user_space(const struct sema *s)
{
	return s->probe && (s->probe->type.caps & PCAP_USER);
}

/*
 * Casts that reinterpret bytes, as bpftrace allows: an integer or a
 * string to an array of integers ((int8[8])x, (int8[])"hi", a size taken
 * from the operand), and an array to an integer of its size.
 */
static void cast_bytes(struct sema *s, struct node *n, struct type *t)
{
	struct type *from = sema_type(s, n->a);

	if (t->kind == TY_ARRAY && t->elem && type_is_int(t->elem) && t->elem->size &&
	    (sema_is_int(from) || from->kind == TY_STR || from->kind == TY_ARRAY)) {
		uint32_t size = sema_is_int(from) ? 8 : from->size;

		if (!t->nelem)
			t = type_array(t->elem, size / t->elem->size);
		if (t->size == size || (sema_is_int(from) && t->size <= 8)) {
			sema_slot(s, n)->type = t;
			return;
		}
	} else if ((from->kind == TY_ARRAY || from->kind == TY_STR) && type_is_int(t) &&
		   from->size == t->size) {
		sema_slot(s, n)->type = t;
		return;
	}
	sema_err(s, n->loc, "Cannot cast from \"%s\" to \"%s\"", type_msg(from), type_msg(t));
}

static void expr_cast(struct sema *s, struct node *n)
{
	struct type *t;

	sema_expr(s, n->a);
	t = sema_typename(s, n->tname, n->loc);
	if (!t || !sema_type(s, n->a))
		return;
	if (t->kind == TY_ARRAY || sema_type(s, n->a)->kind == TY_ARRAY ||
	    (sema_type(s, n->a)->kind == TY_STR && type_is_int(t))) {
		cast_bytes(s, n, t);
		return;
	}
	if (!sema_is_int(sema_type(s, n->a)) || !sema_is_int(t)) {
		sema_err(s, n->loc, "Cannot cast from \"%s\" to \"%s\"", type_msg(sema_type(s, n->a)),
			 type_msg(t));
		return;
	}
	/* a pointer keeps the address space of what it was cast from */
	if (t->kind == TY_PTR && sema_type(s, n->a)->kind == TY_PTR && sema_type(s, n->a)->as != t->as)
		t = type_ptr(t->elem, sema_type(s, n->a)->as);
	/* an integer made a pointer in a user-space probe points to user memory */
	else if (t->kind == TY_PTR && sema_type(s, n->a)->kind != TY_PTR && probe_in_user_space(s))
		t = type_ptr(t->elem, AS_USER);
	sema_slot(s, n)->type = t;
}

/*
 * An operand of sizeof/offsetof that names a type: typeof(...), a typedef
 * of the script, or one of those indexed (t[2], from a macro's
 * parameter).  False: an expression.
 */
static bool type_operand(struct sema *s, struct node *n, struct type **t)
{
	struct type *elem;

	if (n->kind == N_TYPEOF) {
		*t = sema_typename(s, n->tname, n->loc);
		return true;
	}
	if (n->kind == N_IDENT && cdef_type(n->name)) {
		*t = cdef_type(n->name);
		return true;
	}
	if (n->kind == N_INDEX && n->b->kind == N_INT && type_operand(s, n->a, &elem)) {
		*t = elem ? type_array(elem, (uint32_t)n->b->ival) : NULL;
		return true;
	}
	return false;
}

static void expr_sizeof(struct sema *s, struct node *n)
{
	struct type *t;

	if (n->tname) {
		t = sema_typename(s, n->tname, n->loc);
	} else if (!type_operand(s, n->a, &t)) {
		sema_expr(s, n->a);
		t = sema_type(s, n->a);
	}
	if (!t)
		return;
	sema_set_const(s, n, t->size);
	sema_slot(s, n)->type = type_int(8, false);
}

/* offsetof(struct X, a.b): summed through nested members. */
static void expr_offsetof(struct sema *s, struct node *n)
{
	struct type *t = n->tname ? sema_typename(s, n->tname, n->loc) : NULL;
	char *path, *part, *save = NULL;
	uint64_t off = 0;

	if (!n->tname && n->a) {
		/* offsetof(a typedef of the script, f) or offsetof(a struct value, f) */
		if (type_operand(s, n->a, &t)) {
			if (!t)
				return;
		} else {
			sema_expr(s, n->a);
			t = sema_type(s, n->a);
			if (t && t->kind == TY_PTR)
				t = NULL;
			if (!t && !s->errors)
				sema_err(s, n->a->loc, "offsetof() takes a struct type or a struct value");
		}
	}
	if (!t)
		return;
	path = xstrdup(n->str ? n->str : "");
	for (part = strtok_r(path, ".", &save); part; part = strtok_r(NULL, ".", &save)) {
		const struct field *f;

		t = btf_resolve(t);
		f = t && t->kind == TY_RECORD ? type_find_field(t, part) : NULL;
		if (!f) {
			sema_err(s, n->loc, "offsetof: '%s' has no field named '%s'",
				 t && t->name ? t->name : "this type", part);
			free(path);
			return;
		}
		off += f->offset;
		t = f->type;
	}
	free(path);
	sema_set_const(s, n, off);
	sema_slot(s, n)->type = type_int(8, false);
}


static void expr_ident(struct sema *s, struct node *n)
{
	struct type *et;
	int64_t v;

	et = cdef_enumerator(n->name, &v);
	if (et) {
		sema_set_const(s, n, v);
		sema_slot(s, n)->type = et;
		return;
	}
	if (sema_constant(n->name, &v) ||
	    preproc_constant(n->name, &v) ||
	    btf_enum_value(n->name, &v)) {
		sema_set_const(s, n, v);
		sema_slot(s, n)->type = int64();
		return;
	}
	sema_err(s, n->loc, "Unknown identifier: '%s'", n->name);
}

static void stmt(struct sema *s, struct node *n);
static void scope_leave(struct sema *s);

/* { stmts; expr }: a block (a macro body) whose value is its last expression. */
/* A value of type from can be passed or returned as type to. */
static bool fn_compatible(const struct type *to, const struct type *from)
{
	if (sema_is_int(to) && sema_is_int(from))
		return true;
	if (to->kind == TY_STR && from->kind == TY_STR)
		return true;
	return to->kind == from->kind && to->size == from->size;
}

/* The parameters of an inlined fn call (macro.c): typed, bound to the arguments. */
static void fn_params(struct sema *s, struct node *n)
{
	for (int i = 0; i < n->nparams; i++) {
		struct node *p = n->args.v[i];
		struct type *t = sema_typename(s, p->tname, p->loc);

		if (!t)
			continue;
		if (sema_type(s, p->b) && !fn_compatible(t, sema_type(s, p->b)))
			sema_err(s, p->b->loc, "%s: argument %d is %s, the parameter %s is %s",
				 n->name, i + 1, type_msg(sema_type(s, p->b)), p->a->name, type_msg(t));
		sema_slot(s, p->a)->var = var_declare(s, p->a->name, t);
		sema_slot(s, p->a)->type = t;
	}
}

/*
 * An inlined call of fn NAME: the arguments are analysed in the caller's
 * scope; the body gets a scope of its own (it sees its parameters, not
 * the caller's variables), loops of its own, and `return x` checked
 * against the declared type.
 */
static void expr_fn_block(struct sema *s, struct node *n)
{
	struct type *ret = n->tname ? sema_typename(s, n->tname, n->loc) : NULL;
	struct sema saved = *s;
	int i;

	for (i = 0; i < n->nparams; i++)
		sema_expr(s, n->args.v[i]->b);
	s->depth++;
	s->fn_floor = s->depth;
	s->in_fn = true;
	s->fn_ret = ret;
	s->loop_depth = 0;
	s->in_map_loop = false;
	fn_params(s, n);
	for (i = n->nparams; i < n->args.n; i++)
		stmt(s, n->args.v[i]);
	sema_slot(s, n)->type = ret ? ret : type_none();
	scope_leave(s);
	s->depth--;
	s->fn_floor = saved.fn_floor;
	s->in_fn = saved.in_fn;
	s->fn_ret = saved.fn_ret;
	s->loop_depth = saved.loop_depth;
	s->in_map_loop = saved.in_map_loop;
}

static void expr_block(struct sema *s, struct node *n)
{
	struct node *last;
	int i;

	if (n->name) {
		expr_fn_block(s, n);
		return;
	}

	s->depth++;
	for (i = 0; i + 1 < n->args.n; i++)
		stmt(s, n->args.v[i]);
	last = n->args.n ? n->args.v[n->args.n - 1] : NULL;
	if (last && last->kind == N_EXPR_STMT) {
		if (last->a->kind == N_CALL)
			sema_call(s, last->a, false);
		else
			sema_expr(s, last->a);
		sema_slot(s, n)->type = sema_type(s, last->a);
	} else {
		if (last)
			stmt(s, last);
		sema_slot(s, n)->type = type_none();
	}
	scope_leave(s);
	s->depth--;
}

void sema_expr(struct sema *s, struct node *n)
{
	sema_slot(s, n)->type = NULL;
	switch (n->kind) {
	case N_INT:
		expr_int(s, n);
		break;
	case N_BOOL:
		sema_set_const(s, n, n->ival);
		sema_slot(s, n)->type = type_bool();
		break;
	case N_STR:
		sema_slot(s, n)->type = type_str(n->len + 1);
		break;
	case N_BUILTIN:
		sema_builtin(s, n);
		break;
	case N_IDENT:
		expr_ident(s, n);
		break;
	case N_VAR:
		expr_var(s, n);
		break;
	case N_MAP:
		expr_map(s, n);
		break;
	case N_POSPARAM:
		expr_posparam(s, n);
		break;
	case N_CALL:
		sema_call(s, n, false);
		break;
	case N_BINOP:
		expr_binop(s, n);
		break;
	case N_UNOP:
		expr_unop(s, n);
		break;
	case N_INCDEC:
		expr_incdec(s, n);
		break;
	case N_TERNARY:
		expr_ternary(s, n);
		break;
	case N_FIELD:
		expr_field(s, n);
		break;
	case N_TUPLE_IDX:
		expr_tuple_idx(s, n);
		break;
	case N_TUPLE:
		expr_tuple(s, n);
		break;
	case N_CAST:
		expr_cast(s, n);
		break;
	case N_SIZEOF:
		expr_sizeof(s, n);
		break;
	case N_BLOCK:
		expr_block(s, n);
		break;
	case N_INDEX:
		expr_index(s, n);
		break;
	case N_OFFSETOF:
		expr_offsetof(s, n);
		break;
	case N_RECORD:
		expr_record(s, n);
		break;
	case N_TYPEOF:
		sema_err(s, n->loc, "typeof() is a type: it goes in a cast, a let declaration, sizeof, offsetof or a macro's argument");
		break;
	case N_TYPEID:
	case N_RANGE:
		sema_err(s, n->loc, "a type or a range (a..b) is not a value here");
		break;
	default:
		sema_err(s, n->loc, "expected an expression");
		break;
	}
}

/* ---- statements ---- */

static void stmt_block(struct sema *s, struct node *n);

/*
 * A variable is as large as its largest assignment ($a = ""; ... $a =
 * "hello" holds "hello"): the silent first pass records the widest type
 * by the id of the declaring node (prog->var_width), and the final pass
 * declares the variable with it.
 */
static struct type *declared_type(struct sema *s, const struct node *decl, struct type *t)
{
	const struct program *prog = s->prog;
	struct type *wide = decl->id < prog->nvar_width ? prog->var_width[decl->id] : NULL;
	bool ok;

	if (!wide)
		return t;
	wide = merge_types(wide, t, &ok);
	return ok ? wide : t;
}

static void widen_decl(struct sema *s, const struct node *decl, struct type *wide)
{
	struct program *prog = s->prog;

	if (decl->id >= prog->nvar_width) {
		int cap = MAX(decl->id + 1, prog->nvar_width * 2);

		prog->var_width = xrealloc(prog->var_width, cap * sizeof(*prog->var_width));
		memset(prog->var_width + prog->nvar_width, 0,
		       (cap - prog->nvar_width) * sizeof(*prog->var_width));
		prog->nvar_width = cap;
	}
	prog->var_width[decl->id] = wide;
}

/*
 * The variable's type made wide enough for t too (the silent first pass
 * records it; the final pass declares the variable with it).
 */
static void var_widen(struct sema *s, struct varinfo *v, struct type *t)
{
	struct type *wide;
	bool ok;

	wide = merge_types(v->type, t, &ok);
	if (ok && wide != v->type && v->decl && !s->final) {
		v->type = wide;
		widen_decl(s, v->decl, wide);
	}
}

/*
 * A non-negative integer literal assigned to an unsigned variable takes
 * the variable's sign (bpftrace's literals are sign-flexible):
 * `$x = (uint8)1; $x = 5` keeps $x a uint8.
 */
static struct type *flexible_literal(struct node *rhs, struct type *t, const struct varinfo *v)
{
	if (rhs->kind == N_INT && !rhs->is_unsigned && rhs->ival >= 0 && t->kind == TY_INT &&
	    v->type && v->type->kind == TY_INT && !v->type->is_signed)
		return type_int(t->size, false);
	return t;
}

static void assign_var(struct sema *s, struct node *n)
{
	struct node *lv = n->a;
	struct varinfo *v = var_find(s, lv->name);
	struct type *t = sema_type(s, n->b);

	if (!t)
		return;
	if (t->kind == TY_NONE) {
		sema_err(s, n->b->loc, "%s() should not be used in an assignment or as a map key",
			 n->b->kind == N_CALL ? n->b->name : "this");
		return;
	}
	if (n->op) {
		if (!v) {
			sema_err(s, lv->loc, "Undefined or undeclared variable: %s", lv->name);
			hint_ended_scope(s, lv->name);
			return;
		}
		if (!sema_is_int(v->type) || !sema_is_int(t)) {
			sema_err(s, n->loc, "Invalid operands to '%s=': %s and %s", op_text(n->op),
				 type_msg(v->type), type_msg(t));
			return;
		}
		/* $x op= y is $x = $x op y: the operator's 64-bit result */
		if (v->type->kind == TY_INT)
			var_widen(s, v, type_int(8, v->type->is_signed && t->is_signed));
	} else if (!v) {
		v = var_declare(s, lv->name, declared_type(s, lv, var_storage_type(t)));
		v->decl = lv;
	} else if (!v->type) {
		v->type = v->decl ? declared_type(s, v->decl, var_storage_type(t)) : var_storage_type(t);
	} else {
		bool ok;

		/* later assignments must fit the shape; strings and integers widen the variable */
		merge_types(v->type, var_storage_type(flexible_literal(n->b, t, v)), &ok);
		if (!ok) {
			sema_err(s, n->loc, "Type mismatch for %s: trying to assign value of type '%s' when variable already contains a value of type '%s'",
				 lv->name, type_msg(t), type_msg(v->type));
			return;
		}
		var_widen(s, v, var_storage_type(flexible_literal(n->b, t, v)));
	}
	sema_slot(s, lv)->var = v;
	sema_slot(s, lv)->type = v->type;
}

static void assign_map(struct sema *s, struct node *n)
{
	struct node *lv = n->a;
	struct node *rhs = n->b;

	sema_map_keys(s, lv);
	if (rhs->kind == N_CALL && sema_is_agg_call(rhs)) {
		if (n->op) {
			sema_err(s, n->loc, "aggregations must be assigned with '='");
			return;
		}
		sema_call(s, rhs, true);
		sema_agg_assign(s, lv, rhs);
		return;
	}
	sema_expr(s, rhs);
	if (!sema_type(s, rhs))
		return;
	if (sema_type(s, rhs)->kind == TY_NONE) {
		sema_err(s, rhs->loc, "%s() should not be used in an assignment or as a map key",
			 rhs->kind == N_CALL ? rhs->name : "this");
		return;
	}
	if (n->op) {
		struct mapinfo *m = sema_slot(s, lv)->map;

		if (m && !m->value && !s->final)
			m->value = int64();
		/* @p += n of a pointer map keeps it a pointer (moved by elements) */
		if (m && m->value && m->value->kind == TY_PTR && sema_is_int(sema_type(s, rhs)) &&
		    sema_type(s, rhs)->kind != TY_PTR && (n->op == T_PLUS || n->op == T_MINUS)) {
			m->used_read = m->used_write = true;
			sema_slot(s, lv)->type = m->value;
			return;
		}
		if (!sema_is_int(sema_type(s, rhs))) {
			sema_err(s, n->loc, "Invalid operands to '%s=': map and %s", op_text(n->op),
				 type_msg(sema_type(s, rhs)));
			return;
		}
		if (m)
			m->used_read = true;
		if (m && m->value && m->value->kind == TY_PTR && m->agg == AGG_NONE &&
		    (n->op == T_PLUS || n->op == T_MINUS) && sema_type(s, rhs)->kind != TY_PTR) {
			/* @p += n on a pointer stays a pointer */
			m->used_write = true;
			sema_slot(s, lv)->type = m->value;
			return;
		}
	}
	map_assign_value(s, lv, sema_type(s, rhs), n->loc);
	sema_slot(s, lv)->type = sema_slot(s, lv)->map ? sema_slot(s, lv)->map->value : NULL;
}

static void stmt_assign(struct sema *s, struct node *n)
{
	if (n->a->kind == N_MAP) {
		assign_map(s, n);
		return;
	}
	if (n->a->kind == N_IDENT && strcmp(n->a->name, "_") == 0 && !n->op) {
		sema_expr(s, n->b);	/* _ = expr: the value is discarded */
		return;
	}
	if (n->a->kind != N_VAR) {
		sema_expr(s, n->b);
		sema_err(s, n->a->loc, "assignment to this expression is not supported");
		return;
	}
	if (n->b->kind == N_CALL && sema_is_agg_call(n->b)) {
		sema_err(s, n->b->loc, "%s() must be assigned directly to a map", n->b->name);
		return;
	}
	sema_expr(s, n->b);
	assign_var(s, n);
}

static void stmt_let(struct sema *s, struct node *n)
{
	struct node *lv = n->a;
	struct type *t = NULL;
	struct varinfo *v;

	if (var_find(s, lv->name) && var_find(s, lv->name)->depth == s->depth) {
		sema_err(s, lv->loc, "Variable %s was already declared", lv->name);
		return;
	}
	if (n->tname)
		t = sema_typename(s, n->tname, n->loc);
	/* let $p: struct c *; in a uprobe: like a cast there, a user pointer */
	if (t && probe_in_user_space(s))
		t = user_pointers(t);
	if (n->b) {
		sema_expr(s, n->b);
		if (!sema_type(s, n->b))
			return;
		if (!t)
			t = declared_type(s, lv, var_storage_type(sema_type(s, n->b)));
	}
	v = var_declare(s, lv->name, t);
	if (!n->tname)
		v->decl = lv;	/* an untyped let widens as an assignment does */
	sema_slot(s, lv)->var = v;
	sema_slot(s, lv)->type = t;
}

static void cond(struct sema *s, struct node *c, const char *what)
{
	sema_expr(s, c);
	if (sema_type(s, c) && !sema_is_int(sema_type(s, c)))
		sema_err(s, c->loc, "Invalid type for %s condition: %s", what, type_msg(sema_type(s, c)));
}

static void stmt(struct sema *s, struct node *n);
static void stmt_fn_return(struct sema *s, struct node *n);

/* for ($kv : @map): $kv is a (key, value) tuple; the body runs in a callback. */
static void stmt_for_map(struct sema *s, struct node *n)
{
	struct node *map = n->b;
	struct mapinfo *m;
	struct type *members[2];
	struct varinfo *v;
	bool outer;

	if (map->args.n) {
		sema_err(s, map->loc, "for loops take a whole map, without keys");
		return;
	}
	m = sema_map(s, map);
	m->used_read = true;
	m->iterated = true;
	if (!m->value || !m->key) {
		if (s->final)
			sema_err(s, map->loc, "%s: a for loop needs a map with keys and values", m->name);
		return;
	}
	if (m->agg == AGG_STATS || m->agg == AGG_HIST || m->agg == AGG_LHIST ||
	    m->agg == AGG_TSERIES) {
		/* bpftrace's words: a map that prints several lines is not iterable */
		sema_err(s, map->loc, "Loop expression does not support type: %s", agg_name(m->agg));
		return;
	}
	members[0] = m->key;
	members[1] = m->value;
	if (m->agg != AGG_NONE)	/* every CPU's entry combined, as when read */
		members[1] = type_int(8, m->agg != AGG_COUNT && m->value->is_signed);
	s->depth++;
	v = var_declare(s, n->a->name, type_tuple(members, 2));
	sema_slot(s, n->a)->var = v;
	sema_slot(s, n->a)->type = v->type;
	outer = s->in_map_loop;
	s->loop_depth++;
	s->in_map_loop = true;
	stmt_block(s, n->c);
	s->in_map_loop = outer;
	s->loop_depth--;
	scope_leave(s);
	s->depth--;
}

/* for ($i : a..b): $i is an int64 scoped to the loop body. */
static void stmt_for(struct sema *s, struct node *n)
{
	struct node *range = n->b;
	struct varinfo *v;

	if (range->kind == N_MAP) {
		stmt_for_map(s, n);
		return;
	}
	if (range->kind != N_RANGE) {
		sema_err(s, range->loc, "for loops take a map or a range (a..b)");
		return;
	}
	sema_expr(s, range->a);
	sema_expr(s, range->b);
	if (!sema_type(s, range->a) || !sema_type(s, range->b))
		return;
	if (!sema_is_int(sema_type(s, range->a)) || !sema_is_int(sema_type(s, range->b))) {
		sema_err(s, range->loc, "Loop range requires integer bounds (%s..%s provided)",
			 type_msg(sema_type(s, range->a)), type_msg(sema_type(s, range->b)));
		return;
	}
	s->depth++;
	v = var_declare(s, n->a->name, type_int(8, true));
	sema_slot(s, n->a)->var = v;
	sema_slot(s, n->a)->type = v->type;
	s->loop_depth++;
	stmt_block(s, n->c);
	s->loop_depth--;
	scope_leave(s);
	s->depth--;
}

static void stmt(struct sema *s, struct node *n)
{
	switch (n->kind) {
	case N_EXPR_STMT:
		if (n->a->kind == N_CALL)
			sema_call(s, n->a, false);
		else
			sema_expr(s, n->a);
		break;
	case N_ASSIGN:
		stmt_assign(s, n);
		break;
	case N_LET:
		stmt_let(s, n);
		break;
	case N_IF:
		cond(s, n->a, "if");
		stmt_block(s, n->b);
		if (n->c) {
			if (n->c->kind == N_IF)
				stmt(s, n->c);
			else
				stmt_block(s, n->c);
		}
		break;
	case N_WHILE:
		cond(s, n->a, "while");
		s->loop_depth++;
		stmt_block(s, n->b);
		s->loop_depth--;
		break;
	case N_UNROLL:
		sema_expr(s, n->a);
		if (n->a->kind != N_INT) {
			sema_err(s, n->a->loc, "unroll count must be an integer literal in 1..100");
			break;
		}
		if (n->a->ival < 1 || n->a->ival > 100) {
			sema_err(s, n->a->loc, "unroll %s value is %d", n->a->ival < 1 ? "minimum" : "maximum",
				 n->a->ival < 1 ? 1 : 100);
			break;
		}
		stmt_block(s, n->b);
		break;
	case N_BLOCK:
		stmt_block(s, n);
		break;
	case N_BREAK:
	case N_CONTINUE:
		if (!s->loop_depth)
			sema_err(s, n->loc, "'%s' statement is not allowed outside of a loop",
				 n->kind == N_BREAK ? "break" : "continue");
		break;
	case N_RETURN:
		if (s->in_fn) {
			stmt_fn_return(s, n);
		} else if (n->a) {
			/* bpftrace accepts `return x;` in a probe: x is evaluated, then dropped */
			sema_expr(s, n->a);
		}
		break;
	case N_FOR:
		stmt_for(s, n);
		break;
	default:
		sema_err(s, n->loc, "unexpected statement");
		break;
	}
}

/* return [x] in a function: x as the declared return type. */
static void stmt_fn_return(struct sema *s, struct node *n)
{
	if (!n->a) {
		if (s->fn_ret)
			sema_err(s, n->loc, "this function returns %s: return needs a value",
				 type_msg(s->fn_ret));
		return;
	}
	sema_expr(s, n->a);
	if (!s->fn_ret) {
		sema_err(s, n->loc, "this function has no return type: return takes no value");
		return;
	}
	if (sema_type(s, n->a) && !fn_compatible(s->fn_ret, sema_type(s, n->a)))
		sema_err(s, n->a->loc, "return of %s from a function that returns %s",
			 type_msg(sema_type(s, n->a)), type_msg(s->fn_ret));
}

static bool block_leaves(const struct node *block);

/* Whether n always leaves its block: exit(), return, break, continue, or an
 * if whose branches all do. */
static bool stmt_leaves(const struct node *n)
{
	switch (n->kind) {
	case N_EXPR_STMT:
		return n->a->kind == N_CALL && n->a->name && strcmp(n->a->name, "exit") == 0;
	case N_RETURN: case N_BREAK: case N_CONTINUE:
		return true;
	case N_IF:
		if (!n->c || !block_leaves(n->b))
			return false;
		return n->c->kind == N_IF ? stmt_leaves(n->c) : block_leaves(n->c);
	case N_BLOCK:
		return block_leaves(n);
	default:
		return false;
	}
}

static bool block_leaves(const struct node *block)
{
	for (int i = 0; i < block->args.n; i++)
		if (stmt_leaves(block->args.v[i]))
			return true;
	return false;
}

static void stmt_block(struct sema *s, struct node *n)
{
	int i;

	s->depth++;
	for (i = 0; i < n->args.n; i++) {
		stmt(s, n->args.v[i]);
		/* bpftrace's warning, on the first statement that cannot run */
		if (i + 1 < n->args.n && stmt_leaves(n->args.v[i]))
			sema_warn(s, n->args.v[i + 1]->loc, "Unreachable statement.");
	}
	scope_leave(s);
	s->depth--;
}

int sema_probe(struct sema *s, struct node *probe)
{
	s->errors = 0;
	s->vars = NULL;
	s->depth = 0;
	s->loop_depth = 0;
	ann_begin(&s->anns);
	if (probe->a)
		cond(s, probe->a, "predicate");
	stmt_block(s, probe->b);
	if (s->final && !s->errors)
		sema_anns_record(&s->anns, probe);
	return s->errors ? -1 : 0;
}

void sema_probe_done(struct sema *s)
{
	int i;

	for (i = 0; i < s->allvars.n; i++) {
		free(s->allvars.v[i]->name);
		free(s->allvars.v[i]);
	}
	vec_free(&s->allvars);
	hindex_free(&s->var_index);
	s->vars = NULL;
}
