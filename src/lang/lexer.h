/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lexer: source bytes to tokens.
 *
 * Two modes, chosen by the parser: ordinary tokens (lex_next) and the raw
 * text of a probe's attach point (lex_attach), which follows its own rules
 * (paths, wildcards, quoted parts).  The lexer is a small value that can be
 * copied to save and restore a position, which is how the parser looks
 * ahead.  Errors are reported with diag_error unless the lexer is quiet
 * (look-ahead), and come back as T_ERROR tokens.
 */
#ifndef SONDE_LEXER_H
#define SONDE_LEXER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast.h"
#include "diag.h"

enum token_kind {
	T_EOF,
	T_ERROR,
	T_INT,		/* ival */
	T_STR,		/* str, slen: bytes after escape processing */
	T_IDENT,	/* str: the name */
	T_VAR,		/* str: "$name" */
	T_MAP,		/* str: "@name" or "@" */
	T_POSPARAM,	/* str: "$N" or "$#"; ival: N (0 for $#) */
	T_ATTACH,	/* str: attach point text, quotes removed */

	/* punctuation */
	T_LPAREN, T_RPAREN, T_LBRACE, T_RBRACE, T_LBRACKET, T_RBRACKET,
	T_SEMI, T_COMMA, T_COLON, T_DOT, T_DOTDOT, T_ARROW, T_QUESTION,
	T_ASSIGN,

	/* operators: node->op holds one of these */
	T_PLUS, T_MINUS, T_STAR, T_SLASH, T_PERCENT,
	T_AMP, T_PIPE, T_CARET, T_SHL, T_SHR,
	T_LAND, T_LOR,
	T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE,
	T_BANG, T_TILDE, T_INC, T_DEC,

	/* compound assignments */
	T_ADD_ASSIGN, T_SUB_ASSIGN, T_MUL_ASSIGN, T_DIV_ASSIGN, T_MOD_ASSIGN,
	T_AND_ASSIGN, T_OR_ASSIGN, T_XOR_ASSIGN, T_SHL_ASSIGN, T_SHR_ASSIGN,

	/* keywords */
	T_IF, T_ELSE, T_WHILE, T_FOR, T_UNROLL, T_RETURN, T_BREAK,
	T_CONTINUE, T_LET, T_SIZEOF, T_OFFSETOF, T_TRUE, T_FALSE,
	T_STRUCT, T_UNION, T_ENUM,

	T_KIND_COUNT
};

struct token {
	enum token_kind kind;
	struct loc loc;
	size_t pos;		/* byte offset of the token's first byte */
	size_t len;		/* bytes of source text it covers */
	char *str;		/* owned; see the kinds above (NULL otherwise) */
	size_t slen;
	uint64_t ival;
};

struct lexer {
	const struct source *src;
	size_t pos;		/* next byte to read */
	int line, col;		/* position of that byte, 1-based */
	bool quiet;		/* look-ahead: no diagnostics */
};

void lexer_init(struct lexer *lx, const struct source *src);

/*
 * Skip blanks and comments.  Returns false (after reporting) on an
 * unterminated comment.
 */
bool lex_skip_space(struct lexer *lx);

/* The next ordinary token.  The caller frees it with token_free(). */
void lex_next(struct lexer *lx, struct token *tok);

/*
 * The raw text of one attach point starting at the current position
 * (after lex_skip_space).  Returns a T_ATTACH token, or T_ERROR when no
 * attach point starts here (nothing reported: the caller says what it
 * found instead) or the text is malformed (reported).
 */
void lex_attach(struct lexer *lx, struct token *tok);

/* The next byte (or -1 at the end), without consuming it. */
int lex_peek_char(const struct lexer *lx);

void token_free(struct token *tok);

/* "+" for T_PLUS, "identifier" for T_IDENT, "end of file" for T_EOF... */
const char *token_kind_name(enum token_kind kind);

/* True for identifier-like tokens (identifiers and keywords). */
bool token_is_word(enum token_kind kind);

/* The location of the byte at pos, given the lexer's current position. */
struct loc lex_loc_here(const struct lexer *lx);

#endif
