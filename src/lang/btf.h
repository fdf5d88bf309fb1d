/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel types from the running kernel's BTF (/sys/kernel/btf/vmlinux),
 * converted on demand into sonde's struct type.
 *
 *   struct/union   TY_RECORD "struct foo" with every member, bitfields as
 *                  (offset, bit_offset, bit_size), anonymous members kept
 *                  as unnamed fields (type_find_field looks through them)
 *   pointer        TY_PTR (AS_KERNEL); a pointer to a struct/union points
 *                  to a *shell*: a TY_RECORD with the right name, size and
 *                  btf_id but no fields.  btf_resolve() (or
 *                  type_find_field) turns a shell into the full record, so
 *                  cyclic kernel types cost nothing until used.
 *   array          TY_ARRAY; char arrays have type_char() elements
 *   int            TY_INT by size and signedness; _Bool is TY_BOOL
 *   enum           TY_ENUM "enum foo" with its enumerators
 *   typedef, const, volatile, restrict, type tags: looked through
 *
 * Types are owned by types.c (types_free_all()); btf_free() drops the
 * caches that point into them, so call it first.
 */
#ifndef SONDE_BTF_H
#define SONDE_BTF_H

#include <stdbool.h>
#include <stdint.h>

#include "lang/types.h"

/* Load vmlinux BTF once (btfr_kernel()); 0, or -errno (the failure is cached too). */
int btf_init(void);
/* Forget every cached conversion and free the kernel's BTF (btfr_kernel_free()). */
void btf_free(void);
/* Forget the cached conversions only (before types_free_all()), keeping the BTF. */
void btf_forget_types(void);

/*
 * "struct task_struct", "union foo", "enum bar", or a bare name tried as
 * typedef, struct, union, enum, then base type ("task_struct", "u64",
 * "pid_t").  NULL when unknown or when BTF is unavailable.
 */
struct type *btf_type_by_name(const char *name);
struct type *btf_type_by_id(int id);
/* The full record of a shell (see above); any other type as is. */
struct type *btf_resolve(struct type *t);

/*
 * A field by name, looking through anonymous struct/union members the way
 * C does; the returned field's offset is from the start of t.  Resolves
 * shells.  NULL when t has no such field.  The field stays valid until
 * btf_free().
 */
const struct field *type_find_field(const struct type *t, const char *name);

/*
 * The BTF id of the kernel's per-CPU variable name (percpu_kaddr), or
 * -ENOENT (no such variable) or -EINVAL (not per-CPU).
 */
int btf_percpu_var(const char *name);
/* The type of the kernel variable whose BTF id is var_id (NULL if unknown). */
struct type *btf_var_type(int var_id);

/*
 * The BTF id of the kernel function name in vmlinux (a kfunc that BPF
 * programs call with BPF_PSEUDO_KFUNC_CALL), or -ENOENT.
 */
int btf_kfunc_id(const char *name);

/* An enumerator of any kernel enum by name (BPF_MAP_TYPE_HASH -> 1). */
bool btf_enum_value(const char *name, int64_t *value);

/*
 * The arguments of kernel function func as a TY_CTX record of 8-byte slots
 * (fentry's u64 args[]): field i is named after parameter i, at offset
 * 8 * i, with the parameter's type.  *ret (when not NULL) gets the return
 * type (NULL for void).  NULL when the function is not in BTF.
 */
struct type *btf_func_args(const char *func, struct type **ret);

/* Edit distance, and the candidate closest to name (NULL if none close). */
int name_distance(const char *a, const char *b);
const char *nearest_name(const char *name, const char *const *cands, int n);
/* "Did you mean" helpers: a field of t (through anonymous members), a type. */
const char *type_nearest_field(const struct type *t, const char *name);
const char *btf_nearest_type(const char *name);

#endif
