// SPDX-License-Identifier: GPL-2.0
/* The host's architecture and lookups shared by every table. */
#include <string.h>

#include "arch/arch.h"

const struct arch *arch_host(void)
{
#if defined(__aarch64__)
	return &arch_arm64;
#else
	return &arch_x86_64;
#endif
}

const struct arch_reg *arch_reg(const struct arch *a, const char *name)
{
	for (int i = 0; i < a->nregs; i++)
		if (strcmp(a->regs[i].name, name) == 0)
			return &a->regs[i];
	return NULL;
}

const struct arch_reg *arch_operand_reg(const struct arch *a, const char *name, int len)
{
	for (int i = 0; i < a->noperand_regs; i++) {
		const char *r = a->operand_regs[i].name;

		if ((int)strlen(r) == len && strncmp(r, name, len) == 0)
			return &a->operand_regs[i];
	}
	return NULL;
}
