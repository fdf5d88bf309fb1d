/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Library name -> path, the way the dynamic loader finds it: through
 * /etc/ld.so.cache, or by scanning the standard library directories when
 * there is no cache.  "libc", "libc.so", "libc.so.6" and "c" all name the
 * libc.so.6 of this machine's architecture.
 */
#ifndef SONDE_SYM_LDCACHE_H
#define SONDE_SYM_LDCACHE_H

#include <stdbool.h>
#include <stddef.h>

/* Whether file name (a soname such as "libc.so.6") is what name asks for. */
bool ldcache_name_matches(const char *name, const char *soname);

/*
 * The path of library name, newly allocated, or NULL when none is found.
 * cache_path is the cache to read (NULL: /etc/ld.so.cache).
 */
char *ldcache_find(const char *name, const char *cache_path);

/*
 * Parse an ld.so.cache image (the new "glibc-ld.so.cache1.1" format, alone
 * or after the old one).  Calls fn(soname, path, arg) for each entry of
 * this architecture until fn returns true.  0, or -1 when the image is not
 * a cache.
 */
int ldcache_parse(const char *image, size_t len,
		  bool (*fn)(const char *soname, const char *path, void *arg), void *arg);

#endif
