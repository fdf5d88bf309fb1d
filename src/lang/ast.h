/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The abstract syntax tree.
 *
 * One node type for everything, in the spirit of small single-pass
 * compilers: a kind, a source span, and a few generic slots whose meaning
 * the kind gives (documented per kind below).  The parser builds it, sema
 * annotates it (type, map and variable bindings), codegen walks it.
 */
#ifndef SONDE_AST_H
#define SONDE_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "../util.h"

struct type;
struct mapinfo;
struct varinfo;

/*
 * A span in the source: 1-based line and columns, end column inclusive.
 * A node a macro's body gave holds the body's span and, in expansion, 1 +
 * the index of the macro call it came from in its source's expansion
 * table (struct source, diag.h); 0 for everything else.
 */
struct loc {
	int line;
	int col;
	int end_line;
	int end_col;
	int expansion;
	int file;	/* 0: the program's own source; else an imported file (diag_source_of) */
};

enum node_kind {
	/* ---- expressions ---- */
	N_INT,		/* ival (uval for values above INT64_MAX: is_unsigned) */
	N_STR,		/* str, len: the bytes after escape processing */
	N_BOOL,		/* ival 0/1: true / false */
	N_BUILTIN,	/* name: pid tid comm args arg0 retval curtask ... */
	N_IDENT,	/* name: a bare identifier (enum constant, type name in
			 * sizeof, macro argument) */
	N_VAR,		/* name: "$x" (with the $) */
	N_MAP,		/* name: "@x" or "@" ; args: keys (empty: no [..]) */
	N_POSPARAM,	/* pos: N for $N; pos 0 with name "$#" for the count */
	N_CALL,		/* name: function; args: arguments */
	N_BINOP,	/* op; a, b */
	N_UNOP,		/* op ('-', '!', '~', '*', '&', '+'); a */
	N_INCDEC,	/* op (T_INC/T_DEC), prefix: ++a; a: the lvalue */
	N_TERNARY,	/* a ? b : c */
	N_FIELD,	/* a.name ; arrow: written a->name */
	N_TUPLE_IDX,	/* a.N ; elem: N */
	N_INDEX,	/* a[b] */
	N_CAST,		/* (tname) a ; tname holds the written type */
	N_TUPLE,	/* (args...) */
	N_RECORD,	/* (name = a, ...): args are N_ASSIGN with a N_IDENT lhs;
			 * typed as a tuple with member names */
	N_SIZEOF,	/* sizeof(tname) or sizeof(a) */
	N_OFFSETOF,	/* offsetof(tname, name[.name...]): str holds the field path */
	N_TYPEID,	/* a type used as a value (e.g. in a map declaration) */
	N_RANGE,	/* a..b (only in for loops) */
	N_TYPEOF,	/* typeof(TYPE) or typeof(EXPR) as a macro argument:
			 * tname (text, or of: the expression) */

	/* ---- statements ---- */
	N_EXPR_STMT,	/* a ; */
	N_ASSIGN,	/* a = b ; op: 0 for '=', else the binary operator of
			 * a compound assignment (e.g. '+' for +=) */
	N_LET,		/* let $x [: tname] [= b];  a: the N_VAR */
	N_IF,		/* if (a) b else c ; b and c are N_BLOCK (c may be NULL,
			 * or an N_IF for else-if chains) */
	N_WHILE,	/* while (a) b */
	N_FOR,		/* for (a : b) c ; a: N_VAR, b: N_MAP or N_RANGE */
	N_UNROLL,	/* unroll (a) b */
	N_BLOCK,	/* { args... } ; name set: an inlined call of fn NAME
			 * (macro.c): args start with its nparams parameters
			 * as N_LET with the call's arguments, tname is its
			 * return type (NULL: none) */
	N_RETURN,	/* return [a]; */
	N_BREAK,
	N_CONTINUE,

	/* ---- top level ---- */
	N_PROBE,	/* args: N_ATTACH list ; a: predicate or NULL ; b: N_BLOCK */
	N_ATTACH,	/* str: the attach point text as written (quotes removed);
			 * name: a front end's label of its probes, or NULL (compile.c) */
	N_CONFIG,	/* args: N_ASSIGN with N_IDENT lhs */
	N_MAPDECL,	/* let @name = kind(args) ; name, a: N_CALL */
	N_CDEF,		/* struct/union/enum/typedef C definition: str is its text */
	N_MACRO,	/* macro name(args) b ; args: parameters */
	N_FUNCTION,	/* fn name(args: N_LET params) : tname b */
	N_PREPROC,	/* #include / #define line: str is the line text */
	N_IMPORT,	/* import "str"; (a standard library module: files are read in) */
	N_PROGRAM,	/* args: every top-level item in source order */

	N_KIND_COUNT
};

/* A type as written in the source: "uint8", "struct task_struct *", "string[16]". */
struct typename {
	char *text;
	int ptr_depth;
	/*
	 * typeof(EXPR) and macro parameters bound to typeof(...): the type is
	 * that of this node (an expression, or an N_TYPEOF), then ptr_depth
	 * stars and the "[N]" that ends text; text reads "typeof *[N]".
	 */
	struct node *of;
};

struct node;
typedef VEC(struct node *) nodelist;

struct node {
	enum node_kind kind;
	int id;			/* unique in the process, > 0: indexes the typed
				 * layer's annotations (ann.h) */
	struct loc loc;
	int op;			/* token kind of the operator (see lexer.h) */
	char *name;
	char *str;
	size_t len;
	int64_t ival;		/* N_INT, N_BOOL: the literal's value; nothing else */
	bool is_unsigned;
	int64_t pos;		/* N_POSPARAM: N of $N (0: $#) */
	int64_t elem;		/* N_TUPLE_IDX: N of a.N */
	int nparams;		/* N_BLOCK of an inlined fn: its parameters */
	bool prefix;		/* N_INCDEC: ++a rather than a++ */
	bool arrow;		/* N_FIELD: written a->name */
	struct typename *tname;
	struct node *a, *b, *c;
	nodelist args;

};

struct node *node_new(enum node_kind kind, struct loc loc);
void node_free(struct node *n);
/* The largest id node_new() has given so far. */
int node_last_id(void);
const char *node_kind_name(enum node_kind kind);

/* Print the tree, one node per line, indented: the --dump AST format. */
void ast_dump(FILE *out, const struct node *n, int depth);

/* A deep copy of the tree at n (NULL: NULL); *count, when given, counts the nodes made. */
struct node *node_clone(const struct node *n, long *count);
void typename_free(struct typename *tn);
struct typename *typename_clone(const struct typename *tn, long *count);

#endif
