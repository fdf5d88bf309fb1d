// SPDX-License-Identifier: GPL-2.0
/*
 * Recursive-descent parser.
 *
 * The top level is read partly raw: attach points, C definitions and
 * preprocessor lines do not follow the token rules, so the parser looks at
 * the source bytes to decide what comes next and only then asks the lexer
 * for ordinary tokens.  An item ends on its last token without reading
 * past it, so the next item can again be read raw.
 *
 * Errors: the first syntax error is reported and parsing stops.  Every
 * node is registered as it is made; on failure they are all freed one by
 * one, whatever tree they were (or were not yet) linked into.
 */
#include "parser.h"
#include "import.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lexer.h"

struct parser {
	const struct source *src;
	struct lexer lx;
	struct token tok;		/* the current token */
	struct loc prev;		/* span of the last consumed token */
	bool failed;
	bool in_pred;			/* a '/' before '{' ends the predicate */
	bool d_mode;			/* D: a[k1, k2] on any name (keys after the first in args) */
	int depth;
	bool body_seen;			/* a probe, macro, fn or map declaration: no import after it */
	VEC(char *) typedefs;		/* names the program's typedefs declared so far: casts */
	VEC(struct node *) nodes;	/* every node made, for error paths */
};

/* ---- infrastructure ---- */

static struct node *mk(struct parser *p, enum node_kind kind, struct loc loc)
{
	struct node *n = node_new(kind, loc);

	vec_push(&p->nodes, n);
	return n;
}

static struct loc span(struct loc a, struct loc b)
{
	struct loc l = { a.line, a.col, b.end_line, b.end_col, .file = a.file };

	return l;
}

/* Free one node without its children (they are registered too). */
static void free_shallow(struct node *n)
{
	vec_free(&n->args);
	free(n->name);
	free(n->str);
	if (n->tname) {
		free(n->tname->text);
		free(n->tname);
	}
	free(n);
}

static void next(struct parser *p)
{
	if (p->tok.kind != T_EOF)
		p->prev = p->tok.loc;
	token_free(&p->tok);
	lex_next(&p->lx, &p->tok);
	if (p->tok.kind == T_ERROR)
		p->failed = true;	/* the lexer has reported it */
}

/* Give the current token back: the lexer reads it again next time. */
static void syntax_error(struct parser *p, const char *expecting)
{
	if (p->failed)
		return;
	p->failed = true;
	if (p->tok.kind == T_ERROR)
		return;
	if (expecting)
		diag_error(p->src, p->tok.loc, "syntax error, unexpected %s, expecting %s",
			   token_kind_name(p->tok.kind), expecting);
	else
		diag_error(p->src, p->tok.loc, "syntax error, unexpected %s",
			   token_kind_name(p->tok.kind));
}

static void error_at(struct parser *p, struct loc loc, const char *msg)
{
	if (p->failed)
		return;
	p->failed = true;
	diag_error(p->src, loc, "%s", msg);
}

static bool accept(struct parser *p, enum token_kind kind)
{
	if (p->failed || p->tok.kind != kind)
		return false;
	next(p);
	return true;
}

static bool expect(struct parser *p, enum token_kind kind)
{
	if (accept(p, kind))
		return true;
	syntax_error(p, token_kind_name(kind));
	return false;
}

/* The current token must be `kind`; the item ends on it (no read past). */
static bool expect_final(struct parser *p, enum token_kind kind)
{
	if (p->failed)
		return false;
	if (p->tok.kind != kind) {
		syntax_error(p, token_kind_name(kind));
		return false;
	}
	return true;
}

static bool enter(struct parser *p)
{
	if (p->failed)
		return false;
	if (++p->depth > PARSE_MAX_DEPTH) {
		char msg[96];

		snprintf(msg, sizeof(msg), "nesting is too deep (the limit is %d levels)",
			 PARSE_MAX_DEPTH);
		error_at(p, p->tok.loc, msg);
		return false;
	}
	return true;
}

static void leave(struct parser *p, int levels)
{
	p->depth -= levels;
}

/* Take the current token's string (it becomes the caller's). */
static char *take_str(struct parser *p)
{
	char *s = p->tok.str;

	p->tok.str = NULL;
	return s ? s : xstrdup("");
}

/* Look ahead without consuming: a quiet copy of the lexer. */
struct ahead {
	struct lexer lx;
	struct token t;
	bool own;
	const struct parser *p;
};

static void ahead_init(struct ahead *a, struct parser *p, bool after_current)
{
	a->lx = p->lx;
	a->p = p;
	a->lx.quiet = true;
	a->own = after_current;
	if (after_current)
		lex_next(&a->lx, &a->t);
	else
		a->t = p->tok;
}

static void ahead_next(struct ahead *a)
{
	if (a->own)
		token_free(&a->t);
	lex_next(&a->lx, &a->t);
	a->own = true;
}

static void ahead_done(struct ahead *a)
{
	if (a->own)
		token_free(&a->t);
}

static enum token_kind peek_kind(struct parser *p)
{
	struct ahead a;
	enum token_kind kind;

	ahead_init(&a, p, true);
	kind = a.t.kind;
	ahead_done(&a);
	return kind;
}

/* ---- types ---- */

