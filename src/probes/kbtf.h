/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The running kernel's BTF as the kernel-side providers need it: the
 * vmlinux BTF and module BTFs (/sys/kernel/btf/MODULE), function
 * prototypes as argument lists, and types spelled the way bpftrace's -lv
 * prints them ("struct file * file").
 */
#ifndef SONDE_KBTF_H
#define SONDE_KBTF_H

#include <stdbool.h>
#include <stdint.h>

#include <stdio.h>

#include "../lang/btfread.h"
#include "../util.h"

/*
 * vmlinux BTF: the process's one instance (btfr_kernel(), shared with the
 * language's kernel types); NULL when the kernel has none.
 */
const struct btfr *kbtf_vmlinux(void);
/* BTF of a module, split on vmlinux ("vmlinux" gives kbtf_vmlinux()); NULL if absent. */
const struct btfr *kbtf_module(const char *module);
/* Names of the modules with BTF (not vmlinux), sorted. */
typedef VEC(char *) kbtf_names;
void kbtf_modules(kbtf_names *out);
void kbtf_names_free(kbtf_names *names);
/*
 * -l matching of "PROV:MODULE:NAME": the pattern may also leave the
 * module out ("fentry:vfs_*" lists fentry:vmlinux:vfs_read).
 */
bool kbtf_list_match(const char *pattern, const char *full);
/* qsort comparator for kbtf_names. */
int kbtf_cmp_names(const void *a, const void *b);

/* One parameter of a function prototype. */
struct kbtf_param {
	char *name;		/* "file"; "argN" when BTF has no name */
	char *type;		/* "struct file *" */
	uint32_t type_id;	/* the parameter's BTF type id (in the btf given) */
};

typedef VEC(struct kbtf_param) kbtf_params;

/*
 * The parameters of FUNC_PROTO proto_id, skipping the first `skip` (raw
 * tracepoints' leading void *__data).  0, or -1 when proto_id is not a
 * prototype.  The return type's id goes to *ret_id when ret_id is set.
 */
int kbtf_proto_params(const struct btfr *btf, uint32_t proto_id, int skip,
		      kbtf_params *out, uint32_t *ret_id);
void kbtf_params_free(kbtf_params *params);

/* Index of the parameter called name, or -1. */
int kbtf_param_index(const kbtf_params *params, const char *name);

/*
 * An fd of a module's BTF object for bpf_prog_load's attach_btf_obj_fd
 * (kept open; 0 for vmlinux, which needs none), or -errno.
 */
int kbtf_module_fd(const char *module);

/*
 * -l 'struct NAME' / 'union NAME' / 'enum NAME' (wildcards allowed): the
 * names of vmlinux's types, or with verbose their definitions in C
 * ("vmlinux: struct fd {" ... "};"), sorted (kbtf_list.c).
 */
void kbtf_list_types(const char *search, bool verbose, FILE *out);

/* "struct file *", "const char *", "unsigned int": caller frees. */
char *kbtf_type_str(const struct btfr *btf, uint32_t type_id);

/* -lv: "    TYPE NAME" per parameter, then "    RETTYPE retval" if with_ret. */
void kbtf_print_params(FILE *out, const struct btfr *btf, const kbtf_params *params,
		       uint32_t ret_id, bool with_ret);

/*
 * The context of a BTF-typed probe (fentry/fexit, rawtracepoint) as a
 * TY_CTX record of u64 slots: field i is parameter i, typed from vmlinux
 * BTF (plain uint64 for module types).  Owned by the type table.
 */
struct type *kbtf_params_ctx(const kbtf_params *params, bool vmlinux, const char *name);

#endif
