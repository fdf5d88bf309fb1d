// SPDX-License-Identifier: GPL-2.0
/*
 * Parser tests: the AST dump of representative programs, and the exact
 * diagnostics (with locations) of malformed ones.
 */
#include <stdlib.h>
#include <string.h>

#include "lang/parser.h"
#include "test.h"

/* The AST dump of the program, or the diagnostics when it fails. */
static char *parse_len(const char *text, size_t len)
{
	struct source src = { "stdin", (char *)text, len };
	char *out = NULL, *err = NULL;
	size_t out_len = 0, err_len = 0;
	FILE *fo = open_memstream(&out, &out_len);
	FILE *fe = open_memstream(&err, &err_len);
	int errors_before = diag_error_count;
	struct node *prog;

	diag_out = fe;
	prog = parse_program(&src);
	diag_out = NULL;
	if (prog) {
		ast_dump(fo, prog, 0);
		node_free(prog);
		CHECK_INT(diag_error_count, errors_before);
	} else {
		CHECK(diag_error_count > errors_before);
	}
	fclose(fo);
	fclose(fe);
	if (prog) {
		free(err);
		return out;
	}
	free(out);
	return err;
}

static char *parse(const char *text)
{
	return parse_len(text, strlen(text));
}

#define CHECK_PARSE(text, want) do {					\
	char *got__ = parse(text);					\
	CHECK_STR(got__, want);						\
	free(got__);							\
} while (0)

static void test_probes(void)
{
	CHECK_PARSE("BEGIN { printf(\"hi\\n\"); }",
		"program\n"
		"  probe\n"
		"    attach BEGIN\n"
		"    block\n"
		"      expr\n"
		"        call printf\n"
		"          str \"hi\\n\"\n");
	CHECK_PARSE("tracepoint:syscalls:sys_enter_openat,\n"
		    "  t:syscalls:sys_enter_open /comm == \"bash\"/ { @[comm] = count() }\n"
		    "end { exit() }",
		"program\n"
		"  probe\n"
		"    attach tracepoint:syscalls:sys_enter_openat\n"
		"    attach t:syscalls:sys_enter_open\n"
		"    binop ==\n"
		"      builtin comm\n"
		"      str \"bash\"\n"
		"    block\n"
		"      assign =\n"
		"        map @\n"
		"          builtin comm\n"
		"        call count\n"
		"  probe\n"
		"    attach end\n"
		"    block\n"
		"      expr\n"
		"        call exit\n");
	/* '/' in a path segment belongs to the attach point */
	CHECK_PARSE("uprobe:/bin/bash:readline /arg0 / 2 > 1/ {}\n"
		    "usdt:./a.out:prov:probe, uprobe:\"/a b\":f, k:f*,i:s:1{}",
		"program\n"
		"  probe\n"
		"    attach uprobe:/bin/bash:readline\n"
		"    binop >\n"
		"      binop /\n"
		"        builtin arg0\n"
		"        int 2\n"
		"      int 1\n"
		"    block\n"
		"  probe\n"
		"    attach usdt:./a.out:prov:probe\n"
		"    attach uprobe:/a b:f\n"
		"    attach k:f*\n"
		"    attach i:s:1\n"
		"    block\n");
}

