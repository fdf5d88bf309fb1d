// SPDX-License-Identifier: GPL-2.0
/* Lexer tests: token streams of tricky inputs, literals, errors. */
#include <stdlib.h>
#include <string.h>

#include "lang/lexer.h"
#include "test.h"

static char errbuf[4096];

/*
 * All tokens of text as "kind(text)" words separated by spaces; errors
 * reported on the way land in errbuf.
 */
static char *tokens(const char *text, size_t len)
{
	struct source src = { "stdin", (char *)text, len };
	struct lexer lx;
	struct token t;
	struct strbuf sb;
	FILE *err = fmemopen(errbuf, sizeof(errbuf), "w");

	diag_out = err;
	lexer_init(&lx, &src);
	sb_init(&sb);
	for (;;) {
		lex_next(&lx, &t);
		if (sb.len)
			sb_addc(&sb, ' ');
		switch (t.kind) {
		case T_INT:
			sb_addf(&sb, "int(%llu)", (unsigned long long)t.ival);
			break;
		case T_STR:
			sb_addf(&sb, "str(%zu:%s)", t.slen, t.str);
			break;
		case T_IDENT: case T_VAR: case T_MAP: case T_POSPARAM:
			sb_addf(&sb, "%s(%s)", token_kind_name(t.kind), t.str);
			break;
		case T_EOF:
			sb_adds(&sb, "EOF");
			break;
		case T_ERROR:
			sb_adds(&sb, "ERROR");
			break;
		default:
			sb_adds(&sb, token_kind_name(t.kind));
		}
		token_free(&t);
		if (t.kind == T_EOF || t.kind == T_ERROR)
			break;
	}
	fclose(err);
	diag_out = NULL;
	return sb_steal(&sb);
}

#define CHECK_TOKENS(text, want) do {					\
	char *got__ = tokens(text, strlen(text));			\
	CHECK_STR(got__, want);						\
	free(got__);							\
} while (0)

static void test_punctuation(void)
{
	CHECK_TOKENS("a<<=b>>=c<<d>>e", "identifier(a) <<= identifier(b) >>= identifier(c) << identifier(d) >> identifier(e) EOF");
	CHECK_TOKENS("x+++y", "identifier(x) ++ + identifier(y) EOF");
	CHECK_TOKENS("a->b.c", "identifier(a) -> identifier(b) . identifier(c) EOF");
	CHECK_TOKENS("0..10", "int(0) .. int(10) EOF");
	CHECK_TOKENS("$kv.0.1", "variable($kv) . int(0) . int(1) EOF");
	CHECK_TOKENS("&& || == != <= >= ! ~ ? :", "&& || == != <= >= ! ~ ? : EOF");
	CHECK_TOKENS("+= -= *= /= %= &= |= ^=", "+= -= *= /= %= &= |= ^= EOF");
}

static void test_words(void)
{
	CHECK_TOKENS("if else while for unroll return break continue let",
		     "if else while for unroll return break continue let EOF");
	CHECK_TOKENS("sizeof offsetof true false struct union enum",
		     "sizeof offsetof true false struct union enum EOF");
	CHECK_TOKENS("@ @x @_y1 $x $1 $# $12", "map(@) map(@x) map(@_y1) variable($x) positional parameter($1) positional parameter($#) positional parameter($12) EOF");
	CHECK_TOKENS("iffy _if config", "identifier(iffy) identifier(_if) identifier(config) EOF");
}

static void test_comments(void)
{
	CHECK_TOKENS("a // comment\nb /* multi\nline */ c", "identifier(a) identifier(b) identifier(c) EOF");
	CHECK_TOKENS("a/**/b", "identifier(a) identifier(b) EOF");
	CHECK_TOKENS("a /* open", "identifier(a) ERROR");
	CHECK_STR(errbuf, "stdin:1:3-5: ERROR: end of file during comment\na /* open\n  ~~\n");
}

static void test_integers(void)
{
	CHECK_TOKENS("0 7 010 0x1f 0XFF 1_000_000", "int(0) int(7) int(8) int(31) int(255) int(1000000) EOF");
	CHECK_TOKENS("18446744073709551615", "int(18446744073709551615) EOF");
	CHECK_TOKENS("2e3 1e0", "int(2000) int(1) EOF");
	CHECK_TOKENS("10UL 5u 7LL 3ull", "int(10) int(5) int(7) int(3) EOF");
	CHECK_TOKENS("1ns 2us 3ms 4s 5m 1h 1d", "int(1) int(2000) int(3000000) int(4000000000) int(300000000000) int(3600000000000) int(86400000000000) EOF");
	CHECK_TOKENS("'a' '\\n'", "int(97) int(10) EOF");

	CHECK_TOKENS("x = 18446744073709551616;", "identifier(x) = ERROR");
	CHECK_STR(errbuf, "stdin:1:5-25: ERROR: integer literal is too large (the maximum is 18446744073709551615)\n"
		  "x = 18446744073709551616;\n    ~~~~~~~~~~~~~~~~~~~~\n");
	CHECK_TOKENS("100000000000d", "ERROR");
	CHECK_TOKENS("08", "ERROR");
	CHECK_STR(errbuf, "stdin:1:1-3: ERROR: invalid integer literal '08'\n08\n~~\n");
	CHECK_TOKENS("12abc", "ERROR");
	CHECK_TOKENS("0x", "ERROR");
}

