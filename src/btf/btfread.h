/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small read-only reader of BTF, the kernel's type format, working in
 * place over the raw bytes: /sys/kernel/btf/vmlinux is mapped read-only
 * (the kernel backs the mapping with its own pages, so it costs no
 * resident memory), or read once into one buffer where the kernel refuses
 * the mapping.  What the reader allocates is one offset per type and, on
 * the first lookup by name, a hash of the names (btfr_mem() counts both).
 *
 * Module BTF (/sys/kernel/btf/MODULE) is split BTF: its type ids and
 * string offsets continue those of its base (vmlinux), and every query on
 * it sees the base's types as well, as the kernel does.
 *
 * Types are the kernel UAPI's struct btf_type and friends (<linux/btf.h>);
 * libbpf's inline accessors (btf_kind(), btf_vlen(), btf_members(), ...)
 * work on them.  Every record the reader hands out lies within the data:
 * the header and the type walk are checked when the BTF is parsed, type
 * ids and string offsets when they are asked for.
 */
#ifndef SONDE_BTFREAD_H
#define SONDE_BTFREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/btf.h>

struct btfr;

/* Room for the reason btfr_open()/btfr_parse() give when they fail. */
#define BTFR_WHY_LEN 160

/*
 * The BTF in file path, split on base when base is not NULL.  0 and *out,
 * or -errno with a sentence in why (when not NULL): -ENOENT for a missing
 * file, -EINVAL for data that is not valid BTF.
 */
int btfr_open(const char *path, const struct btfr *base, struct btfr **out, char *why);
/*
 * The BTF in data[0..size), which must stay valid and unchanged until
 * btfr_free() (the reader keeps pointers into it) and be 4-byte aligned.
 */
int btfr_parse(const void *data, size_t size, const struct btfr *base, struct btfr **out,
	       char *why);
/* Free b (not its base); NULL is fine. */
void btfr_free(struct btfr *b);

/* One past the last type id, the base's types included (ids start at 1). */
uint32_t btfr_count(const struct btfr *b);
/* The first id b itself defines: 1, or the base's btfr_count() for split BTF. */
uint32_t btfr_first(const struct btfr *b);
/* Type id, in b or its base; NULL for 0 (void) and ids out of range. */
const struct btf_type *btfr_type(const struct btfr *b, uint32_t id);
/* The string at offset off; "" when off is out of range (never NULL). */
const char *btfr_name(const struct btfr *b, uint32_t off);
/* The name of type id ("" for anonymous or unknown types). */
const char *btfr_type_name(const struct btfr *b, uint32_t id);
/*
 * The lowest id of a type called name of BTF_KIND_* kind (base first), or
 * -ENOENT.  The first call builds the name hash.
 */
int btfr_find(const struct btfr *b, const char *name, int kind);
/* Through typedefs, const, volatile, restrict and type tags. */
uint32_t btfr_skip_mods(const struct btfr *b, uint32_t id);
/* The size in bytes of type id (through typedefs and modifiers), or -EINVAL. */
int64_t btfr_resolve_size(const struct btfr *b, uint32_t id);
/* Heap bytes b holds (offsets and name hash; not the data). */
size_t btfr_mem(const struct btfr *b);
/* Whether the data is a read-only mapping of the file. */
bool btfr_mapped(const struct btfr *b);

/*
 * The running kernel's BTF, loaded once and shared by everything in the
 * process: "vmlinux" (or NULL) for the kernel, else a module's split BTF.
 * NULL when it is absent or invalid (an invalid file is reported once on
 * stderr).  btfr_kernel_free() drops every one of them.
 */
const struct btfr *btfr_kernel(const char *module);
void btfr_kernel_free(void);

#endif