static void test_statements(void)
{
	CHECK_PARSE("k:f { $x = 1; @m[1, \"a\"] += $x; @x++; --$x; let $y: uint8 = 5; let $z; ;; }",
		"program\n"
		"  probe\n"
		"    attach k:f\n"
		"    block\n"
		"      assign =\n"
		"        var $x\n"
		"        int 1\n"
		"      assign +=\n"
		"        map @m\n"
		"          int 1\n"
		"          str \"a\"\n"
		"        var $x\n"
		"      expr\n"
		"        incdec ++ post\n"
		"          map @x\n"
		"      expr\n"
		"        incdec -- pre\n"
		"          var $x\n"
		"      let : uint8\n"
		"        var $y\n"
		"        int 5\n"
		"      let\n"
		"        var $z\n");
	CHECK_PARSE("BEGIN { if ($a) { 1 } else if ($b) { 2 } else { 3 } while ($i < 3) { $i++; continue } }",
		"program\n"
		"  probe\n"
		"    attach BEGIN\n"
		"    block\n"
		"      if\n"
		"        var $a\n"
		"        block\n"
		"          expr\n"
		"            int 1\n"
		"        if\n"
		"          var $b\n"
		"          block\n"
		"            expr\n"
		"              int 2\n"
		"          block\n"
		"            expr\n"
		"              int 3\n"
		"      while\n"
		"        binop <\n"
		"          var $i\n"
		"          int 3\n"
		"        block\n"
		"          expr\n"
		"            incdec ++ post\n"
		"              var $i\n"
		"          continue\n");
	CHECK_PARSE("BEGIN { for ($kv : @m) { break; } for ($i : 0..$1) { } unroll (2) { return; } { return 1 } }",
		"program\n"
		"  probe\n"
		"    attach BEGIN\n"
		"    block\n"
		"      for\n"
		"        var $kv\n"
		"        map @m\n"
		"        block\n"
		"          break\n"
		"      for\n"
		"        var $i\n"
		"        range\n"
		"          int 0\n"
		"          posparam $1\n"
		"        block\n"
		"      unroll\n"
		"        int 2\n"
		"        block\n"
		"          return\n"
		"      block\n"
		"        return\n"
		"          int 1\n");
}

static void test_expressions(void)
{
	CHECK_PARSE("BEGIN { $x = 1 + 2 * 3 << 1 == 4 && !$a || ~$b & 5 | 6 ^ 7; }",
		"program\n"
		"  probe\n"
		"    attach BEGIN\n"
		"    block\n"
		"      assign =\n"
		"        var $x\n"
		"        binop ||\n"
		"          binop &&\n"
		"            binop ==\n"
		"              binop <<\n"
		"                binop +\n"
		"                  int 1\n"
		"                  binop *\n"
		"                    int 2\n"
		"                    int 3\n"
		"                int 1\n"
		"              int 4\n"
		"            unop !\n"
		"              var $a\n"
		"          binop |\n"
		"            binop &\n"
		"              unop ~\n"
		"                var $b\n"
		"              int 5\n"
		"            binop ^\n"
		"              int 6\n"
		"              int 7\n");
	CHECK_PARSE("BEGIN { $t = $c ? 1 : $d ? 2 : 3; $n = -(uint8)*$p; $q = &$s; }",
		"program\n"
		"  probe\n"
		"    attach BEGIN\n"
		"    block\n"
		"      assign =\n"
		"        var $t\n"
		"        ternary\n"
		"          var $c\n"
		"          int 1\n"
		"          ternary\n"
		"            var $d\n"
		"            int 2\n"
		"            int 3\n"
		"      assign =\n"
		"        var $n\n"
		"        unop -\n"
		"          cast uint8\n"
		"            unop *\n"
		"              var $p\n"
		"      assign =\n"
		"        var $q\n"
		"        unop &\n"
		"          var $s\n");
	CHECK_PARSE("k:f { $a = ((struct task_struct *)curtask)->mm; $b = (struct sock**)arg0; "
		    "$c = (unsigned int)$x; $d = (pid_t)1; $e = (foo)-1; $f = args.x[2].y; }",
		"program\n"
		"  probe\n"
		"    attach k:f\n"
		"    block\n"
		"      assign =\n"
		"        var $a\n"
		"        field ->mm\n"
		"          cast struct task_struct *\n"
		"            builtin curtask\n"
		"      assign =\n"
		"        var $b\n"
		"        cast struct sock **\n"
		"          builtin arg0\n"
		"      assign =\n"
		"        var $c\n"
		"        cast unsigned int\n"
		"          var $x\n"
		"      assign =\n"
		"        var $d\n"
		"        cast pid_t\n"
		"          int 1\n"
		"      assign =\n"
		"        var $e\n"
		"        binop -\n"
		"          ident foo\n"
		"          int 1\n"
		"      assign =\n"
		"        var $f\n"
		"        field .y\n"
		"          index\n"
		"            field .x\n"
		"              builtin args\n"
		"            int 2\n");
	CHECK_PARSE("BEGIN { $t = (1, \"a\"); $u = (1,); $g = (2); $r = (.a = 1, .b = $t.1); "
		    "$s = sizeof(struct x) + sizeof($t) + offsetof(struct X, a.b); $z = $#; $v = true; }",
		"program\n"
		"  probe\n"
		"    attach BEGIN\n"
		"    block\n"
		"      assign =\n"
		"        var $t\n"
		"        tuple\n"
		"          int 1\n"
		"          str \"a\"\n"
		"      assign =\n"
		"        var $u\n"
		"        tuple\n"
		"          int 1\n"
		"      assign =\n"
		"        var $g\n"
		"        int 2\n"
		"      assign =\n"
		"        var $r\n"
		"        record\n"
		"          assign =\n"
		"            ident a\n"
		"            int 1\n"
		"          assign =\n"
		"            ident b\n"
		"            tuple_idx .1\n"
		"              var $t\n"
		"      assign =\n"
		"        var $s\n"
		"        binop +\n"
		"          binop +\n"
		"            sizeof struct x\n"
		"            sizeof\n"
		"              var $t\n"
		"          offsetof struct X a.b\n"
		"      assign =\n"
		"        var $z\n"
		"        posparam $#\n"
		"      assign =\n"
		"        var $v\n"
		"        bool true\n");
	CHECK_PARSE("BEGIN { @x = 18446744073709551615 + 1_000 + 0x10 + 010 + 1ms + 'A'; }",
		"program\n"
		"  probe\n"
		"    attach BEGIN\n"
		"    block\n"
		"      assign =\n"
		"        map @x\n"
		"        binop +\n"
		"          binop +\n"
		"            binop +\n"
		"              binop +\n"
		"                binop +\n"
		"                  int 18446744073709551615\n"
		"                  int 1000\n"
		"                int 16\n"
		"              int 8\n"
		"            int 1000000\n"
		"          int 65\n");
}

