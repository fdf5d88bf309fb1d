// SPDX-License-Identifier: GPL-2.0
/*
 * eBPF disassembler.  Each instruction class has one printer; the printers
 * share small helpers for registers, memory operands and jump targets, so
 * every class writes operands the same way.
 *
 * Immediates: ALU operands print in decimal (they are usually small
 * constants or stack offsets); jump comparisons and 64-bit loads print
 * non-negative values in hex, negative ones in decimal.
 */
#include <inttypes.h>
#include <stdint.h>

#include "bpf/disasm.h"
#include "btf/btfread.h"

/* Newer ISA encodings that an older <linux/bpf.h> may lack. */
#ifndef BPF_MEMSX
#define BPF_MEMSX	0x80
#endif
#ifndef BPF_JCOND
#define BPF_JCOND	0xe0
#endif
#ifndef BPF_LOAD_ACQ
#define BPF_LOAD_ACQ	0x100
#endif
#ifndef BPF_STORE_REL
#define BPF_STORE_REL	0x110
#endif

/* Helper names by id, from enum bpf_func_id (UAPI, stable numbering). */
static const char *const helper_names[] = {
	[0] = "bpf_unspec",
	[1] = "bpf_map_lookup_elem",
	[2] = "bpf_map_update_elem",
	[3] = "bpf_map_delete_elem",
	[4] = "bpf_probe_read",
	[5] = "bpf_ktime_get_ns",
	[6] = "bpf_trace_printk",
	[7] = "bpf_get_prandom_u32",
	[8] = "bpf_get_smp_processor_id",
	[9] = "bpf_skb_store_bytes",
	[10] = "bpf_l3_csum_replace",
	[11] = "bpf_l4_csum_replace",
	[12] = "bpf_tail_call",
	[13] = "bpf_clone_redirect",
	[14] = "bpf_get_current_pid_tgid",
	[15] = "bpf_get_current_uid_gid",
	[16] = "bpf_get_current_comm",
	[17] = "bpf_get_cgroup_classid",
	[18] = "bpf_skb_vlan_push",
	[19] = "bpf_skb_vlan_pop",
	[20] = "bpf_skb_get_tunnel_key",
	[21] = "bpf_skb_set_tunnel_key",
	[22] = "bpf_perf_event_read",
	[23] = "bpf_redirect",
	[24] = "bpf_get_route_realm",
	[25] = "bpf_perf_event_output",
	[26] = "bpf_skb_load_bytes",
	[27] = "bpf_get_stackid",
	[28] = "bpf_csum_diff",
	[29] = "bpf_skb_get_tunnel_opt",
	[30] = "bpf_skb_set_tunnel_opt",
	[31] = "bpf_skb_change_proto",
	[32] = "bpf_skb_change_type",
	[33] = "bpf_skb_under_cgroup",
	[34] = "bpf_get_hash_recalc",
	[35] = "bpf_get_current_task",
	[36] = "bpf_probe_write_user",
	[37] = "bpf_current_task_under_cgroup",
	[38] = "bpf_skb_change_tail",
	[39] = "bpf_skb_pull_data",
	[40] = "bpf_csum_update",
	[41] = "bpf_set_hash_invalid",
	[42] = "bpf_get_numa_node_id",
	[43] = "bpf_skb_change_head",
	[44] = "bpf_xdp_adjust_head",
	[45] = "bpf_probe_read_str",
	[46] = "bpf_get_socket_cookie",
	[47] = "bpf_get_socket_uid",
	[48] = "bpf_set_hash",
	[49] = "bpf_setsockopt",
	[50] = "bpf_skb_adjust_room",
	[51] = "bpf_redirect_map",
	[52] = "bpf_sk_redirect_map",
	[53] = "bpf_sock_map_update",
	[54] = "bpf_xdp_adjust_meta",
	[55] = "bpf_perf_event_read_value",
	[56] = "bpf_perf_prog_read_value",
	[57] = "bpf_getsockopt",
	[58] = "bpf_override_return",
	[59] = "bpf_sock_ops_cb_flags_set",
	[60] = "bpf_msg_redirect_map",
	[61] = "bpf_msg_apply_bytes",
	[62] = "bpf_msg_cork_bytes",
	[63] = "bpf_msg_pull_data",
	[64] = "bpf_bind",
	[65] = "bpf_xdp_adjust_tail",
	[66] = "bpf_skb_get_xfrm_state",
	[67] = "bpf_get_stack",
	[68] = "bpf_skb_load_bytes_relative",
	[69] = "bpf_fib_lookup",
	[70] = "bpf_sock_hash_update",
	[71] = "bpf_msg_redirect_hash",
	[72] = "bpf_sk_redirect_hash",
	[73] = "bpf_lwt_push_encap",
	[74] = "bpf_lwt_seg6_store_bytes",
	[75] = "bpf_lwt_seg6_adjust_srh",
	[76] = "bpf_lwt_seg6_action",
	[77] = "bpf_rc_repeat",
	[78] = "bpf_rc_keydown",
	[79] = "bpf_skb_cgroup_id",
	[80] = "bpf_get_current_cgroup_id",
	[81] = "bpf_get_local_storage",
	[82] = "bpf_sk_select_reuseport",
	[83] = "bpf_skb_ancestor_cgroup_id",
	[84] = "bpf_sk_lookup_tcp",
	[85] = "bpf_sk_lookup_udp",
	[86] = "bpf_sk_release",
	[87] = "bpf_map_push_elem",
	[88] = "bpf_map_pop_elem",
	[89] = "bpf_map_peek_elem",
	[90] = "bpf_msg_push_data",
	[91] = "bpf_msg_pop_data",
	[92] = "bpf_rc_pointer_rel",
	[93] = "bpf_spin_lock",
	[94] = "bpf_spin_unlock",
	[95] = "bpf_sk_fullsock",
	[96] = "bpf_tcp_sock",
	[97] = "bpf_skb_ecn_set_ce",
	[98] = "bpf_get_listener_sock",
	[99] = "bpf_skc_lookup_tcp",
	[100] = "bpf_tcp_check_syncookie",
	[101] = "bpf_sysctl_get_name",
	[102] = "bpf_sysctl_get_current_value",
	[103] = "bpf_sysctl_get_new_value",
	[104] = "bpf_sysctl_set_new_value",
	[105] = "bpf_strtol",
	[106] = "bpf_strtoul",
	[107] = "bpf_sk_storage_get",
	[108] = "bpf_sk_storage_delete",
	[109] = "bpf_send_signal",
	[110] = "bpf_tcp_gen_syncookie",
	[111] = "bpf_skb_output",
	[112] = "bpf_probe_read_user",
	[113] = "bpf_probe_read_kernel",
	[114] = "bpf_probe_read_user_str",
	[115] = "bpf_probe_read_kernel_str",
	[116] = "bpf_tcp_send_ack",
	[117] = "bpf_send_signal_thread",
	[118] = "bpf_jiffies64",
	[119] = "bpf_read_branch_records",
	[120] = "bpf_get_ns_current_pid_tgid",
	[121] = "bpf_xdp_output",
	[122] = "bpf_get_netns_cookie",
	[123] = "bpf_get_current_ancestor_cgroup_id",
	[124] = "bpf_sk_assign",
	[125] = "bpf_ktime_get_boot_ns",
	[126] = "bpf_seq_printf",
	[127] = "bpf_seq_write",
	[128] = "bpf_sk_cgroup_id",
	[129] = "bpf_sk_ancestor_cgroup_id",
	[130] = "bpf_ringbuf_output",
	[131] = "bpf_ringbuf_reserve",
	[132] = "bpf_ringbuf_submit",
	[133] = "bpf_ringbuf_discard",
	[134] = "bpf_ringbuf_query",
	[135] = "bpf_csum_level",
	[136] = "bpf_skc_to_tcp6_sock",
	[137] = "bpf_skc_to_tcp_sock",
	[138] = "bpf_skc_to_tcp_timewait_sock",
	[139] = "bpf_skc_to_tcp_request_sock",
	[140] = "bpf_skc_to_udp6_sock",
	[141] = "bpf_get_task_stack",
	[142] = "bpf_load_hdr_opt",
	[143] = "bpf_store_hdr_opt",
	[144] = "bpf_reserve_hdr_opt",
	[145] = "bpf_inode_storage_get",
	[146] = "bpf_inode_storage_delete",
	[147] = "bpf_d_path",
	[148] = "bpf_copy_from_user",
	[149] = "bpf_snprintf_btf",
	[150] = "bpf_seq_printf_btf",
	[151] = "bpf_skb_cgroup_classid",
	[152] = "bpf_redirect_neigh",
	[153] = "bpf_per_cpu_ptr",
	[154] = "bpf_this_cpu_ptr",
	[155] = "bpf_redirect_peer",
	[156] = "bpf_task_storage_get",
	[157] = "bpf_task_storage_delete",
	[158] = "bpf_get_current_task_btf",
	[159] = "bpf_bprm_opts_set",
	[160] = "bpf_ktime_get_coarse_ns",
	[161] = "bpf_ima_inode_hash",
	[162] = "bpf_sock_from_file",
	[163] = "bpf_check_mtu",
	[164] = "bpf_for_each_map_elem",
	[165] = "bpf_snprintf",
	[166] = "bpf_sys_bpf",
	[167] = "bpf_btf_find_by_name_kind",
	[168] = "bpf_sys_close",
	[169] = "bpf_timer_init",
	[170] = "bpf_timer_set_callback",
	[171] = "bpf_timer_start",
	[172] = "bpf_timer_cancel",
	[173] = "bpf_get_func_ip",
	[174] = "bpf_get_attach_cookie",
	[175] = "bpf_task_pt_regs",
	[176] = "bpf_get_branch_snapshot",
	[177] = "bpf_trace_vprintk",
	[178] = "bpf_skc_to_unix_sock",
	[179] = "bpf_kallsyms_lookup_name",
	[180] = "bpf_find_vma",
	[181] = "bpf_loop",
	[182] = "bpf_strncmp",
	[183] = "bpf_get_func_arg",
	[184] = "bpf_get_func_ret",
	[185] = "bpf_get_func_arg_cnt",
	[186] = "bpf_get_retval",
	[187] = "bpf_set_retval",
	[188] = "bpf_xdp_get_buff_len",
	[189] = "bpf_xdp_load_bytes",
	[190] = "bpf_xdp_store_bytes",
	[191] = "bpf_copy_from_user_task",
	[192] = "bpf_skb_set_tstamp",
	[193] = "bpf_ima_file_hash",
	[194] = "bpf_kptr_xchg",
	[195] = "bpf_map_lookup_percpu_elem",
	[196] = "bpf_skc_to_mptcp_sock",
	[197] = "bpf_dynptr_from_mem",
	[198] = "bpf_ringbuf_reserve_dynptr",
	[199] = "bpf_ringbuf_submit_dynptr",
	[200] = "bpf_ringbuf_discard_dynptr",
	[201] = "bpf_dynptr_read",
	[202] = "bpf_dynptr_write",
	[203] = "bpf_dynptr_data",
	[204] = "bpf_tcp_raw_gen_syncookie_ipv4",
	[205] = "bpf_tcp_raw_gen_syncookie_ipv6",
	[206] = "bpf_tcp_raw_check_syncookie_ipv4",
	[207] = "bpf_tcp_raw_check_syncookie_ipv6",
	[208] = "bpf_ktime_get_tai_ns",
	[209] = "bpf_user_ringbuf_drain",
	[210] = "bpf_cgrp_storage_get",
	[211] = "bpf_cgrp_storage_delete",
};

