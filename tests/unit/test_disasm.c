// SPDX-License-Identifier: GPL-2.0
/* The disassembler's text for every instruction class. */
#include <stdlib.h>

#include "bpf/disasm.h"
#include "test.h"

#define INSN(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })

#ifndef BPF_MEMSX
#define BPF_MEMSX 0x80
#endif

static char text[256];
static int used;

/* Disassemble insns[idx] of an n-instruction program into text/used. */
static const char *dis_at(const struct bpf_insn *insns, int idx, int n,
			  bpf_map_name_fn namer, void *arg)
{
	struct strbuf sb;

	sb_init(&sb);
	used = bpf_disasm_insn(&sb, insns, idx, n, namer, arg);
	snprintf(text, sizeof(text), "%s", sb.buf);
	sb_free(&sb);
	return text;
}

static const char *dis(struct bpf_insn insn)
{
	return dis_at(&insn, 0, 1, NULL, NULL);
}

static const char *names(int fd, void *arg)
{
	CHECK(arg == (void *)names);
	return fd == 7 ? "ringbuf" : fd == 0 ? "AT_x" : NULL;
}

static void test_alu(void)
{
	CHECK_STR(dis(INSN(BPF_ALU64 | BPF_ADD | BPF_K, 0, 0, 0, 5)), "r0 += 5");
	CHECK_INT(used, 1);
	CHECK_STR(dis(INSN(BPF_ALU64 | BPF_SUB | BPF_X, 1, 2, 0, 0)), "r1 -= r2");
	CHECK_STR(dis(INSN(BPF_ALU64 | BPF_MUL | BPF_K, 3, 0, 0, -3)), "r3 *= -3");
	CHECK_STR(dis(INSN(BPF_ALU64 | BPF_DIV | BPF_X, 1, 2, 0, 0)), "r1 /= r2");
	CHECK_STR(dis(INSN(BPF_ALU64 | BPF_DIV | BPF_X, 1, 2, 1, 0)), "r1 s/= r2");
	CHECK_STR(dis(INSN(BPF_ALU | BPF_MOD | BPF_K, 1, 0, 1, 7)), "w1 s%= 7");
	CHECK_STR(dis(INSN(BPF_ALU64 | BPF_MOD | BPF_K, 1, 0, 0, 7)), "r1 %= 7");
	CHECK_STR(dis(INSN(BPF_ALU64 | BPF_OR | BPF_K, 1, 0, 0, 8)), "r1 |= 8");
	CHECK_STR(dis(INSN(BPF_ALU64 | BPF_AND | BPF_X, 1, 9, 0, 0)), "r1 &= r9");
	CHECK_STR(dis(INSN(BPF_ALU64 | BPF_LSH | BPF_K, 1, 0, 0, 32)), "r1 <<= 32");
	CHECK_STR(dis(INSN(BPF_ALU64 | BPF_RSH | BPF_K, 1, 0, 0, 32)), "r1 >>= 32");
	CHECK_STR(dis(INSN(BPF_ALU64 | BPF_ARSH | BPF_K, 1, 0, 0, 32)), "r1 s>>= 32");
	CHECK_STR(dis(INSN(BPF_ALU64 | BPF_XOR | BPF_X, 4, 5, 0, 0)), "r4 ^= r5");
	CHECK_STR(dis(INSN(BPF_ALU64 | BPF_MOV | BPF_X, 6, 1, 0, 0)), "r6 = r1");
	CHECK_STR(dis(INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, -1)), "r0 = -1");
	CHECK_STR(dis(INSN(BPF_ALU | BPF_MOV | BPF_X, 1, 2, 0, 0)), "w1 = w2");
	CHECK_STR(dis(INSN(BPF_ALU | BPF_ADD | BPF_K, 1, 0, 0, 1)), "w1 += 1");
	CHECK_STR(dis(INSN(BPF_ALU64 | BPF_NEG, 2, 0, 0, 0)), "r2 = -r2");
	CHECK_STR(dis(INSN(BPF_ALU | BPF_NEG, 2, 0, 0, 0)), "w2 = -w2");
	/* Sign-extending moves. */
	CHECK_STR(dis(INSN(BPF_ALU64 | BPF_MOV | BPF_X, 1, 2, 8, 0)), "r1 = (s8)r2");
	CHECK_STR(dis(INSN(BPF_ALU64 | BPF_MOV | BPF_X, 1, 2, 32, 0)), "r1 = (s32)r2");
	CHECK_STR(dis(INSN(BPF_ALU | BPF_MOV | BPF_X, 1, 2, 16, 0)), "w1 = (s16)w2");
	CHECK_STR(dis(INSN(BPF_ALU64 | BPF_MOV | BPF_X, 1, 2, 7, 0)), "(bad insn code 0xbf)");
	/* Byte order. */
	CHECK_STR(dis(INSN(BPF_ALU | BPF_END | BPF_TO_BE, 1, 0, 0, 16)), "r1 = be16 r1");
	CHECK_STR(dis(INSN(BPF_ALU | BPF_END | BPF_TO_LE, 1, 0, 0, 64)), "r1 = le64 r1");
	CHECK_STR(dis(INSN(BPF_ALU64 | BPF_END, 3, 0, 0, 32)), "r3 = bswap32 r3");
	CHECK_STR(dis(INSN(BPF_ALU | BPF_END | BPF_TO_BE, 1, 0, 0, 12)), "(bad insn code 0xdc)");
	CHECK_STR(dis(INSN(BPF_ALU64 | 0xe0, 1, 0, 0, 0)), "(bad insn code 0xe7)");
}

