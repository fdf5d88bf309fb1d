// SPDX-License-Identifier: GPL-2.0
/*
 * The lexer.  A hand-written scanner over the source bytes: it tracks line
 * and column (1-based, in bytes, as bpftrace counts them) so every token
 * carries the span diagnostics underline.
 */
#include "lexer.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

struct spelling {
	enum token_kind kind;
	const char *text;
};

/* Longest first: the scanner takes the first entry that matches. */
static const struct spelling punctuation[] = {
	{ T_SHL_ASSIGN, "<<=" }, { T_SHR_ASSIGN, ">>=" },
	{ T_ADD_ASSIGN, "+=" }, { T_SUB_ASSIGN, "-=" }, { T_MUL_ASSIGN, "*=" },
	{ T_DIV_ASSIGN, "/=" }, { T_MOD_ASSIGN, "%=" }, { T_AND_ASSIGN, "&=" },
	{ T_OR_ASSIGN, "|=" }, { T_XOR_ASSIGN, "^=" },
	{ T_SHL, "<<" }, { T_SHR, ">>" }, { T_LAND, "&&" }, { T_LOR, "||" },
	{ T_EQ, "==" }, { T_NE, "!=" }, { T_LE, "<=" }, { T_GE, ">=" },
	{ T_INC, "++" }, { T_DEC, "--" }, { T_ARROW, "->" }, { T_DOTDOT, ".." },
	{ T_LPAREN, "(" }, { T_RPAREN, ")" }, { T_LBRACE, "{" }, { T_RBRACE, "}" },
	{ T_LBRACKET, "[" }, { T_RBRACKET, "]" }, { T_SEMI, ";" }, { T_COMMA, "," },
	{ T_COLON, ":" }, { T_DOT, "." }, { T_QUESTION, "?" }, { T_ASSIGN, "=" },
	{ T_PLUS, "+" }, { T_MINUS, "-" }, { T_STAR, "*" }, { T_SLASH, "/" },
	{ T_PERCENT, "%" }, { T_AMP, "&" }, { T_PIPE, "|" }, { T_CARET, "^" },
	{ T_LT, "<" }, { T_GT, ">" }, { T_BANG, "!" }, { T_TILDE, "~" },
};

static const struct spelling keywords[] = {
	{ T_IF, "if" }, { T_ELSE, "else" }, { T_WHILE, "while" }, { T_FOR, "for" },
	{ T_UNROLL, "unroll" }, { T_RETURN, "return" }, { T_BREAK, "break" },
	{ T_CONTINUE, "continue" }, { T_LET, "let" }, { T_SIZEOF, "sizeof" },
	{ T_OFFSETOF, "offsetof" }, { T_TRUE, "true" }, { T_FALSE, "false" },
	{ T_STRUCT, "struct" }, { T_UNION, "union" }, { T_ENUM, "enum" },
};

static const char *const kind_names[T_KIND_COUNT] = {
	[T_EOF] = "end of file",
	[T_ERROR] = "invalid token",
	[T_INT] = "integer",
	[T_STR] = "string",
	[T_IDENT] = "identifier",
	[T_VAR] = "variable",
	[T_MAP] = "map",
	[T_POSPARAM] = "positional parameter",
	[T_ATTACH] = "attach point",
};

const char *token_kind_name(enum token_kind kind)
{
	size_t i;

	if ((unsigned)kind >= T_KIND_COUNT)
		return "?";
	if (kind_names[kind])
		return kind_names[kind];
	for (i = 0; i < ARRAY_SIZE(punctuation); i++)
		if (punctuation[i].kind == kind)
			return punctuation[i].text;
	for (i = 0; i < ARRAY_SIZE(keywords); i++)
		if (keywords[i].kind == kind)
			return keywords[i].text;
	return "?";
}

bool token_is_word(enum token_kind kind)
{
	return kind == T_IDENT || (kind >= T_IF && kind <= T_ENUM);
}

void lexer_init(struct lexer *lx, const struct source *src)
{
	memset(lx, 0, sizeof(*lx));
	lx->src = src;
	lx->line = 1;
	lx->col = 1;
}

