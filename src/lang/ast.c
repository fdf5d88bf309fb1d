// SPDX-License-Identifier: GPL-2.0
/*
 * AST nodes: allocation, freeing, and the --dump AST format.
 *
 * The dump prints one node per line, two spaces of indent per depth: the
 * kind's name, then what distinguishes the node (an operator, a name, a
 * literal), then its children in the order a, b, c, args (probes print
 * their attach points first).
 */
#include "ast.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lexer.h"

static int last_id;	/* shared by threads that compile (sonde serve) */

int node_last_id(void)
{
	return __atomic_load_n(&last_id, __ATOMIC_RELAXED);
}

struct node *node_new(enum node_kind kind, struct loc loc)
{
	struct node *n = xcalloc(1, sizeof(*n));

	n->id = __atomic_add_fetch(&last_id, 1, __ATOMIC_RELAXED);
	n->kind = kind;
	n->loc = loc;
	return n;
}

void node_free(struct node *n)
{
	int i;

	if (!n)
		return;
	node_free(n->a);
	node_free(n->b);
	node_free(n->c);
	for (i = 0; i < n->args.n; i++)
		node_free(n->args.v[i]);
	vec_free(&n->args);
	free(n->name);
	free(n->str);
	typename_free(n->tname);
	free(n);
}

void typename_free(struct typename *tn)
{
	if (!tn)
		return;
	node_free(tn->of);
	free(tn->text);
	free(tn);
}

struct typename *typename_clone(const struct typename *tn, long *count)
{
	struct typename *c;

	if (!tn)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->text = xstrdup(tn->text);
	c->ptr_depth = tn->ptr_depth;
	c->of = node_clone(tn->of, count);
	return c;
}

typedef void (*detail_fn)(FILE *out, const struct node *n);

struct kind_info {
	const char *name;
	detail_fn detail;	/* prints " ..." after the name, or NULL */
};

static void put_escaped(FILE *out, const char *s, size_t len)
{
	size_t i;

	fputc('"', out);
	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		switch (c) {
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		case '\r': fputs("\\r", out); break;
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(out, "\\x%02x", c);
			else
				fputc(c, out);
		}
	}
	fputc('"', out);
}

static void detail_int(FILE *out, const struct node *n)
{
	if (n->is_unsigned)
		fprintf(out, " %" PRIu64, (uint64_t)n->ival);
	else
		fprintf(out, " %" PRId64, n->ival);
}

static void detail_str(FILE *out, const struct node *n)
{
	fputc(' ', out);
	put_escaped(out, n->str ? n->str : "", n->str ? n->len : 0);
}

static void detail_text(FILE *out, const struct node *n)
{
	fputc(' ', out);
	put_escaped(out, n->str ? n->str : "", n->str ? strlen(n->str) : 0);
}

static void detail_bool(FILE *out, const struct node *n)
{
	fputs(n->ival ? " true" : " false", out);
}

static void detail_name(FILE *out, const struct node *n)
{
	if (n->name)
		fprintf(out, " %s", n->name);
}

static void detail_op(FILE *out, const struct node *n)
{
	fprintf(out, " %s", token_kind_name(n->op));
}

static void detail_incdec(FILE *out, const struct node *n)
{
	fprintf(out, " %s %s", token_kind_name(n->op), n->prefix ? "pre" : "post");
}

static void detail_field(FILE *out, const struct node *n)
{
	fprintf(out, " %s%s", n->arrow ? "->" : ".", n->name ? n->name : "?");
}

static void detail_tuple_idx(FILE *out, const struct node *n)
{
	fprintf(out, " .%" PRId64, n->elem);
}

static void detail_tname(FILE *out, const struct node *n)
{
	if (n->tname)
		fprintf(out, " %s", n->tname->text);
}

static void detail_typed(FILE *out, const struct node *n)
{
	if (n->tname)
		fprintf(out, " : %s", n->tname->text);
}

static void detail_offsetof(FILE *out, const struct node *n)
{
	detail_tname(out, n);
	if (n->str)
		fprintf(out, " %s", n->str);
}

static void detail_assign(FILE *out, const struct node *n)
{
	fprintf(out, " %s=", n->op ? token_kind_name(n->op) : "");
}

static void detail_attach(FILE *out, const struct node *n)
{
	fprintf(out, " %s", n->str ? n->str : "");
}

static void detail_function(FILE *out, const struct node *n)
{
	detail_name(out, n);
	detail_typed(out, n);
}