static bool in_list(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

static const char *const c_base_words[] = {
	"char", "short", "int", "long", "unsigned", "signed", "void",
};

static const char *const type_words[] = {
	"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
	"bool", "string", "inet", "buffer",
	"char", "short", "int", "long", "unsigned", "signed", "void",
};

static bool is_c_base_word(const char *s)
{
	return in_list(s, c_base_words, ARRAY_SIZE(c_base_words));
}

static bool ends_with_t(const char *s)
{
	size_t n = strlen(s);

	return n > 2 && strcmp(s + n - 2, "_t") == 0;
}

static bool is_typedef_name(const struct parser *p, const char *s)
{
	for (int i = 0; i < p->typedefs.n; i++)
		if (strcmp(p->typedefs.v[i], s) == 0)
			return true;
	return false;
}

/*
 * Does a type name start at the look-ahead position?  Builtin and C type
 * words, struct/union/enum, and "name *...)" or "name_t)" forms.
 */
static bool type_ahead(struct ahead *a)
{
	bool typedef_like;

	if (a->t.kind == T_STRUCT || a->t.kind == T_UNION || a->t.kind == T_ENUM)
		return true;
	if (a->t.kind != T_IDENT)
		return false;
	if (in_list(a->t.str, type_words, ARRAY_SIZE(type_words)))
		return true;
	if (strcmp(a->t.str, "typeof") == 0) {
		ahead_next(a);
		return a->t.kind == T_LPAREN;
	}
	typedef_like = ends_with_t(a->t.str) || is_typedef_name(a->p, a->t.str);
	ahead_next(a);
	if (a->t.kind == T_STAR) {
		while (a->t.kind == T_STAR)
			ahead_next(a);
		return a->t.kind == T_RPAREN;
	}
	return typedef_like && a->t.kind == T_RPAREN;
}

static bool type_at_current(struct parser *p)
{
	struct ahead a;
	bool yes;

	ahead_init(&a, p, false);
	yes = type_ahead(&a);
	ahead_done(&a);
	return yes;
}

static bool type_after_current(struct parser *p)
{
	struct ahead a;
	bool yes;

	ahead_init(&a, p, true);
	yes = type_ahead(&a);
	ahead_done(&a);
	return yes;
}

static struct node *parse_expr(struct parser *p);
static struct typename *parse_type(struct parser *p);

/*
 * typeof(TYPE) is TYPE; typeof(EXPR) is the type sema gives EXPR (which
 * is never run).  Returns the start of the type's text and sets *of.
 */
static bool parse_typeof(struct parser *p, struct strbuf *sb, int *stars, struct node **of)
{
	next(p);	/* typeof */
	if (!expect(p, T_LPAREN))
		return false;
	if (type_at_current(p)) {
		struct typename *inner = parse_type(p);

		if (!inner)
			return false;
		sb_adds(sb, inner->text);
		*stars = inner->ptr_depth;
		*of = inner->of;
		free(inner->text);
		free(inner);
	} else {
		*of = parse_expr(p);
		if (!*of)
			return false;
		sb_adds(sb, "typeof");
	}
	return expect(p, T_RPAREN);
}

/* A type name as written: "uint8", "struct task_struct *", "string[16]". */
static struct typename *parse_type(struct parser *p)
{
	struct strbuf sb;
	struct typename *tn;
	struct node *of = NULL;
	int stars = 0;

	sb_init(&sb);
	if (p->tok.kind == T_IDENT && strcmp(p->tok.str, "typeof") == 0) {
		if (!parse_typeof(p, &sb, &stars, &of)) {
			sb_free(&sb);
			return NULL;
		}
	} else if (p->tok.kind == T_STRUCT || p->tok.kind == T_UNION || p->tok.kind == T_ENUM) {
		sb_adds(&sb, token_kind_name(p->tok.kind));
		next(p);
		if (p->tok.kind != T_IDENT) {
			syntax_error(p, "identifier");
			sb_free(&sb);
			return NULL;
		}
		sb_addf(&sb, " %s", p->tok.str);
		next(p);
	} else if (p->tok.kind == T_IDENT) {
		bool c_words = is_c_base_word(p->tok.str);

		sb_adds(&sb, p->tok.str);
		next(p);
		while (c_words && p->tok.kind == T_IDENT && is_c_base_word(p->tok.str)) {
			sb_addf(&sb, " %s", p->tok.str);
			next(p);
		}
	} else {
		syntax_error(p, "type name");
		sb_free(&sb);
		return NULL;
	}
	while (p->tok.kind == T_STAR) {
		if (stars == PARSE_MAX_DEPTH) {
			char msg[96];

			snprintf(msg, sizeof(msg), "too many '*' in a type (the limit is %d)",
				 PARSE_MAX_DEPTH);
			error_at(p, p->tok.loc, msg);
			sb_free(&sb);
			return NULL;
		}
		sb_adds(&sb, stars ? "*" : " *");
		stars++;
		next(p);
	}
	if (p->tok.kind == T_LBRACKET && sb.len && sb.buf[sb.len - 1] == ']') {
		error_at(p, p->tok.loc, "an array of an array type is not supported");
		sb_free(&sb);
		return NULL;
	}
	if (p->tok.kind == T_LBRACKET) {
		next(p);
		if (p->tok.kind == T_RBRACKET) {
			sb_adds(&sb, "[]");	/* (int8[])x: the size comes from x */
		} else if (p->tok.kind != T_INT) {
			syntax_error(p, "integer");
			sb_free(&sb);
			return NULL;
		} else {
			sb_addf(&sb, "[%llu]", (unsigned long long)p->tok.ival);
			next(p);
		}
		if (!expect(p, T_RBRACKET)) {
			sb_free(&sb);
			return NULL;
		}
	}
	if (p->failed) {
		sb_free(&sb);
		return NULL;
	}
	tn = xcalloc(1, sizeof(*tn));
	tn->text = sb_steal(&sb);
	tn->ptr_depth = stars;
	tn->of = of;
	return tn;
}

static void set_tname(struct node *n, struct typename *tn)
{
	n->tname = tn;
}

/* ---- expressions ---- */

static struct node *parse_expr(struct parser *p);
static struct node *parse_unary(struct parser *p);
static struct node *parse_block(struct parser *p, bool final);

static const char *const builtin_names[] = {
	"pid", "tid", "uid", "gid", "nsecs", "elapsed", "cpu", "ncpus", "comm",
	"kstack", "ustack", "retval", "func", "probe", "curtask", "rand",
	"cgroup", "cpid", "args", "username", "jiffies", "numaid", "usermode",
	"ctx", "probetype", "config",
};

/* arg0..argN and sarg0..sargN */
static bool is_numbered(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(s, prefix, n) != 0 || !s[n])
		return false;
	for (s += n; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static bool is_builtin(const char *s)
{
	return in_list(s, builtin_names, ARRAY_SIZE(builtin_names)) ||
	       is_numbered(s, "arg") || is_numbered(s, "sarg");
}

/* Comma-separated expressions up to `close` (consumed); into list. */
static bool parse_list(struct parser *p, nodelist *list, enum token_kind close,
		       bool allow_empty)
{
	if (p->tok.kind == close && allow_empty) {
		next(p);
		return true;
	}
	for (;;) {
		struct node *e = parse_expr(p);

		if (!e)
			return false;
		vec_push(list, e);
		if (p->tok.kind == close) {
			next(p);
			return true;
		}
		if (!accept(p, T_COMMA)) {
			if (close == T_RPAREN)
				syntax_error(p, ") or \",\"");
			else
				syntax_error(p, token_kind_name(T_COMMA));
			return false;
		}
	}
}

static struct node *parse_call(struct parser *p, struct loc start, char *name)
{
	struct node *n = mk(p, N_CALL, start);

	n->name = name;
	next(p);	/* ( */
	if (!parse_list(p, &n->args, T_RPAREN, true))
		return NULL;
	n->loc = span(start, p->prev);
	return n;
}

static struct node *parse_word(struct parser *p)
{
	struct loc start = p->tok.loc;
	char *name = take_str(p);
	struct node *n;

	next(p);
	/* __builtin_comm: the builtin itself, past any macro of the same name */
	if (strncmp(name, "__builtin_", 10) == 0 && is_builtin(name + 10))
		memmove(name, name + 10, strlen(name + 10) + 1);
	if (p->tok.kind == T_LPAREN && !p->failed)
		return parse_call(p, start, name);
	n = mk(p, is_builtin(name) ? N_BUILTIN : N_IDENT, start);
	n->name = name;
	return n;
}

static struct node *parse_map(struct parser *p)
{
	struct node *n = mk(p, N_MAP, p->tok.loc);

	n->name = take_str(p);
	next(p);
	if (p->tok.kind == T_LBRACKET) {
		next(p);
		if (!parse_list(p, &n->args, T_RBRACKET, false))
			return NULL;
		n->loc = span(n->loc, p->prev);
	}
	return n;
}

/* sizeof(type) or sizeof(expr) */
static struct node *parse_sizeof(struct parser *p)
{
	struct node *n = mk(p, N_SIZEOF, p->tok.loc);

	next(p);
	if (!expect(p, T_LPAREN))
		return NULL;
	if (type_at_current(p))
		set_tname(n, parse_type(p));
	else
		n->a = parse_expr(p);
	if (!expect(p, T_RPAREN))
		return NULL;
	n->loc = span(n->loc, p->prev);
	return n;
}

/* offsetof(struct X, a.b.c) */
static struct node *parse_offsetof(struct parser *p)
{
	struct node *n = mk(p, N_OFFSETOF, p->tok.loc);
	struct strbuf path;

	next(p);
	if (!expect(p, T_LPAREN))
		return NULL;
	if (type_at_current(p))
		set_tname(n, parse_type(p));
	else
		n->a = parse_expr(p);
	if (!expect(p, T_COMMA))
		return NULL;
	sb_init(&path);
	for (;;) {
		if (!token_is_word(p->tok.kind)) {
			syntax_error(p, "field name");
			sb_free(&path);
			return NULL;
		}
		sb_adds(&path, p->tok.str);
		next(p);
		if (p->tok.kind != T_DOT)
			break;
		sb_addc(&path, '.');
		next(p);
	}
	n->str = sb_steal(&path);
	if (!expect(p, T_RPAREN))
		return NULL;
	n->loc = span(n->loc, p->prev);
	return n;
}

/* (name = expr, ...), also written (.name = expr, ...) */
static struct node *parse_record(struct parser *p, struct loc start)
{
	struct node *rec = mk(p, N_RECORD, start);

	for (;;) {
		struct node *as, *key;

		accept(p, T_DOT);	/* (.a = 1) and (a = 1) */
		if (!token_is_word(p->tok.kind)) {
			syntax_error(p, "field name");
			return NULL;
		}
		key = mk(p, N_IDENT, p->tok.loc);
		key->name = take_str(p);
		next(p);
		if (!expect(p, T_ASSIGN))
			return NULL;
		as = mk(p, N_ASSIGN, key->loc);
		as->a = key;
		as->b = parse_expr(p);
		if (!as->b)
			return NULL;
		as->loc = span(key->loc, as->b->loc);
		vec_push(&rec->args, as);
		if (accept(p, T_RPAREN))
			break;
		if (!expect(p, T_COMMA))
			return NULL;
		if (accept(p, T_RPAREN))
			break;
	}
	rec->loc = span(start, p->prev);
	return rec;
}

/* ( expr ) grouping, (a, b, ...) tuples, (a,) and records. */
static struct node *parse_paren(struct parser *p)
{
	struct loc start = p->tok.loc;
	struct node *first, *tuple;

	next(p);
	/* D has no records: (x = 1) is an assignment */
	if (!p->d_mode &&
	    (p->tok.kind == T_DOT || (p->tok.kind == T_IDENT && peek_kind(p) == T_ASSIGN)))
		return parse_record(p, start);
	first = parse_expr(p);
	if (!first)
		return NULL;
	if (accept(p, T_RPAREN))
		return first;
	if (!expect(p, T_COMMA))
		return NULL;
	tuple = mk(p, N_TUPLE, start);
	vec_push(&tuple->args, first);
	if (p->tok.kind == T_RPAREN)
		next(p);	/* (a,): a one-element tuple */
	else if (!parse_list(p, &tuple->args, T_RPAREN, false))
		return NULL;	/* parse_list consumed the closing parenthesis */
	tuple->loc = span(start, p->prev);
	return tuple;
}

static struct node *parse_if(struct parser *p);

/*
 * if (c) { a } else { b } used as a value is c ? { a } : { b }; an
 * else-if chain nests.  Without an else there is no value.
 */
static struct node *if_value(struct parser *p, struct node *n);

/* A block used as a value whose last statement is an if-else gives its value. */
static struct node *block_value(struct parser *p, struct node *blk)
{
	struct node *last, *stmt;

	if (!blk || blk->kind != N_BLOCK || !blk->args.n)
		return blk;
	last = blk->args.v[blk->args.n - 1];
	if (last->kind != N_IF || !last->c)
		return blk;
	stmt = mk(p, N_EXPR_STMT, last->loc);
	stmt->a = if_value(p, last);
	if (!stmt->a)
		return NULL;
	blk->args.v[blk->args.n - 1] = stmt;
	return blk;
}

static struct node *if_value(struct parser *p, struct node *n)
{
	if (!n)
		return NULL;
	if (!n->c) {
		error_at(p, n->loc, "an if used as a value needs an else branch");
		return NULL;
	}
	if (n->c->kind == N_IF ? !if_value(p, n->c) : !block_value(p, n->c))
		return NULL;
	if (!block_value(p, n->b))
		return NULL;
	n->kind = N_TERNARY;
	return n;
}

static struct node *parse_primary(struct parser *p)
{
	struct node *n;

	if (p->failed)
		return NULL;
	switch (p->tok.kind) {
	case T_INT:
		n = mk(p, N_INT, p->tok.loc);
		n->ival = (int64_t)p->tok.ival;
		n->is_unsigned = p->tok.ival > INT64_MAX;
		next(p);
		return n;
	case T_STR:
		n = mk(p, N_STR, p->tok.loc);
		n->len = p->tok.slen;
		n->str = take_str(p);
		next(p);
		return n;
	case T_TRUE:
	case T_FALSE:
		n = mk(p, N_BOOL, p->tok.loc);
		n->ival = p->tok.kind == T_TRUE;
		next(p);
		return n;
	case T_VAR:
		n = mk(p, N_VAR, p->tok.loc);
		n->name = take_str(p);
		next(p);
		return n;
	case T_POSPARAM:
		n = mk(p, N_POSPARAM, p->tok.loc);
		n->pos = (int64_t)p->tok.ival;
		n->name = take_str(p);
		next(p);
		return n;
	case T_MAP:
		return parse_map(p);
	case T_IDENT:
		if (strcmp(p->tok.str, "typeof") == 0 && type_at_current(p)) {
			n = mk(p, N_TYPEOF, p->tok.loc);
			set_tname(n, parse_type(p));
			if (!n->tname)
				return NULL;
			n->loc = span(n->loc, p->prev);
			return n;
		}
		return parse_word(p);
	case T_SIZEOF:
		return parse_sizeof(p);
	case T_OFFSETOF:
		return parse_offsetof(p);
	case T_LPAREN:
		return parse_paren(p);
	case T_LBRACE:
		return block_value(p, parse_block(p, false));
	case T_IF:
		return if_value(p, parse_if(p));
	default:
		syntax_error(p, NULL);
		return NULL;
	}
}

/* .field ->field .N [index] ++ -- after a primary. */
static struct node *parse_postfix(struct parser *p)
{
	struct node *n = parse_primary(p), *m;
	int levels = 0;

	while (n && !p->failed) {
		enum token_kind k = p->tok.kind;

		if (k != T_DOT && k != T_ARROW && k != T_LBRACKET && k != T_INC && k != T_DEC)
			break;
		if (!enter(p))
			break;
		levels++;
		next(p);
		if (k == T_LBRACKET) {
			m = mk(p, N_INDEX, n->loc);
			m->a = n;
			m->b = parse_expr(p);
			while (p->d_mode && m->b && p->tok.kind == T_COMMA && !p->failed) {
				next(p);
				vec_push(&m->args, parse_expr(p));
			}
			if (!expect(p, T_RBRACKET))
				break;
		} else if (k == T_INC || k == T_DEC) {
			m = mk(p, N_INCDEC, n->loc);
			m->op = k;
			m->a = n;
		} else if (k == T_DOT && p->tok.kind == T_INT) {
			m = mk(p, N_TUPLE_IDX, n->loc);
			m->elem = (int64_t)p->tok.ival;
			m->a = n;
			next(p);
		} else if (token_is_word(p->tok.kind)) {
			m = mk(p, N_FIELD, n->loc);
			m->arrow = k == T_ARROW;
			m->name = take_str(p);
			m->a = n;
			next(p);
		} else {
			syntax_error(p, "field name");
			break;
		}
		m->loc = span(n->loc, p->prev);
		n = m;
	}
	leave(p, levels);
	return p->failed ? NULL : n;
}

static struct node *parse_cast(struct parser *p)
{
	struct node *n = mk(p, N_CAST, p->tok.loc);

	next(p);	/* ( */
	set_tname(n, parse_type(p));
	if (!expect(p, T_RPAREN))
		return NULL;
	n->a = parse_unary(p);
	if (!n->a)
		return NULL;
	n->loc = span(n->loc, n->a->loc);
	return n;
}

static struct node *parse_unary_op(struct parser *p)
{
	enum token_kind k = p->tok.kind;
	struct node *n = mk(p, (k == T_INC || k == T_DEC) ? N_INCDEC : N_UNOP, p->tok.loc);

	n->op = k;
	n->prefix = n->kind == N_INCDEC;
	next(p);
	n->a = parse_unary(p);
	if (!n->a)
		return NULL;
	n->loc = span(n->loc, n->a->loc);
	return n;
}

static struct node *parse_unary(struct parser *p)
{
	struct node *n;

	if (!enter(p))
		return NULL;
	switch (p->tok.kind) {
	case T_MINUS: case T_PLUS: case T_BANG: case T_TILDE:
	case T_STAR: case T_AMP: case T_INC: case T_DEC:
		n = parse_unary_op(p);
		break;
	case T_LPAREN:
		n = type_after_current(p) ? parse_cast(p) : parse_postfix(p);
		break;
	default:
		n = parse_postfix(p);
	}
	leave(p, 1);
	return p->failed ? NULL : n;
}

/* Binary operators by precedence, loosest first. */
static const enum token_kind binary_levels[][5] = {
	{ T_LOR },
	{ T_LAND },
	{ T_PIPE },
	{ T_CARET },
	{ T_AMP },
	{ T_EQ, T_NE },
	{ T_LT, T_LE, T_GT, T_GE },
	{ T_SHL, T_SHR },
	{ T_PLUS, T_MINUS },
	{ T_STAR, T_SLASH, T_PERCENT },
};

static bool at_lxor(struct parser *p);

static bool at_level(struct parser *p, size_t level)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(binary_levels[level]) && binary_levels[level][i]; i++)
		if (p->tok.kind == binary_levels[level][i])
			break;
	if (i == ARRAY_SIZE(binary_levels[level]) || !binary_levels[level][i])
		return false;
	if (p->d_mode && at_lxor(p))
		return false;	/* D's ^^, not ^ */
	/* In a predicate, "/ {" closes it rather than dividing. */
	if (p->tok.kind == T_SLASH && p->in_pred && peek_kind(p) == T_LBRACE)
		return false;
	return true;
}

