// SPDX-License-Identifier: GPL-2.0
/*
 * /etc/ld.so.cache reader.  The cache glibc's ldconfig writes is a header,
 * an array of entries and a string table:
 *
 *   "glibc-ld.so.cache" "1.1"  u32 nlibs  u32 len_strings  u8 flags  u8[3]
 *   u32 extension_offset  u32[3]                             (48 bytes)
 *   nlibs x { i32 flags; u32 key; u32 value; u32 osversion; u64 hwcap; }
 *
 * key and value are offsets of the soname and the path, counted from the
 * start of that header.  Old caches put an "ld.so-1.7.0" table (12-byte
 * entries) first; the new header follows it, 8-byte aligned.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ldcache.h"
#include "../util.h"

#define OLD_MAGIC "ld.so-1.7.0"
#define NEW_MAGIC "glibc-ld.so.cache1.1"
#define NEW_HEADER_SIZE 48
#define NEW_ENTRY_SIZE 24
#define OLD_HEADER_SIZE 16
#define OLD_ENTRY_SIZE 12

/* The entry flags of libraries for this machine (FLAG_ELF_LIBC6 | arch). */
#define FLAG_TYPE_MASK 0x00ff
#define FLAG_ELF_LIBC6 0x0003
#define FLAG_ARCH_MASK 0xff00
#if defined(__x86_64__)
#define FLAG_ARCH 0x0300	/* FLAG_X8664_LIB64 */
#elif defined(__aarch64__)
#define FLAG_ARCH 0x0a00	/* FLAG_AARCH64_LIB64 */
#else
#define FLAG_ARCH (-1)		/* accept any */
#endif

static uint32_t get_u32(const char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static bool entry_is_ours(uint32_t flags)
{
	if ((flags & FLAG_TYPE_MASK) != FLAG_ELF_LIBC6)
		return false;
	return FLAG_ARCH == -1 || (int)(flags & FLAG_ARCH_MASK) == FLAG_ARCH;
}

/* A NUL-terminated string at off in [base, end), or NULL. */
static const char *string_at(const char *base, const char *end, uint32_t off)
{
	const char *s = base + off;

	if (off >= (size_t)(end - base) || !memchr(s, '\0', end - s))
		return NULL;
	return s;
}

int ldcache_parse(const char *image, size_t len,
		  bool (*fn)(const char *soname, const char *path, void *arg), void *arg)
{
	const char *hdr = image, *end = image + len;
	uint32_t nlibs;

	if (len >= OLD_HEADER_SIZE && memcmp(image, OLD_MAGIC, sizeof(OLD_MAGIC) - 1) == 0) {
		size_t skip = OLD_HEADER_SIZE + (size_t)get_u32(image + 12) * OLD_ENTRY_SIZE;

		skip = ALIGN_UP(skip, 8);
		if (skip >= len)
			return -1;
		hdr = image + skip;
	}
	if ((size_t)(end - hdr) < NEW_HEADER_SIZE ||
	    memcmp(hdr, NEW_MAGIC, sizeof(NEW_MAGIC) - 1) != 0)
		return -1;
	nlibs = get_u32(hdr + 20);
	if (nlibs > (size_t)(end - hdr - NEW_HEADER_SIZE) / NEW_ENTRY_SIZE)
		return -1;
	for (uint32_t i = 0; i < nlibs; i++) {
		const char *e = hdr + NEW_HEADER_SIZE + (size_t)i * NEW_ENTRY_SIZE;
		const char *soname = string_at(hdr, end, get_u32(e + 4));
		const char *path = string_at(hdr, end, get_u32(e + 8));

		if (!soname || !path || !entry_is_ours(get_u32(e)))
			continue;
		if (fn(soname, path, arg))
			break;
	}
	return 0;
}

/*
 * name matches soname when it is the soname itself, or a prefix of it that
 * ends where ".so" starts: "libc" and "libc.so" name "libc.so.6".  A name
 * without "lib" gets it prepended ("c" names libc).
 */
static bool prefix_matches(const char *name, const char *soname)
{
	size_t n = strlen(name);

	if (strncmp(soname, name, n) != 0)
		return false;
	return soname[n] == '\0' || soname[n] == '.' ||
	       (n >= 3 && strcmp(name + n - 3, ".so") == 0);
}

bool ldcache_name_matches(const char *name, const char *soname)
{
	const char *dot = strstr(soname, ".so");
	char *with_lib;
	bool ok;

	if (!*name || !dot)
		return false;
	/* "libc" must not match "libcap.so.2": the match ends at ".so". */
	if (strncmp(name, "lib", 3) == 0)
		return prefix_matches(name, soname) && strlen(name) >= (size_t)(dot - soname);
	with_lib = xasprintf("lib%s", name);
	ok = prefix_matches(with_lib, soname) && strlen(with_lib) >= (size_t)(dot - soname);
	free(with_lib);
	return ok;
}

struct find_state {
	const char *name;
	char *path;
};

static bool take_match(const char *soname, const char *path, void *arg)
{
	struct find_state *st = arg;

	if (!ldcache_name_matches(st->name, soname) || access(path, R_OK) != 0)
		return false;
	st->path = xstrdup(path);
	return true;
}

/* Without a cache: the first matching file in the usual directories. */
static char *scan_dirs(const char *name)
{
	static const char *const dirs[] = {
#if defined(__x86_64__)
		"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
#elif defined(__aarch64__)
		"/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
#endif
		"/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib",
	};
	char *found = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(dirs) && !found; i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *de;

		if (!d)
			continue;
		while (!found && (de = readdir(d)))
			if (ldcache_name_matches(name, de->d_name))
				found = xasprintf("%s/%s", dirs[i], de->d_name);
		closedir(d);
	}
	return found;
}

char *ldcache_find(const char *name, const char *cache_path)
{
	struct find_state st = { name, NULL };
	size_t len;
	char *image = read_file(cache_path ? cache_path : "/etc/ld.so.cache", &len);

	if (image) {
		ldcache_parse(image, len, take_match, &st);
		free(image);
	}
	return st.path ? st.path : scan_dirs(name);
}
