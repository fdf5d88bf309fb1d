// SPDX-License-Identifier: GPL-2.0
/*
 * The code generator from a parsed and typed program, in process: no
 * root, nothing loaded, only the instructions it emits are looked at
 * (compile_program() as --dump runs it).
 */
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "lang/ast.h"
#include "lang/diag.h"
#include "lang/parser.h"
#include "test.h"

static struct program prog;

/* What main() frees after program_free(): the tree and the source. */
static void release(void)
{
	program_free(&prog);
	node_free(prog.ast);
	if (prog.src) {
		free(prog.src->name);
		free(prog.src->text);
		free(prog.src);
	}
	memset(&prog, 0, sizeof(prog));
}

/* Parse, type and generate text; the program stays in prog until the next call. */
static bool compile_text(const char *text)
{
	struct source *src = calloc(1, sizeof(*src));
	struct compile_opts co = { .no_attach = true };

	release();
	src->name = strdup("stdin");
	src->text = strdup(text);
	src->len = strlen(text);
	prog.src = src;
	prog.cfg.max_strlen = 1024;
	prog.cfg.map_keys_max = 4096;
	prog.cfg.ringbuf_size = 1 << 20;
	prog.cfg.cat_bytes_max = CONFIG_CAT_BYTES_DEFAULT;
	prog.ast = parse_program(src);
	return prog.ast && compile_program(&prog, &co) == 0 && prog.progs.n > 0;
}

static int count_insns(const struct prog_spec *ps, uint8_t code, int32_t imm, bool any_imm)
{
	int n = 0;

	for (int i = 0; i < ps->ninsns; i++)
		if (ps->insns[i].code == code && (any_imm || ps->insns[i].imm == imm))
			n++;
	return n;
}

/* 1 << 10 is folded: one store of 1024, no shift */
static void test_folding(void)
{
	const struct prog_spec *ps;

	CHECK(compile_text("BEGIN { @x = 1 << 10; }"));
	if (prog.progs.n < 1)
		return;
	ps = &prog.progs.v[0];
	CHECK_STR(ps->probe, "BEGIN");
	CHECK_INT(count_insns(ps, BPF_ALU64 | BPF_LSH | BPF_K, 0, true), 0);
	CHECK(count_insns(ps, BPF_ST | BPF_MEM | BPF_DW, 1024, false) +
	      count_insns(ps, BPF_ALU64 | BPF_MOV | BPF_K, 1024, false) == 1);
	/* the map update is a helper call */
	CHECK_INT(count_insns(ps, BPF_JMP | BPF_CALL, BPF_FUNC_map_update_elem, false), 1);
	CHECK(ps->insns[ps->ninsns - 1].code == (BPF_JMP | BPF_EXIT));
}

/* pid: bpf_get_current_pid_tgid() >> 32, consumed from r0 */
static void test_pid(void)
{
	const struct prog_spec *ps;
	int i;

	CHECK(compile_text("interval:s:1 { @[pid] = count(); }"));
	if (prog.progs.n < 1)
		return;
	ps = &prog.progs.v[0];
	for (i = 0; i < ps->ninsns; i++)
		if (ps->insns[i].code == (BPF_JMP | BPF_CALL) &&
		    ps->insns[i].imm == BPF_FUNC_get_current_pid_tgid)
			break;
	CHECK(i + 1 < ps->ninsns);
	if (i + 1 >= ps->ninsns)
		return;
	CHECK_INT(ps->insns[i + 1].code, BPF_ALU64 | BPF_RSH | BPF_K);
	CHECK_INT(ps->insns[i + 1].dst_reg, BPF_REG_0);
	CHECK_INT(ps->insns[i + 1].imm, 32);
	/* count() on a per-CPU hash: a lookup, then an update when the key is new */
	CHECK_INT(count_insns(ps, BPF_JMP | BPF_CALL, BPF_FUNC_map_lookup_elem, false) >= 1, 1);
}

/*
 * Values sema computed, read by meaning from the typed layer: nsecs(boot)'s
 * clock picks the helper, pton()'s length the number of byte stores,
 * delete(@m, k) (desugared to delete(@m[k])) one delete of the map.
 */
static void test_named_values(void)
{
	const struct prog_spec *ps;

	CHECK(compile_text("BEGIN { @t = nsecs(boot); @a = pton(\"10.0.0.1\"); "
			   "@m[1] = 1; delete(@m, 1); }"));
	if (prog.progs.n < 1)
		return;
	ps = &prog.progs.v[0];
	CHECK_INT(count_insns(ps, BPF_JMP | BPF_CALL, BPF_FUNC_ktime_get_boot_ns, false), 1);
	CHECK_INT(count_insns(ps, BPF_JMP | BPF_CALL, BPF_FUNC_ktime_get_ns, false), 0);
	CHECK_INT(count_insns(ps, BPF_ST | BPF_MEM | BPF_B, 10, false), 1);
	CHECK_INT(count_insns(ps, BPF_ST | BPF_MEM | BPF_B, 0, false) >= 2, 1);
	CHECK_INT(count_insns(ps, BPF_JMP | BPF_CALL, BPF_FUNC_map_delete_elem, false), 1);
}

/* A type error is reported, and no program comes out of it. */
static void test_error(void)
{
	FILE *saved = stderr;

	stderr = fopen("/dev/null", "w");
	CHECK(!compile_text("BEGIN { @x = comm + 1; }"));
	fclose(stderr);
	stderr = saved;
}

int main(void)
{
	test_folding();
	test_pid();
	test_named_values();
	test_error();
	release();
	return test_done("codegen");
}