void token_free(struct token *tok)
{
	free(tok->str);
	tok->str = NULL;
	tok->slen = 0;
}

int lex_peek_char(const struct lexer *lx)
{
	if (lx->pos >= lx->src->len)
		return -1;
	return (unsigned char)lx->src->text[lx->pos];
}

static int peek_at(const struct lexer *lx, size_t ahead)
{
	if (lx->pos + ahead >= lx->src->len)
		return -1;
	return (unsigned char)lx->src->text[lx->pos + ahead];
}

static void advance(struct lexer *lx)
{
	if (lx->pos >= lx->src->len)
		return;
	if (lx->src->text[lx->pos] == '\n') {
		lx->line++;
		lx->col = 1;
	} else {
		lx->col++;
	}
	lx->pos++;
}

static void advance_n(struct lexer *lx, size_t n)
{
	while (n--)
		advance(lx);
}

struct loc lex_loc_here(const struct lexer *lx)
{
	struct loc l = { lx->line, lx->col, lx->line, lx->col, .file = lx->src ? lx->src->file : 0 };

	return l;
}

/* A token that started at start and ends just before the current byte. */
static void finish(struct lexer *lx, struct token *tok, struct lexer *start)
{
	tok->pos = start->pos;
	tok->len = lx->pos - start->pos;
	tok->loc.line = start->line;
	tok->loc.col = start->col;
	tok->loc.file = lx->src ? lx->src->file : 0;
	tok->loc.end_line = lx->line;
	tok->loc.end_col = lx->col - 1;
	if (lx->col == 1 && lx->line > start->line) {
		/* ended on a newline: keep the span on its last real line */
		tok->loc.end_line = start->line;
		tok->loc.end_col = start->col + (int)tok->len - 1;
	}
}

static void lex_error(struct lexer *lx, struct loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void lex_error(struct lexer *lx, struct loc loc, const char *fmt, ...)
{
	char *msg;
	va_list ap;
	struct strbuf sb;

	if (lx->quiet)
		return;
	sb_init(&sb);
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	msg = sb_steal(&sb);
	diag_error(lx->src, loc, "%s", msg);
	free(msg);
}

/* A character as an error message shows it: 'x' or '\xNN'. */
static void describe_char(int c, char *buf, size_t size)
{
	if (c >= 0x20 && c < 0x7f)
		snprintf(buf, size, "%c", c);
	else
		snprintf(buf, size, "\\x%02x", c & 0xff);
}

bool lex_skip_space(struct lexer *lx)
{
	for (;;) {
		int c = lex_peek_char(lx);

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f' || c == '\v') {
			advance(lx);
		} else if (c == '/' && peek_at(lx, 1) == '/') {
			while (lex_peek_char(lx) != -1 && lex_peek_char(lx) != '\n')
				advance(lx);
		} else if (c == '/' && peek_at(lx, 1) == '*') {
			struct loc start = lex_loc_here(lx);

			start.end_col = start.col + 1;
			advance_n(lx, 2);
			while (lex_peek_char(lx) != -1 &&
			       !(lex_peek_char(lx) == '*' && peek_at(lx, 1) == '/'))
				advance(lx);
			if (lex_peek_char(lx) == -1) {
				lex_error(lx, start, "end of file during comment");
				return false;
			}
			advance_n(lx, 2);
		} else {
			return true;
		}
	}
}

