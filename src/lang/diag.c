// SPDX-License-Identifier: GPL-2.0
/*
 * Diagnostics in bpftrace's format.  Columns in the header are a half-open
 * range (the column after the span ends), as bpftrace prints them; the
 * source line follows with tabs shown as four spaces, then '~' under the
 * span.  A span over several lines prints "FILE:L1-L2:" and no excerpt.
 */
#include "diag.h"

#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

FILE *diag_out;
int diag_error_count;
bool diag_no_warnings;
int diag_max_errors;
void (*diag_rewrite)(struct strbuf *msg);

/* The last report was a warning --no-warnings dropped: so is its hint. */
static bool hint_dropped;

#define TAB_WIDTH 4
#define EXCERPT_MAX 200		/* bytes of a long line shown */
#define EXCERPT_BEFORE 80	/* of which before the error */
#define MESSAGE_MAX 480		/* longer messages keep their head and tail */
#define MESSAGE_HEAD 320
#define MESSAGE_TAIL 120

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

static void put_byte(struct strbuf *f, char c)
{
	if (c == '\t')
		sb_adds(f, "    ");
	else if (c == '\0' || c == '\r')
		sb_addc(f, ' ');
	else
		sb_addc(f, c);
}

/*
 * The source line and '~' under columns loc.col..loc.end_col.  A line
 * longer than EXCERPT_MAX bytes (a generated or hostile program) is shown
 * as a window around the error, "..." marking what is cut.
 */
static void print_excerpt(struct strbuf *f, const struct source *src, struct loc loc)
{
	size_t start, len, from = 0, to, i, col;
	const char *line;

	if (!find_line(src, loc.line, &start, &len) || len == 0)
		return;	/* nothing to underline (an error at the end of the file) */
	line = src->text + start;
	to = len;
	if (len > EXCERPT_MAX) {
		size_t c = loc.col > 0 ? (size_t)loc.col - 1 : 0;

		from = c > EXCERPT_BEFORE ? MIN(c - EXCERPT_BEFORE, len - EXCERPT_MAX) : 0;
		to = from + EXCERPT_MAX;
	}
	if (from)
		sb_adds(f, "...");
	for (i = from; i < to; i++)
		put_byte(f, line[i]);
	if (to < len)
		sb_adds(f, "...");
	sb_addc(f, '\n');
	if (from)
		sb_adds(f, "   ");
	for (col = from + 1; col <= to && col < (size_t)loc.col; col++)
		sb_addf(f, "%*s", byte_width(line[col - 1]), "");
	for (; col <= (size_t)loc.end_col && col <= to + 1; col++) {
		int width = col <= len ? byte_width(line[col - 1]) : 1;

		while (width--)
			sb_addc(f, '~');
	}
	sb_addc(f, '\n');
}

/*
 * Past diag_max_errors errors, one line says so and the rest are counted
 * but not printed: 100,000 bad probes must not cost minutes of output.
 */
static bool over_error_limit(bool is_error)
{
	if (!diag_max_errors)
		return false;
	if (!is_error)
		return diag_error_count > diag_max_errors;
	if (diag_error_count == diag_max_errors + 1)
		fprintf(out(), "ERROR: too many errors: only the first %d are shown\n",
			diag_max_errors);
	return diag_error_count > diag_max_errors;
}

/* The same for warnings (100,000 unused map declarations). */
static bool over_warning_limit(void)
{
	static int warnings;

	if (!diag_max_errors)
		return false;
	if (++warnings == diag_max_errors + 1)
		fprintf(out(), "WARNING: too many warnings: only the first %d are shown\n",
			diag_max_errors);
	return warnings > diag_max_errors;
}

/*
 * The message, its middle cut when it quotes megabytes of the program (a
 * 1 MiB attach point): its start and end say what is wrong.
 */
static void add_message(struct strbuf *sb, const char *fmt, va_list ap)
{
	struct strbuf msg;

	sb_init(&msg);
	sb_vaddf(&msg, fmt, ap);
	if (diag_rewrite)
		diag_rewrite(&msg);
	if (msg.len > MESSAGE_MAX) {
		sb_add(sb, msg.buf, MESSAGE_HEAD);
		sb_adds(sb, " ... ");
		sb_adds(sb, msg.buf + msg.len - MESSAGE_TAIL);
	} else {
		sb_add(sb, msg.buf, msg.len);
	}
	sb_free(&msg);
}

int source_add_expansion(struct source *src, struct loc call)
{
	vec_push(&src->expansions, call);
	return src->expansions.n;
}

void source_free_expansions(struct source *src)
{
	vec_free(&src->expansions);
}

static VEC(struct source *) imported;

int diag_source_register(struct source *src)
{
	vec_push(&imported, src);
	src->file = imported.n;
	return src->file;
}

const struct source *diag_source_of(const struct source *src, struct loc loc)
{
	if (loc.file > 0 && loc.file <= imported.n)
		return imported.v[loc.file - 1];
	return src;
}

void diag_sources_free(void)
{
	for (int i = 0; i < imported.n; i++) {
		free(imported.v[i]->name);
		free(imported.v[i]->text);
		source_free_expansions(imported.v[i]);
		free(imported.v[i]);
	}
	vec_free(&imported);
}

