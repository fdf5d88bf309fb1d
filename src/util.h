/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers every module uses: checked allocation, growable arrays,
 * a string builder.  Allocation failure is fatal: a tracer that cannot get
 * a few KiB has nothing useful left to do.
 */
#ifndef SONDE_UTIL_H
#define SONDE_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define ALIGN_UP(x, a) (((x) + (a) - 1) / (a) * (a))

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Growable array of T: declare with VEC(T) name; push with vec_push().
 * Zero-initialised vectors are empty and valid.
 */
#define VEC(T) struct { T *v; int n, cap; }
#define vec_push(vec, x) do {						\
	if ((vec)->n == (vec)->cap) {					\
		(vec)->cap = (vec)->cap ? (vec)->cap * 2 : 8;		\
		(vec)->v = xrealloc((vec)->v, (vec)->cap * sizeof(*(vec)->v)); \
	}								\
	(vec)->v[(vec)->n++] = (x);					\
} while (0)
#define vec_free(vec) do { free((vec)->v); (vec)->v = NULL; (vec)->n = (vec)->cap = 0; } while (0)

/* A growing, always NUL-terminated byte string. */
struct strbuf {
	char *buf;
	size_t len, cap;
};

void sb_init(struct strbuf *sb);
void sb_free(struct strbuf *sb);
void sb_add(struct strbuf *sb, const void *data, size_t len);
void sb_addc(struct strbuf *sb, char c);
void sb_adds(struct strbuf *sb, const char *s);
void sb_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Hand the buffer to the caller, leaving sb empty. */
char *sb_steal(struct strbuf *sb);

/* Whole file into memory (NUL-terminated); NULL and errno on failure. */
char *read_file(const char *path, size_t *len);
/* The same, reading at most max bytes; *too_big tells whether more followed. */
char *read_file_max(const char *path, size_t max, size_t *len, bool *too_big);

/*
 * FNV-1a, the one hash of sonde's tables (names, strings, stacks, keys):
 * 32 bits for hash tables, 64 for ids.  fnv32_step() hashes a byte at a
 * time, for parsers that hash while they scan.
 */
#define FNV32_SEED	2166136261u
#define FNV64_SEED	0xcbf29ce484222325ull

static inline uint32_t fnv32_step(uint32_t h, unsigned char c)
{
	return (h ^ c) * 16777619u;
}

static inline uint32_t fnv32_add(uint32_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++)
		h = fnv32_step(h, p[i]);
	return h;
}

static inline uint32_t fnv32_str(const char *s)
{
	uint32_t h = FNV32_SEED;

	while (*s)
		h = fnv32_step(h, (unsigned char)*s++);
	return h;
}

static inline uint64_t fnv64_add(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

/* CLOCK_MONOTONIC in ns: the clock of bpf_ktime_get_ns() and of perf
 * records opened with clockid CLOCK_MONOTONIC. */
uint64_t monotonic_ns(void);

/* Write all of buf to fd (retrying short writes and EINTR); 0, or -1 with errno. */
int write_all(int fd, const void *buf, size_t len);

#endif