static struct node *parse_binary_level(struct parser *p, size_t level);

/* D's ^^ (logical xor, between || and &&): a ^^ b is (a != 0) != (b != 0). */
static bool at_lxor(struct parser *p)
{
	struct ahead a;
	bool adjacent;

	if (p->tok.kind != T_CARET)
		return false;
	ahead_init(&a, p, true);
	adjacent = a.t.kind == T_CARET && a.t.loc.line == p->tok.loc.line &&
		   a.t.loc.col == p->tok.loc.col + 1;
	ahead_done(&a);
	return adjacent;
}

static struct node *not_zero(struct parser *p, struct node *e)
{
	struct node *n = mk(p, N_BINOP, e->loc);

	n->op = T_NE;
	n->a = e;
	n->b = mk(p, N_INT, e->loc);
	return n;
}

static struct node *parse_d_lxor(struct parser *p)
{
	struct node *lhs = parse_binary_level(p, 1), *n;
	int levels = 0;

	while (lhs && !p->failed && at_lxor(p)) {
		if (!enter(p))
			break;
		levels++;
		n = mk(p, N_BINOP, lhs->loc);
		n->op = T_NE;
		n->a = not_zero(p, lhs);
		next(p);
		next(p);
		n->b = parse_binary_level(p, 1);
		if (!n->b)
			break;
		n->b = not_zero(p, n->b);
		n->loc = span(lhs->loc, n->b->loc);
		lhs = n;
	}
	leave(p, levels);
	return p->failed ? NULL : lhs;
}