static const struct kind_info kinds[N_KIND_COUNT] = {
	[N_INT] = { .name = "int", .detail = detail_int },
	[N_STR] = { .name = "str", .detail = detail_str },
	[N_BOOL] = { .name = "bool", .detail = detail_bool },
	[N_BUILTIN] = { .name = "builtin", .detail = detail_name },
	[N_IDENT] = { .name = "ident", .detail = detail_name },
	[N_VAR] = { .name = "var", .detail = detail_name },
	[N_MAP] = { .name = "map", .detail = detail_name },
	[N_POSPARAM] = { .name = "posparam", .detail = detail_name },
	[N_CALL] = { .name = "call", .detail = detail_name },
	[N_BINOP] = { .name = "binop", .detail = detail_op },
	[N_UNOP] = { .name = "unop", .detail = detail_op },
	[N_INCDEC] = { .name = "incdec", .detail = detail_incdec },
	[N_TERNARY] = { .name = "ternary", .detail = NULL },
	[N_FIELD] = { .name = "field", .detail = detail_field },
	[N_TUPLE_IDX] = { .name = "tuple_idx", .detail = detail_tuple_idx },
	[N_INDEX] = { .name = "index", .detail = NULL },
	[N_CAST] = { .name = "cast", .detail = detail_tname },
	[N_TUPLE] = { .name = "tuple", .detail = NULL },
	[N_RECORD] = { .name = "record", .detail = NULL },
	[N_SIZEOF] = { .name = "sizeof", .detail = detail_tname },
	[N_OFFSETOF] = { .name = "offsetof", .detail = detail_offsetof },
	[N_TYPEID] = { .name = "typeid", .detail = detail_tname },
	[N_RANGE] = { .name = "range", .detail = NULL },
	[N_TYPEOF] = { .name = "typeof", .detail = detail_tname },
	[N_EXPR_STMT] = { .name = "expr", .detail = NULL },
	[N_ASSIGN] = { .name = "assign", .detail = detail_assign },
	[N_LET] = { .name = "let", .detail = detail_typed },
	[N_IF] = { .name = "if", .detail = NULL },
	[N_WHILE] = { .name = "while", .detail = NULL },
	[N_FOR] = { .name = "for", .detail = NULL },
	[N_UNROLL] = { .name = "unroll", .detail = NULL },
	[N_BLOCK] = { .name = "block", .detail = NULL },
	[N_RETURN] = { .name = "return", .detail = NULL },
	[N_BREAK] = { .name = "break", .detail = NULL },
	[N_CONTINUE] = { .name = "continue", .detail = NULL },
	[N_PROBE] = { .name = "probe", .detail = NULL },
	[N_ATTACH] = { .name = "attach", .detail = detail_attach },
	[N_CONFIG] = { .name = "config", .detail = NULL },
	[N_MAPDECL] = { .name = "mapdecl", .detail = detail_name },
	[N_CDEF] = { .name = "cdef", .detail = detail_text },
	[N_MACRO] = { .name = "macro", .detail = detail_name },
	[N_FUNCTION] = { .name = "function", .detail = detail_function },
	[N_PREPROC] = { .name = "preproc", .detail = detail_text },
	[N_IMPORT] = { .name = "import", .detail = detail_text },
	[N_PROGRAM] = { .name = "program", .detail = NULL },
};

const char *node_kind_name(enum node_kind kind)
{
	if ((unsigned)kind >= N_KIND_COUNT || !kinds[kind].name)
		return "?";
	return kinds[kind].name;
}

static void dump_args(FILE *out, const struct node *n, int depth)
{
	int i;

	for (i = 0; i < n->args.n; i++)
		ast_dump(out, n->args.v[i], depth);
}

void ast_dump(FILE *out, const struct node *n, int depth)
{
	/* attach points and parameters are headers: print them first */
	bool args_first = n && (n->kind == N_PROBE || n->kind == N_MACRO ||
				n->kind == N_FUNCTION);
	bool known;

	if (!n)
		return;
	known = (unsigned)n->kind < N_KIND_COUNT;
	fprintf(out, "%*s%s", depth * 2, "", node_kind_name(n->kind));
	if (known && kinds[n->kind].detail)
		kinds[n->kind].detail(out, n);
	fputc('\n', out);
	if (args_first)
		dump_args(out, n, depth + 1);
	if (n->tname)
		ast_dump(out, n->tname->of, depth + 1);
	ast_dump(out, n->a, depth + 1);
	ast_dump(out, n->b, depth + 1);
	ast_dump(out, n->c, depth + 1);
	if (!args_first)
		dump_args(out, n, depth + 1);
}

struct node *node_clone(const struct node *n, long *count)
{
	struct node *c;

	if (!n)
		return NULL;
	if (count)
		(*count)++;
	c = node_new(n->kind, n->loc);
	c->op = n->op;
	c->name = n->name ? xstrdup(n->name) : NULL;
	if (n->str) {
		c->str = xmalloc(n->len + 1);
		memcpy(c->str, n->str, n->len + 1);
	}
	c->len = n->len;
	c->ival = n->ival;
	c->is_unsigned = n->is_unsigned;
	c->pos = n->pos;
	c->elem = n->elem;
	c->nparams = n->nparams;
	c->prefix = n->prefix;
	c->arrow = n->arrow;
	c->tname = typename_clone(n->tname, count);
	c->a = node_clone(n->a, count);
	c->b = node_clone(n->b, count);
	c->c = node_clone(n->c, count);
	for (int i = 0; i < n->args.n; i++)
		vec_push(&c->args, node_clone(n->args.v[i], count));
	return c;
}