static void test_top_level(void)
{
	CHECK_PARSE("#!/usr/bin/env bpftrace\n"
		    "#include <linux/sched.h>\n"
		    "#define FOO \\\n  1\n"
		    "struct S { int x; /* } */ };\n"
		    "typedef int myint;\n"
		    "config = { max_map_keys = 2; stack_mode=perf }\n"
		    "let @a = lruhash(100);\n"
		    "macro add(x, $y, @z) { x + 1 }\n"
		    "fn f($a : uint64, $b : struct s *) : int64 { return $a; }\n"
		    "BEGIN { }",
		"program\n"
		"  preproc \"#include <linux/sched.h>\"\n"
		"  preproc \"#define FOO \\\\\\n  1\"\n"
		"  cdef \"struct S { int x; /* } */ };\"\n"
		"  cdef \"typedef int myint;\"\n"
		"  config\n"
		"    assign =\n"
		"      ident max_map_keys\n"
		"      int 2\n"
		"    assign =\n"
		"      ident stack_mode\n"
		"      ident perf\n"
		"  mapdecl @a\n"
		"    call lruhash\n"
		"      int 100\n"
		"  macro add\n"
		"    ident x\n"
		"    var $y\n"
		"    map @z\n"
		"    block\n"
		"      expr\n"
		"        binop +\n"
		"          ident x\n"
		"          int 1\n"
		"  function f : int64\n"
		"    let : uint64\n"
		"      var $a\n"
		"    let : struct s *\n"
		"      var $b\n"
		"    block\n"
		"      return\n"
		"        var $a\n"
		"  probe\n"
		"    attach BEGIN\n"
		"    block\n");
	CHECK_PARSE("// only a comment\n", "program\n");
}