const char *bpf_helper_name(int id)
{
	if (id <= 0 || id >= (int)ARRAY_SIZE(helper_names))
		return NULL;
	return helper_names[id];
}

/* Operand helpers ------------------------------------------------------ */

/* 'w' for the 32-bit half of a register, 'r' for all 64 bits. */
static char reg_prefix(int is32)
{
	return is32 ? 'w' : 'r';
}

static const char *size_name(int code, int is_signed)
{
	switch (BPF_SIZE(code)) {
	case BPF_B:
		return is_signed ? "s8" : "u8";
	case BPF_H:
		return is_signed ? "s16" : "u16";
	case BPF_W:
		return is_signed ? "s32" : "u32";
	default:
		return is_signed ? "s64" : "u64";
	}
}

/* "(r10 - 8)" / "(r1 + 0)": a base register and a signed offset. */
static void add_addr(struct strbuf *out, int reg, int off)
{
	if (off < 0)
		sb_addf(out, "(r%d - %d)", reg, -off);
	else
		sb_addf(out, "(r%d + %d)", reg, off);
}

/* "*(u32 *)(r10 - 8)" */
static void add_mem(struct strbuf *out, const char *type, int reg, int off)
{
	sb_addf(out, "*(%s *)", type);
	add_addr(out, reg, off);
}