static struct node *parse_binary(struct parser *p, size_t level)
{
	if (level == 1 && p->d_mode)
		return parse_d_lxor(p);
	return parse_binary_level(p, level);
}

static struct node *parse_binary_level(struct parser *p, size_t level)
{
	struct node *lhs, *n;
	int levels = 0;

	if (level == ARRAY_SIZE(binary_levels))
		return parse_unary(p);
	lhs = parse_binary(p, level + 1);
	/* Each operator in a chain nests the tree one level deeper. */
	while (lhs && !p->failed && at_level(p, level)) {
		if (!enter(p))
			break;
		levels++;
		n = mk(p, N_BINOP, lhs->loc);
		n->op = p->tok.kind;
		n->a = lhs;
		next(p);
		n->b = parse_binary(p, level + 1);
		if (!n->b)
			break;
		n->loc = span(lhs->loc, n->b->loc);
		lhs = n;
	}
	leave(p, levels);
	return p->failed ? NULL : lhs;
}

/* A copy of a variable or constant (made with mk, so error paths free it). */
static struct node *copy_leaf(struct parser *p, const struct node *n)
{
	struct node *c = mk(p, n->kind, n->loc);

	c->ival = n->ival;
	c->is_unsigned = n->is_unsigned;
	c->pos = n->pos;
	c->name = n->name ? xstrdup(n->name) : NULL;
	return c;
}

/*
 * a ?: b is a ? a : b with a evaluated once: a variable or constant is
 * read twice; anything else is kept in a block's own variable,
 * { let $?: = a; $?: ? $?: : b } (a name no script can write).
 */
static struct node *elvis(struct parser *p, struct node *n)
{
	struct node *a = n->a, *blk, *let, *stmt;

