// SPDX-License-Identifier: GPL-2.0
/* The script preprocessor: directives, expansion, locations, errors. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang/preproc.h"
#include "test.h"
#include "util.h"

static char errbuf[4096];

/* Preprocess text; *out_text gets the output.  Returns preproc_run's result. */
static int pp(const char *text, char **out_text)
{
	struct source in = { "t.bt", (char *)text, strlen(text) }, out = { 0 };
	FILE *f = fmemopen(errbuf, sizeof(errbuf), "w");
	int r;

	memset(errbuf, 0, sizeof(errbuf));
	diag_out = f;
	r = preproc_run(&in, &out);
	fclose(f);
	diag_out = NULL;
	*out_text = out.text;
	free(out.name);
	return r;
}

static void check_pp(const char *text, const char *want)
{
	char *got;

	CHECK_INT(pp(text, &got), 0);
	CHECK_STR(got, want);
	if (errbuf[0])
		fprintf(stderr, "unexpected diagnostics: %s\n", errbuf);
	free(got);
}

/* Fails, and the diagnostics start with want. */
static void check_err(const char *text, const char *want)
{
	char *got;

	CHECK_INT(pp(text, &got), -1);
	CHECK(strncmp(errbuf, want, strlen(want)) == 0);
	if (strncmp(errbuf, want, strlen(want)))
		fprintf(stderr, "  got: %s  want: %s\n", errbuf, want);
	free(got);
}