/* "FILE:L:C-E: LEVEL: " (or "FILE:L1-L2: ", or "LEVEL: " with no place) */
static void add_header(struct strbuf *sb, const struct source *src, struct loc loc,
		       const char *level)
{
	const struct source *in = diag_source_of(src, loc);
	const char *name = in && in->name ? in->name : "stdin";

	if (loc.line <= 0)
		sb_addf(sb, "%s: ", level);
	else if (loc.end_line > loc.line)
		sb_addf(sb, "%s:%d-%d: %s: ", name, loc.line, loc.end_line, level);
	else
		sb_addf(sb, "%s:%d:%d-%d: %s: ", name, loc.line, loc.col,
			(loc.end_col < loc.col - 1 ? loc.col - 1 : loc.end_col) + 1, level);
}

static void add_excerpt(struct strbuf *sb, const struct source *src, struct loc loc)
{
	src = diag_source_of(src, loc);
	if (loc.end_col < loc.col - 1)
		loc.end_col = loc.col - 1;
	if (loc.line > 0 && loc.end_line <= loc.line)
		print_excerpt(sb, src, loc);
}

static bool same_span(struct loc a, struct loc b)
{
	return a.line == b.line && a.col == b.col && a.end_line == b.end_line &&
	       a.end_col == b.end_col;
}

/*
 * The macro calls loc came through, innermost first, each an "expanded
 * from" with its excerpt; a recursive macro's calls of itself, all at one
 * place, print once.  An entry's own expansion is always an earlier one
 * (the call was in place before its body was), so this ends.
 */
static void add_expansions(struct strbuf *sb, const struct source *src, struct loc loc,
			   const char *level)
{
	struct loc shown = loc;

	while (src && loc.expansion > 0 && loc.expansion <= src->expansions.n) {
		int at = loc.expansion;

		loc = src->expansions.v[at - 1];
		if (loc.expansion >= at)
			break;
		if (same_span(loc, shown))
			continue;
		add_header(sb, src, loc, level);
		sb_adds(sb, "expanded from\n");
		add_excerpt(sb, src, loc);
		shown = loc;
	}
}

static void report_to(FILE *f, const struct source *src, struct loc loc, const char *level,
		      const char *fmt, va_list ap)
{
	struct strbuf sb;

	sb_init(&sb);
	add_header(&sb, src, loc, level);
	add_message(&sb, fmt, ap);
	sb_addc(&sb, '\n');
	add_excerpt(&sb, src, loc);
	add_expansions(&sb, src, loc, level);
	fwrite(sb.buf, 1, sb.len, f);
	sb_free(&sb);
}

/* The location and message only: the source line is the call itself. */
static void report_bare(const struct source *src, struct loc loc, const char *level,
			const char *fmt, va_list ap)
{
	FILE *f = out();
	struct strbuf sb;

	sb_init(&sb);
	add_header(&sb, src, loc, level);
	sb_vaddf(&sb, fmt, ap);
	sb_addc(&sb, '\n');
	add_expansions(&sb, src, loc, level);
	fwrite(sb.buf, 1, sb.len, f);
	sb_free(&sb);
	fflush(f);
}

void diag_located(const struct source *src, struct loc loc, bool error, const char *fmt, ...)
{
	va_list ap;

	if (!error && diag_no_warnings)
		return;	/* warnf() too: --no-warnings drops every warning */
	va_start(ap, fmt);
	report_bare(src, loc, error ? "ERROR" : "WARNING", fmt, ap);
	va_end(ap);
}

/*
 * One diagnostic, header, source line and underline, in one write: a
 * runtime warning then stays whole between the lines of program output
 * that share a terminal or a pipe with it (and stderr, unbuffered, does
 * not make a syscall of every byte).
 */
static void report(const struct source *src, struct loc loc, const char *level,
		   const char *fmt, va_list ap)
{
	report_to(out(), src, loc, level, fmt, ap);
	fflush(out());
}

void diag_error(const struct source *src, struct loc loc, const char *fmt, ...)
{
	va_list ap;

	diag_error_count++;
	hint_dropped = false;
	if (over_error_limit(true))
		return;
	va_start(ap, fmt);
	report(src, loc, "ERROR", fmt, ap);
	va_end(ap);
}

void diag_warning(const struct source *src, struct loc loc, const char *fmt, ...)
{
	va_list ap;

	hint_dropped = diag_no_warnings;
	if (diag_no_warnings || over_error_limit(false) || over_warning_limit())
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

	if (hint_dropped || over_error_limit(false))
		return;
	fputs("HINT: ", f);
	va_start(ap, fmt);
	if (diag_rewrite) {
		struct strbuf msg;

		sb_init(&msg);
		sb_vaddf(&msg, fmt, ap);
		diag_rewrite(&msg);
		fputs(msg.buf, f);
		sb_free(&msg);
	} else {
		vfprintf(f, fmt, ap);
	}
	va_end(ap);
	fputc('\n', f);
}

void diag_plain_error(const char *fmt, ...)
{
	va_list ap;
	FILE *f = out();

	diag_error_count++;
	hint_dropped = false;
	if (over_error_limit(true))
		return;
	fputs("ERROR: ", f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

void diag_source_too_big(const struct source *src)
{
	struct loc l = { 1, 1, 1, 1 };
	size_t line_start = 0;

	for (size_t i = 0; i < src->len; i++) {
		if (src->text[i] == '\n') {
			l.line++;
			line_start = i + 1;
		}
	}
	l.end_line = l.line;
	l.col = l.end_col = (int)MIN(src->len - line_start + 1, (size_t)INT32_MAX);
	diag_error(src, l, "program too large: more than %d MiB (the limit on program size)",
		   SOURCE_MAX_SIZE >> 20);
}