static void test_mem(void)
{
	CHECK_STR(dis(INSN(BPF_LDX | BPF_MEM | BPF_W, 1, 10, -8, 0)), "r1 = *(u32 *)(r10 - 8)");
	CHECK_STR(dis(INSN(BPF_LDX | BPF_MEM | BPF_DW, 2, 1, 16, 0)), "r2 = *(u64 *)(r1 + 16)");
	CHECK_STR(dis(INSN(BPF_LDX | BPF_MEM | BPF_B, 2, 1, 0, 0)), "r2 = *(u8 *)(r1 + 0)");
	CHECK_STR(dis(INSN(BPF_LDX | BPF_MEM | BPF_H, 2, 1, 2, 0)), "r2 = *(u16 *)(r1 + 2)");
	CHECK_STR(dis(INSN(BPF_LDX | BPF_MEMSX | BPF_W, 1, 10, -4, 0)), "r1 = *(s32 *)(r10 - 4)");
	CHECK_STR(dis(INSN(BPF_LDX | BPF_MEMSX | BPF_B, 1, 2, 1, 0)), "r1 = *(s8 *)(r2 + 1)");
	CHECK_STR(dis(INSN(BPF_STX | BPF_MEM | BPF_DW, 10, 1, -16, 0)), "*(u64 *)(r10 - 16) = r1");
	CHECK_STR(dis(INSN(BPF_STX | BPF_MEM | BPF_B, 10, 3, -1, 0)), "*(u8 *)(r10 - 1) = r3");
	CHECK_STR(dis(INSN(BPF_ST | BPF_MEM | BPF_DW, 10, 0, -24, 0)), "*(u64 *)(r10 - 24) = 0");
	CHECK_STR(dis(INSN(BPF_ST | BPF_MEM | BPF_W, 10, 0, -4, -5)), "*(u32 *)(r10 - 4) = -5");
}

static void test_atomic(void)
{
	int a = BPF_STX | BPF_ATOMIC;

	CHECK_STR(dis(INSN(a | BPF_DW, 1, 2, 0, BPF_ADD)), "lock *(u64 *)(r1 + 0) += r2");
	CHECK_STR(dis(INSN(a | BPF_W, 1, 2, 8, BPF_OR)), "lock *(u32 *)(r1 + 8) |= w2");
	CHECK_STR(dis(INSN(a | BPF_DW, 1, 2, 0, BPF_AND)), "lock *(u64 *)(r1 + 0) &= r2");
	CHECK_STR(dis(INSN(a | BPF_DW, 1, 2, 0, BPF_XOR)), "lock *(u64 *)(r1 + 0) ^= r2");
	CHECK_STR(dis(INSN(a | BPF_DW, 1, 2, 0, BPF_ADD | BPF_FETCH)),
		  "r2 = atomic64_fetch_add((u64 *)(r1 + 0), r2)");
	CHECK_STR(dis(INSN(a | BPF_W, 1, 2, -4, BPF_XOR | BPF_FETCH)),
		  "w2 = atomic_fetch_xor((u32 *)(r1 - 4), w2)");
	CHECK_STR(dis(INSN(a | BPF_DW, 1, 3, 0, BPF_XCHG)),
		  "r3 = atomic64_xchg((u64 *)(r1 + 0), r3)");
	CHECK_STR(dis(INSN(a | BPF_DW, 1, 3, 0, BPF_CMPXCHG)),
		  "r0 = atomic64_cmpxchg((u64 *)(r1 + 0), r0, r3)");
	CHECK_STR(dis(INSN(a | BPF_DW, 0, 1, 0, 0x100)), "r0 = load_acquire((u64 *)(r1 + 0))");
	CHECK_STR(dis(INSN(a | BPF_W, 1, 2, 4, 0x110)), "store_release((u32 *)(r1 + 4), r2)");
	CHECK_STR(dis(INSN(a | BPF_DW, 1, 2, 0, BPF_SUB)), "(bad insn code 0xdb)");
	CHECK_STR(dis(INSN(a | BPF_B, 1, 2, 0, BPF_ADD)), "(bad insn code 0xd3)");
}