	if (a->kind == N_VAR || a->kind == N_INT || a->kind == N_BOOL ||
	    a->kind == N_POSPARAM) {
		n->b = copy_leaf(p, a);
		return n;
	}
	blk = mk(p, N_BLOCK, n->loc);
	let = mk(p, N_LET, a->loc);
	let->a = mk(p, N_VAR, a->loc);
	let->a->name = xstrdup("$?:");
	let->b = a;
	vec_push(&blk->args, let);
	n->a = copy_leaf(p, let->a);
	n->b = copy_leaf(p, let->a);
	stmt = mk(p, N_EXPR_STMT, a->loc);
	stmt->a = n;
	vec_push(&blk->args, stmt);
	return blk;
}

static struct node *parse_ternary(struct parser *p)
{
	struct node *cond = parse_binary(p, 0), *n;
	bool elvis_form;

	if (!cond || p->tok.kind != T_QUESTION)
		return cond;
	if (!enter(p))
		return NULL;
	n = mk(p, N_TERNARY, cond->loc);
	n->a = cond;
	next(p);
	elvis_form = accept(p, T_COLON);
	if (!elvis_form) {
		n->b = parse_ternary(p);
		if (n->b)
			expect(p, T_COLON);
	}
	if (!p->failed)
		n->c = parse_ternary(p);
	leave(p, 1);
	if (!n->c)
		return NULL;
	n->loc = span(cond->loc, n->c->loc);
	return elvis_form ? elvis(p, n) : n;
}

static int assign_op(enum token_kind k);
static bool assignable(const struct node *n);

/*
 * D (C) assignment as an expression, right to left: x = y = 0,
 * (x = arg0) > 0.  The D front end lowers the ones inside expressions.
 */
static struct node *parse_d_assign(struct parser *p, struct node *lhs)
{
	int op = assign_op(p->tok.kind);
	struct node *n;

	if (op < 0 || !lhs || !assignable(lhs))
		return lhs;
	n = mk(p, N_ASSIGN, lhs->loc);
	n->op = op;
	n->a = lhs;
	next(p);
	n->b = parse_d_assign(p, parse_ternary(p));
	if (!n->b) {
		node_free(n);
		return NULL;
	}
	n->loc = span(lhs->loc, n->b->loc);
	return n;
}

static struct node *parse_expr(struct parser *p)
{
	if (p->failed)
		return NULL;
	if (p->d_mode)
		return parse_d_assign(p, parse_ternary(p));
	return parse_ternary(p);
}

/* ---- statements ---- */

static struct node *parse_statement(struct parser *p);

static const enum token_kind compound_ops[][2] = {
	{ T_ADD_ASSIGN, T_PLUS }, { T_SUB_ASSIGN, T_MINUS },
	{ T_MUL_ASSIGN, T_STAR }, { T_DIV_ASSIGN, T_SLASH },
	{ T_MOD_ASSIGN, T_PERCENT }, { T_AND_ASSIGN, T_AMP },
	{ T_OR_ASSIGN, T_PIPE }, { T_XOR_ASSIGN, T_CARET },
	{ T_SHL_ASSIGN, T_SHL }, { T_SHR_ASSIGN, T_SHR },
};

/* -1: not an assignment; 0: '='; else the binary operator. */
static int assign_op(enum token_kind k)
{
	size_t i;

	if (k == T_ASSIGN)
		return 0;
	for (i = 0; i < ARRAY_SIZE(compound_ops); i++)
		if (compound_ops[i][0] == k)
			return compound_ops[i][1];
	return -1;
}

static bool assignable(const struct node *n)
{
	switch (n->kind) {
	case N_MAP: case N_VAR: case N_IDENT: case N_FIELD:
	case N_INDEX: case N_TUPLE_IDX:
		return true;
	case N_UNOP:
		return n->op == T_STAR;
	default:
		return false;
	}
}

static struct node *parse_expr_statement(struct parser *p)
{
	struct node *e = parse_expr(p), *n;
	int op;

	if (!e)
		return NULL;
	if (e->kind == N_ASSIGN)	/* D: parse_expr() read the assignment */
		return e;
	op = assign_op(p->tok.kind);
	if (op < 0) {
		n = mk(p, N_EXPR_STMT, e->loc);
		n->a = e;
		return n;
	}
	if (!assignable(e)) {
		error_at(p, e->loc, "syntax error, cannot assign to this expression");
		return NULL;
	}
	n = mk(p, N_ASSIGN, e->loc);
	n->op = op;
	n->a = e;
	next(p);
	n->b = parse_expr(p);
	if (!n->b)
		return NULL;
	n->loc = span(e->loc, n->b->loc);
	return n;
}

/* let $x [: type] [= expr] */
static struct node *parse_let(struct parser *p)
{
	struct node *n = mk(p, N_LET, p->tok.loc);

	next(p);
	if (p->tok.kind != T_VAR) {
		syntax_error(p, "variable");
		return NULL;
	}
	n->a = mk(p, N_VAR, p->tok.loc);
	n->a->name = take_str(p);
	next(p);
	n->loc = span(n->loc, n->a->loc);
	if (accept(p, T_COLON)) {
		set_tname(n, parse_type(p));
		n->loc = span(n->loc, p->prev);
	}
	if (accept(p, T_ASSIGN)) {
		n->b = parse_expr(p);
		if (!n->b)
			return NULL;
		n->loc = span(n->loc, n->b->loc);
	}
	return p->failed ? NULL : n;
}

static struct node *parse_if(struct parser *p)
{
	struct node *n = mk(p, N_IF, p->tok.loc);

	if (!enter(p))
		return NULL;
	next(p);
	n->a = parse_expr(p);
	n->b = parse_block(p, false);
	if (n->b && accept(p, T_ELSE)) {
		if (p->tok.kind == T_IF)
			n->c = parse_if(p);
		else if (p->tok.kind == T_LBRACE)
			n->c = parse_block(p, false);
		else
			syntax_error(p, "{ or if");
	}
	leave(p, 1);
	if (p->failed)
		return NULL;
	n->loc = span(n->loc, p->prev);
	return n;
}

/* while (cond) block ; unroll (n) block */
static struct node *parse_loop(struct parser *p, enum node_kind kind)
{
	struct node *n = mk(p, kind, p->tok.loc);

	next(p);
	n->a = parse_expr(p);
	n->b = parse_block(p, false);
	if (p->failed)
		return NULL;
	n->loc = span(n->loc, p->prev);
	return n;
}

/* for ($x : @map) block ; for ($i : a..b) block */
static struct node *parse_for(struct parser *p)
{
	struct node *n = mk(p, N_FOR, p->tok.loc);
	bool paren;

	next(p);
	paren = accept(p, T_LPAREN);
	if (p->tok.kind != T_VAR) {
		syntax_error(p, "variable");
		return NULL;
	}
	n->a = mk(p, N_VAR, p->tok.loc);
	n->a->name = take_str(p);
	next(p);
	if (!expect(p, T_COLON))
		return NULL;
	n->b = parse_expr(p);
	if (n->b && p->tok.kind == T_DOTDOT) {
		struct node *r = mk(p, N_RANGE, n->b->loc);

		r->a = n->b;
		next(p);
		r->b = parse_expr(p);
		if (!r->b)
			return NULL;
		r->loc = span(r->a->loc, r->b->loc);
		n->b = r;
	}
	if (paren && !expect(p, T_RPAREN))
		return NULL;
	n->c = parse_block(p, false);
	if (p->failed)
		return NULL;
	n->loc = span(n->loc, p->prev);
	return n;
}

