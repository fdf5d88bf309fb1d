// SPDX-License-Identifier: GPL-2.0
/*
 * Memory, limits and process-control decoders: madvise, mremap, resource
 * limits, getrandom, futex, CPU sets, prctl, clone3.
 */
#include <linux/capability.h>
#include <linux/futex.h>
#include <linux/mempolicy.h>
#include <linux/sched.h>
#include <sched.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>

#include "strace/dec.h"

FLAGSET(madv_names, FLAG(MADV_NORMAL), FLAG(MADV_RANDOM), FLAG(MADV_SEQUENTIAL),
	FLAG(MADV_WILLNEED), FLAG(MADV_DONTNEED), FLAG(MADV_FREE), FLAG(MADV_REMOVE),
	FLAG(MADV_DONTFORK), FLAG(MADV_DOFORK), FLAG(MADV_MERGEABLE), FLAG(MADV_UNMERGEABLE),
	FLAG(MADV_HUGEPAGE), FLAG(MADV_NOHUGEPAGE), FLAG(MADV_DONTDUMP), FLAG(MADV_DODUMP),
	FLAG(MADV_WIPEONFORK), FLAG(MADV_KEEPONFORK), FLAG(MADV_COLD), FLAG(MADV_PAGEOUT),
	FLAG(MADV_HWPOISON));
FLAGSET(mremap_flags, FLAG(MREMAP_MAYMOVE), FLAG(MREMAP_FIXED), FLAG(MREMAP_DONTUNMAP));
FLAGSET(rlimit_names, FLAG(RLIMIT_CPU), FLAG(RLIMIT_FSIZE), FLAG(RLIMIT_DATA),
	FLAG(RLIMIT_STACK), FLAG(RLIMIT_CORE), FLAG(RLIMIT_RSS), FLAG(RLIMIT_NPROC),
	FLAG(RLIMIT_NOFILE), FLAG(RLIMIT_MEMLOCK), FLAG(RLIMIT_AS), FLAG(RLIMIT_LOCKS),
	FLAG(RLIMIT_SIGPENDING), FLAG(RLIMIT_MSGQUEUE), FLAG(RLIMIT_NICE), FLAG(RLIMIT_RTPRIO),
	FLAG(RLIMIT_RTTIME));
FLAGSET(grnd_flags, FLAG(GRND_NONBLOCK), FLAG(GRND_RANDOM), FLAG(GRND_INSECURE));
FLAGSET(futex_cmds, FLAG(FUTEX_WAIT), FLAG(FUTEX_WAKE), FLAG(FUTEX_FD), FLAG(FUTEX_REQUEUE),
	FLAG(FUTEX_CMP_REQUEUE), FLAG(FUTEX_WAKE_OP), FLAG(FUTEX_LOCK_PI), FLAG(FUTEX_UNLOCK_PI),
	FLAG(FUTEX_TRYLOCK_PI), FLAG(FUTEX_WAIT_BITSET), FLAG(FUTEX_WAKE_BITSET),
	FLAG(FUTEX_WAIT_REQUEUE_PI), FLAG(FUTEX_CMP_REQUEUE_PI), FLAG(FUTEX_LOCK_PI2));
FLAGSET(futex_ops, FLAG(FUTEX_OP_SET), FLAG(FUTEX_OP_ADD), FLAG(FUTEX_OP_OR),
	FLAG(FUTEX_OP_ANDN), FLAG(FUTEX_OP_XOR));
FLAGSET(futex_cmps, FLAG(FUTEX_OP_CMP_EQ), FLAG(FUTEX_OP_CMP_NE), FLAG(FUTEX_OP_CMP_LT),
	FLAG(FUTEX_OP_CMP_LE), FLAG(FUTEX_OP_CMP_GT), FLAG(FUTEX_OP_CMP_GE));
FLAGSET(prctl_names, FLAG(PR_SET_PDEATHSIG), FLAG(PR_GET_PDEATHSIG), FLAG(PR_GET_DUMPABLE),
	FLAG(PR_SET_DUMPABLE), FLAG(PR_GET_KEEPCAPS), FLAG(PR_SET_KEEPCAPS), FLAG(PR_SET_NAME),
	FLAG(PR_GET_NAME), FLAG(PR_GET_SECCOMP), FLAG(PR_SET_SECCOMP), FLAG(PR_CAPBSET_READ),
	FLAG(PR_CAPBSET_DROP), FLAG(PR_GET_TIMERSLACK), FLAG(PR_SET_TIMERSLACK),
	FLAG(PR_SET_CHILD_SUBREAPER), FLAG(PR_GET_CHILD_SUBREAPER), FLAG(PR_SET_NO_NEW_PRIVS),
	FLAG(PR_GET_NO_NEW_PRIVS), FLAG(PR_SET_THP_DISABLE), FLAG(PR_GET_THP_DISABLE),
	FLAG(PR_SET_MM), FLAG(PR_SET_PTRACER), FLAG(PR_CAP_AMBIENT), FLAG(PR_SET_VMA));
