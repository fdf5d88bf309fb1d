// SPDX-License-Identifier: GPL-2.0
/*
 * The DWARF unwinder on a sample of this very process: chain_c() records
 * its registers and copies its stack as the sampler would, then unwinds
 * the copy.  The unit tests are built without frame pointers (-O2), so
 * only CFI can find chain_b and chain_a.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sym/dwarf_unwind.h"
#include "sym/procmaps.h"
#include "sym/usyms.h"
#include "test.h"

#if defined(__x86_64__)

enum { PT_R15, PT_R14, PT_R13, PT_R12, PT_BP, PT_BX, PT_IP = 16, PT_CS = 17, PT_SP = 19,
       PT_COUNT = 21 };

static uint64_t regs[PT_COUNT];
static uint8_t stack_copy[16384];
static uint64_t pcs[64];
static int npcs;

/* The registers CFI may need, at this point of the calling function. */
#define CAPTURE_REGS(r) asm volatile(					\
	"lea 0(%%rip), %%rax\n\t"					\
	"mov %%rax, 128(%0)\n\t"					\
	"mov %%rsp, 152(%0)\n\t"					\
	"mov %%rbp, 32(%0)\n\t"						\
	"mov %%rbx, 40(%0)\n\t"						\
	"mov %%r12, 24(%0)\n\t"						\
	"mov %%r13, 16(%0)\n\t"						\
	"mov %%r14, 8(%0)\n\t"						\
	"mov %%r15, 0(%0)\n\t"						\
	: : "r"(r) : "rax", "memory")

/* Bytes of stack mapped above sp, at most max. */
static uint64_t stack_room(uint64_t sp, uint64_t max)
{
	procmaplist maps = { 0 };
	uint64_t room = 0;

	if (procmaps_read(getpid(), &maps) == 0)
		for (int i = 0; i < maps.n; i++)
			if (maps.v[i].start <= sp && sp < maps.v[i].end)
				room = MIN(max, maps.v[i].end - sp);
	procmaps_free(&maps);
	return room;
}

/*
 * The raw stack above sp, copied by the kernel (process_vm_readv): a
 * memcpy would read AddressSanitizer's poisoned redzones, as the BPF
 * sampler's copy does not.
 */
static void copy_own_stack(void *dst, uint64_t sp, uint64_t len)
{
	struct iovec local = { .iov_base = dst, .iov_len = len };
	struct iovec remote = { .iov_base = (void *)(uintptr_t)sp, .iov_len = len };

	if (process_vm_readv(getpid(), &local, 1, &remote, 1, 0) != (ssize_t)len)
		memset(dst, 0, len);
}

__attribute__((noinline, noipa)) static int chain_c(struct dwarf_unwinder *u)
{
	struct dwarf_sample s = { .regs = regs, .stack = stack_copy };

	CAPTURE_REGS(regs);
	regs[PT_CS] = 0x33;	/* user mode */
	s.stack_len = stack_room(regs[PT_SP], sizeof(stack_copy));
	copy_own_stack(stack_copy, regs[PT_SP], s.stack_len);
	s.pid = getpid();
	s.tid = (int)syscall(SYS_gettid);
	npcs = dwarf_unwind(u, &s, pcs, 64);
	return npcs + 1;
}

__attribute__((noinline, noipa)) static int chain_b(struct dwarf_unwinder *u)
{
	return chain_c(u) + 1;
}

__attribute__((noinline, noipa)) static int chain_a(struct dwarf_unwinder *u)
{
	return chain_b(u) + 1;
}

static const char *frame_name(int i)
{
	struct usym_info info;

	if (i >= npcs || !usyms_resolve(usyms_get(), getpid(), pcs[i], &info))
		return "(none)";
	return info.name ? info.name : "(no symbol)";
}

__attribute__((noinline)) static void test_own_stack(void)
{
	struct dwarf_unwinder *u = dwarf_unwinder_new();
	bool saw_main = false;

	CHECK(chain_a(u) > 3);
	CHECK_STR(frame_name(0), "chain_c");
	CHECK_STR(frame_name(1), "chain_b");
	CHECK_STR(frame_name(2), "chain_a");
	CHECK_STR(frame_name(3), "test_own_stack");
	for (int i = 4; i < npcs; i++)
		saw_main |= strcmp(frame_name(i), "main") == 0;
	CHECK(saw_main);
	dwarf_unwinder_free(u);
}

static void test_edges(void)
{
	struct dwarf_unwinder *u = dwarf_unwinder_new();
	uint64_t r[PT_COUNT] = { 0 }, out[4];
	struct dwarf_sample s = { .pid = getpid(), .tid = getpid(), .regs = r };

	/* kernel registers (a kernel thread): no user stack */
	r[PT_IP] = 0x1000;
	CHECK_INT(dwarf_unwind(u, &s, out, 4), 0);
	/* a process never seen and gone: the leaf alone */
	r[PT_CS] = 0x33;
	s.pid = s.tid = 0x3ffffff0;
	CHECK_INT(dwarf_unwind(u, &s, out, 4), 1);
	CHECK(out[0] == 0x1000);
	/* an empty copy: the leaf, then nothing readable */
	s.pid = s.tid = getpid();
	r[PT_IP] = (uint64_t)(uintptr_t)&test_edges;
	r[PT_SP] = 0x10;
	CHECK(dwarf_unwind(u, &s, out, 4) >= 1);
	CHECK(out[0] == r[PT_IP]);
	CHECK_INT(dwarf_unwind(u, &s, out, 0), 0);
	dwarf_unwinder_free(u);
}

int main(void)
{
	test_own_stack();
	test_edges();
	usyms_reset();
	return test_done("dwarf_unwind");
}

#else

int main(void)
{
	return test_done("dwarf_unwind");
}

#endif
