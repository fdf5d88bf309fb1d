/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The BTF sonde's own programs carry: one FUNC per program's main function
 * and per callback, so that other tools (bpftool, fentry:bpf) see their
 * names and the kernel accepts the callbacks.
 */
#ifndef SONDE_PROGBTF_H
#define SONDE_PROGBTF_H

#include <linux/bpf.h>
#include <stddef.h>
#include <stdint.h>

#include "../lang/program.h"

/* The longest function name a kernel takes (KSYM_NAME_LEN was 128 until 6.1). */
#define PROG_FUNC_NAME_MAX 127

/*
 * A program's main function, as bpftrace names it: the probe's name with
 * every character other than [A-Za-z0-9_] made '_', then "_N", N the
 * probe's position in the program from 1 ("interval:us:100000", the first
 * probe: interval_us_100000_1).  A name longer than the kernel takes keeps
 * its start and ends with a hash of the whole.  (prog_btf_load names a
 * kprobe_multi/uprobe_multi group's program by its wildcard attach point,
 * and counts the group as one probe, as bpftrace does.)
 */
void prog_func_name(const char *probe, int index, char out[PROG_FUNC_NAME_MAX + 1]);

struct prog_btf {
	int fd;			/* the loaded BTF, -1 when none (the kernel refused it) */
	uint32_t *main_ids;	/* per prog_spec: its main FUNC's type id */
	uint32_t *callback_ids;	/* callback_N's type id, N < ncallbacks */
	int ncallbacks;
};

/* Build and load the BTF of every program of prog; quiet when the kernel refuses it. */
void prog_btf_load(const struct program *prog, struct prog_btf *pb);
/*
 * The func_info of progs[i] (main function, then its callbacks), allocated,
 * with its count; NULL when there is no BTF.
 */
struct bpf_func_info *prog_btf_func_info(const struct prog_btf *pb, const struct program *prog,
					 int i, uint32_t *count);
void prog_btf_free(struct prog_btf *pb);

#endif