/* A jump displacement and where it lands: "+3 <L12>". */
static void add_target(struct strbuf *out, int idx, int disp)
{
	sb_addf(out, "%+d <L%d>", disp, idx + disp + 1);
}

static void add_cmp_imm(struct strbuf *out, int32_t imm)
{
	if (imm < 0)
		sb_addf(out, "%d", imm);
	else
		sb_addf(out, "0x%x", imm);
}

static void bad_insn(struct strbuf *out, const struct bpf_insn *insn)
{
	sb_addf(out, "(bad insn code 0x%02x)", insn->code);
}

/* ALU and ALU64 -------------------------------------------------------- */

/* Compound-assignment spellings, by BPF_OP >> 4; NULL: not a binary op. */
static const char *const alu_ops[16] = {
	[BPF_ADD >> 4] = "+=",
	[BPF_SUB >> 4] = "-=",
	[BPF_MUL >> 4] = "*=",
	[BPF_DIV >> 4] = "/=",
	[BPF_OR >> 4] = "|=",
	[BPF_AND >> 4] = "&=",
	[BPF_LSH >> 4] = "<<=",
	[BPF_RSH >> 4] = ">>=",
	[BPF_MOD >> 4] = "%=",
	[BPF_XOR >> 4] = "^=",
	[BPF_MOV >> 4] = "=",
	[BPF_ARSH >> 4] = "s>>=",
};

