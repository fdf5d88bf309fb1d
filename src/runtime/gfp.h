/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GFP allocation flags by name, as printf's %gr prints them.
 */
#ifndef SONDE_GFP_H
#define SONDE_GFP_H

#include <stdint.h>

#include "util.h"

/*
 * flags as the kernel's tracepoints print gfp_t ("GFP_KERNEL|__GFP_ZERO"):
 * named masks first, most bits first, each taking its bits; leftover bits
 * as one hex number; 0 as "0".
 */
void gfp_format(struct strbuf *out, uint64_t flags);

#endif
