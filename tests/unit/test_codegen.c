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
#include "lang/ann.h"
#include "lang/ast.h"
#include "lang/diag.h"
#include "lang/parser.h"
#include "lang/sema.h"
#include "probes/provider.h"
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

/*
 * Parse, type and generate text with positional parameters pos[0..npos);
 * the program stays in prog until the next call.
 */
static bool compile_text_pos(const char *text, int npos, char **pos)
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
	prog.npos = npos;
	prog.pos = pos;
	prog.ast = parse_program(src);
	return prog.ast && compile_program(&prog, &co) == 0 && prog.progs.n > 0;
}

static bool compile_text(const char *text)
{
	return compile_text_pos(text, 0, NULL);
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

/* The right-hand side of the i-th statement (an assignment) of the first probe. */
static struct node *assigned(int i)
{
	struct node *body = prog.progs.v[0].node->b;

	return i < body->args.n ? body->args.v[i]->b : NULL;
}

/* What the typed layer holds for n: its constant, or a mark that it has none. */
static int64_t folded(const struct sema_anns *a, const struct node *n)
{
	const struct sema_ann *an = n ? ann_of(a, n) : NULL;

	return an && an->vkind == AV_CONST ? an->v.constant : INT64_MIN + 7;
}

/*
 * sema records operators, comparisons and casts of constants as AV_CONST,
 * computed as the instructions would (64-bit wrap, signedness, the width
 * of a cast, pointer steps); a shift by 64 and a division by zero are
 * left to the run, and so is && (a branch).
 */
static void test_fold_table(void)
{
	static const char text[] =
		"BEGIN { @a = (1 + 2) * -3; @b = (uint8)300 == 44; "
		"@c = 0x7fffffffffffffff + 1; @d = (uint64)-8 >> 1; @e = -7 / 2; "
		"@f = -7 % 2; @g = (int8)200; @h = (bool)256; @i = ~0 ^ 1; "
		"@j = 1 << (60 + 4); @k = 7 / 0; @l = 1 && 1; @m = (uint64)-1 < 1; "
		"@n = (int32 *)0 + 4; @o = $1 * 2; @p = $# + 1; @q = !5; }";
	static const int64_t want[] = {
		-9, 1, INT64_MIN, (int64_t)(UINT64_MAX / 2 - 3), -3,
		-1, -56, 1, -2,
		INT64_MIN + 7, INT64_MIN + 7, INT64_MIN + 7, 0,
		16, 42, 2, 0,
	};
	char *pos[] = { "21" };
	struct sema s = { .prog = &prog, .final = true };
	struct sema_probe sp = { 0 };
	struct prog_spec *ps;

	CHECK(compile_text_pos(text, 1, pos));
	if (prog.progs.n < 1)
		return;
	/* one more final pass over the checked probe, its table kept to be read */
	ps = &prog.progs.v[0];
	sp.name = ps->probe;
	sp.target = ps->target;
	provider_probe_type(ps->prov, &sp.type);
	s.probe = &sp;
	CHECK_INT(sema_probe(&s, ps->node), 0);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		CHECK_INT(folded(&s.anns, assigned(i)), want[i]);
	sema_probe_done(&s);
	sema_done(&s);
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
	test_fold_table();
	test_pid();
	test_named_values();
	test_error();
	release();
	return test_done("codegen");
}
