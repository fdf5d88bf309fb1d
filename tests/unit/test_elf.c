// SPDX-License-Identifier: GPL-2.0
/*
 * src/sym: ELF function symbols and file offsets (read from this test's
 * own binary), the build id, USDT notes when <sys/sdt.h> is available,
 * ld.so.cache parsing of a built image, library-name matching and
 * /proc/PID/maps parsing.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sym/elf.h"
#include "sym/ldcache.h"
#include "sym/procmaps.h"
#include "test.h"

#if defined(__has_include)
#if __has_include(<sys/sdt.h>)
#include <sys/sdt.h>
#define HAVE_SDT 1
#endif
#endif

/* A function of our own to find in the symbol table. */
__attribute__((noinline)) long elf_test_probe_target(long x)
{
	__asm__ volatile("" ::: "memory");
#ifdef HAVE_SDT
	DTRACE_PROBE2(elftest, point, x, 5);
#endif
	return x + 1;
}

static char *self_path(void)
{
	return realpath("/proc/self/exe", NULL);
}

static void test_functions(const char *self)
{
	elf_funclist funcs = { 0 };
	const struct elf_func *f;
	uint64_t off = 0;

	CHECK_INT(elf_functions(self, &funcs), 0);
	f = elf_func_find(&funcs, "elf_test_probe_target");
	CHECK(f != NULL);
	if (f) {
		CHECK(f->size > 0);
		CHECK_INT(elf_vaddr_to_offset(self, f->addr, &off), 0);
		CHECK_INT(off, f->offset);
	}
	CHECK(elf_func_find(&funcs, "main") != NULL);
	CHECK(elf_func_find(&funcs, "no_such_function_here") == NULL);
	/* Sorted, one entry per name. */
	int unordered = 0;

	for (int i = 1; i < funcs.n; i++)
		unordered += strcmp(funcs.v[i - 1].name, funcs.v[i].name) >= 0;
	CHECK_INT(unordered, 0);
	elf_funcs_free(&funcs);

	CHECK_INT(elf_functions("/nonexistent/binary", &funcs), -2);
	CHECK_INT(elf_functions("/proc/self/status", &funcs), -8);	/* -ENOEXEC */
	CHECK(!elf_is_elf("/proc/self/status"));
	CHECK(elf_is_elf(self));
}

static void test_build_id(const char *self)
{
	char id[128];
	int err = elf_build_id(self, id, sizeof(id));

	/* GCC on Debian always writes one; other toolchains may not. */
	CHECK(err == 0 || err == -2);
	if (!err) {
		CHECK(strlen(id) >= 16);
		CHECK(strspn(id, "0123456789abcdef") == strlen(id));
	}
	CHECK(elf_build_id(self, id, 4) == -28 || err != 0);	/* -ENOSPC */
}

static void test_usdt_notes(const char *self)
{
	elf_usdtlist notes = { 0 };

	CHECK_INT(elf_usdt_notes(self, &notes), 0);
#ifdef HAVE_SDT
	CHECK_INT(notes.n, 1);
	if (notes.n == 1) {
		CHECK_STR(notes.v[0].provider, "elftest");
		CHECK_STR(notes.v[0].name, "point");
		CHECK(strstr(notes.v[0].args, "@$5") != NULL);
		CHECK_INT(notes.v[0].semaphore, 0);
		CHECK(notes.v[0].pc_offset > 0);
	}
#else
	CHECK_INT(notes.n, 0);
#endif
	elf_usdt_free(&notes);
}

/* ---- ld.so.cache ---- */