FLAGSET(mpol_modes, FLAG(MPOL_DEFAULT), FLAG(MPOL_PREFERRED), FLAG(MPOL_BIND),
	FLAG(MPOL_INTERLEAVE), FLAG(MPOL_LOCAL), FLAG(MPOL_PREFERRED_MANY));
FLAGSET(mpol_mode_flags, FLAG(MPOL_F_STATIC_NODES), FLAG(MPOL_F_RELATIVE_NODES),
	FLAG(MPOL_F_NUMA_BALANCING));
FLAGSET(mpol_get_flags, FLAG(MPOL_F_NODE), FLAG(MPOL_F_ADDR), FLAG(MPOL_F_MEMS_ALLOWED));
FLAGSET(msync_flags, FLAG(MS_ASYNC), FLAG(MS_INVALIDATE), FLAG(MS_SYNC));
FLAGSET(mcl_flags, FLAG(MCL_CURRENT), FLAG(MCL_FUTURE), FLAG(MCL_ONFAULT));
FLAGSET(cap_names, FLAG(CAP_CHOWN), FLAG(CAP_DAC_OVERRIDE), FLAG(CAP_DAC_READ_SEARCH),
	FLAG(CAP_FOWNER), FLAG(CAP_FSETID), FLAG(CAP_KILL), FLAG(CAP_SETGID), FLAG(CAP_SETUID),
	FLAG(CAP_SETPCAP), FLAG(CAP_LINUX_IMMUTABLE), FLAG(CAP_NET_BIND_SERVICE),
	FLAG(CAP_NET_BROADCAST), FLAG(CAP_NET_ADMIN), FLAG(CAP_NET_RAW), FLAG(CAP_IPC_LOCK),
	FLAG(CAP_IPC_OWNER), FLAG(CAP_SYS_MODULE), FLAG(CAP_SYS_RAWIO), FLAG(CAP_SYS_CHROOT),
	FLAG(CAP_SYS_PTRACE), FLAG(CAP_SYS_PACCT), FLAG(CAP_SYS_ADMIN), FLAG(CAP_SYS_BOOT),
	FLAG(CAP_SYS_NICE), FLAG(CAP_SYS_RESOURCE), FLAG(CAP_SYS_TIME), FLAG(CAP_SYS_TTY_CONFIG),
	FLAG(CAP_MKNOD), FLAG(CAP_LEASE), FLAG(CAP_AUDIT_WRITE), FLAG(CAP_AUDIT_CONTROL),
	FLAG(CAP_SETFCAP), FLAG(CAP_MAC_OVERRIDE), FLAG(CAP_MAC_ADMIN), FLAG(CAP_SYSLOG),
	FLAG(CAP_WAKE_ALARM), FLAG(CAP_BLOCK_SUSPEND), FLAG(CAP_AUDIT_READ), FLAG(CAP_PERFMON),
	FLAG(CAP_BPF), FLAG(CAP_CHECKPOINT_RESTORE));
/* PR_SET_DUMPABLE's values: the kernel's, not in any header it exports. */
enum { SUID_DUMP_DISABLE, SUID_DUMP_USER, SUID_DUMP_ROOT };
FLAGSET(dumpable_names, FLAG(SUID_DUMP_DISABLE), FLAG(SUID_DUMP_USER), FLAG(SUID_DUMP_ROOT));

void dec_rlimit(struct strbuf *sb, const struct call *c, int i, int kind)
{
	struct blob_ref b;
	unsigned long long v[2];

	if (!dec_fixed(c, i, kind, 16, &b)) {
		dec_addr(sb, c, i);
		return;
	}
	memcpy(v, b.data, 16);
	for (int k = 0; k < 2; k++) {
		sb_adds(sb, k ? ", rlim_max=" : "{rlim_cur=");
		if (v[k] == RLIM64_INFINITY)
			sb_adds(sb, "RLIM64_INFINITY");
		else if (v[k] && v[k] % 1024 == 0)
			sb_addf(sb, "%llu*1024", v[k] / 1024);
		else
			sb_addf(sb, "%llu", v[k]);
	}
	sb_adds(sb, "}");
}

