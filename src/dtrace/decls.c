// SPDX-License-Identifier: GPL-2.0
/*
 * D's declarations, read from the source text before it is parsed.
 *
 * D declares variables at the top level (`int x;`, `self int t;`,
 * `this string s;`, `int a[string, int];`) and names constants with
 * `inline TYPE NAME = EXPR;`.  The bpftrace grammar has neither, and D
 * needs neither to compile: a variable gets its type from its first
 * assignment, as in sonde's maps.  So declarations are blanked out
 * (columns and lines stay, for error locations), declared globals are
 * remembered (a global that is only read is still a global), and an
 * inline becomes `#define NAME (EXPR)` for the preprocessor that runs
 * next, on one line followed by the lines the declaration spanned.
 * D's $$N (macro argument N as a string) becomes $N, which is a string
 * when the argument is not a number.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "dt_lower.h"

static const char *const decl_words[] = {
	"self", "this", "static", "extern", "const", "volatile", "register", "inline",
	"int", "char", "short", "long", "unsigned", "signed", "float", "double", "void",
	"string", "struct", "union", "enum",
	"int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t", "uint32_t",
	"uint64_t", "intptr_t", "uintptr_t", "size_t", "ssize_t", "pid_t", "uid_t", "gid_t",
	"id_t", "hrtime_t", "off_t", "offset_t", "processorid_t", "caddr_t", "uchar_t",
	"ushort_t", "uint_t", "ulong_t", "u_int", "u_long", "boolean_t",
};

static bool is_decl_word(const char *w, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(decl_words); i++)
		if (strlen(decl_words[i]) == len && !strncmp(w, decl_words[i], len))
			return true;
	return false;
}

static size_t word_len(const char *p)
{
	size_t n = 0;

	if (!isalpha((unsigned char)*p) && *p != '_')
		return 0;
	while (isalnum((unsigned char)p[n]) || p[n] == '_')
		n++;
	return n;
}

/* Past a comment, string or character constant starting at p, else p. */
static const char *skip_lexical(const char *p, const char *end)
{
	if (p + 1 < end && p[0] == '/' && p[1] == '*') {
		const char *e = strstr(p + 2, "*/");

		return e && e < end ? e + 2 : end;
	}
	if (p + 1 < end && p[0] == '/' && p[1] == '/') {
		while (p < end && *p != '\n')
			p++;
		return p;
	}
	if (*p == '"' || *p == '\'') {
		char q = *p++;

		while (p < end && *p != q && *p != '\n')
			p += *p == '\\' && p + 1 < end ? 2 : 1;
		return p < end ? p + 1 : end;
	}
	return p;
}

/* The end of a declaration starting at p: its ';' (NULL when a '{' or the end comes first). */
static const char *decl_end(const char *p, const char *end)
{
	while (p < end) {
		const char *q = skip_lexical(p, end);

		if (q != p) {
			p = q;
			continue;
		}
		if (*p == ';')
			return p;
		if (*p == '{' || *p == '}')
			return NULL;
		p++;
	}
	return NULL;
}

/* The names a declaration declares: the last word of each comma-separated part. */
static void note_globals(struct dtrace_ctx *dc, const char *p, const char *end)
{
	const char *last = NULL;
	size_t last_len = 0;
	int nest = 0;

	for (; p <= end; p++) {
		size_t n = p < end ? word_len(p) : 0;

		if (n && nest == 0) {
			last = p;
			last_len = n;
			p += n - 1;
			continue;
		}
		if (p < end && (*p == '[' || *p == '('))
			nest++;
		else if (p < end && (*p == ']' || *p == ')'))
			nest--;
		else if ((p == end || *p == ',') && nest == 0 && last) {
			char *name = xstrndup(last, last_len);

			if (!dt_is_global(dc, name) && !is_decl_word(name, last_len))
				vec_push(&dc->globals, name);
			else
				free(name);
			last = NULL;
		}
	}
}

/* inline TYPE NAME = EXPR; -> "#define NAME (EXPR)" then the newlines it spanned. */
static int rewrite_inline(const struct source *src, const char *start, const char *semi,
			  struct strbuf *out)
{
	const char *eq = memchr(start, '=', (size_t)(semi - start)), *name = NULL, *p;
	const char *line = start;
	size_t name_len = 0;

	while (line > src->text && line[-1] != '\n')
		line--;
	for (p = line; p < start; p++)
		if (!isspace((unsigned char)*p))
			eq = NULL;	/* something before it on its line */
	for (p = start + 6; eq && p < eq; p++) {
		size_t n = word_len(p);

		if (n) {
			name = p;
			name_len = n;
			p += n - 1;
		}
	}
	if (!eq || !name) {
		int lineno = 1;

		for (p = src->text; p < start; p++)
			lineno += *p == '\n';
		diag_error(src, (struct loc){ lineno, (int)(start - line) + 1, lineno,
					      (int)(start - line) + 6 },
			   "%s: expected `inline TYPE NAME = EXPRESSION;` at the start of a line",
			   "inline");
		return -1;
	}
	sb_addf(out, "#define %.*s (", (int)name_len, name);
	for (p = eq + 1; p < semi; p++)
		sb_addc(out, *p == '\n' || *p == '\r' ? ' ' : *p);
	sb_addc(out, ')');
	for (p = start; p < semi; p++)
		if (*p == '\n')
			sb_addc(out, '\n');
	return 0;
}

int dt_rewrite_decls(struct dtrace_ctx *dc, struct source *src)
{
	const char *p = src->text, *end = src->text + src->len;
	struct strbuf out = { 0 };
	bool item_start = true;
	int depth = 0, err = 0;

	while (p < end) {
		const char *q = skip_lexical(p, end);
		size_t n;

		if (q != p) {
			sb_add(&out, p, (size_t)(q - p));
			p = q;
			continue;
		}
		if (*p == '#' && (p == src->text || p[-1] == '\n')) {
			while (p < end && *p != '\n')
				sb_addc(&out, *p++);
			continue;
		}
		if (p[0] == '$' && p + 2 < end && p[1] == '$' && p[2] >= '0' && p[2] <= '9') {
			sb_addc(&out, ' ');	/* $$N: the argument as a string, as $N */
			p++;
			continue;
		}
		n = word_len(p);
		if (depth == 0 && item_start && n && is_decl_word(p, n)) {
			const char *semi = decl_end(p, end);

			if (semi && n == 6 && !strncmp(p, "inline", 6)) {
				err |= rewrite_inline(src, p, semi, &out);
				p = semi + 1;
				continue;
			}
			if (semi) {
				if (strncmp(p, "self", n) && strncmp(p, "this", n))
					note_globals(dc, p, semi);
				for (; p <= semi; p++)
					sb_addc(&out, *p == '\n' ? '\n' : ' ');
				continue;
			}
		}
		if (n) {
			item_start = false;
			sb_add(&out, p, n);
			p += n;
			continue;
		}
		if (*p == '{')
			depth++;
		else if (*p == '}' && depth > 0)
			depth--;
		if (depth == 0 && (*p == ';' || *p == '}'))
			item_start = true;
		else if (!isspace((unsigned char)*p))
			item_start = false;
		sb_addc(&out, *p++);
	}
	free(src->text);
	src->len = out.len;
	src->text = out.buf ? sb_steal(&out) : xstrdup("");
	return err ? -1 : 0;
}
