// SPDX-License-Identifier: GPL-2.0
/*
 * GFP flags by name.  The bit values are those of the kernel's
 * include/linux/gfp_types.h for a kernel with KASAN tags and slab object
 * extensions but without lockdep (the optional bits move with the config;
 * these are the ones bpftrace assumes too); the order of the masks is the
 * kernel's own trace output (__def_gfpflag_names), so a value reads as
 * `cat /sys/kernel/tracing/trace` shows it.
 */
#include "runtime/gfp.h"

enum {
	G_DMA = 1u << 0, G_HIGHMEM = 1u << 1, G_DMA32 = 1u << 2, G_MOVABLE = 1u << 3,
	G_RECLAIMABLE = 1u << 4, G_HIGH = 1u << 5, G_IO = 1u << 6, G_FS = 1u << 7,
	G_ZERO = 1u << 8, G_DIRECT_RECLAIM = 1u << 10, G_KSWAPD_RECLAIM = 1u << 11,
	G_WRITE = 1u << 12, G_NOWARN = 1u << 13, G_RETRY_MAYFAIL = 1u << 14,
	G_NOFAIL = 1u << 15, G_NORETRY = 1u << 16, G_MEMALLOC = 1u << 17,
	G_COMP = 1u << 18, G_NOMEMALLOC = 1u << 19, G_HARDWALL = 1u << 20,
	G_THISNODE = 1u << 21, G_ACCOUNT = 1u << 22, G_ZEROTAGS = 1u << 23,
	G_SKIP_ZERO = 1u << 24, G_SKIP_KASAN = 1u << 25, G_NO_OBJ_EXT = 1u << 26,

	G_RECLAIM = G_DIRECT_RECLAIM | G_KSWAPD_RECLAIM,
	G_KERNEL = G_RECLAIM | G_IO | G_FS,
	G_USER = G_KERNEL | G_HARDWALL,
	G_HIGHUSER = G_USER | G_HIGHMEM,
	G_HIGHUSER_MOVABLE = G_HIGHUSER | G_MOVABLE | G_SKIP_KASAN,
	G_TRANSHUGE_LIGHT = (G_HIGHUSER_MOVABLE | G_COMP | G_NOMEMALLOC | G_NOWARN) & ~G_RECLAIM,
	G_TRANSHUGE = G_TRANSHUGE_LIGHT | G_DIRECT_RECLAIM,
};

static const struct gfp_name {
	uint64_t mask;
	const char *name;
} gfp_names[] = {
	{ G_TRANSHUGE, "GFP_TRANSHUGE" },
	{ G_TRANSHUGE_LIGHT, "GFP_TRANSHUGE_LIGHT" },
	{ G_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE" },
	{ G_HIGHUSER, "GFP_HIGHUSER" },
	{ G_USER, "GFP_USER" },
	{ G_KERNEL | G_ACCOUNT, "GFP_KERNEL_ACCOUNT" },
	{ G_KERNEL, "GFP_KERNEL" },
	{ G_RECLAIM | G_IO, "GFP_NOFS" },
	{ G_HIGH | G_KSWAPD_RECLAIM, "GFP_ATOMIC" },
	{ G_RECLAIM, "GFP_NOIO" },
	{ G_KSWAPD_RECLAIM | G_NOWARN, "GFP_NOWAIT" },
	{ G_DMA, "GFP_DMA" },
	{ G_HIGHMEM, "__GFP_HIGHMEM" },
	{ G_DMA32, "GFP_DMA32" },
	{ G_HIGH, "__GFP_HIGH" },
	{ G_IO, "__GFP_IO" },
	{ G_FS, "__GFP_FS" },
	{ G_ZERO, "__GFP_ZERO" },
	{ G_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM" },
	{ G_KSWAPD_RECLAIM, "__GFP_KSWAPD_RECLAIM" },
	{ G_WRITE, "__GFP_WRITE" },
	{ G_NOWARN, "__GFP_NOWARN" },
	{ G_RETRY_MAYFAIL, "__GFP_RETRY_MAYFAIL" },
	{ G_NOFAIL, "__GFP_NOFAIL" },
	{ G_NORETRY, "__GFP_NORETRY" },
	{ G_MEMALLOC, "__GFP_MEMALLOC" },
	{ G_COMP, "__GFP_COMP" },
	{ G_NOMEMALLOC, "__GFP_NOMEMALLOC" },
	{ G_HARDWALL, "__GFP_HARDWALL" },
	{ G_THISNODE, "__GFP_THISNODE" },
	{ G_ACCOUNT, "__GFP_ACCOUNT" },
	{ G_ZEROTAGS, "__GFP_ZEROTAGS" },
	{ G_SKIP_ZERO, "__GFP_SKIP_ZERO" },
	{ G_SKIP_KASAN, "__GFP_SKIP_KASAN" },
	{ G_NO_OBJ_EXT, "__GFP_NO_OBJ_EXT" },
};

void gfp_format(struct strbuf *out, uint64_t flags)
{
	const char *sep = "";

	if (!flags) {
		sb_addc(out, '0');
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(gfp_names); i++) {
		if ((flags & gfp_names[i].mask) != gfp_names[i].mask)
			continue;
		sb_addf(out, "%s%s", sep, gfp_names[i].name);
		flags &= ~gfp_names[i].mask;
		sep = "|";
	}
	if (flags)
		sb_addf(out, "%s0x%llx", sep, (unsigned long long)flags);
}