/* getrandom's bytes, every one in hex as strace shows random data. */
void dec_randbuf(struct strbuf *sb, const struct call *c, int i)
{
	struct blob_ref b;
	long long n = call_ret(c);

	if (call_failed(c) || !dec_blob(c, i, BK_OUTBUF, 0, &b) || b.len < 0) {
		dec_addr(sb, c, i);
		return;
	}
	sb_adds(sb, "\"");
	for (long k = 0; k < b.len && k < n && k < c->strsize; k++)
		sb_addf(sb, "\\x%02x", b.data[k]);
	sb_adds(sb, "\"");
	if (n > c->strsize)
		sb_adds(sb, "...");
}

void dec_futex_op(struct strbuf *sb, unsigned long long op)
{
	const char *n = flag_name(&futex_cmds, op & FUTEX_CMD_MASK);

	if (!n) {
		sb_addf(sb, "%#llx /* FUTEX_??? */", op);
		return;
	}
	sb_adds(sb, n);
	if (op & FUTEX_PRIVATE_FLAG)
		sb_adds(sb, "_PRIVATE");
	if (op & FUTEX_CLOCK_REALTIME)
		sb_adds(sb, "|FUTEX_CLOCK_REALTIME");
}

/* Bit per argument that prints, by the futex command. */
unsigned dec_futex_shown(const struct call *c)
{
	unsigned long long op = call_arg(c, 1);

	if (!flag_name(&futex_cmds, op & FUTEX_CMD_MASK))
		return 0x3f;
	switch (op & FUTEX_CMD_MASK) {
	case FUTEX_WAIT: return 0x0f;
	case FUTEX_WAKE: case FUTEX_FD: return 0x07;
	case FUTEX_REQUEUE: return 0x1f;
	case FUTEX_WAIT_BITSET: return 0x2f;
	case FUTEX_WAKE_BITSET: return 0x27;
	case FUTEX_LOCK_PI: case FUTEX_LOCK_PI2: return 0x0b;
	case FUTEX_UNLOCK_PI: case FUTEX_TRYLOCK_PI: return 0x03;
	case FUTEX_WAIT_REQUEUE_PI: return 0x1f;
	default: return 0x3f;	/* CMP_REQUEUE(_PI), WAKE_OP */
	}
}

static void print_wake_op(struct strbuf *sb, unsigned v)
{
	unsigned op = (v >> 28) & 7, cmp = (v >> 24) & 15;

	if ((v >> 28) & FUTEX_OP_OPARG_SHIFT)
		sb_adds(sb, "FUTEX_OP_OPARG_SHIFT<<28|");
	dec_named(sb, &futex_ops, op, "FUTEX_OP_???");
	sb_addf(sb, "<<28|%u<<12|", (v >> 12) & 0xfff);
	dec_named(sb, &futex_cmps, cmp, "FUTEX_OP_CMP_???");
	sb_addf(sb, "<<24|%u", v & 0xfff);
}

void dec_futex_arg(struct strbuf *sb, const struct call *c, int i)
{
	unsigned long long op = call_arg(c, 1), v = call_arg(c, i);
	unsigned cmd = op & FUTEX_CMD_MASK;
	bool known = flag_name(&futex_cmds, cmd) != NULL;

	if (!known) {
		sb_addf(sb, "%#llx", v);
		return;
	}
	if (i == 3) {	/* a timeout, or the second count */
		struct blob_ref b;

		if (cmd == FUTEX_REQUEUE || cmd == FUTEX_CMP_REQUEUE || cmd == FUTEX_WAKE_OP ||
		    cmd == FUTEX_CMP_REQUEUE_PI)
			sb_addf(sb, "%u", (unsigned)v);
		else if (dec_fixed(c, i, BK_INFIX, 16, &b))
			dec_timespec_val(sb, b.data);
		else
			dec_addr(sb, c, i);
		return;
	}
	if (cmd == FUTEX_WAKE_OP)
		print_wake_op(sb, (unsigned)v);
	else if ((cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_WAKE_BITSET) &&
		 (unsigned)v == FUTEX_BITSET_MATCH_ANY)
		sb_adds(sb, "FUTEX_BITSET_MATCH_ANY");
	else if (cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_WAKE_BITSET)
		sb_addf(sb, "%#x", (unsigned)v);
	else
		sb_addf(sb, "%u", (unsigned)v);
}

