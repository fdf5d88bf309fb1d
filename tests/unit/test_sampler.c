// SPDX-License-Identifier: GPL-2.0
/*
 * The DWARF profiler's sampler, as the code generator writes it: a whole
 * program whose jumps land inside it, that reserves, fills and submits
 * one record, and reads the user stack a page at a time.
 */
#include <stdlib.h>

#include "bpf/codegen.h"
#include "bpf/insn.h"
#include "test.h"

static int count_calls(const struct bpf_insn *v, int n, int helper)
{
	int c = 0;

	for (int i = 0; i < n; i++)
		if (v[i].code == (BPF_JMP | BPF_CALL) && v[i].imm == helper)
			c++;
	return c;
}

static void check_program(int pid)
{
	struct sampler_layout l = {
		.u = { .regs = 48, .stack = 1240, .stack_len = 40, .stack_bytes = 4 * 4096 },
		.tid = 0, .comm = 8, .kstack_bytes = 32, .kstack = 216,
		.kstack_max = 64, .size = 1240 + 4 * 4096,
	};
	struct bpf_insn *v = NULL;
	int n = codegen_sampler(&l, 7, pid, &v);

	CHECK(n > 20);
	if (n <= 0)
		return;
	CHECK_INT(v[n - 1].code, BPF_JMP | BPF_EXIT);
	for (int i = 0; i < n; i++) {
		uint8_t cls = BPF_CLASS(v[i].code);

		if ((cls == BPF_JMP || cls == BPF_JMP32) && BPF_OP(v[i].code) != BPF_CALL &&
		    BPF_OP(v[i].code) != BPF_EXIT)
			CHECK(i + 1 + v[i].off >= 0 && i + 1 + v[i].off < n);
	}
	CHECK_INT(count_calls(v, n, BPF_FUNC_ringbuf_reserve), 1);
	CHECK_INT(count_calls(v, n, BPF_FUNC_ringbuf_submit), 1);
	CHECK_INT(count_calls(v, n, BPF_FUNC_get_stack), 1);
	CHECK_INT(count_calls(v, n, BPF_FUNC_task_pt_regs), 1);
	/* the rest of sp's page, then three whole pages */
	CHECK_INT(count_calls(v, n, BPF_FUNC_probe_read_user), 4);
	/* the ring buffer's fd, in one ld_imm64 */
	int maps = 0;

	for (int i = 0; i < n; i++)
		if (v[i].code == (BPF_LD | BPF_DW | BPF_IMM) && v[i].src_reg == BPF_PSEUDO_MAP_FD)
			maps += v[i].imm == 7;
	CHECK_INT(maps, 1);
	/* a pid filter compares the pid with it */
	int filters = 0;

	for (int i = 0; i < n; i++)
		filters += v[i].code == (BPF_JMP | BPF_JNE | BPF_K) && v[i].imm == 4242;
	CHECK_INT(filters, pid > 0 ? 1 : 0);
	free(v);
}

int main(void)
{
	check_program(0);
	check_program(4242);
	return test_done("test_sampler");
}
