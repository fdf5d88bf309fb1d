// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer entry for the front end and the code generator: preprocessor
 * (#define, #if evaluation, #include) -> lexer -> parser -> sema ->
 * codegen -> --dump, all in process and without a
 * kernel (nothing is loaded: BEGIN/END/interval probes need nothing, and
 * tracepoint probes only read tracefs format files).
 *
 * Built by `make fuzz` (mk/robust.mk) with clang -fsanitize=fuzzer,address,
 * undefined against the project's sources compiled into build/fuzz/.
 * Every input must end in a located error or a compiled program; a crash,
 * a leak or a sanitizer report is a bug (its input goes to
 * tests/fuzz/regressions/).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "lang/btf.h"
#include "lang/cdef.h"
#include "lang/parser.h"
#include "lang/preproc.h"
#include "lang/types.h"
#include "runtime/loader.h"

/* Positional parameters the inputs may use ($1, $2, str($3)). */
static char *fuzz_pos[] = { "1", "two", "/tmp" };

static FILE *devnull(void)
{
	static FILE *null;

	if (!null)
		null = fopen("/dev/null", "w");
	return null ? null : stderr;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct source src = { .name = "fuzz", .len = size }, pp = { 0 };
	struct program prog = { 0 };
	struct compile_opts co = { .start_ns = 1, .cpid = 0 };

	/* Sources are NUL-terminated and may hold NUL bytes before the end. */
	src.text = malloc(size + 1);
	if (!src.text)
		return 0;
	memcpy(src.text, data, size);
	src.text[size] = '\0';
	diag_out = devnull();
	diag_error_count = 0;

	/* as main() does: the parser sees the preprocessed text */
	if (preproc_run(&src, &pp) < 0) {
		free(pp.name);
		free(pp.text);
		free(src.text);
		return 0;
	}
	prog.src = &pp;
	prog.cfg.max_strlen = 1024;
	prog.cfg.map_keys_max = 4096;
	prog.cfg.ringbuf_size = 1 << 20;
	prog.pos = fuzz_pos;
	prog.npos = 3;
	prog.ast = parse_program(&pp);
	if (prog.ast) {
		ast_dump(devnull(), prog.ast, 0);
		if (compile_program(&prog, &co) == 0)
			loader_dump(devnull(), &prog);
	}
	program_free(&prog);
	if (prog.ast)
		node_free(prog.ast);
	btf_forget_types();	/* its caches point into the type table */
	cdef_free();
	types_free_all();
	free(pp.name);
	free(pp.text);
	free(src.text);
	return 0;
}