static bool is_ident_start(int c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_ident_char(int c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9');
}

static void lex_word(struct lexer *lx, struct token *tok)
{
	struct lexer start = *lx;
	size_t i;

	while (is_ident_char(lex_peek_char(lx)))
		advance(lx);
	finish(lx, tok, &start);
	tok->str = xstrndup(lx->src->text + tok->pos, tok->len);
	tok->slen = tok->len;
	tok->kind = T_IDENT;
	for (i = 0; i < ARRAY_SIZE(keywords); i++) {
		if (strcmp(keywords[i].text, tok->str) == 0) {
			tok->kind = keywords[i].kind;
			break;
		}
	}
}

/* $name, $N, $# */
static void lex_dollar(struct lexer *lx, struct token *tok)
{
	struct lexer start = *lx;
	int c;

	advance(lx);
	c = lex_peek_char(lx);
	if (c == '#') {
		advance(lx);
		tok->kind = T_POSPARAM;
		tok->ival = 0;
	} else if (c >= '0' && c <= '9') {
		uint64_t n = 0;

		while ((c = lex_peek_char(lx)) >= '0' && c <= '9') {
			if (n < 1000000)
				n = n * 10 + (c - '0');
			advance(lx);
		}
		tok->kind = T_POSPARAM;
		tok->ival = n;
	} else if (is_ident_start(c)) {
		while (is_ident_char(lex_peek_char(lx)))
			advance(lx);
		tok->kind = T_VAR;
	} else {
		finish(lx, tok, &start);
		lex_error(lx, tok->loc, "invalid character '$'");
		tok->kind = T_ERROR;
		return;
	}
	finish(lx, tok, &start);
	tok->str = xstrndup(lx->src->text + tok->pos, tok->len);
	tok->slen = tok->len;
}

static void lex_map(struct lexer *lx, struct token *tok)
{
	struct lexer start = *lx;

	advance(lx);
	if (is_ident_start(lex_peek_char(lx)))
		while (is_ident_char(lex_peek_char(lx)))
			advance(lx);
	finish(lx, tok, &start);
	tok->kind = T_MAP;
	tok->str = xstrndup(lx->src->text + tok->pos, tok->len);
	tok->slen = tok->len;
}

static int digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* value = value * mul + add, false on overflow past UINT64_MAX */
static bool mul_add(uint64_t *value, uint64_t mul, uint64_t add)
{
	if (mul && *value > (UINT64_MAX - add) / mul)
		return false;
	*value = *value * mul + add;
	return true;
}

/* Digits of one base, with '_' allowed between digits. */
static bool lex_digits(struct lexer *lx, int base, uint64_t *value, bool *bad_digit)
{
	bool ok = true;
	int c;

	for (;;) {
		c = lex_peek_char(lx);
		if (c == '_' && digit_value(peek_at(lx, 1)) < base) {
			advance(lx);
			continue;
		}
		if (c < 0 || !isxdigit(c))
			break;
		if (digit_value(c) >= base) {
			if (base == 8 && c <= '9') {
				*bad_digit = true;
				advance(lx);
				continue;
			}
			break;
		}
		if (!mul_add(value, base, digit_value(c)))
			ok = false;
		advance(lx);
	}
	return ok;
}

struct duration {
	const char *suffix;
	uint64_t nsecs;
};

static const struct duration durations[] = {
	{ "ns", 1ULL }, { "us", 1000ULL }, { "ms", 1000000ULL },
	{ "s", 1000000000ULL }, { "m", 60000000000ULL },
	{ "h", 3600000000000ULL }, { "d", 86400000000000ULL },
};

/* The length of the identifier-like run at the current position. */
static size_t word_len(const struct lexer *lx)
{
	size_t n = 0;

	while (is_ident_char(peek_at(lx, n)))
		n++;
	return n;
}

static bool word_is(const struct lexer *lx, size_t n, const char *w)
{
	return strlen(w) == n && memcmp(lx->src->text + lx->pos, w, n) == 0;
}

/* C integer suffixes (accepted, ignored): u, l, ul, lu, ll, ull, llu. */
static bool is_c_suffix(const struct lexer *lx, size_t n)
{
	static const char *const suffixes[] = {
		"u", "l", "ul", "lu", "ll", "ull", "llu",
	};
	char buf[4];
	size_t i;

	if (n == 0 || n > 3)
		return false;
	for (i = 0; i < n; i++)
		buf[i] = tolower((unsigned char)lx->src->text[lx->pos + i]);
	buf[n] = '\0';
	for (i = 0; i < ARRAY_SIZE(suffixes); i++)
		if (strcmp(buf, suffixes[i]) == 0)
			return true;
	return false;
}

/* Scientific notation (decimal only): 2e3 == 2000. */
static bool lex_exponent(struct lexer *lx, uint64_t *value, bool *ok)
{
	uint64_t exp = 0;
	bool bad = false;

	if ((lex_peek_char(lx) != 'e' && lex_peek_char(lx) != 'E') ||
	    digit_value(peek_at(lx, 1)) > 9)
		return false;
	advance(lx);
	if (!lex_digits(lx, 10, &exp, &bad))
		exp = 100;
	if (*value == 0)
		return true;	/* 0eN is 0 however large N is: no 10^N loop */
	/* Stop at the first overflow: 1e999999999999 must not spin. */
	while (exp-- > 0 && *ok)
		if (!mul_add(value, 10, 0))
			*ok = false;
	return true;
}

static bool lex_int_suffix(struct lexer *lx, uint64_t *value, bool *ok, bool decimal)
{
	size_t n = word_len(lx), i;

	if (n == 0)
		return true;
	if (is_c_suffix(lx, n)) {
		advance_n(lx, n);
		return true;
	}
	for (i = 0; decimal && i < ARRAY_SIZE(durations); i++) {
		if (word_is(lx, n, durations[i].suffix)) {
			if (!mul_add(value, durations[i].nsecs, 0))
				*ok = false;
			advance_n(lx, n);
			return true;
		}
	}
	advance_n(lx, n);
	return false;
}

static void lex_number(struct lexer *lx, struct token *tok)
{
	struct lexer start = *lx;
	uint64_t value = 0;
	bool ok = true, bad_digit = false, decimal = false, good_suffix;

	if (lex_peek_char(lx) == '0' && (peek_at(lx, 1) == 'x' || peek_at(lx, 1) == 'X')) {
		advance_n(lx, 2);
		if (digit_value(lex_peek_char(lx)) >= 16)
			bad_digit = true;
		ok = lex_digits(lx, 16, &value, &bad_digit);
	} else if (lex_peek_char(lx) == '0' && digit_value(peek_at(lx, 1)) <= 9) {
		advance(lx);
		ok = lex_digits(lx, 8, &value, &bad_digit);
	} else {
		decimal = true;
		ok = lex_digits(lx, 10, &value, &bad_digit);
		lex_exponent(lx, &value, &ok);
	}
	good_suffix = lex_int_suffix(lx, &value, &ok, decimal);
	finish(lx, tok, &start);
	tok->kind = T_INT;
	tok->ival = value;
	if (bad_digit || !good_suffix) {
		lex_error(lx, tok->loc, "invalid integer literal '%.*s'",
			  (int)MIN(tok->len, 64), lx->src->text + tok->pos);
		tok->kind = T_ERROR;
	} else if (!ok) {
		lex_error(lx, tok->loc, "integer literal is too large (the maximum is %llu)",
			  (unsigned long long)UINT64_MAX);
		tok->kind = T_ERROR;
	}
}

/*
 * One escape sequence after the backslash (the lexer is on the byte after
 * it).  Returns false when the escape is not valid.
 */
static bool lex_escape(struct lexer *lx, struct strbuf *sb)
{
	static const char simple[][2] = {
		{ 'n', '\n' }, { 't', '\t' }, { 'r', '\r' }, { '\\', '\\' },
		{ '"', '"' }, { '\'', '\'' }, { 'a', '\a' }, { 'b', '\b' },
		{ 'f', '\f' }, { 'v', '\v' }, { 'e', 27 },
	};
	int c = lex_peek_char(lx), value = 0, n;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(simple); i++) {
		if (c == simple[i][0]) {
			sb_addc(sb, simple[i][1]);
			advance(lx);
			return true;
		}
	}
	if (c == 'x') {
		advance(lx);
		for (n = 0; n < 2 && digit_value(lex_peek_char(lx)) < 16; n++) {
			value = value * 16 + digit_value(lex_peek_char(lx));
			advance(lx);
		}
		if (n == 0)
			return false;
		sb_addc(sb, (char)value);
		return true;
	}
	if (c >= '0' && c <= '7') {
		for (n = 0; n < 3 && lex_peek_char(lx) >= '0' && lex_peek_char(lx) <= '7'; n++) {
			value = value * 8 + lex_peek_char(lx) - '0';
			advance(lx);
		}
		if (value > 255)
			return false;
		sb_addc(sb, (char)value);
		return true;
	}
	if (c != -1 && c != '\n')
		advance(lx);
	return false;
}

