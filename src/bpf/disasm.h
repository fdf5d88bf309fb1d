/* SPDX-License-Identifier: GPL-2.0 */
/*
 * eBPF disassembler: one instruction per line in the verifier's readable
 * syntax, e.g.
 *
 *	r1 = *(u32 *)(r10 - 8)
 *	if r1 > 0x10 goto +3 <L12>
 *	call bpf_map_lookup_elem#1
 *	r1 = map[ringbuf] ll
 *
 * Jump targets show the absolute instruction index as <Lidx>.  Used by
 * --dump and by verifier error reports.
 */
#ifndef SONDE_BPF_DISASM_H
#define SONDE_BPF_DISASM_H

#include <linux/bpf.h>
#include <stdio.h>

#include "util.h"

/*
 * Names the map an ld_imm64 refers to: fd_or_index is the instruction's
 * imm (a map fd for BPF_PSEUDO_MAP_FD/VALUE, an index for the _IDX
 * forms).  Returns NULL when unknown; the disassembler then prints the
 * number.
 */
typedef const char *(*bpf_map_name_fn)(int fd_or_index, void *arg);

/*
 * Append the text of insns[idx] (no index, no newline) to out.  Returns
 * the number of slots it used: 2 for a 64-bit immediate load, else 1.
 * Never reads past insns[n - 1]; undecodable instructions print as
 * "(bad insn ...)" and use one slot.
 */
int bpf_disasm_insn(struct strbuf *out, const struct bpf_insn *insns, int idx, int n,
		    bpf_map_name_fn map_name, void *arg);

/* Print a whole program, one "%4d: text" line per instruction. */
void bpf_disasm_prog(FILE *out, const struct bpf_insn *insns, int n,
		     bpf_map_name_fn map_name, void *arg);

/* "bpf_map_lookup_elem" for helper id 1; NULL for ids we do not know. */
const char *bpf_helper_name(int id);

#endif