/* The CPUs of a mask the kernel filled: [0 1]. */
void dec_cpuset(struct strbuf *sb, const struct call *c, int i)
{
	struct blob_ref b;
	bool in = c->sys->arg[i] == F_CPUSET_IN;
	long long n = in ? (long long)call_arg(c, 1) : call_ret(c);
	bool first = true;

	if (!dec_fixed(c, i, in ? BK_INFIX : BK_OUTFIX, 1, &b)) {
		dec_addr(sb, c, i);
		return;
	}
	if (n > b.len)
		n = b.len;
	sb_adds(sb, "[");
	for (long long cpu = 0; cpu < n * 8; cpu++) {
		if (!(b.data[cpu / 8] & (1 << (cpu % 8))))
			continue;
		sb_addf(sb, "%s%lld", first ? "" : " ", cpu);
		first = false;
	}
	sb_adds(sb, "]");
}

/* prctl(option, ...): which arguments print, by option. */
unsigned dec_prctl_shown(const struct call *c)
{
	switch (call_arg(c, 0)) {
	case PR_GET_DUMPABLE: case PR_GET_KEEPCAPS: case PR_GET_SECCOMP: case PR_GET_TIMERSLACK:
	case PR_GET_THP_DISABLE:
		return 0x01;
	case PR_SET_NAME: case PR_GET_NAME: case PR_SET_DUMPABLE: case PR_SET_PDEATHSIG:
	case PR_GET_PDEATHSIG: case PR_SET_KEEPCAPS: case PR_SET_CHILD_SUBREAPER:
	case PR_GET_CHILD_SUBREAPER: case PR_SET_TIMERSLACK: case PR_CAPBSET_READ:
	case PR_CAPBSET_DROP:
		return 0x03;
	default:
		return 0x1f;
	}
}

static void print_comm(struct strbuf *sb, const struct call *c, int i, int kind)
{
	struct blob_ref b;

	if ((kind >= BK_EXIT && call_failed(c)) || !dec_fixed(c, i, kind, 1, &b)) {
		dec_addr(sb, c, i);
		return;
	}
	fmt_quote(sb, b.data, (long)strnlen((const char *)b.data, (size_t)b.len), c->strsize,
		  false);
}

void dec_prctl_arg(struct strbuf *sb, const struct call *c, int i)
{
	unsigned long long opt = call_arg(c, 0), v = call_arg(c, i);
	const char *n = flag_name(&prctl_names, opt);

	if (i == 0) {
		if (n)
			sb_adds(sb, n);
		else
			sb_addf(sb, "%#llx /* PR_??? */", opt);
		return;
	}
	switch (n ? opt : ~0ULL) {
	case PR_SET_NAME: print_comm(sb, c, i, BK_INOUT); break;
	case PR_GET_NAME: print_comm(sb, c, i, BK_INOUT_AGAIN); break;
	case PR_SET_DUMPABLE: dec_named(sb, &dumpable_names, v, "SUID_DUMP_???"); break;
	case PR_SET_PDEATHSIG: print_signal(sb, (int)v); break;
	case PR_GET_PDEATHSIG: dec_addr(sb, c, i); break;
	case PR_CAPBSET_READ: case PR_CAPBSET_DROP:
		dec_named(sb, &cap_names, v, "CAP_???"); break;
	case PR_SET_NO_NEW_PRIVS: case PR_GET_NO_NEW_PRIVS: case PR_SET_KEEPCAPS:
	case PR_SET_CHILD_SUBREAPER: case PR_SET_TIMERSLACK:
		sb_addf(sb, "%llu", v); break;
	default: sb_addf(sb, "%#llx", v); break;
	}
}

bool dec_prctl_return(struct strbuf *sb, const struct call *c)
{
	const char *n;

	if (call_arg(c, 0) != PR_GET_DUMPABLE)
		return false;
	n = flag_name(&dumpable_names, (unsigned long long)call_ret(c));
	if (!n)
		return false;
	sb_addf(sb, "= %lld (%s)", call_ret(c), n);
	return true;
}

