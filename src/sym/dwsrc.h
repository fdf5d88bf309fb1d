/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Source lines and inlined functions of an address, from a binary's DWARF
 * (its line table and the inlined-subroutine scopes around the address):
 * what ustack prints with show_debug_info.
 */
#ifndef SONDE_SYM_DWSRC_H
#define SONDE_SYM_DWSRC_H

#include <elfutils/libdwfl.h>

#include "sym/usyms.h"

/*
 * The positions of vaddr (an address of mod as libdwfl knows it), innermost
 * first: one per function inlined there (name: its DWARF name), then the
 * enclosing function's own (name NULL).  At most max; 0 without DWARF.
 * Strings belong to mod's DWARF.
 */
int dwsrc_lookup(Dwfl_Module *mod, uint64_t vaddr, struct usym_src *out, int max);

#endif