static struct node *parse_jump(struct parser *p, enum node_kind kind)
{
	struct node *n = mk(p, kind, p->tok.loc);

	next(p);
	if (kind == N_RETURN && p->tok.kind != T_SEMI && p->tok.kind != T_RBRACE) {
		n->a = parse_expr(p);
		if (!n->a)
			return NULL;
		n->loc = span(n->loc, n->a->loc);
	}
	return n;
}

static struct node *parse_statement(struct parser *p)
{
	switch (p->tok.kind) {
	case T_IF:
		return parse_if(p);
	case T_WHILE:
		return parse_loop(p, N_WHILE);
	case T_UNROLL:
		return parse_loop(p, N_UNROLL);
	case T_FOR:
		return parse_for(p);
	case T_RETURN:
		return parse_jump(p, N_RETURN);
	case T_BREAK:
		return parse_jump(p, N_BREAK);
	case T_CONTINUE:
		return parse_jump(p, N_CONTINUE);
	case T_LET:
		return parse_let(p);
	case T_LBRACE:
		return parse_block(p, false);
	default:
		return parse_expr_statement(p);
	}
}

/* Statements that end with a block need no ';' after them. */
static bool ends_with_block(const struct node *n)
{
	return n->kind == N_IF || n->kind == N_WHILE || n->kind == N_FOR ||
	       n->kind == N_UNROLL || n->kind == N_BLOCK;
}

/*
 * { statements }.  With final, the closing brace ends a top-level item
 * and the token after it is not read.
 */
static struct node *parse_block(struct parser *p, bool final)
{
	struct node *blk, *s;

	if (p->tok.kind != T_LBRACE) {
		syntax_error(p, "{");
		return NULL;
	}
	if (!enter(p))
		return NULL;
	blk = mk(p, N_BLOCK, p->tok.loc);
	next(p);
	while (!p->failed && p->tok.kind != T_RBRACE) {
		if (p->tok.kind == T_EOF) {
			syntax_error(p, "}");
			break;
		}
		if (accept(p, T_SEMI))
			continue;
		s = parse_statement(p);
		if (!s)
			break;
		vec_push(&blk->args, s);
		if (ends_with_block(s) || accept(p, T_SEMI) || p->tok.kind == T_RBRACE)
			continue;
		syntax_error(p, ";");
	}
	leave(p, 1);
	if (p->failed)
		return NULL;
	blk->loc = span(blk->loc, p->tok.loc);
	if (!final)
		next(p);
	return blk;
}

/* ---- top level ---- */

/* The identifier-like word at the lexer position (raw), or "". */
static size_t raw_word(const struct lexer *lx, char *buf, size_t size)
{
	size_t n = 0;
	const char *s = lx->src->text + lx->pos;
	size_t avail = lx->src->len - lx->pos;

	while (n < avail && n + 1 < size &&
	       (s[n] == '_' || (s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
		(n > 0 && s[n] >= '0' && s[n] <= '9')))
		n++;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (n < avail && s[n] == ':')
		buf[0] = '\0';	/* "name:" starts an attach point */
	return n;
}

/* Consume raw bytes up to pos, keeping line and column right. */
static void raw_skip_to(struct lexer *lx, size_t pos)
{
	while (lx->pos < pos) {
		if (lx->src->text[lx->pos] == '\n') {
			lx->line++;
			lx->col = 1;
		} else {
			lx->col++;
		}
		lx->pos++;
	}
}

static struct loc raw_span(const struct lexer *from, const struct lexer *to)
{
	struct loc l = lex_loc_here(from);

	l.end_line = to->line;
	l.end_col = to->col - 1;
	if (to->col == 1 && to->line > from->line) {
		l.end_line = to->line - 1;
		l.end_col = l.col;	/* approximate: the span ended on a newline */
	}
	return l;
}

/* #include / #define lines: the text up to the end of the line. */
static struct node *parse_preproc(struct parser *p)
{
	struct lexer start = p->lx;
	const char *text = p->src->text;
	size_t pos = p->lx.pos, end = pos;
	struct node *n;

	while (end < p->src->len && text[end] != '\n') {
		if (text[end] == '\\' && end + 1 < p->src->len && text[end + 1] == '\n')
			end++;
		end++;
	}
	raw_skip_to(&p->lx, end);
	if (pos == 0 && end > 1 && text[1] == '!')
		return NULL;	/* #! interpreter line */
	n = mk(p, N_PREPROC, raw_span(&start, &p->lx));
	n->str = xstrndup(text + pos, end - pos);
	n->len = end - pos;
	return n;
}

/* Skip a comment or string inside C text; returns the new position. */
static size_t skip_c_lexeme(const char *s, size_t pos, size_t len)
{
	if (s[pos] == '/' && pos + 1 < len && s[pos + 1] == '/') {
		while (pos < len && s[pos] != '\n')
			pos++;
		return pos;
	}
	if (s[pos] == '/' && pos + 1 < len && s[pos + 1] == '*') {
		pos += 2;
		while (pos + 1 < len && !(s[pos] == '*' && s[pos + 1] == '/'))
			pos++;
		return MIN(pos + 2, len);
	}
	if (s[pos] == '"' || s[pos] == '\'') {
		char q = s[pos++];

		while (pos < len && s[pos] != q && s[pos] != '\n')
			pos += s[pos] == '\\' ? 2 : 1;
		return MIN(pos + 1, len);
	}
	return pos + 1;
}

/* Whitespace and comments from pos on. */
static size_t skip_c_space(const char *s, size_t pos, size_t len)
{
	for (;;) {
		while (pos < len && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' ||
				     s[pos] == '\r'))
			pos++;
		if (pos + 1 < len && s[pos] == '/' && (s[pos + 1] == '/' || s[pos + 1] == '*'))
			pos = skip_c_lexeme(s, pos, len);
		else
			return pos;
	}
}

/*
 * After a definition's closing brace (at pos): any `__attribute__((...))`
 * (kept in the definition's text: cdef.c reads `packed`), then an
 * optional ';'.  Returns where the definition ends.
 */
static size_t after_attributes(const char *s, size_t pos, size_t len)
{
	size_t end = pos, q;

	for (;;) {
		int depth = 0;

		q = skip_c_space(s, end, len);
		if (len - q < 13 || strncmp(s + q, "__attribute__", 13) != 0)
			break;
		q = skip_c_space(s, q + 13, len);
		if (q >= len || s[q] != '(')
			break;
		while (q < len) {
			if (s[q] == '(')
				depth++;
			else if (s[q] == ')' && --depth == 0)
				break;
			q = skip_c_lexeme(s, q, len);
		}
		if (q >= len)
			break;
		end = q + 1;
	}
	q = skip_c_space(s, end, len);
	return q < len && s[q] == ';' ? q + 1 : end;
}