static void put_u32(char *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/* A new-format cache with two entries: libc.so.6 (ours) and a 32-bit one. */
static size_t build_cache(char *img)
{
	const char *strs = "libc.so.6\0/lib/x86_64-linux-gnu/libc.so.6\0/lib32/libc.so.6\0";
	size_t strs_len = 10 + 32 + 17;
	size_t entries = 48, strings = entries + 2 * 24;

	memset(img, 0, 512);
	memcpy(img, "glibc-ld.so.cache1.1", 20);
	put_u32(img + 20, 2);
	put_u32(img + 24, (uint32_t)strs_len);
	memcpy(img + strings, strs, strs_len);
	put_u32(img + entries, 0x0303);
	put_u32(img + entries + 4, (uint32_t)strings);
	put_u32(img + entries + 8, (uint32_t)strings + 10);
	put_u32(img + entries + 24, 0x0003);
	put_u32(img + entries + 28, (uint32_t)strings);
	put_u32(img + entries + 32, (uint32_t)strings + 42);
	return strings + strs_len;
}

struct collected {
	int n;
	char path[64];
};

static bool collect(const char *soname, const char *path, void *arg)
{
	struct collected *c = arg;

	c->n++;
	snprintf(c->path, sizeof(c->path), "%s", path);
	return false;
}

static void test_ldcache(void)
{
	char img[512];
	size_t len = build_cache(img);
	struct collected c = { 0 };

	CHECK_INT(ldcache_parse(img, len, collect, &c), 0);
#if defined(__x86_64__)
	CHECK_INT(c.n, 1);	/* the 32-bit entry is not for this machine */
	CHECK_STR(c.path, "/lib/x86_64-linux-gnu/libc.so.6");
#endif
	CHECK_INT(ldcache_parse(img, 30, collect, &c), -1);
	CHECK_INT(ldcache_parse("not a cache at all, no", 22, collect, &c), -1);
	put_u32(img + 20, 1000000);	/* more entries than the image holds */
	CHECK_INT(ldcache_parse(img, len, collect, &c), -1);

	CHECK(ldcache_name_matches("libc", "libc.so.6"));
	CHECK(ldcache_name_matches("c", "libc.so.6"));
	CHECK(ldcache_name_matches("libc.so", "libc.so.6"));
	CHECK(ldcache_name_matches("libc.so.6", "libc.so.6"));
	CHECK(!ldcache_name_matches("libc", "libcap.so.2"));
	CHECK(!ldcache_name_matches("libc.so.7", "libc.so.6"));
	CHECK(ldcache_name_matches("libstdc++", "libstdc++.so.6"));
	CHECK(!ldcache_name_matches("", "libc.so.6"));
	CHECK(!ldcache_name_matches("libc", "libc"));
}

/* ---- /proc/PID/maps ---- */

static void test_procmaps(void)
{
	const char *text =
		"55d0c0a00000-55d0c0a02000 r--p 00000000 fe:01 1234   /usr/bin/my prog\n"
		"55d0c0a02000-55d0c0a05000 r-xp 00002000 fe:01 1234   /usr/bin/my prog\n"
		"7f0000000000-7f0000021000 rw-p 00000000 00:00 0 \n"
		"7ffd1c000000-7ffd1c002000 r-xp 00000000 00:00 0                  [vdso]\n"
		"garbage line\n";
	procmaplist maps = { 0 };
	pathlist files = { 0 };
	char *found;

	procmaps_parse(text, &maps);
	CHECK_INT(maps.n, 4);
	if (maps.n == 4) {
		CHECK_INT(maps.v[1].start, 0x55d0c0a02000ULL);
		CHECK_INT(maps.v[1].offset, 0x2000);
		CHECK(maps.v[1].exec && !maps.v[0].exec);
		CHECK_STR(maps.v[1].path, "/usr/bin/my prog");
		CHECK(maps.v[2].path == NULL);
		CHECK_STR(maps.v[3].path, "[vdso]");
	}
	procmaps_free(&maps);

	/* This process maps its own binary and (dynamically linked) libc. */
	CHECK_INT(procmaps_files(getpid(), &files), 0);
	CHECK(files.n > 0);
	pathlist_free(&files);
	found = procmaps_find(getpid(), "libc");
	if (found)
		CHECK(strstr(found, "libc.so") != NULL);
	free(found);
	found = procmaps_exe(getpid());
	CHECK(found && found[0] == '/');
	free(found);
	CHECK(procmaps_exe(0x7ffffff0) == NULL);
}

int main(void)
{
	char *self = self_path();

	CHECK(self != NULL);
	if (self) {
		test_functions(self);
		test_build_id(self);
		test_usdt_notes(self);
	}
	free(self);
	test_ldcache();
	test_procmaps();
	elf_test_probe_target(1);
	return test_done("test_elf");
}
