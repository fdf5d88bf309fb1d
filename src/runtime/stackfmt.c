// SPDX-License-Identifier: GPL-2.0
/*
 * Stacks and symbols as text.  Frames come from the kernel's stack-trace
 * map; kernel addresses resolve through /proc/kallsyms, user addresses
 * through the usyms cache (which remembers processes that have exited).
 */
#include "runtime/stackfmt.h"

#include <stdio.h>
#include <string.h>

#include <bpf/bpf.h>

#include "runtime/ustacks.h"
#include "sym/ksyms.h"
#include "sym/usyms.h"

int stack_frames(const struct program *prog, uint64_t stackid, uint64_t *frames, int max)
{
	uint64_t all[STACK_MAX_FRAMES] = { 0 };
	uint64_t key = stackid;
	int fd, n = 0;

	if (prog && prog->ustacks && stackid) {
		/* unwind = dwarf: user stacks unwound in user space */
		n = ustacks_frames(prog->ustacks, stackid, frames, max);
		if (n >= 0)
			return n;
		n = 0;
	}
	if (!prog || !stackid || prog->maps.n <= IMAP_STACKS)
		return -1;
	fd = prog->maps.v[IMAP_STACKS].fd;
	if (fd < 0 || bpf_map_lookup_elem(fd, &key, all))
		return -1;
	while (n < max && n < STACK_MAX_FRAMES && all[n])
		frames[n] = all[n], n++;
	return n;
}

void stack_format_kaddr(struct strbuf *out, uint64_t addr, bool show_offset, bool perf)
{
	const struct ksym *s = ksyms_find(ksyms_kernel(), addr);

	if (!s)
		sb_addf(out, "0x%llx", (unsigned long long)addr);
	else if (show_offset)
		sb_addf(out, "%s+%llu", s->name, (unsigned long long)(addr - s->addr));
	else
		sb_adds(out, s->name);
	if (perf)
		sb_addf(out, " ([%s])", s && s->module ? s->module : "kernel.kallsyms");
}

/*
 * build_id mode: "BUILDID 0xFILEOFFSET", what a build-id stack map holds,
 * to symbolize elsewhere; the bare address where the file has no build id
 * (the kernel falls back to the ip too).  Kernel frames have no file.
 */
static void build_id_frame(struct strbuf *out, int pid, uint64_t addr, bool user)
{
	char id[128];
	uint64_t off;

	if (user && usyms_build_id(usyms_get(), pid, addr, id, sizeof(id), &off))
		sb_addf(out, "%s 0x%llx", id, (unsigned long long)off);
	else
		sb_addf(out, "%llx", (unsigned long long)addr);
}

static void user_frame(struct strbuf *out, int pid, uint64_t addr, bool perf)
{
	char buf[1024];

	usyms_format(usyms_get(), pid, addr, true, perf, buf, sizeof(buf));
	sb_adds(out, buf);
}

/* Functions inlined at one address, and the source line of each (debug_info). */
#define MAX_INLINED 16

/*
 * A user frame with its source positions: the inlined functions first,
 * each on its own line with the frame's prefix, then the symbol.  False
 * when there is no DWARF to tell them (the plain frame is printed then).
 */
static bool user_frame_debug(struct strbuf *out, int pid, uint64_t addr, bool caller,
			     bool perf, const char *prefix)
{
	struct usym_src src[MAX_INLINED];
	int n = usyms_source(usyms_get(), pid, addr, caller, src, MAX_INLINED);

	if (n <= 0)
		return false;
	for (int i = 0; i < n; i++) {
		if (i)
			sb_adds(out, prefix);
		if (src[i].name && perf) {
			sb_addf(out, "%s (inlined)\n", src[i].name);
			continue;
		}
		if (src[i].name)
			sb_addf(out, "[inlined] %s", src[i].name);
		else
			user_frame(out, pid, addr, perf);
		if (src[i].file && !perf)	/* perf's format has no place for them */
			sb_addf(out, "@%s%s%s:%d", src[i].dir ? src[i].dir : "",
				src[i].dir ? "/" : "", src[i].file, src[i].line);
		sb_addc(out, '\n');
	}
	return true;
}

static void dsym_kernel(struct strbuf *out, enum sym_style style, uint64_t addr);
static void dsym_user(struct strbuf *out, enum sym_style style, int pid, uint64_t addr);

/* D's stack() / ustack() as dtrace(1) prints them: indented "module`func+0xoff" frames. */
static void dtrace_frames(struct strbuf *out, const struct type *t, const uint64_t *frames,
			  int n, int pid)
{
	int indent = MIN(t->stack_mode - STACK_MODE_DTRACE, 64);
	int limit = t->stack_limit > 0 ? t->stack_limit : STACK_MAX_FRAMES;

	sb_addc(out, '\n');
	for (int i = 0; i < n && i < limit; i++) {
		sb_addf(out, "%*s", indent, "");
		if (t->kind == TY_USTACK)
			dsym_user(out, SYM_D_ADDR, pid, frames[i]);
		else
			dsym_kernel(out, SYM_D_ADDR, frames[i]);
		sb_addc(out, '\n');
	}
}

