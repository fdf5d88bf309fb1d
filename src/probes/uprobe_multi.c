// SPDX-License-Identifier: GPL-2.0
/*
 * uprobe_multi links through bpf(BPF_LINK_CREATE): the attribute is laid
 * out here as the kernel's union bpf_attr has it (include/uapi/linux/bpf.h,
 * link_create.uprobe_multi), since the system's headers predate it.
 */
#include "uprobe_multi.h"

#include <errno.h>
#include <linux/bpf.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../util.h"

#define UPROBE_MULTI_RETURN 1	/* BPF_F_UPROBE_MULTI_RETURN */

/* link_create with its uprobe_multi member, as the kernel reads it */
struct link_create_uprobe_multi {
	uint32_t prog_fd;
	uint32_t target_fd;
	uint32_t attach_type;
	uint32_t link_flags;
	uint64_t path;		/* offset 16 */
	uint64_t offsets;
	uint64_t ref_ctr_offsets;
	uint64_t cookies;
	uint32_t cnt;		/* offset 48 */
	uint32_t flags;
	uint32_t pid;
	uint32_t pad;		/* the rest of bpf_attr, zero */
};

static int link_create(struct link_create_uprobe_multi *a)
{
	int fd = syscall(__NR_bpf, BPF_LINK_CREATE, a, sizeof(*a));

	return fd < 0 ? -errno : fd;
}

int uprobe_multi_link(int prog_fd, const char *path, const uint64_t *offsets, int cnt,
		      bool retprobe, int pid)
{
	struct link_create_uprobe_multi a;

	memset(&a, 0, sizeof(a));
	a.prog_fd = prog_fd;
	a.attach_type = UPROBE_MULTI_ATTACH_TYPE;
	a.path = (uintptr_t)path;
	a.offsets = (uintptr_t)offsets;
	a.cnt = cnt;
	a.flags = retprobe ? UPROBE_MULTI_RETURN : 0;
	a.pid = pid > 0 ? pid : 0;
	return link_create(&a);
}

static int load_trivial(void)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_KPROBE;
	a.insns = (uintptr_t)insns;
	a.insn_cnt = ARRAY_SIZE(insns);
	a.license = (uintptr_t)"GPL";
	a.expected_attach_type = UPROBE_MULTI_ATTACH_TYPE;
	fd = syscall(__NR_bpf, BPF_PROG_LOAD, &a, sizeof(a));
	return fd < 0 ? -errno : fd;
}

/*
 * A kernel with uprobe_multi links looks the path up and refuses a
 * directory (EBADF); an older one refuses the attach type first.
 */
bool uprobe_multi_supported(void)
{
	static int cached = -1;
	uint64_t offset = 0;
	int prog, link;

	if (cached >= 0)
		return cached;
	cached = 0;
	prog = load_trivial();
	if (prog < 0)
		return false;
	link = uprobe_multi_link(prog, "/", &offset, 1, false, 0);
	if (link >= 0)
		close(link);
	cached = link >= 0 || link == -EBADF;
	close(prog);
	return cached;
}
