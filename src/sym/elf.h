/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the user-space providers need from an ELF file (via libelf): its
 * function symbols with the file offsets the uprobe PMU takes, its build
 * id, and its USDT probes (.note.stapsdt).
 */
#ifndef SONDE_SYM_ELF_H
#define SONDE_SYM_ELF_H

#include <stdbool.h>
#include <stdint.h>

#include "../util.h"

/* A defined function symbol (STT_FUNC or STT_GNU_IFUNC). */
struct elf_func {
	char *name;		/* as in the symbol table (mangled for C++) */
	uint64_t addr;		/* st_value: virtual address in the file's own layout */
	uint64_t size;
	uint64_t offset;	/* file offset of addr: what a uprobe attaches to */
};

typedef VEC(struct elf_func) elf_funclist;

/* One USDT probe site from .note.stapsdt. */
struct elf_usdt_note {
	char *provider;
	char *name;
	char *args;		/* argument specs: "-4@%edi 8@-16(%rbp)", "" when none */
	uint64_t pc;		/* address of the probe's nop, prelink-adjusted */
	uint64_t semaphore;	/* address of the semaphore, 0 when none */
	uint64_t pc_offset;	/* file offset of pc */
	uint64_t sem_offset;	/* file offset of the semaphore, 0 when none */
};

typedef VEC(struct elf_usdt_note) elf_usdtlist;

/* Whether path is a readable ELF file. */
bool elf_is_elf(const char *path);

/*
 * The defined functions of path from .symtab and .dynsym, sorted by name,
 * one per name (a global definition is preferred over a local one).
 * Symbols outside every loadable segment are skipped.  0 or -errno
 * (-ENOEXEC: not an ELF file).
 */
int elf_functions(const char *path, elf_funclist *out);
/*
 * The separate debug file of a stripped binary (by build id, or by
 * .gnu_debuglink next to it, in its .debug directory or under
 * /usr/lib/debug), newly allocated; NULL when none is installed.
 */
char *elf_debug_file(const char *path);
/* Search DIR first for debug files (--debuginfo; relative: from the binary's directory). */
void elf_debug_dir_add(const char *dir);
void elf_funcs_free(elf_funclist *list);
/* Binary search of a sorted list; NULL when absent. */
const struct elf_func *elf_func_find(const elf_funclist *list, const char *name);

/* File offset of a virtual address, from the PT_LOAD program headers. 0 or -errno. */
int elf_vaddr_to_offset(const char *path, uint64_t vaddr, uint64_t *offset);
/*
 * Whether the binary is loaded at an address chosen at run time (ET_DYN: a
 * position-independent executable or a shared library), and the page of
 * its lowest PT_LOAD segment's address (its lowest mapping starts there).
 * 0 or a negative errno.
 */
int elf_load_info(const char *path, bool *relocatable, uint64_t *first_page);

/*
 * The USDT probes of path in note order; a file without .note.stapsdt
 * gives an empty list.  0 or -errno.
 */
int elf_usdt_notes(const char *path, elf_usdtlist *out);
void elf_usdt_free(elf_usdtlist *list);

/*
 * The GNU build id as lower-case hex into buf (NUL-terminated).  0, or
 * -ENOENT when the file has none, or -errno.
 */
int elf_build_id(const char *path, char *buf, size_t size);

#endif