/* The span from start to the end of its line (for unterminated quotes). */
static struct loc rest_of_line(struct lexer *lx, const struct lexer *start)
{
	struct loc l = lex_loc_here(start);
	struct lexer scan = *start;

	while (lex_peek_char(&scan) != -1 && lex_peek_char(&scan) != '\n')
		advance(&scan);
	l.end_col = scan.col - 1;
	if (l.end_col < l.col)
		l.end_col = l.col;
	(void)lx;
	return l;
}

/*
 * Whether a string that reaches the end of its line is closed further on
 * (bpftrace takes a newline inside a string literally: a `#define` made
 * with echo carries one); one that never closes is reported at its line.
 */
static bool closes_later(const struct lexer *lx)
{
	struct lexer scan = *lx;
	int c;

	while ((c = lex_peek_char(&scan)) != -1) {
		if (c == '"')
			return true;
		advance(&scan);
		if (c == '\\' && lex_peek_char(&scan) != -1)
			advance(&scan);
	}
	return false;
}

/*
 * A quoted string or character literal.  Escapes are processed; the
 * result is in sb.  Returns false (reported) when malformed.
 */
static bool lex_quoted(struct lexer *lx, int quote, struct strbuf *sb)
{
	struct lexer start = *lx;

	advance(lx);
	for (;;) {
		int c = lex_peek_char(lx);

		if (c == '\n' && quote == '"' && closes_later(lx)) {
			sb_addc(sb, '\n');	/* a string may span lines */
			advance(lx);
			continue;
		}
		if (c == -1 || c == '\n') {
			lex_error(lx, rest_of_line(lx, &start), "unterminated %s",
				  quote == '"' ? "string" : "character literal");
			return false;
		}
		if (c == quote) {
			advance(lx);
			return true;
		}
		if (c == '\\') {
			struct lexer esc = *lx;

			advance(lx);
			if (!lex_escape(lx, sb)) {
				struct loc l = lex_loc_here(&esc);
				char what[8];

				l.end_line = lx->line;
				l.end_col = lx->col - 1;

				if (l.end_col <= l.col)
					l.end_col = l.col + 1;
				describe_char(peek_at(&esc, 1), what, sizeof(what));
				lex_error(lx, l, "invalid escape character '\\%s'", what);
				return false;
			}
			continue;
		}
		sb_addc(sb, (char)c);
		advance(lx);
	}
}