/* Node locations: spans that diagnostics underline. */
static void test_locations(void)
{
	const char *text = "BEGIN { @x = nosuch(1, 2) + $y->f; }";
	struct source src = { "stdin", (char *)text, strlen(text) };
	struct node *prog = parse_program(&src), *as, *sum;

	CHECK(prog != NULL);
	if (!prog)
		return;
	as = prog->args.v[0]->b->args.v[0];
	sum = as->b;
	CHECK_INT(as->loc.col, 9);
	CHECK_INT(as->loc.end_col, 33);
	CHECK_INT(sum->loc.col, 14);
	CHECK_INT(sum->loc.end_col, 33);
	CHECK_INT(sum->a->loc.col, 14);		/* call: name .. ')' */
	CHECK_INT(sum->a->loc.end_col, 25);
	CHECK_INT(sum->b->loc.col, 29);		/* field: $y .. f */
	CHECK_INT(sum->b->loc.end_col, 33);
	CHECK_INT(prog->args.v[0]->loc.col, 1);
	CHECK_INT(prog->args.v[0]->loc.end_col, 36);
	node_free(prog);
}

static void test_errors(void)
{
	CHECK_PARSE("BEGIN { @x = 1; ",
		"stdin:1:17-17: ERROR: syntax error, unexpected end of file, expecting }\n"
		"BEGIN { @x = 1; \n"
		"                \n");
	CHECK_PARSE("BEGIN { @x = (1 + ; }",
		"stdin:1:19-20: ERROR: syntax error, unexpected ;\n"
		"BEGIN { @x = (1 + ; }\n"
		"                  ~\n");
	CHECK_PARSE("BEGIN { @x = 1 @y = 2; }",
		"stdin:1:16-18: ERROR: syntax error, unexpected map, expecting ;\n"
		"BEGIN { @x = 1 @y = 2; }\n"
		"               ~~\n");
	CHECK_PARSE("BEGIN { if (1) { @x = 1 } else }",
		"stdin:1:32-33: ERROR: syntax error, unexpected }, expecting { or if\n"
		"BEGIN { if (1) { @x = 1 } else }\n"
		"                               ~\n");
	CHECK_PARSE("kprobe:f /pid == 1 { }",
		"stdin:1:20-21: ERROR: syntax error, unexpected {, expecting / (end of predicate)\n"
		"kprobe:f /pid == 1 { }\n"
		"                   ~\n");
	CHECK_PARSE("BEGIN\n{ @x = 1 }\n}",
		"stdin:3:1-2: ERROR: syntax error, unexpected }\n"
		"}\n"
		"~\n");
	CHECK_PARSE("BEGIN { @x = \"abc; }",
		"stdin:1:14-21: ERROR: unterminated string\n"
		"BEGIN { @x = \"abc; }\n"
		"             ~~~~~~~\n");
	CHECK_PARSE("BEGIN { /* abc }",
		"stdin:1:9-11: ERROR: end of file during comment\n"
		"BEGIN { /* abc }\n"
		"        ~~\n");
	CHECK_PARSE("BEGIN { @x = 99999999999999999999999; }",
		"stdin:1:14-37: ERROR: integer literal is too large (the maximum is 18446744073709551615)\n"
		"BEGIN { @x = 99999999999999999999999; }\n"
		"             ~~~~~~~~~~~~~~~~~~~~~~~\n");
	CHECK_PARSE("BEGIN { @x = `; }",
		"stdin:1:14-15: ERROR: invalid character '`'\n"
		"BEGIN { @x = `; }\n"
		"             ~\n");
	CHECK_PARSE("BEGIN {\n\t@x = nosuch(;\n}",
		"stdin:2:14-15: ERROR: syntax error, unexpected ;\n"
		"    @x = nosuch(;\n"
		"                ~\n");
	CHECK_PARSE("BEGIN { 1 = 2; }",
		"stdin:1:9-10: ERROR: syntax error, cannot assign to this expression\n"
		"BEGIN { 1 = 2; }\n"
		"        ~\n");
	CHECK_PARSE("{ }",
		"stdin:1:1-2: ERROR: syntax error, unexpected {\n"
		"{ }\n"
		"~\n");
	CHECK_PARSE("BEGIN, { }",
		"stdin:1:8-9: ERROR: syntax error, unexpected {\n"
		"BEGIN, { }\n"
		"       ~\n");
	CHECK_PARSE("BEGIN",
		"stdin:1:6-6: ERROR: syntax error, unexpected end of file, expecting {\n"
		"BEGIN\n"
		"     \n");
	CHECK_PARSE("k:f { $x = (1, 2; }",
		"stdin:1:17-18: ERROR: syntax error, unexpected ;, expecting ) or \",\"\n"
		"k:f { $x = (1, 2; }\n"
		"                ~\n");
	CHECK_PARSE("k:f { $x.; }",
		"stdin:1:10-11: ERROR: syntax error, unexpected ;, expecting field name\n"
		"k:f { $x.; }\n"
		"         ~\n");
	CHECK_PARSE("struct X { int a;\nBEGIN {}",
		"stdin:1:1-7: ERROR: unterminated C definition (missing '}' or ';')\n"
		"struct X { int a;\n"
		"~~~~~~\n");
	CHECK_PARSE("uprobe:/bin/sh:f\x01 {}",
		"stdin:1:17-18: ERROR: invalid character '\\x01' in attach point\n"
		"uprobe:/bin/sh:f\x01 {}\n"
		"                ~\n");
	CHECK_PARSE("let @a = 5;",
		"stdin:1:10-11: ERROR: a map declaration needs a map type, e.g. hash(1024)\n"
		"let @a = 5;\n"
		"         ~\n");
	CHECK_PARSE("config = { a = 1 b = 2 }",
		"stdin:1:18-19: ERROR: syntax error, unexpected identifier, expecting ;\n"
		"config = { a = 1 b = 2 }\n"
		"                 ~\n");
	/* multi-line spans print the line range only */
	CHECK_PARSE("BEGIN {\n  1 +\n  2 = 3; }",
		"stdin:2-3: ERROR: syntax error, cannot assign to this expression\n");
}

