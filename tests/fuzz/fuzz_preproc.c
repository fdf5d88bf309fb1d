// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer entry for the preprocessor alone: #define, #undef, macro
 * expansion, #if/#elif evaluation, #include of missing files, and the
 * #if expression evaluator called directly on the input.  Without BTF,
 * tracefs or codegen each input costs less than in fuzz_frontend,
 * and the smoke run of `make test` spends all its time on these two.
 *
 * Built by `make fuzz-bin` (mk/robust.mk) with ASan and UBSan; every
 * input must end in output or a located error, without a crash, a leak
 * or a sanitizer report.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/diag.h"
#include "lang/ppexpr.h"
#include "lang/preproc.h"

static FILE *devnull(void)
{
	static FILE *null;

	if (!null)
		null = fopen("/dev/null", "w");
	return null ? null : stderr;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct source src = { .name = "fuzz", .len = size }, out = { 0 };
	const char *why;
	int64_t v;

	src.text = malloc(size + 1);
	if (!src.text)
		return 0;
	memcpy(src.text, data, size);
	src.text[size] = '\0';
	diag_out = devnull();
	diag_error_count = 0;
	preproc_run(&src, &out);
	/* the text up to its first NUL, as one #if expression */
	ppexpr_eval(src.text, &v, &why);
	free(out.name);
	free(out.text);
	free(src.text);
	return 0;
}
