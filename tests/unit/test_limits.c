// SPDX-License-Identifier: GPL-2.0
/*
 * The program size limit: reading stops at SOURCE_MAX_SIZE however much
 * input follows (/dev/zero, an endless pipe as `yes ... | sonde -` gives),
 * and the error names the limit at the first byte past it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/diag.h"
#include "test.h"
#include "util.h"

static char errbuf[4096];

static void test_dev_zero(void)
{
	size_t len = 0;
	bool too_big = false;
	char *text = read_file_max("/dev/zero", SOURCE_MAX_SIZE, &len, &too_big);

	CHECK(text != NULL);
	CHECK(too_big);
	CHECK_INT(len, SOURCE_MAX_SIZE);
	free(text);
}

/* An endless pipe, read through /dev/fd as main() reads /dev/stdin. */
static void test_endless_pipe(void)
{
	FILE *p = popen("yes 'BEGIN { @x = 1; }'", "r");
	char path[64], *text;
	size_t len = 0;
	bool too_big = false;
	struct source src = { "stdin", NULL, 0 };
	FILE *f;

	CHECK(p != NULL);
	if (!p)
		return;
	snprintf(path, sizeof(path), "/dev/fd/%d", fileno(p));
	text = read_file_max(path, SOURCE_MAX_SIZE, &len, &too_big);
	pclose(p);
	CHECK(text != NULL && too_big);
	CHECK_INT(len, SOURCE_MAX_SIZE);
	/* 16 MiB of 18-byte lines: the limit falls in line 932068, column 11 */
	src.text = text;
	src.len = len;
	f = fmemopen(errbuf, sizeof(errbuf), "w");
	diag_out = f;
	diag_source_too_big(&src);
	fclose(f);
	diag_out = NULL;
	CHECK(strncmp(errbuf, "stdin:932068:11-12:", 19) == 0);
	CHECK(strstr(errbuf, "ERROR: program too large: more than 16 MiB") != NULL);
	if (strncmp(errbuf, "stdin:932068:11-12:", 19))
		fprintf(stderr, "  got: %s\n", errbuf);
	free(text);
}

static void test_small_file(void)
{
	size_t len = 0;
	bool too_big = true;
	char *text = read_file_max("/proc/self/comm", SOURCE_MAX_SIZE, &len, &too_big);

	CHECK(text != NULL && !too_big && len > 0 && text[len] == '\0');
	free(text);
}

/* A message quoting 1 MiB of the program keeps its head and tail only. */
static void test_long_message(void)
{
	static char out[8192];
	char *big = malloc(1 << 20);
	struct source src = { "t.bt", "BEGIN { }", 9 };
	struct loc loc = { 1, 1, 1, 5 };
	FILE *f;

	memset(big, 'a', (1 << 20) - 1);
	big[(1 << 20) - 1] = '\0';
	f = fmemopen(out, sizeof(out), "w");
	diag_out = f;
	diag_error(&src, loc, "tracepoint not found: %s: the end", big);
	fclose(f);
	diag_out = NULL;
	CHECK(strlen(out) < 1024);
	CHECK(strncmp(out, "t.bt:1:1-6: ERROR: tracepoint not found: aaa", 44) == 0);
	CHECK(strstr(out, "aaa ... aaa") != NULL);
	CHECK(strstr(out, "aaa: the end\nBEGIN { }\n~~~~~\n") != NULL);
	if (!strstr(out, "aaa: the end\nBEGIN { }\n~~~~~\n"))
		fprintf(stderr, "  got: %s\n", out);
	free(big);
}

int main(void)
{
	test_long_message();
	test_dev_zero();
	test_endless_pipe();
	test_small_file();
	return test_done("test_limits");
}
