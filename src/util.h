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

/* Shell-style '*' wildcard match (the only metacharacter bpftrace uses). */
bool wildcard_match(const char *pattern, const char *s);

#endif