static void test_bad_input(void)
{
	static const char nul[] = "BEGIN { @x = 1; }\nEND { @y\0 = 2; }";
	static const char bad_utf8[] = "BEGIN { @x = \"\xc3\xa9\xff\"; }";
	struct strbuf deep;
	char *got;
	int i;

	got = parse_len(nul, sizeof(nul) - 1);
	CHECK_STR(got, "stdin:2:9-10: ERROR: invalid NUL byte in the program\n"
		  "END { @y  = 2; }\n"
		  "        ~\n");
	free(got);
	got = parse(bad_utf8);
	CHECK_STR(got, "stdin:1:17-18: ERROR: invalid UTF-8 byte sequence\n"
		  "BEGIN { @x = \"\xc3\xa9\xff\"; }\n"
		  "                ~\n");
	free(got);

	/* Deep nesting is an error, not a stack overflow. */
	sb_init(&deep);
	sb_adds(&deep, "BEGIN { $x = ");
	for (i = 0; i < 10000; i++)
		sb_addc(&deep, '(');
	got = parse(deep.buf);
	CHECK(strstr(got, "stdin:1:269-270: ERROR: nesting is too deep (the limit is 256 levels)\n") == got);
	free(got);
	sb_free(&deep);

	sb_init(&deep);
	sb_adds(&deep, "BEGIN ");
	for (i = 0; i < 10000; i++)
		sb_adds(&deep, "{ if (1) ");
	got = parse(deep.buf);
	CHECK(strstr(got, "ERROR: nesting is too deep") != NULL);
	free(got);
	sb_free(&deep);

	sb_init(&deep);
	sb_adds(&deep, "BEGIN { $x = 1");
	for (i = 0; i < 10000; i++)
		sb_adds(&deep, " + 1");
	got = parse(deep.buf);
	CHECK(strstr(got, "ERROR: nesting is too deep") != NULL);
	free(got);
	sb_free(&deep);

	/* Truncations of a full program never crash and always report. */
	{
		const char *full = "k:f /pid/ { @m[1] = (uint8)args->x; if ($a) { $b = (1, \"s\"); } }";
		size_t len = strlen(full), n;

		for (n = 1; n < len; n++) {
			got = parse_len(full, n);
			CHECK(strstr(got, "ERROR") != NULL);
			free(got);
		}
	}
}

int main(void)
{
	test_probes();
	test_statements();
	test_expressions();
	test_top_level();
	test_locations();
	test_errors();
	test_bad_input();
	return test_done("test_parser");
}
