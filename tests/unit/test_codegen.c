// SPDX-License-Identifier: GPL-2.0
/*
 * The code generator from a parsed and typed program, in process: no
 * root, nothing loaded, only the instructions it emits are looked at
 * (compile_program() as --dump runs it).
 */
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

#include "bpf/cg_internal.h"
#include "compile.h"
#include "lang/ann.h"
#include "lang/ast.h"
#include "lang/btf.h"
#include "lang/desugar.h"
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

/* A hash of everything in the tree (sema fills no slot of it). */
static uint64_t mix(uint64_t h, uint64_t v)
{
	return (h ^ v) * 0x100000001b3ull;
}

static uint64_t mix_str(uint64_t h, const char *s, size_t len)
{
	h = mix(h, s ? len + 1 : 0);
	for (size_t i = 0; s && i < len; i++)
		h = mix(h, (unsigned char)s[i]);
	return h;
}

static uint64_t tree_hash(uint64_t h, const struct node *n)
{
	if (!n)
		return mix(h, 0x5a);
	h = mix(h, n->kind);
	h = mix(h, n->id);
	h = mix(h, (uint64_t)(uintptr_t)n);
	h = mix(h, n->op);
	h = mix(h, (uint64_t)n->ival);
	h = mix(h, (uint64_t)n->pos);
	h = mix(h, (uint64_t)n->elem);
	h = mix(h, (uint64_t)n->nparams);
	h = mix(h, n->prefix * 2 + n->arrow);
	h = mix(h, n->is_unsigned);
	h = mix(h, n->loc.line * 1000 + n->loc.col);
	h = mix_str(h, n->name, n->name ? strlen(n->name) : 0);
	h = mix_str(h, n->str, n->len);
	h = mix_str(h, n->tname ? n->tname->text : NULL, n->tname ? strlen(n->tname->text) : 0);
	h = tree_hash(h, n->a);
	h = tree_hash(h, n->b);
	h = tree_hash(h, n->c);
	h = mix(h, n->args.n);
	for (int i = 0; i < n->args.n; i++)
		h = tree_hash(h, n->args.v[i]);
	return h;
}

/* Variables are sema's per probe run: the same one declared again */
static bool same_var(const struct varinfo *a, const struct varinfo *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a->name, b->name) == 0 && a->index == b->index && a->decl == b->decl &&
	       a->depth == b->depth && type_equal(a->type, b->type);
}

/* Whether a and b hold the same annotations for every node under n. */
static bool same_anns(const struct sema_anns *a, const struct sema_anns *b, const struct node *n)
{
	const struct sema_ann *x, *y;

	if (!n)
		return true;
	x = ann_of(a, n);
	y = ann_of(b, n);
	if (!x || !y) {
		if (x || y)
			return false;
	} else if (x->vkind != y->vkind || x->map != y->map || !same_var(x->var, y->var) ||
		   x->id != y->id || x->field != y->field || !x->type != !y->type ||
		   (x->type && !type_equal(x->type, y->type)) ||
		   (x->vkind == AV_STR ? strcmp(x->v.str, y->v.str) != 0 :
		    memcmp(&x->v, &y->v, sizeof(x->v)) != 0)) {
		return false;
	}
	if (!same_anns(a, b, n->a) || !same_anns(a, b, n->b) || !same_anns(a, b, n->c))
		return false;
	for (int i = 0; i < n->args.n; i++)
		if (!same_anns(a, b, n->args.v[i]))
			return false;
	return true;
}

static char *dump_of(const struct node *n)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ast_dump(f, n, 0);
	fclose(f);
	return text;
}

/* One more final sema pass over the first probe; its table in *s (sema_done frees it). */
static int sema_again(struct sema *s, struct sema_probe *sp)
{
	struct prog_spec *ps = &prog.progs.v[0];

	*s = (struct sema){ .prog = &prog, .final = true, .quiet = true };
	*sp = (struct sema_probe){ .name = ps->probe, .target = ps->target,
				   .probe_index = ps->probe_index };
	provider_probe_type(ps->prov, &sp->type);
	s->probe = sp;
	return sema_probe(s, ps->node);
}

/*
 * Sema only reads the tree: the rewrites that need no types are the
 * desugaring pass's (the tree after compiling dumps as the parse tree
 * desugared), what depends on types is in the table, and running sema
 * again, twice, gives the same table and leaves every node as it was.
 */