/* typedef ... NAME [[N]];: (NAME) is a cast from here on. */
static void note_typedef_name(struct parser *p, const char *text)
{
	const char *end = strrchr(text, ';'), *brace = strrchr(text, '}'), *q;

	if (!end)
		return;
	q = strrchr(brace ? brace : text, '[');
	if (q && q < end)
		end = q;
	while (end > text && isspace((unsigned char)end[-1]))
		end--;
	for (q = end; q > text && (isalnum((unsigned char)q[-1]) || q[-1] == '_'); q--)
		;
	if (q < end)
		vec_push(&p->typedefs, xstrndup(q, (size_t)(end - q)));
}

/*
 * struct/union/enum/typedef definitions, kept as text: up to the ';' at
 * brace depth 0, or the closing brace (and a ';' right after it); a
 * typedef always ends at its ';' (`typedef struct { ... } name;`).
 */
static struct node *parse_cdef(struct parser *p)
{
	struct lexer start = p->lx;
	const char *s = p->src->text;
	size_t len = p->src->len, pos = p->lx.pos, end = 0;
	bool is_typedef = len - pos >= 7 && strncmp(s + pos, "typedef", 7) == 0;
	int depth = 0;
	struct node *n;

	while (pos < len && !end) {
		char c = s[pos];

		if (c == '{') {
			depth++;
		} else if (c == '}' && --depth <= 0 && !is_typedef) {
			end = after_attributes(s, pos + 1, len);
			break;
		} else if (c == ';' && depth == 0) {
			end = pos + 1;
			break;
		}
		pos = skip_c_lexeme(s, pos, len);
	}
	if (!end) {
		struct loc l = lex_loc_here(&start);
		char word[16];

		raw_word(&start, word, sizeof(word));
		l.end_col = l.col + (int)strlen(word) - 1;
		error_at(p, l, "unterminated C definition (missing '}' or ';')");
		return NULL;
	}
	raw_skip_to(&p->lx, end);
	n = mk(p, N_CDEF, raw_span(&start, &p->lx));
	n->str = xstrndup(s + start.pos, end - start.pos);
	n->len = end - start.pos;
	if (is_typedef)
		note_typedef_name(p, n->str);
	return n;
}

/* config = { key = value; ... } */
static struct node *parse_config(struct parser *p)
{
	struct node *n;

	next(p);
	n = mk(p, N_CONFIG, p->tok.loc);
	next(p);
	if (!expect(p, T_ASSIGN) || p->tok.kind != T_LBRACE) {
		syntax_error(p, "{");
		return NULL;
	}
	next(p);
	while (!p->failed && p->tok.kind != T_RBRACE) {
		struct node *as, *key;

		if (accept(p, T_SEMI))
			continue;
		if (!token_is_word(p->tok.kind)) {
			syntax_error(p, "identifier");
			return NULL;
		}
		key = mk(p, N_IDENT, p->tok.loc);
		key->name = take_str(p);
		next(p);
		if (!expect(p, T_ASSIGN))
			return NULL;
		as = mk(p, N_ASSIGN, key->loc);
		as->a = key;
		as->b = parse_expr(p);
		if (!as->b)
			return NULL;
		as->loc = span(key->loc, as->b->loc);
		vec_push(&n->args, as);
		if (!accept(p, T_SEMI) && p->tok.kind != T_RBRACE)
			syntax_error(p, ";");
	}
	if (!expect_final(p, T_RBRACE))
		return NULL;
	n->loc = span(n->loc, p->tok.loc);
	return n;
}

/* macro name(params) { ... } */
static struct node *parse_macro(struct parser *p)
{
	struct node *n;

	next(p);
	n = mk(p, N_MACRO, p->tok.loc);
	next(p);
	if (p->tok.kind != T_IDENT) {
		syntax_error(p, "identifier");
		return NULL;
	}
	n->name = take_str(p);
	next(p);
	if (!expect(p, T_LPAREN))
		return NULL;
	while (!p->failed && p->tok.kind != T_RPAREN) {
		enum token_kind k = p->tok.kind;
		struct node *param;

		if (k != T_VAR && k != T_MAP && k != T_IDENT) {
			syntax_error(p, "parameter");
			return NULL;
		}
		param = mk(p, k == T_VAR ? N_VAR : k == T_MAP ? N_MAP : N_IDENT, p->tok.loc);
		param->name = take_str(p);
		vec_push(&n->args, param);
		next(p);
		if (p->tok.kind != T_RPAREN && !expect(p, T_COMMA))
			return NULL;
	}
	if (!expect(p, T_RPAREN))
		return NULL;
	n->b = parse_block(p, true);
	if (!n->b)
		return NULL;
	n->loc = span(n->loc, n->b->loc);
	return n;
}

/* fn name($a : type, ...) : type { ... } */
static struct node *parse_function(struct parser *p)
{
	struct node *n;

	next(p);
	n = mk(p, N_FUNCTION, p->tok.loc);
	next(p);
	if (p->tok.kind != T_IDENT) {
		syntax_error(p, "identifier");
		return NULL;
	}
	n->name = take_str(p);
	next(p);
	if (!expect(p, T_LPAREN))
		return NULL;
	while (!p->failed && p->tok.kind != T_RPAREN) {
		struct node *param = mk(p, N_LET, p->tok.loc);

		if (p->tok.kind != T_VAR) {
			syntax_error(p, "variable");
			return NULL;
		}
		param->a = mk(p, N_VAR, p->tok.loc);
		param->a->name = take_str(p);
		next(p);
		if (!expect(p, T_COLON))
			return NULL;
		set_tname(param, parse_type(p));
		param->loc = span(param->loc, p->prev);
		vec_push(&n->args, param);
		if (p->tok.kind != T_RPAREN && !expect(p, T_COMMA))
			return NULL;
	}
	if (!expect(p, T_RPAREN))
		return NULL;
	if (accept(p, T_COLON))
		set_tname(n, parse_type(p));
	n->b = parse_block(p, true);
	if (!n->b)
		return NULL;
	n->loc = span(n->loc, n->b->loc);
	return n;
}

/*
 * A top-level item whose ';' is optional ends at its last token: only a
 * ';' that comes next (after blanks and comments) is read with it, so the
 * token after the item is not taken from the lexer here.
 */
static struct node *end_top_item(struct parser *p, struct node *n)
{
	if (!lex_skip_space(&p->lx)) {
		p->failed = true;
		return NULL;
	}
	if (lex_peek_char(&p->lx) == ';') {
		next(p);
		n->loc = span(n->loc, p->tok.loc);
	}
	return n;
}

/*
 * let @name = kind(args);   The ';' is optional, so the item ends on ')'
 * and only a ';' right after it is read.
 */
static struct node *parse_mapdecl(struct parser *p)
{
	struct node *n, *call;