static void test_jmp(void)
{
	struct bpf_insn prog[12] = { 0 };

	prog[8] = INSN(BPF_JMP | BPF_JGT | BPF_K, 1, 0, 3, 0x10);
	CHECK_STR(dis_at(prog, 8, 12, NULL, NULL), "if r1 > 0x10 goto +3 <L12>");
	prog[5] = INSN(BPF_JMP | BPF_JA, 0, 0, -4, 0);
	CHECK_STR(dis_at(prog, 5, 12, NULL, NULL), "goto -4 <L2>");
	prog[5] = INSN(BPF_JMP32 | BPF_JA, 0, 0, 0, 2);
	CHECK_STR(dis_at(prog, 5, 12, NULL, NULL), "gotol +2 <L8>");
	CHECK_STR(dis(INSN(BPF_JMP | BPF_JEQ | BPF_X, 1, 2, 0, 0)), "if r1 == r2 goto +0 <L1>");
	CHECK_STR(dis(INSN(BPF_JMP | BPF_JNE | BPF_K, 0, 0, 1, 0)), "if r0 != 0x0 goto +1 <L2>");
	CHECK_STR(dis(INSN(BPF_JMP | BPF_JSGT | BPF_K, 0, 0, 1, -1)), "if r0 s> -1 goto +1 <L2>");
	CHECK_STR(dis(INSN(BPF_JMP | BPF_JSET | BPF_K, 3, 0, 2, 4)), "if r3 & 0x4 goto +2 <L3>");
	CHECK_STR(dis(INSN(BPF_JMP | BPF_JLE | BPF_X, 3, 4, 2, 0)), "if r3 <= r4 goto +2 <L3>");
	CHECK_STR(dis(INSN(BPF_JMP | BPF_JSLT | BPF_X, 3, 4, 2, 0)), "if r3 s< r4 goto +2 <L3>");
	CHECK_STR(dis(INSN(BPF_JMP32 | BPF_JGE | BPF_K, 1, 0, 1, 255)), "if w1 >= 0xff goto +1 <L2>");
	CHECK_STR(dis(INSN(BPF_JMP32 | BPF_JSLE | BPF_X, 1, 2, 1, 0)), "if w1 s<= w2 goto +1 <L2>");
	CHECK_STR(dis(INSN(BPF_JMP32 | BPF_JLT | BPF_X, 1, 2, 1, 0)), "if w1 < w2 goto +1 <L2>");
	CHECK_STR(dis(INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)), "exit");
	CHECK_STR(dis(INSN(BPF_JMP32 | BPF_EXIT, 0, 0, 0, 0)), "(bad insn code 0x96)");
	CHECK_STR(dis(INSN(BPF_JMP | 0xe0, 0, 0, 3, 0)), "may_goto +3 <L4>");
	CHECK_STR(dis(INSN(BPF_JMP | 0xf0, 0, 0, 3, 0)), "(bad insn code 0xf5)");
}

static void test_call(void)
{
	CHECK_STR(dis(INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem)),
		  "call bpf_map_lookup_elem#1");
	CHECK_STR(dis(INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_ringbuf_output)),
		  "call bpf_ringbuf_output#130");
	CHECK_STR(dis(INSN(BPF_JMP | BPF_CALL, 0, 0, 0, 14)), "call bpf_get_current_pid_tgid#14");
	CHECK_STR(dis(INSN(BPF_JMP | BPF_CALL, 0, 0, 0, 211)), "call bpf_cgrp_storage_delete#211");
	CHECK_STR(dis(INSN(BPF_JMP | BPF_CALL, 0, 0, 0, 999)), "call unknown#999");
	CHECK_STR(dis(INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 5)), "call pc+5 <L6>");
	CHECK_STR(dis(INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, 42)), "call kfunc#42");
	CHECK_STR(bpf_helper_name(BPF_FUNC_probe_read_user_str), "bpf_probe_read_user_str");
	CHECK_STR(bpf_helper_name(BPF_FUNC_get_func_ip), "bpf_get_func_ip");
	CHECK_STR(bpf_helper_name(BPF_FUNC_loop), "bpf_loop");
	CHECK(bpf_helper_name(0) == NULL);
	CHECK(bpf_helper_name(-1) == NULL);
}