void stack_format_frames(struct strbuf *out, const struct type *t, const uint64_t *frames,
			 int n, int pid, int indent, bool debug_info)
{
	bool user = t->kind == TY_USTACK;
	bool perf = t->stack_mode == STACK_MODE_PERF;
	int limit = t->stack_limit > 0 ? t->stack_limit : STACK_MAX_FRAMES;
	char prefix[64];

	if (t->stack_mode >= STACK_MODE_DTRACE) {
		dtrace_frames(out, t, frames, n, pid);
		return;
	}
	sb_addc(out, '\n');
	for (int i = 0; i < n && i < limit; i++) {
		switch (t->stack_mode) {
		case STACK_MODE_RAW:
			sb_addf(out, "%llx\n", (unsigned long long)frames[i]);
			continue;
		case STACK_MODE_BUILD_ID:
			build_id_frame(out, pid, frames[i], user);
			sb_addc(out, '\n');
			continue;
		case STACK_MODE_PERF:
			snprintf(prefix, sizeof(prefix), "\t%llx ", (unsigned long long)frames[i]);
			break;
		default:
			snprintf(prefix, sizeof(prefix), "%*s", MIN(indent, 32), "");
			break;
		}
		sb_adds(out, prefix);
		/* frames after the first are return addresses: their line is the call's */
		if (user && debug_info && user_frame_debug(out, pid, frames[i], i > 0, perf, prefix))
			continue;
		if (user)
			user_frame(out, pid, frames[i], perf);
		else
			stack_format_kaddr(out, frames[i], true, perf);
		sb_addc(out, '\n');
	}
}

void stack_format(struct strbuf *out, const struct type *t, const void *data,
		  const struct program *prog, int indent)
{
	uint64_t frames[STACK_MAX_FRAMES], id, pid = 0;
	int n;

	memcpy(&id, data, 8);
	if (t->kind == TY_USTACK)
		memcpy(&pid, (const uint8_t *)data + 8, 8);
	n = stack_frames(prog, id, frames, STACK_MAX_FRAMES);
	if (n < 0) {
		/* The kernel took no stack (e.g. kstack in a user context): bpftrace prints "". */
		return;
	}
	stack_format_frames(out, t, frames, n, (int)pid, indent,
			    !prog || !prog->cfg.no_debug_info);
}

void stack_format_ksym(struct strbuf *out, const void *data)
{
	uint64_t addr;

	memcpy(&addr, data, 8);
	stack_format_kaddr(out, addr, false, false);
}

/* D's "module`func[+0xoff]" (or the module alone) of a symbol in module, off bytes in. */
static void dsym_text(struct strbuf *out, enum sym_style style, const char *module,
		      const char *name, uint64_t off)
{
	if (style == SYM_D_MOD)
		sb_adds(out, module);
	else if (style == SYM_D_ADDR && off)
		sb_addf(out, "%s`%s+0x%llx", module, name, (unsigned long long)off);
	else
		sb_addf(out, "%s`%s", module, name);
}

static void dsym_kernel(struct strbuf *out, enum sym_style style, uint64_t addr)
{
	const struct ksym *s = addr ? ksyms_find(ksyms_kernel(), addr) : NULL;

	if (!s)
		sb_addf(out, "0x%llx", (unsigned long long)addr);
	else
		dsym_text(out, style, s->module ? s->module : "vmlinux", s->name, addr - s->addr);
}

static void dsym_user(struct strbuf *out, enum sym_style style, int pid, uint64_t addr)
{
	struct usym_info info = { 0 };
	const char *file;
	char where[32];

	if (!addr || !usyms_resolve(usyms_get(), pid, addr, &info) || !info.path) {
		sb_addf(out, "0x%llx", (unsigned long long)addr);
		return;
	}
	file = strrchr(info.path, '/');
	file = file ? file + 1 : info.path;
	if (info.name) {
		dsym_text(out, style, file, info.name, info.offset);
		return;
	}
	snprintf(where, sizeof(where), "0x%llx", (unsigned long long)addr);
	dsym_text(out, style == SYM_D_MOD ? style : SYM_D_FUNC, file, where, 0);
}

void stack_format_dsym(struct strbuf *out, const struct type *t, const void *data)
{
	uint64_t addr, pid = 0;

	memcpy(&addr, data, 8);
	if (t->kind == TY_USYM) {
		memcpy(&pid, (const uint8_t *)data + 8, 8);
		dsym_user(out, (enum sym_style)t->stack_mode, (int)pid, addr);
	} else {
		dsym_kernel(out, (enum sym_style)t->stack_mode, addr);
	}
}

void stack_format_usym(struct strbuf *out, const void *data)
{
	uint64_t addr, pid;
	char buf[1024];

	memcpy(&addr, data, 8);
	memcpy(&pid, (const uint8_t *)data + 8, 8);
	usyms_format(usyms_get(), (int)pid, addr, false, false, buf, sizeof(buf));
	sb_adds(out, buf);
}