static void test_passthrough(void)
{
	check_pp("", "");
	check_pp("BEGIN { printf(\"hi\\n\"); }\n", "BEGIN { printf(\"hi\\n\"); }\n");
	check_pp("a\nb", "a\nb");
	check_pp("#!/usr/bin/env sonde\nBEGIN {}\n", "\nBEGIN {}\n");
	/* $# and @ maps are not directives. */
	check_pp("BEGIN { print($#); }\n", "BEGIN { print($#); }\n");
	/* a string literal may span lines: its text is not macro names */
	check_pp("#define N 3\nprintf(\"N\nN\", N); N\n",
		 "\nprintf(\"N\nN\", 3); 3\n");
	check_pp("#define N 3\nprintf(\"a\nb\nN\" /* \" */, N)\n",
		 "\nprintf(\"a\nb\nN\" /* \" */, 3)\n");
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void test_include(void)
{
	char dir[] = "/tmp/sonde-pp.XXXXXX", *text, *path, *self;

	/* kernel headers need no files: BTF has the types */
	check_pp("#include <linux/sched.h>\n#include <net/sock.h>\nBEGIN {}\n", "\n\nBEGIN {}\n");
	check_err("#include linux/sched.h\n", "t.bt:1:1-");
	check_err("#include <lol/no.h>\n", "t.bt:1:1-20: ERROR: #include <lol/no.h>: no such");
	check_err("#include \"/nonexistent/foo.h\"\n",
		  "t.bt:1:1-30: ERROR: #include \"/nonexistent/foo.h\": No such file");
	check_err("#include \"/dev/null\"\n", "t.bt:1:1-21: ERROR: #include \"/dev/null\": not a regular");
	if (!mkdtemp(dir)) {
		CHECK(0);
		return;
	}
	/* macros stay defined, struct text joins the #include line */
	path = xasprintf("%s/defs.h", dir);
	write_file(path, "// a header\n#define LIMIT 5\nstruct p {\n\tint x; /* c */\n};\n");
	text = xasprintf("#include \"%s\"\nBEGIN { @x = LIMIT; }\n", path);
	check_pp(text, "   struct p { \tint x;   }; \nBEGIN { @x = 5    ; }\n");
	free(text);
	/* an error inside the included file names that file */
	write_file(path, "#if 1\n#define A 1\n");
	text = xasprintf("#include \"%s\"\n", path);
	check_err(text, path);
	free(text);
	/* a binary file would be cut at its first NUL byte: refused */
	{
		FILE *f = fopen(path, "w");

		if (f) {
			fwrite("#define A 1\n\0#define B 2\n", 1, 25, f);
			fclose(f);
		}
	}
	text = xasprintf("#include \"%s\"\n", path);
	check_err(text, "t.bt:1:1-");
	CHECK(strstr(errbuf, "contains a NUL byte") != NULL);
	free(text);
	/* a file that includes itself stops at the depth limit */
	self = xasprintf("%s/self.h", dir);
	text = xasprintf("#include \"self.h\"\n");
	write_file(self, text);
	free(text);
	text = xasprintf("#include \"%s\"\n", self);
	check_err(text, self);
	CHECK(strstr(errbuf, "nested too deep") != NULL);
	free(text);
	unlink(self);
	unlink(path);
	rmdir(dir);
	free(self);
	free(path);
}

static void test_object_macros(void)
{
	check_pp("#define N 10\nBEGIN { @x = N; }\n", "\nBEGIN { @x = 10; }\n");
	/* Shorter expansions are padded: the '}' stays in column 22. */
	check_pp("#define LONGNAME 1\nBEGIN { @x = LONGNAME; }\n",
		 "\nBEGIN { @x = 1       ; }\n");
	/* Chains expand; a macro is not expanded inside itself. */
	check_pp("#define A B + 1\n#define B 2\nA\n", "\n\n2 + 1\n");
	check_pp("#define X X + 1\nX\n", "\nX + 1\n");
	/* Not in strings, comments, $vars, @maps, or inside other words. */
	check_pp("#define N 5\nprintf(\"N\"); // N\n$N @N N_x xN N\n",
		 "\nprintf(\"N\"); // N\n$N @N N_x xN 5\n");
	check_pp("#define N 5\n/* N\nN */ N\n", "\n/* N\nN */ 5\n");
	check_pp("#define N 1\n#undef N\nN\n", "\n\nN\n");
	/* Comments in the body are dropped; continuation lines join. */
	check_pp("#define V 3 /* three */\nV\n", "\n3\n");
	check_pp("#define SUM 1 + \\\n  2\nSUM\n", "\n\n1 +    2\n");
}

static void test_function_macros(void)
{
	check_pp("#define MAX(a, b) ((a) > (b) ? (a) : (b))\n@m = MAX($x, 3);\n",
		 "\n@m = (($x) > (3) ? ($x) : (3));\n");
	check_pp("#define F(x) x * 2\nF((1, 2))\n", "\n(1, 2) * 2\n");
	check_pp("#define F(x) x\nF(\"a,b\")\n", "\n\"a,b\"   \n");
	check_pp("#define Z() 7\nZ() Z\n", "\n7   Z\n");
	check_pp("#define SQ(x) ((x) * (x))\n#define N 3\nSQ(N)\n",
		 "\n\n((3) * (3))\n");
	check_pp("#define ID(x) x\nID(ID(4))\n", "\n4        \n");
	check_err("#define F(a, b) a\nF(1)\n", "t.bt:2:1-2: ERROR: macro 'F' takes 2 arguments, 1 given");
	check_err("#define F(a) a\nF(1\n", "t.bt:2:1-2: ERROR: unterminated argument list");
	check_err("#define F(a, 1) a\n", "t.bt:1:1-");
	check_err("#define F(...) a\n", "t.bt:1:1-");
}

static void test_recursion_limit(void)
{
	struct strbuf sb;
	char *got;

	sb_init(&sb);
	for (int i = 0; i < PREPROC_MAX_DEPTH + 5; i++)
		sb_addf(&sb, "#define M%d M%d\n", i, i + 1);
	sb_adds(&sb, "M0\n");
	check_err(sb.buf, "t.bt:");
	CHECK(strstr(errbuf, "too deep") != NULL);
	sb_free(&sb);
	/* Mutual recursion stops by the active-macro rule, not the limit. */
	CHECK_INT(pp("#define A B\n#define B A\nA\n", &got), 0);
	CHECK_STR(got, "\n\nA\n");
	free(got);
}

static void test_conditionals(void)
{
	check_pp("#if 0\nnot this\n#endif\nthis\n", "\n\n\nthis\n");
	check_pp("#if 1\na\n#else\nb\n#endif\n", "\na\n\n\n\n");
	check_pp("#define X\n#ifdef X\na\n#endif\n#ifndef X\nb\n#endif\n",
		 "\n\na\n\n\n\n\n");
	check_pp("#if 0\n#if 1\na\n#endif\n#else\nb\n#endif\n", "\n\n\n\n\nb\n\n");
	check_pp("#define V 2\n#if V == 1\na\n#elif V == 2\nb\n#else\nc\n#endif\n",
		 "\n\n\n\nb\n\n\n\n");
	check_pp("#if defined(AF_INET) && !defined NOPE\nyes\n#endif\n", "\nyes\n\n");
	check_pp("#if 0\n#define N 1\n#bogus\n#endif\nN\n", "\n\n\n\nN\n");
	check_err("#if 1\nx\n", "t.bt:1:1-6: ERROR: unterminated conditional directive");
	check_err("#endif\n", "t.bt:1:1-7: ERROR: #endif without #if");
	check_err("#if 1\n#else\n#else\n#endif\n", "t.bt:3:");
	check_err("#if (1\n#endif\n", "t.bt:1:");
	check_err("#error stop here\n", "t.bt:1:1-17: ERROR: #error stop here");
	check_err("  #frobnicate\n", "t.bt:1:3-");
}

static void test_constants(void)
{
	int64_t v = -1;

	CHECK(preproc_constant("TASK_RUNNING", &v) && v == 0);
	CHECK(preproc_constant("TASK_UNINTERRUPTIBLE", &v) && v == 2);
	CHECK(preproc_constant("AF_INET", &v) && v == 2);
	CHECK(preproc_constant("AF_INET6", &v) && v == 10);
	CHECK(preproc_constant("O_CREAT", &v) && v == 0100);
	CHECK(preproc_constant("SIGKILL", &v) && v == 9);
	CHECK(preproc_constant("EPERM", &v) && v == 1);
	CHECK(preproc_constant("TCP_LISTEN", &v) && v == 10);
	CHECK(preproc_constant("PF_KTHREAD", &v) && v == 0x200000);
	CHECK(preproc_constant("IPPROTO_UDP", &v) && v == 17);
	CHECK(preproc_constant("PAGE_SIZE", &v) && v >= 4096);
	CHECK(!preproc_constant("NOT_A_CONSTANT", &v));
	CHECK(!preproc_constant(NULL, &v));
}

static void test_lines_kept(void)
{
	const char *src = "#define A 1\n#define F(x) \\\n  (x)\n#if 0\nq\n#endif\nF(A)\n";
	char *got;
	int lines = 0;

	CHECK_INT(pp(src, &got), 0);
	for (char *p = got; *p; p++)
		lines += *p == '\n';
	CHECK_INT(lines, 7);
	CHECK(strstr(got, "(1)") != NULL);
	free(got);
}

int main(void)
{
	test_passthrough();
	test_include();
	test_object_macros();
	test_function_macros();
	test_recursion_limit();
	test_conditionals();
	test_constants();
	test_lines_kept();
	return test_done("test_preproc");
}