/* Byte order changes: le/be in the ALU class, unconditional bswap in ALU64. */
static void disasm_endian(struct strbuf *out, const struct bpf_insn *insn, int is32)
{
	const char *kind;

	if (!is32)
		kind = "bswap";
	else if (BPF_SRC(insn->code) == BPF_TO_BE)
		kind = "be";
	else
		kind = "le";
	if (insn->imm != 16 && insn->imm != 32 && insn->imm != 64) {
		bad_insn(out, insn);
		return;
	}
	sb_addf(out, "r%d = %s%d r%d", insn->dst_reg, kind, insn->imm, insn->dst_reg);
}

static void disasm_alu(struct strbuf *out, const struct bpf_insn *insn)
{
	int is32 = BPF_CLASS(insn->code) == BPF_ALU;
	int op = BPF_OP(insn->code);
	char r = reg_prefix(is32);
	const char *sym = alu_ops[op >> 4];
	int from_reg = BPF_SRC(insn->code) == BPF_X;

	if (op == BPF_END) {
		disasm_endian(out, insn, is32);
		return;
	}
	if (op == BPF_NEG) {
		sb_addf(out, "%c%d = -%c%d", r, insn->dst_reg, r, insn->dst_reg);
		return;
	}
	if (!sym) {
		bad_insn(out, insn);
		return;
	}
	/* Signed division and modulo (cpu v4) are DIV/MOD with off 1. */
	if ((op == BPF_DIV || op == BPF_MOD) && insn->off == 1)
		sym = op == BPF_DIV ? "s/=" : "s%=";
	/* Sign-extending moves (cpu v4): MOV from a register with off 8/16/32. */
	if (op == BPF_MOV && from_reg && insn->off) {
		if (insn->off != 8 && insn->off != 16 && insn->off != 32) {
			bad_insn(out, insn);
			return;
		}
		sb_addf(out, "%c%d = (s%d)%c%d", r, insn->dst_reg, insn->off, r, insn->src_reg);
		return;
	}
	if (from_reg)
		sb_addf(out, "%c%d %s %c%d", r, insn->dst_reg, sym, r, insn->src_reg);
	else
		sb_addf(out, "%c%d %s %d", r, insn->dst_reg, sym, insn->imm);
}

/* Loads and stores ----------------------------------------------------- */

