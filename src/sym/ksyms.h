/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel symbols from /proc/kallsyms (vmlinux and modules): address ->
 * "name+offset", name -> address.  Loaded once, sorted by address.
 */
#ifndef SONDE_SYM_KSYMS_H
#define SONDE_SYM_KSYMS_H

#include <stdbool.h>
#include <stdint.h>

struct ksym {
	uint64_t addr;
	const char *name;
	const char *module;	/* NULL for vmlinux */
};

struct ksyms {
	struct ksym *v;
	int n;
	char *text;		/* the kallsyms text the names point into */
};

/* Parse kallsyms text (text and data symbols); sorted by address. */
struct ksyms *ksyms_parse(const char *text);
/* The running kernel's table, loaded on first use; NULL when unreadable. */
struct ksyms *ksyms_kernel(void);
void ksyms_free(struct ksyms *ks);
/*
 * The symbol at or below addr, or NULL when addr is below every symbol or
 * the table holds only zero addresses (kptr_restrict).
 */
const struct ksym *ksyms_find(const struct ksyms *ks, uint64_t addr);
/* The address of name (first match), or 0. */
uint64_t ksyms_addr(const struct ksyms *ks, const char *name);

#endif