static void test_strings(void)
{
	static const char nul_str[] = "\"a\\0b\"";
	char *got;

	CHECK_TOKENS("\"a\\tb\\n\\\\\\\"\"", "str(6:a\tb\n\\\") EOF");
	CHECK_TOKENS("\"\\x41\\101\\x4a\"", "str(3:AAJ) EOF");
	got = tokens(nul_str, strlen(nul_str));
	CHECK_STR(got, "str(3:a) EOF");
	free(got);
	CHECK_TOKENS("\"caf\xc3\xa9\"", "str(5:caf\xc3\xa9) EOF");

	CHECK_TOKENS("x = \"abc;\ny", "identifier(x) = ERROR");
	CHECK_STR(errbuf, "stdin:1:5-10: ERROR: unterminated string\nx = \"abc;\n    ~~~~~\n");
	CHECK_TOKENS("\"a\\qb\"", "ERROR");
	CHECK_STR(errbuf, "stdin:1:3-5: ERROR: invalid escape character '\\q'\n\"a\\qb\"\n  ~~\n");
}

static void test_bad_chars(void)
{
	CHECK_TOKENS("a ` b", "identifier(a) ERROR");
	CHECK_STR(errbuf, "stdin:1:3-4: ERROR: invalid character '`'\na ` b\n  ~\n");
	CHECK_TOKENS("\tx #", "identifier(x) ERROR");
	CHECK_STR(errbuf, "stdin:1:4-5: ERROR: invalid character '#'\n    x #\n      ~\n");
	CHECK_TOKENS("$", "ERROR");
}

/* Attach points: raw text with the path rule for '/'. */
static char *attach(const char *text, int *end_col)
{
	struct source src = { "stdin", (char *)text, strlen(text) };
	struct lexer lx;
	struct token t;
	char *s;
	FILE *err = fmemopen(errbuf, sizeof(errbuf), "w");

	diag_out = err;
	lexer_init(&lx, &src);
	lex_attach(&lx, &t);
	fclose(err);
	diag_out = NULL;
	*end_col = t.loc.end_col;
	s = t.kind == T_ATTACH ? xstrdup(t.str) : xstrdup("ERROR");
	token_free(&t);
	return s;
}

#define CHECK_ATTACH(text, want, want_end) do {				\
	int end__;							\
	char *got__ = attach(text, &end__);				\
	CHECK_STR(got__, want);						\
	CHECK_INT(end__, want_end);					\
	free(got__);							\
} while (0)

static void test_attach(void)
{
	CHECK_ATTACH("BEGIN{", "BEGIN", 5);
	CHECK_ATTACH("tracepoint:syscalls:sys_enter_* /pid/", "tracepoint:syscalls:sys_enter_*", 31);
	CHECK_ATTACH("kprobe:f/pid == 1/", "kprobe:f", 8);
	CHECK_ATTACH("uprobe:/bin/bash:readline/pid/", "uprobe:/bin/bash:readline", 25);
	CHECK_ATTACH("usdt:./a.out:prov:probe,", "usdt:./a.out:prov:probe", 23);
	CHECK_ATTACH("uprobe:\"/path with space\":f {", "uprobe:/path with space:f", 27);
	CHECK_ATTACH("uprobe:$1:func", "uprobe:$1:func", 14);
	CHECK_ATTACH("kprobe:vfs_read+0x10 {", "kprobe:vfs_read+0x10", 20);
	CHECK_ATTACH("u:/lib/*.so:m?lloc//c", "u:/lib/*.so:m?lloc", 18);
	CHECK_ATTACH("{", "ERROR", 0);
	CHECK_ATTACH("uprobe:\"/a b", "ERROR", 12);
	CHECK_STR(errbuf, "stdin:1:8-13: ERROR: unterminated string\nuprobe:\"/a b\n       ~~~~~\n");
}

int main(void)
{
	test_punctuation();
	test_words();
	test_comments();
	test_integers();
	test_strings();
	test_bad_chars();
	test_attach();
	return test_done("test_lexer");
}