static void disasm_ldx(struct strbuf *out, const struct bpf_insn *insn)
{
	int mode = BPF_MODE(insn->code);

	if (mode != BPF_MEM && mode != BPF_MEMSX) {
		bad_insn(out, insn);
		return;
	}
	sb_addf(out, "r%d = ", insn->dst_reg);
	add_mem(out, size_name(insn->code, mode == BPF_MEMSX), insn->src_reg, insn->off);
}

static void disasm_st(struct strbuf *out, const struct bpf_insn *insn)
{
	if (BPF_MODE(insn->code) != BPF_MEM) {
		bad_insn(out, insn);
		return;
	}
	add_mem(out, size_name(insn->code, 0), insn->dst_reg, insn->off);
	sb_addf(out, " = %d", insn->imm);
}

/* Names of the fetching atomic ops: "fetch_add" etc., by BPF_OP >> 4. */
static const char *const atomic_fetch_names[16] = {
	[BPF_ADD >> 4] = "fetch_add",
	[BPF_OR >> 4] = "fetch_or",
	[BPF_AND >> 4] = "fetch_and",
	[BPF_XOR >> 4] = "fetch_xor",
};

/* "atomic64_fetch_add((u64 *)(r1 + 0), r2)" and friends. */
static void add_atomic_call(struct strbuf *out, const struct bpf_insn *insn,
			    const char *name, int is32, const char *type)
{
	sb_addf(out, "%s%s((%s *)", is32 ? "atomic_" : "atomic64_", name, type);
	add_addr(out, insn->dst_reg, insn->off);
}

static void disasm_atomic(struct strbuf *out, const struct bpf_insn *insn)
{
	int size = BPF_SIZE(insn->code);
	int is32 = size == BPF_W;
	char r = reg_prefix(is32);
	const char *type = size_name(insn->code, 0);
	int op = insn->imm & ~BPF_FETCH;

	if (insn->imm == BPF_LOAD_ACQ || insn->imm == BPF_STORE_REL) {
		int load = insn->imm == BPF_LOAD_ACQ;

		if (load)
			sb_addf(out, "r%d = load_acquire((%s *)", insn->dst_reg, type);
		else
			sb_addf(out, "store_release((%s *)", type);
		add_addr(out, load ? insn->src_reg : insn->dst_reg, insn->off);
		if (!load)
			sb_addf(out, ", r%d", insn->src_reg);
		sb_addc(out, ')');
		return;
	}
	if (size != BPF_W && size != BPF_DW)
		goto bad;
	if (insn->imm == BPF_XCHG) {
		sb_addf(out, "%c%d = ", r, insn->src_reg);
		add_atomic_call(out, insn, "xchg", is32, type);
		sb_addf(out, ", %c%d)", r, insn->src_reg);
		return;
	}
	if (insn->imm == BPF_CMPXCHG) {
		sb_addf(out, "%c0 = ", r);
		add_atomic_call(out, insn, "cmpxchg", is32, type);
		sb_addf(out, ", %c0, %c%d)", r, r, insn->src_reg);
		return;
	}
	if (op & 0xf || !atomic_fetch_names[op >> 4])
		goto bad;
	if (insn->imm & BPF_FETCH) {
		sb_addf(out, "%c%d = ", r, insn->src_reg);
		add_atomic_call(out, insn, atomic_fetch_names[op >> 4], is32, type);
		sb_addf(out, ", %c%d)", r, insn->src_reg);
		return;
	}
	sb_adds(out, "lock ");
	add_mem(out, type, insn->dst_reg, insn->off);
	sb_addf(out, " %s %c%d", alu_ops[op >> 4], r, insn->src_reg);
	return;
bad:
	bad_insn(out, insn);
}

static void disasm_stx(struct strbuf *out, const struct bpf_insn *insn)
{
	switch (BPF_MODE(insn->code)) {
	case BPF_MEM:
		add_mem(out, size_name(insn->code, 0), insn->dst_reg, insn->off);
		sb_addf(out, " = r%d", insn->src_reg);
		break;
	case BPF_ATOMIC:
		disasm_atomic(out, insn);
		break;
	default:
		bad_insn(out, insn);
	}
}

