// SPDX-License-Identifier: GPL-2.0
/* Kernel symbol tables, user symbols through libdwfl, stack text. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/stackfmt.h"
#include "sym/ksyms.h"
#include "sym/usyms.h"
#include "test.h"

static void test_ksyms(void)
{
	struct ksyms *ks = ksyms_parse(
		"ffffffff81000100 T second\n"
		"ffffffff81000000 T first\n"
		"ffffffffc0001000 t mod_fn\t[mymod]\n"
		"garbage line\n");
	const struct ksym *s;

	CHECK_INT(ks->n, 3);
	s = ksyms_find(ks, 0xffffffff81000010ULL);
	CHECK(s && strcmp(s->name, "first") == 0);
	s = ksyms_find(ks, 0xffffffff81000100ULL);
	CHECK(s && strcmp(s->name, "second") == 0);
	s = ksyms_find(ks, 0xffffffffc0001004ULL);
	CHECK(s && strcmp(s->name, "mod_fn") == 0 && s->module && strcmp(s->module, "mymod") == 0);
	CHECK(ksyms_find(ks, 0x1000) == NULL);
	CHECK_INT(ksyms_addr(ks, "second") == 0xffffffff81000100ULL, 1);
	CHECK_INT(ksyms_addr(ks, "none"), 0);
	ksyms_free(ks);
	/* kptr_restrict: every address reads as zero; nothing resolves */
	ks = ksyms_parse("0000000000000000 T a\n0000000000000000 T b\n");
	CHECK(ksyms_find(ks, 0x1234) == NULL);
	ksyms_free(ks);
}

enum { SYM_TEST_TARGET_LINE = __LINE__ + 1 };	/* the line of sym_test_target */
__attribute__((noinline)) int sym_test_target(int x)
{
	__asm__ volatile("" ::: "memory");
	return x + 1;
}

static void test_usyms(void)
{
	struct usyms *u = usyms_get();
	struct usym_info info;
	uint64_t addr = (uint64_t)(uintptr_t)sym_test_target;
	char buf[256];

	CHECK(usyms_resolve(u, getpid(), addr + 2, &info));
	CHECK(info.name && strcmp(info.name, "sym_test_target") == 0);
	CHECK_INT(info.offset, 2);
	usyms_format(u, getpid(), addr + 3, true, false, buf, sizeof(buf));
	CHECK_STR(buf, "sym_test_target+3");
	usyms_format(u, getpid(), addr, false, false, buf, sizeof(buf));
	CHECK_STR(buf, "sym_test_target");
	/* an address in no mapping */
	usyms_format(u, getpid(), 0x10, true, true, buf, sizeof(buf));
	CHECK_STR(buf, "0x10 ([unknown])");
	/* libc's symbols come from .dynsym, without their version suffix */
	CHECK(usyms_resolve(u, getpid(), (uint64_t)(uintptr_t)getpid, &info));
	CHECK(info.name && strchr(info.name, '@') == NULL);
	CHECK(info.path && strstr(info.path, "libc"));
	CHECK(usyms_lookup_file(u, "/proc/self/exe", "sym_test_target") != 0);
	usyms_reset();
}

/* show_debug_info: the test's own DWARF gives sym_test_target's file and line */
static void test_usyms_source(void)
{
	struct usyms *u = usyms_get();
	uint64_t addr = (uint64_t)(uintptr_t)sym_test_target;
	struct usym_src src[4];
	const char *base;
	int n = usyms_source(u, getpid(), addr, false, src, 4);

	CHECK_INT(n, 1);	/* no function inlined at its entry */
	CHECK(src[0].name == NULL);
	base = src[0].file ? strrchr(src[0].file, '/') : NULL;
	CHECK_STR(base ? base + 1 : src[0].file, "test_sym.c");
	/* a relative name comes with the directory it is relative to */
	CHECK(src[0].file && (src[0].file[0] == '/' || (src[0].dir && src[0].dir[0] == '/')));
	/* a line of its body: -O2 may begin it at the return */
	CHECK(src[0].line >= SYM_TEST_TARGET_LINE && src[0].line <= SYM_TEST_TARGET_LINE + 4);
	/* again, from the cache: the same answer; at most max, the function's own last */
	{
		struct usym_src again[4];

		CHECK_INT(usyms_source(u, getpid(), addr, false, again, 4), 1);
		CHECK(again[0].file == src[0].file && again[0].line == src[0].line);
		CHECK_INT(usyms_source(u, getpid(), addr, false, again, 1), 1);
		CHECK(again[0].name == NULL);
	}
	/* no mapping: nothing */
	CHECK_INT(usyms_source(u, getpid(), 0x10, true, src, 4), 0);
	usyms_reset();
}

static void test_stack_text(void)
{
	uint64_t frames[] = { 0x10, 0x20 };
	struct type *raw = type_stack(TY_KSTACK, STACK_MODE_RAW, 127);
	struct type *lim = type_stack(TY_USTACK, STACK_MODE_BPFTRACE, 1);
	struct strbuf sb;

	sb_init(&sb);
	stack_format_frames(&sb, raw, frames, 2, 0, STACK_INDENT_VALUE, true);
	CHECK_STR(sb.buf, "\n10\n20\n");
	sb.len = 0;
	stack_format_frames(&sb, lim, frames, 2, getpid(), STACK_INDENT_PRINTF, true);
	CHECK_STR(sb.buf, "\n    0x10\n");
	sb_free(&sb);
	usyms_reset();
	types_free_all();
}

int main(void)
{
	test_ksyms();
	test_usyms();
	test_usyms_source();
	test_stack_text();
	return test_done("sym");
}