static void test_sema_reads_only(void)
{
	static const char text[] =
		"BEGIN { $r = (a = 1, b = \"xy\"); @r = $r.b; $t = (1, \"s\"); @t = $t[1]; "
		"@u = $t.0; @m[1] = 1; @h = has_key(@m, 1); @o = getopt(\"name\", \"dflt\"); "
		"@s = signal_name(9); @p = ppid; @c = pcomm; @q = $1 + 1; @i = pid(init); "
		"@k = { $z = 1; count() }; @hb = hist(5, 2); @ts = tseries(1, 1000000000, 10, \"max\"); "
		"@sz = sizeof(uint32); @ns = nsecs(boot); @sn = strncmp(\"ab\", \"ac\", 1); "
		"@pt = pton(\"::1\"); @b = buf(\"abcd\", 2); unroll ($2) { @n = count(); } }";
	char *pos[] = { "hello", "3" };
	struct sema s1, s2;
	struct sema_probe sp1, sp2;
	struct source src = { .name = "stdin", .text = (char *)text, .len = sizeof(text) - 1 };
	struct node *fresh, *probe;
	char *after, *desugared;
	uint64_t h0;

	CHECK(compile_text_pos(text, 2, pos));
	if (prog.progs.n < 1)
		return;
	probe = prog.progs.v[0].node;
	h0 = tree_hash(0, probe);
	after = dump_of(probe);
	fresh = parse_program(&src);
	CHECK(fresh != NULL);
	if (!fresh)
		return;
	desugar(fresh, &prog);
	desugared = dump_of(fresh->args.v[0]);
	CHECK_STR(after, desugared);
	CHECK(strstr(after, "field .b") && strstr(after, "index") && !strstr(after, "tuple_idx .1"));
	CHECK(strstr(after, "str \"ello\""));	/* $1 + 1 */

	CHECK_INT(sema_again(&s1, &sp1), 0);
	CHECK(tree_hash(0, probe) == h0);
	CHECK_INT(sema_again(&s2, &sp2), 0);
	CHECK(tree_hash(0, probe) == h0);
	CHECK(same_anns(&s1.anns, &s2.anns, probe));
	/* what the types decided, by meaning: the member read, the string of the run */
	{
		const struct node *body = probe->b;
		const struct sema_ann *rb = ann_of(&s2.anns, body->args.v[1]->b);
		const struct sema_ann *ti = ann_of(&s2.anns, body->args.v[3]->b);
		const struct sema_ann *go = ann_of(&s2.anns, body->args.v[7]->b);
		const struct sema_ann *sn = ann_of(&s2.anns, body->args.v[8]->b);

		CHECK(rb && rb->vkind == AV_TUPLE_INDEX && rb->v.tuple_index == 1);
		CHECK(ti && ti->vkind == AV_TUPLE_INDEX && ti->v.tuple_index == 1);
		CHECK(go && go->vkind == AV_STR && strcmp(go->v.str, "dflt") == 0);
		CHECK(sn && sn->vkind == AV_STR && strcmp(sn->v.str, "Killed") == 0);
	}
	sema_probe_done(&s1);
	sema_done(&s1);
	sema_probe_done(&s2);
	sema_done(&s2);
	node_free(fresh);
	free(after);
	free(desugared);
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

/*
 * emit_kfunc_call: a kernel function of the kernel's BTF is one pseudo
 * call of its BTF id; a name the BTF lacks (sema refuses the call before
 * codegen, so only a codegen bug gets here) is a located internal error
 * and emits nothing.
 */
static void test_kfunc_call(void)
{
	FILE *saved = stderr;
	struct cg cg;

	CHECK(compile_text("BEGIN { exit(); }"));
	memset(&cg, 0, sizeof(cg));
	cg.prog = &prog;
	stderr = fopen("/dev/null", "w");
	emit_kfunc_call(&cg, "sonde_no_such_kfunc");
	fclose(stderr);
	stderr = saved;
	CHECK(cg.errors == 1 && cg.code.n == 0);
	if (btf_kfunc_id("bpf_task_release") >= 0) {
		emit_kfunc_call(&cg, "bpf_task_release");
		CHECK(cg.code.n == 1 && cg.code.v[0].src_reg == BPF_PSEUDO_KFUNC_CALL &&
		      cg.code.v[0].imm == btf_kfunc_id("bpf_task_release"));
	}
	vec_free(&cg.code);
	vec_free(&cg.lines);
}

int main(void)
{
	test_folding();
	test_fold_table();
	test_pid();
	test_named_values();
	test_sema_reads_only();
	test_error();
	test_kfunc_call();
	release();
	return test_done("codegen");
}