/* struct clone_args, then what the kernel wrote back. */
void dec_clone3(struct strbuf *sb, const struct call *c, int i)
{
	struct blob_ref b;
	struct clone_args a = { 0 };

	if (!dec_fixed(c, i, BK_INSZ, 64, &b)) {
		dec_addr(sb, c, i);
		return;
	}
	memcpy(&a, b.data, b.len < (long)sizeof(a) ? (size_t)b.len : sizeof(a));
	sb_adds(sb, "{flags=");
	print_flags(sb, &clone_flags, a.flags, "0");
	if (a.flags & CLONE_PIDFD)
		sb_addf(sb, ", pidfd=%#llx", (unsigned long long)a.pidfd);
	if (a.flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID))
		sb_addf(sb, ", child_tid=%#llx", (unsigned long long)a.child_tid);
	if (a.flags & CLONE_PARENT_SETTID)
		sb_addf(sb, ", parent_tid=%#llx", (unsigned long long)a.parent_tid);
	sb_adds(sb, ", exit_signal=");
	if (a.exit_signal)
		print_signal(sb, (int)a.exit_signal);
	else
		sb_adds(sb, "0");
	sb_addf(sb, ", stack=%#llx, stack_size=%#llx", (unsigned long long)a.stack,
		(unsigned long long)a.stack_size);
	if (a.flags & CLONE_SETTLS)
		sb_addf(sb, ", tls=%#llx", (unsigned long long)a.tls);
	sb_adds(sb, "}");
	if ((a.flags & CLONE_PARENT_SETTID) && !call_failed(c) && call_ret(c) > 0)
		sb_addf(sb, " => {parent_tid=[%lld]}", call_ret(c));
}

static void print_mpol_mode(struct strbuf *sb, unsigned v)
{
	dec_named(sb, &mpol_modes, v & ~(unsigned)MPOL_MODE_FLAGS, "MPOL_???");
	if (v & MPOL_MODE_FLAGS) {
		sb_adds(sb, "|");
		print_flags(sb, &mpol_mode_flags, v & MPOL_MODE_FLAGS, NULL);
	}
}

/* A node mask of maxnode - 1 bits (the next argument), in 64-bit words as strace shows them. */
static void print_nodemask(struct strbuf *sb, const struct call *c, int i, int kind)
{
	struct blob_ref b;
	unsigned long long words = (call_arg(c, i + 1) - 1 + 63) / 64;

	if (!call_arg(c, i + 1) || !dec_fixed(c, i, kind, 8, &b)) {
		dec_addr(sb, c, i);
		return;
	}
	sb_adds(sb, "[");
	for (unsigned long long k = 0; k < words; k++) {
		unsigned long long w;

		if (dec_array_cut(sb, c, (long long)k))
			break;
		if ((long)(8 * (k + 1)) > b.len) {
			sb_adds(sb, k ? ", ..." : "...");
			break;
		}
		memcpy(&w, b.data + 8 * k, 8);
		sb_addf(sb, "%s%#016llx", k ? ", " : "", w);
	}
	sb_adds(sb, "]");
}

bool dec_mempolicy(struct strbuf *sb, const struct call *c, int i)
{
	struct blob_ref b;
	unsigned mode;

	switch (c->sys->arg[i]) {
	case F_MPOLMODE: print_mpol_mode(sb, (unsigned)call_arg(c, i)); return true;
	case F_MPOLMODE_OUT:
		if (!dec_fixed(c, i, BK_OUTFIX, 4, &b)) {
			dec_addr(sb, c, i);
			return true;
		}
		memcpy(&mode, b.data, 4);
		sb_adds(sb, "[");
		print_mpol_mode(sb, mode);
		sb_adds(sb, "]");
		return true;
	case F_NODEMASK: print_nodemask(sb, c, i, BK_INFIX); return true;
	case F_NODEMASK_OUT: print_nodemask(sb, c, i, BK_OUTFIX); return true;
	case F_MPOLGETF: print_flags(sb, &mpol_get_flags, call_arg(c, i), "0"); return true;
	default: return false;
	}
}

/* mremap's new address prints only with MREMAP_FIXED. */
unsigned dec_mremap_shown(const struct call *c)
{
	return call_arg(c, 3) & MREMAP_FIXED ? 0x1f : 0x0f;
}

bool dec_mem_flag(struct strbuf *sb, const struct call *c, int i)
{
	unsigned long long v = call_arg(c, i);

	switch (c->sys->arg[i]) {
	case F_MADV: dec_named(sb, &madv_names, v, "MADV_???"); return true;
	case F_MREMAPF: print_flags(sb, &mremap_flags, v, "0"); return true;
	case F_RLIMIT: dec_named(sb, &rlimit_names, v, "RLIMIT_???"); return true;
	case F_GRNDFLAGS: print_flags(sb, &grnd_flags, v, "0"); return true;
	case F_MSF: print_flags(sb, &msync_flags, v, "0"); return true;
	case F_MCL: print_flags(sb, &mcl_flags, v, "0"); return true;
	case F_CPUSET_IN: dec_cpuset(sb, c, i); return true;
	default: return false;
	}
}