static void test_ld(void)
{
	struct bpf_insn ld[2] = {
		INSN(BPF_LD | BPF_IMM | BPF_DW, 1, 0, 0, 0x1234),
		INSN(0, 0, 0, 0, 0),
	};

	CHECK_STR(dis_at(ld, 0, 2, NULL, NULL), "r1 = 0x1234 ll");
	CHECK_INT(used, 2);
	ld[1].imm = 1;
	CHECK_STR(dis_at(ld, 0, 2, NULL, NULL), "r1 = 0x100001234 ll");
	ld[0].imm = -1;
	ld[1].imm = -1;
	CHECK_STR(dis_at(ld, 0, 2, NULL, NULL), "r1 = -1 ll");
	CHECK_STR(dis_at(ld, 0, 1, NULL, NULL), "(truncated ld_imm64)");
	CHECK_INT(used, 1);

	ld[0] = INSN(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_FD, 0, 7);
	ld[1].imm = 0;
	CHECK_STR(dis_at(ld, 0, 2, names, (void *)names), "r1 = map[ringbuf] ll");
	CHECK_INT(used, 2);
	CHECK_STR(dis_at(ld, 0, 2, NULL, NULL), "r1 = map[fd:7] ll");
	ld[0].imm = 9;
	CHECK_STR(dis_at(ld, 0, 2, names, (void *)names), "r1 = map[fd:9] ll");
	ld[0] = INSN(BPF_LD | BPF_IMM | BPF_DW, 2, BPF_PSEUDO_MAP_IDX, 0, 0);
	CHECK_STR(dis_at(ld, 0, 2, names, (void *)names), "r2 = map[AT_x] ll");
	CHECK_STR(dis_at(ld, 0, 2, NULL, NULL), "r2 = map[idx:0] ll");
	ld[0] = INSN(BPF_LD | BPF_IMM | BPF_DW, 2, BPF_PSEUDO_MAP_VALUE, 0, 7);
	ld[1].imm = 16;
	CHECK_STR(dis_at(ld, 0, 2, names, (void *)names), "r2 = map[ringbuf] + 16 ll");
	ld[0] = INSN(BPF_LD | BPF_IMM | BPF_DW, 2, BPF_PSEUDO_BTF_ID, 0, 77);
	CHECK_STR(dis_at(ld, 0, 2, NULL, NULL), "r2 = btf_id 77 ll");
	ld[0] = INSN(BPF_LD | BPF_IMM | BPF_DW, 2, BPF_PSEUDO_FUNC, 0, 4);
	CHECK_STR(dis_at(ld, 0, 2, NULL, NULL), "r2 = func +4 <L5> ll");

	CHECK_STR(dis(INSN(BPF_LD | BPF_ABS | BPF_H, 0, 0, 0, 12)), "r0 = *(u16 *)skb[12]");
	CHECK_STR(dis(INSN(BPF_LD | BPF_IND | BPF_B, 0, 1, 0, 2)), "r0 = *(u8 *)skb[r1 + 2]");
	CHECK_STR(dis(INSN(BPF_LD | BPF_IMM | BPF_W, 0, 0, 0, 2)), "(bad insn code 0x00)");
}

static void test_prog(void)
{
	struct bpf_insn prog[] = {
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 6, 1, 0, 0),
		INSN(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_FD, 0, 7),
		INSN(0, 0, 0, 0, 0),
		INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 1),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	bpf_disasm_prog(f, prog, ARRAY_SIZE(prog), names, (void *)names);
	fclose(f);
	CHECK_STR(buf,
		  "   0: r6 = r1\n"
		  "   1: r1 = map[ringbuf] ll\n"
		  "   3: if r0 == 0x0 goto +1 <L5>\n"
		  "   4: r0 = 1\n"
		  "   5: exit\n");
	free(buf);
	CHECK_STR(dis_at(prog, 6, 6, NULL, NULL), "(no instruction)");
}

int main(void)
{
	test_alu();
	test_mem();
	test_atomic();
	test_jmp();
	test_call();
	test_ld();
	test_prog();
	return test_done("disasm");
}