/* "map[ringbuf]" from the caller's namer, else "map[fd:5]" / "map[idx:0]". */
static void add_map_ref(struct strbuf *out, int src, int imm, bpf_map_name_fn map_name, void *arg)
{
	const char *name = map_name ? map_name(imm, arg) : NULL;
	int by_index = src == BPF_PSEUDO_MAP_IDX || src == BPF_PSEUDO_MAP_IDX_VALUE;

	if (name)
		sb_addf(out, "map[%s]", name);
	else
		sb_addf(out, "map[%s:%d]", by_index ? "idx" : "fd", imm);
}

/* The two-slot 64-bit immediate load and its pseudo forms. */
static int disasm_ld_imm64(struct strbuf *out, const struct bpf_insn *insns, int idx, int n,
			   bpf_map_name_fn map_name, void *arg)
{
	const struct bpf_insn *insn = &insns[idx];
	uint64_t value;

	if (idx + 1 >= n) {
		sb_adds(out, "(truncated ld_imm64)");
		return 1;
	}
	value = (uint32_t)insn->imm | (uint64_t)(uint32_t)insns[idx + 1].imm << 32;
	sb_addf(out, "r%d = ", insn->dst_reg);
	switch (insn->src_reg) {
	case 0:
		if ((int64_t)value < 0)
			sb_addf(out, "%" PRId64, (int64_t)value);
		else
			sb_addf(out, "0x%" PRIx64, value);
		break;
	case BPF_PSEUDO_MAP_FD:
	case BPF_PSEUDO_MAP_IDX:
		add_map_ref(out, insn->src_reg, insn->imm, map_name, arg);
		break;
	case BPF_PSEUDO_MAP_VALUE:
	case BPF_PSEUDO_MAP_IDX_VALUE:
		add_map_ref(out, insn->src_reg, insn->imm, map_name, arg);
		sb_addf(out, " + %u", (uint32_t)insns[idx + 1].imm);
		break;
	case BPF_PSEUDO_BTF_ID:
		sb_addf(out, "btf_id %d", insn->imm);
		break;
	case BPF_PSEUDO_FUNC:
		sb_adds(out, "func ");
		add_target(out, idx, insn->imm);
		break;
	default:
		sb_addf(out, "0x%" PRIx64 " (src %d)", value, insn->src_reg);
	}
	sb_adds(out, " ll");
	return 2;
}

/* Legacy packet loads: "r0 = *(u16 *)skb[12]", "r0 = *(u8 *)skb[r1 + 2]". */
static void disasm_ld_packet(struct strbuf *out, const struct bpf_insn *insn)
{
	sb_addf(out, "r0 = *(%s *)skb[", size_name(insn->code, 0));
	if (BPF_MODE(insn->code) == BPF_IND)
		sb_addf(out, "r%d + ", insn->src_reg);
	sb_addf(out, "%d]", insn->imm);
}

static int disasm_ld(struct strbuf *out, const struct bpf_insn *insns, int idx, int n,
		     bpf_map_name_fn map_name, void *arg)
{
	const struct bpf_insn *insn = &insns[idx];
	int mode = BPF_MODE(insn->code);

	if (mode == BPF_IMM && BPF_SIZE(insn->code) == BPF_DW)
		return disasm_ld_imm64(out, insns, idx, n, map_name, arg);
	if ((mode == BPF_ABS || mode == BPF_IND) && BPF_SIZE(insn->code) != BPF_DW)
		disasm_ld_packet(out, insn);
	else
		bad_insn(out, insn);
	return 1;
}

/* Jumps ---------------------------------------------------------------- */

/* Comparison spellings, by BPF_OP >> 4; NULL: not a conditional jump. */
static const char *const jmp_ops[16] = {
	[BPF_JEQ >> 4] = "==",
	[BPF_JGT >> 4] = ">",
	[BPF_JGE >> 4] = ">=",
	[BPF_JSET >> 4] = "&",
	[BPF_JNE >> 4] = "!=",
	[BPF_JSGT >> 4] = "s>",
	[BPF_JSGE >> 4] = "s>=",
	[BPF_JLT >> 4] = "<",
	[BPF_JLE >> 4] = "<=",
	[BPF_JSLT >> 4] = "s<",
	[BPF_JSLE >> 4] = "s<=",
};

