// SPDX-License-Identifier: GPL-2.0
/*
 * Diagnostics in bpftrace's format.  Columns in the header are a half-open
 * range (the column after the span ends), as bpftrace prints them; the
 * source line follows with tabs shown as four spaces, then '~' under the
 * span.  A span over several lines prints "FILE:L1-L2:" and no excerpt.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

FILE *diag_out;
int diag_error_count;
bool diag_no_warnings;

/* The last report was a warning --no-warnings dropped: so is its hint. */
static bool hint_dropped;

#define TAB_WIDTH 4

static FILE *out(void)
{
	return diag_out ? diag_out : stderr;
}

/* The start and length of line number `line` (1-based) in src. */
static bool find_line(const struct source *src, int line, size_t *start, size_t *len)
{
	size_t pos = 0, end;
	int cur = 1;

	if (!src || !src->text || line < 1)
		return false;
	while (cur < line) {
		const char *nl = memchr(src->text + pos, '\n', src->len - pos);

		if (!nl)
			return false;
		pos = nl - src->text + 1;
		cur++;
	}
	end = pos;
	while (end < src->len && src->text[end] != '\n')
		end++;
	*start = pos;
	*len = end - pos;
	return true;
}

/* The printed width of one source byte. */
static int byte_width(char c)
{
	return c == '\t' ? TAB_WIDTH : 1;
}

static void print_excerpt(FILE *f, const struct source *src, struct loc loc)
{
	size_t start, len, i;
	int col, width;

	if (!find_line(src, loc.line, &start, &len) || len == 0)
		return;	/* nothing to underline (an error at the end of the file) */
	for (i = 0; i < len; i++) {
		char c = src->text[start + i];

		if (c == '\t')
			fputs("    ", f);
		else if (c == '\0' || c == '\r')
			fputc(' ', f);
		else
			fputc(c, f);
	}
	fputc('\n', f);
	for (col = 1; col < loc.col; col++) {
		width = (size_t)(col - 1) < len ? byte_width(src->text[start + col - 1]) : 1;
		fprintf(f, "%*s", width, "");
	}
	for (; col <= loc.end_col; col++) {
		width = (size_t)(col - 1) < len ? byte_width(src->text[start + col - 1]) : 1;
		while (width--)
			fputc('~', f);
	}
	fputc('\n', f);
}

static void report_to(FILE *f, const struct source *src, struct loc loc, const char *level,
		      const char *fmt, va_list ap)
{
	const char *name = src && src->name ? src->name : "stdin";

	if (loc.line <= 0) {
		fprintf(f, "%s: ", level);
		vfprintf(f, fmt, ap);
		fputc('\n', f);
		return;
	}
	if (loc.end_line > loc.line) {
		fprintf(f, "%s:%d-%d: %s: ", name, loc.line, loc.end_line, level);
		vfprintf(f, fmt, ap);
		fputc('\n', f);
		return;
	}
	if (loc.end_col < loc.col - 1)
		loc.end_col = loc.col - 1;
	fprintf(f, "%s:%d:%d-%d: %s: ", name, loc.line, loc.col, loc.end_col + 1, level);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
	print_excerpt(f, src, loc);
}

/* The location and message only: the source line is the call itself. */
static void report_bare(const struct source *src, struct loc loc, const char *level,
			const char *fmt, va_list ap)
{
	FILE *f = out();
	const char *name = src && src->name ? src->name : "stdin";

	if (loc.line <= 0)
		fprintf(f, "%s: ", level);
	else if (loc.end_line > loc.line)
		fprintf(f, "%s:%d-%d: %s: ", name, loc.line, loc.end_line, level);
	else
		fprintf(f, "%s:%d:%d-%d: %s: ", name, loc.line, loc.col,
			(loc.end_col < loc.col - 1 ? loc.col - 1 : loc.end_col) + 1, level);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
	fflush(f);
}

void diag_located(const struct source *src, struct loc loc, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_bare(src, loc, error ? "ERROR" : "WARNING", fmt, ap);
	va_end(ap);
}

/*
 * One diagnostic, header, source line and underline, in one write: a
 * runtime warning then stays whole between the lines of program output
 * that share a terminal or a pipe with it.
 */
static void report(const struct source *src, struct loc loc, const char *level,
		   const char *fmt, va_list ap)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	if (!mem) {
		report_to(out(), src, loc, level, fmt, ap);
		return;
	}
	report_to(mem, src, loc, level, fmt, ap);
	fclose(mem);
	fwrite(text, 1, len, out());
	fflush(out());
	free(text);
}

void diag_error(const struct source *src, struct loc loc, const char *fmt, ...)
{
	va_list ap;

	diag_error_count++;
	hint_dropped = false;
	va_start(ap, fmt);
	report(src, loc, "ERROR", fmt, ap);
	va_end(ap);
}

void diag_warning(const struct source *src, struct loc loc, const char *fmt, ...)
{
	va_list ap;

	hint_dropped = diag_no_warnings;
	if (diag_no_warnings)
		return;
	va_start(ap, fmt);
	report(src, loc, "WARNING", fmt, ap);
	va_end(ap);
}

void diag_plain_warning(const char *fmt, ...)
{
	va_list ap;
	FILE *f = out();

	hint_dropped = diag_no_warnings;
	if (diag_no_warnings)
		return;
	fputs("WARNING: ", f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

void diag_hint(const char *fmt, ...)
{
	va_list ap;
	FILE *f = out();

	if (hint_dropped)
		return;
	fputs("HINT: ", f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

void diag_plain_error(const char *fmt, ...)
{
	va_list ap;
	FILE *f = out();

	diag_error_count++;
	hint_dropped = false;
	fputs("ERROR: ", f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}
