/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the sema files; not for other modules. */
#ifndef SONDE_SEMA_INTERNAL_H
#define SONDE_SEMA_INTERNAL_H

#include "sema.h"
#include "lexer.h"

void sema_err(struct sema *s, struct loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void sema_warn(struct sema *s, struct loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void sema_expr(struct sema *s, struct node *n);
void sema_builtin(struct sema *s, struct node *n);
bool sema_is_builtin_name(const char *name);
/* `probe` where a string is wanted: typed as its name, a constant. */
bool sema_probe_as_string(struct sema *s, struct node *e);
/* as_agg: the call is the right side of "@m = f(...)" */
void sema_call(struct sema *s, struct node *n, bool as_agg);
void sema_agg_assign(struct sema *s, struct node *map, struct node *call);
void sema_map_agg(struct sema *s, struct node *map, enum agg_kind agg, struct type *arg,
		  struct loc loc);
struct mapinfo *sema_map(struct sema *s, struct node *n);
void sema_map_keys(struct sema *s, struct node *map);
/* The same with the keys written apart from the map: has_key(@m, k) */
void sema_map_keys_of(struct sema *s, struct node *map, struct node *const *keys, int nkeys);
struct type *sema_typename(struct sema *s, struct typename *tn, struct loc loc);
bool sema_constant(const char *name, int64_t *value);
void sema_hint_field(struct sema *s, const struct type *t, const char *name);
bool sema_is_int(const struct type *t);
bool sema_is_str(const struct type *t);
const char *agg_name(enum agg_kind agg);

/*
 * What sema computed for n, in the probe's typed layer (ann.h) under the
 * name of what it means: sema_set(s, n, AV_LEN)->v.len = 4.  Sema only
 * reads the tree.
 */
static inline struct sema_ann *sema_set(struct sema *s, const struct node *n, enum ann_value k)
{
	return ann_set(&s->anns, n, k);
}

static inline void sema_set_const(struct sema *s, const struct node *n, int64_t v)
{
	sema_set(s, n, AV_CONST)->v.constant = v;
}

/*
 * n's type, map, variable, builtin/function id and the member a field
 * reads, in the probe's typed layer: sema_slot(s, n)->type = t.  Empty
 * until sema sets them in this probe.
 */
static inline struct sema_ann *sema_slot(struct sema *s, const struct node *n)
{
	return ann_slot(&s->anns, n);
}

/* n's type as sema found it in this probe (NULL: not typed, or an error) */
static inline struct type *sema_type(struct sema *s, const struct node *n)
{
	return ann_slot(&s->anns, n)->type;
}

/* The value sema set for n while checking this probe, when it means k; or NULL. */
static inline const struct sema_ann *sema_get(const struct sema *s, const struct node *n,
					      enum ann_value k)
{
	return ann_get(&s->anns, n, k);
}

/* Whether an lvalue has an address in traced memory (*as: its space). */
bool sema_traced_lvalue(struct sema *s, const struct node *n, enum addrspace *as);

#endif
