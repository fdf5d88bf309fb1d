/* SPDX-License-Identifier: GPL-2.0 */
/* The embedded tools: one entry per tools/NAME.bt, generated at build time. */
#ifndef SONDE_TOOLS_INTERNAL_H
#define SONDE_TOOLS_INTERNAL_H

#include <stddef.h>

struct tool_def {
	const char *name;
	const char *desc;	/* one line, for `sonde tools` */
	const char *params;	/* option names that become $1..$N, blank-separated */
	const char *needs;	/* a language feature still missing, or "" */
	const char *help;	/* usage, options, columns, example, overhead */
	const char *script;	/* the whole .bt file */
};

extern const struct tool_def tool_defs[];
extern const size_t tool_count;

#endif