	next(p);
	n = mk(p, N_MAPDECL, p->tok.loc);
	next(p);
	if (p->tok.kind != T_MAP) {
		syntax_error(p, "map");
		return NULL;
	}
	n->name = take_str(p);
	next(p);
	if (!expect(p, T_ASSIGN))
		return NULL;
	if (p->tok.kind != T_IDENT || peek_kind(p) != T_LPAREN) {
		error_at(p, p->tok.loc, "a map declaration needs a map type, e.g. hash(1024)");
		return NULL;
	}
	call = mk(p, N_CALL, p->tok.loc);
	call->name = take_str(p);
	n->a = call;
	next(p);
	next(p);
	while (!p->failed && p->tok.kind != T_RPAREN) {
		struct node *e = parse_expr(p);

		if (!e)
			return NULL;
		vec_push(&call->args, e);
		if (p->tok.kind != T_RPAREN && !accept(p, T_COMMA)) {
			syntax_error(p, ") or \",\"");
			return NULL;
		}
	}
	if (!expect_final(p, T_RPAREN))
		return NULL;
	call->loc = span(call->loc, p->tok.loc);
	n->loc = span(n->loc, p->tok.loc);
	return end_top_item(p, n);
}

static bool parse_attach_list(struct parser *p, struct node *probe)
{
	for (;;) {
		struct token t;
		struct node *a;

		lex_attach(&p->lx, &t);
		if (t.kind == T_ERROR) {
			p->tok.loc = t.loc;
			token_free(&t);
			if (t.len == 0) {
				next(p);
				syntax_error(p, NULL);
			}
			p->failed = true;
			return false;
		}
		a = mk(p, N_ATTACH, t.loc);
		a->str = t.str;
		a->len = t.slen;
		vec_push(&probe->args, a);
		if (!lex_skip_space(&p->lx)) {
			p->failed = true;
			return false;
		}
		if (lex_peek_char(&p->lx) != ',')
			return true;
		next(p);	/* the comma */
		if (!lex_skip_space(&p->lx)) {
			p->failed = true;
			return false;
		}
	}
}

/* attach[, attach...] [/pred/] { ... } */
static struct node *parse_probe(struct parser *p)
{
	struct node *n = mk(p, N_PROBE, lex_loc_here(&p->lx));

	if (!parse_attach_list(p, n))
		return NULL;
	next(p);
	if (accept(p, T_SLASH)) {
		p->in_pred = true;
		n->a = parse_expr(p);
		p->in_pred = false;
		if (!p->failed && p->tok.kind != T_SLASH) {
			syntax_error(p, "/ (end of predicate)");
			return NULL;
		}
		next(p);
	}
	n->b = parse_block(p, true);
	if (!n->b)
		return NULL;
	n->loc = span(n->args.v[0]->loc, n->b->loc);
	return n;
}

typedef struct node *(*item_fn)(struct parser *p);

/* import "path"; (import.c reads the files in once the program is parsed) */
static struct node *parse_import(struct parser *p)
{
	struct node *n;

	next(p);
	n = mk(p, N_IMPORT, p->tok.loc);
	if (p->body_seen) {
		error_at(p, p->tok.loc, "import must come before probes, macros, functions and map declarations");
		return NULL;
	}
	next(p);
	if (p->tok.kind != T_STR) {
		syntax_error(p, "a string (the file, directory or module to import)");
		return NULL;
	}
	n->str = take_str(p);
	n->len = p->tok.slen;
	n->loc = span(n->loc, p->tok.loc);
	return end_top_item(p, n);
}

struct top_keyword {
	const char *word;
	item_fn parse;
};

static const struct top_keyword top_keywords[] = {
	{ "config", parse_config },
	{ "macro", parse_macro },
	{ "fn", parse_function },
	{ "let", parse_mapdecl },
	{ "import", parse_import },
	{ "struct", parse_cdef },
	{ "union", parse_cdef },
	{ "enum", parse_cdef },
	{ "typedef", parse_cdef },
};

static struct node *parse_top_item(struct parser *p)
{
	char word[16];
	size_t i;
	int c = lex_peek_char(&p->lx);

	if (c == '#')
		return parse_preproc(p);
	if (c == ';') {
		next(p);
		return NULL;
	}
	raw_word(&p->lx, word, sizeof(word));
	for (i = 0; i < ARRAY_SIZE(top_keywords); i++) {
		if (strcmp(word, top_keywords[i].word) == 0) {
			item_fn parse = top_keywords[i].parse;

			if (parse == parse_macro || parse == parse_function || parse == parse_mapdecl)
				p->body_seen = true;
			return parse(p);
		}
	}
	p->body_seen = true;
	return parse_probe(p);
}

/* ---- input checks ---- */

static struct loc loc_of_offset(const struct source *src, size_t off)
{
	struct lexer lx;

	lexer_init(&lx, src);
	raw_skip_to(&lx, off);
	return lex_loc_here(&lx);
}

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s, size_t avail)
{
	size_t n, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n > avail)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

/* NUL bytes and invalid UTF-8 are rejected before lexing. */
static bool check_encoding(const struct source *src)
{
	const unsigned char *s = (const unsigned char *)src->text;
	size_t pos = 0, n;

	while (pos < src->len) {
		if (s[pos] == '\0') {
			diag_error(src, loc_of_offset(src, pos), "invalid NUL byte in the program");
			return false;
		}
		n = utf8_len(s + pos, src->len - pos);
		if (!n) {
			diag_error(src, loc_of_offset(src, pos), "invalid UTF-8 byte sequence");
			return false;
		}
		pos += n;
	}
	return true;
}

static struct node *parse_program_mode(const struct source *src, bool d_mode);

struct node *parse_program(const struct source *src)
{
	struct node *prog = parse_program_mode(src, false);

	if (prog && import_resolve(prog, src) < 0) {
		node_free(prog);
		return NULL;
	}
	return prog;
}

struct node *parse_program_only(const struct source *src)
{
	return parse_program_mode(src, false);
}

struct node *parse_d_program(const struct source *src)
{
	return parse_program_mode(src, true);
}

static struct node *parse_program_mode(const struct source *src, bool d_mode)
{
	struct parser p;
	struct node *prog, *item;
	int i;

	if (!src || !src->text)
		return NULL;
	if (!check_encoding(src))
		return NULL;
	memset(&p, 0, sizeof(p));
	p.src = src;
	p.d_mode = d_mode;
	lexer_init(&p.lx, src);
	prog = mk(&p, N_PROGRAM, lex_loc_here(&p.lx));
	while (!p.failed) {
		if (!lex_skip_space(&p.lx)) {
			p.failed = true;
			break;
		}
		if (lex_peek_char(&p.lx) == -1)
			break;
		item = parse_top_item(&p);
		if (item && !p.failed)
			vec_push(&prog->args, item);
	}
	token_free(&p.tok);
	for (i = 0; i < p.typedefs.n; i++)
		free(p.typedefs.v[i]);
	vec_free(&p.typedefs);
	if (p.failed) {
		for (i = 0; i < p.nodes.n; i++)
			free_shallow(p.nodes.v[i]);
		vec_free(&p.nodes);
		if (diag_error_count == 0)
			diag_error_count++;	/* never fail silently */
		return NULL;
	}
	prog->loc = span(prog->loc, lex_loc_here(&p.lx));
	vec_free(&p.nodes);
	return prog;
}