static void lex_string(struct lexer *lx, struct token *tok)
{
	struct lexer start = *lx;
	struct strbuf sb;
	bool ok;

	sb_init(&sb);
	ok = lex_quoted(lx, '"', &sb);
	finish(lx, tok, &start);
	if (!ok) {
		sb_free(&sb);
		tok->kind = T_ERROR;
		return;
	}
	tok->kind = T_STR;
	tok->slen = sb.len;
	tok->str = sb_steal(&sb);
}

/* 'a' is the integer 97. */
static void lex_char(struct lexer *lx, struct token *tok)
{
	struct lexer start = *lx;
	struct strbuf sb;
	bool ok;

	sb_init(&sb);
	ok = lex_quoted(lx, '\'', &sb);
	finish(lx, tok, &start);
	tok->kind = T_ERROR;
	if (ok && sb.len != 1)
		lex_error(lx, tok->loc, "a character literal holds exactly one character");
	else if (ok)
		tok->kind = T_INT;
	tok->ival = sb.len ? (unsigned char)sb.buf[0] : 0;
	sb_free(&sb);
}

static bool lex_punctuation(struct lexer *lx, struct token *tok)
{
	struct lexer start = *lx;
	size_t i, n, avail = lx->src->len - lx->pos;

	for (i = 0; i < ARRAY_SIZE(punctuation); i++) {
		n = strlen(punctuation[i].text);
		if (n <= avail && memcmp(lx->src->text + lx->pos, punctuation[i].text, n) == 0) {
			advance_n(lx, n);
			finish(lx, tok, &start);
			tok->kind = punctuation[i].kind;
			return true;
		}
	}
	return false;
}