/* A kfunc's name from its BTF id in vmlinux, or NULL. */
static const char *kfunc_name(int id)
{
	const struct btfr *btf = btfr_kernel(NULL);
	const struct btf_type *t = btf && id > 0 ? btfr_type(btf, id) : NULL;

	return t && BTF_INFO_KIND(t->info) == BTF_KIND_FUNC ? btfr_name(btf, t->name_off) : NULL;
}

static void disasm_call(struct strbuf *out, const struct bpf_insn *insn, int idx)
{
	const char *name;

	switch (insn->src_reg) {
	case 0:
		name = bpf_helper_name(insn->imm);
		sb_addf(out, "call %s#%d", name ? name : "unknown", insn->imm);
		break;
	case BPF_PSEUDO_CALL:
		sb_adds(out, "call pc");
		add_target(out, idx, insn->imm);
		break;
	case BPF_PSEUDO_KFUNC_CALL:
		/* by name, from vmlinux's BTF: the id differs between kernels */
		name = kfunc_name(insn->imm);
		if (name)
			sb_addf(out, "call kfunc %s", name);
		else
			sb_addf(out, "call kfunc#%d", insn->imm);
		break;
	default:
		bad_insn(out, insn);
	}
}

static void disasm_jmp(struct strbuf *out, const struct bpf_insn *insn, int idx)
{
	int is32 = BPF_CLASS(insn->code) == BPF_JMP32;
	int op = BPF_OP(insn->code);
	char r = reg_prefix(is32);

	switch (op) {
	case BPF_JA:
		/* JMP32 JA is the long jump: its displacement is in imm. */
		sb_adds(out, is32 ? "gotol " : "goto ");
		add_target(out, idx, is32 ? insn->imm : insn->off);
		return;
	case BPF_CALL:
		if (is32)
			break;
		disasm_call(out, insn, idx);
		return;
	case BPF_EXIT:
		if (is32)
			break;
		sb_adds(out, "exit");
		return;
	case BPF_JCOND:
		if (is32)
			break;
		sb_adds(out, "may_goto ");
		add_target(out, idx, insn->off);
		return;
	default:
		if (!jmp_ops[op >> 4])
			break;
		sb_addf(out, "if %c%d %s ", r, insn->dst_reg, jmp_ops[op >> 4]);
		if (BPF_SRC(insn->code) == BPF_X)
			sb_addf(out, "%c%d", r, insn->src_reg);
		else
			add_cmp_imm(out, insn->imm);
		sb_adds(out, " goto ");
		add_target(out, idx, insn->off);
		return;
	}
	bad_insn(out, insn);
}

/* Entry points --------------------------------------------------------- */

int bpf_disasm_insn(struct strbuf *out, const struct bpf_insn *insns, int idx, int n,
		    bpf_map_name_fn map_name, void *arg)
{
	const struct bpf_insn *insn;

	if (idx < 0 || idx >= n) {
		sb_adds(out, "(no instruction)");
		return 1;
	}
	insn = &insns[idx];
	switch (BPF_CLASS(insn->code)) {
	case BPF_LD:
		return disasm_ld(out, insns, idx, n, map_name, arg);
	case BPF_LDX:
		disasm_ldx(out, insn);
		break;
	case BPF_ST:
		disasm_st(out, insn);
		break;
	case BPF_STX:
		disasm_stx(out, insn);
		break;
	case BPF_ALU:
	case BPF_ALU64:
		disasm_alu(out, insn);
		break;
	case BPF_JMP:
	case BPF_JMP32:
		disasm_jmp(out, insn, idx);
		break;
	}
	return 1;
}

void bpf_disasm_prog(FILE *out, const struct bpf_insn *insns, int n,
		     bpf_map_name_fn map_name, void *arg)
{
	struct strbuf line;
	int idx = 0;

	sb_init(&line);
	while (idx < n) {
		int used;

		line.len = 0;
		line.buf[0] = '\0';
		used = bpf_disasm_insn(&line, insns, idx, n, map_name, arg);
		fprintf(out, "%4d: %s\n", idx, line.buf);
		idx += used;
	}
	sb_free(&line);
}