static void token_reset(struct token *tok)
{
	memset(tok, 0, sizeof(*tok));
}

void lex_next(struct lexer *lx, struct token *tok)
{
	struct lexer start;
	int c;

	token_reset(tok);
	if (!lex_skip_space(lx)) {
		tok->kind = T_ERROR;
		tok->loc = lex_loc_here(lx);
		return;
	}
	start = *lx;
	c = lex_peek_char(lx);
	if (c == -1) {
		tok->kind = T_EOF;
		tok->pos = lx->pos;
		tok->loc = lex_loc_here(lx);
		tok->loc.end_col = tok->loc.col - 1;
		return;
	}
	if (is_ident_start(c))
		return lex_word(lx, tok);
	if (c >= '0' && c <= '9')
		return lex_number(lx, tok);
	if (c == '$')
		return lex_dollar(lx, tok);
	if (c == '@')
		return lex_map(lx, tok);
	if (c == '"')
		return lex_string(lx, tok);
	if (c == '\'')
		return lex_char(lx, tok);
	if (lex_punctuation(lx, tok))
		return;

	advance(lx);
	finish(lx, tok, &start);
	tok->kind = T_ERROR;
	{
		char what[8];

		describe_char(c, what, sizeof(what));
		lex_error(lx, tok->loc, "invalid character '%s'", what);
	}
}

/* ---- attach points ---- */

/* Bytes that end an attach point (outside quotes). */
static bool ends_attach(int c)
{
	return c == -1 || c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\f' || c == '\v' || c == ',' || c == '{' || c == '}' ||
	       c == ';' || c == '(' || c == ')';
}

static bool valid_attach_char(int c)
{
	return c > 0x20 && c < 0x7f && c != '\'' && c != '\\';
}

/* Providers whose second segment is a binary's path (uprobe:BIN:func). */
static bool takes_binary(const char *provider, size_t len)
{
	static const char *const names[] = { "uprobe", "uretprobe", "u", "ur", "usdt", "U" };

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strlen(names[i]) == len && memcmp(names[i], provider, len) == 0)
			return true;
	return false;
}

/*
 * A '/' belongs to the attach point when the current ':'-separated segment
 * is a path (starts with '/' or '.', or is the binary of a uprobe or usdt
 * probe: uprobe:testprogs/a.out:f), otherwise it opens the predicate
 * (or a comment).  In a path, a slash before a star is a wildcard
 * directory; two slashes start a comment.
 */
void lex_attach(struct lexer *lx, struct token *tok)
{
	struct lexer start = *lx;
	struct strbuf sb;
	bool path_segment = false, segment_start = true;
	size_t provider_len = 0;
	int segment = 0;

	token_reset(tok);
	sb_init(&sb);
	for (;;) {
		int c = lex_peek_char(lx);

		if (ends_attach(c))
			break;
		if (segment_start && c != ':') {
			path_segment = c == '/' || c == '.' ||
				       (segment == 1 && takes_binary(sb.buf, provider_len));
		}
		if (c == ':' && segment++ == 0)
			provider_len = sb.len;
		if (c == '/' && (!path_segment || peek_at(lx, 1) == '/'))
			break;
		segment_start = c == ':';
		if (c == '"') {
			if (!lex_quoted(lx, '"', &sb))
				goto fail;
			continue;
		}
		if (!valid_attach_char(c)) {
			struct loc l = lex_loc_here(lx);
			char what[8];

			describe_char(c, what, sizeof(what));
			lex_error(lx, l, "invalid character '%s' in attach point", what);
			goto fail;
		}
		sb_addc(&sb, (char)c);
		advance(lx);
	}
	finish(lx, tok, &start);
	if (lx->pos == start.pos) {
		sb_free(&sb);
		tok->kind = T_ERROR;
		return;
	}
	tok->kind = T_ATTACH;
	tok->slen = sb.len;
	tok->str = sb_steal(&sb);
	return;
fail:
	sb_free(&sb);
	finish(lx, tok, &start);
	tok->kind = T_ERROR;
	tok->len = tok->len ? tok->len : 1;
}
