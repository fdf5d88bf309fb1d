// SPDX-License-Identifier: GPL-2.0
/*
 * The builtin variables (pid, comm, argN, retval, ...): one emitter per id
 * of the language's builtin descriptors, in a table indexed by that id.
 */
#include <string.h>
#include <sys/stat.h>

#include "cg_internal.h"
#include "../probes/provider.h"
#include "../probes/uprobe_dwarf.h"

static struct val gen_helper_u64(struct cg *cg, int helper, struct type *t)
{
	emit_call(cg, helper);
	return val_from_reg(cg, R0, t);
}


static struct val gen_usdt_arg(struct cg *cg, struct node *n)
{
	const struct provider *prov = cg->ps->prov;
	struct usdt_arg ua;
	struct mem tmp;

	if (prov->usdt_arg(cg->ps->target, cg_arg_index(cg, n), &ua) < 0) {
		cg_error(cg, n->loc, "%s: no such argument", n->name);
		return val_imm(0, cg_type(cg, n));
	}
	if (ua.kind == USDT_ARG_CONST)
		return val_imm(ua.value, cg_type(cg, n));
	emit_load_fixed(cg, R1, SLOT_CTX);
	emit(cg, LDX(BPF_DW, R3, R1, ua.reg_off));
	if (ua.kind == USDT_ARG_REG) {
		emit_extend(cg, R3, ua.size, ua.is_signed);
		return val_from_reg(cg, R3, cg_type(cg, n));
	}
	/* memory operand: read size bytes at base register + offset */
	tmp = mem_stack(cg, 8);
	emit_mem_store_imm(cg, 8, tmp, 0);
	if (ua.value == (int32_t)ua.value) {
		emit(cg, ALU_IMM(BPF_ADD, R3, (int32_t)ua.value));
	} else {
		emit_ld_imm64(cg, R2, ua.value);
		emit(cg, ALU_REG(BPF_ADD, R3, R2));
	}
	emit_addr(cg, R1, tmp);
	emit(cg, MOV_IMM(R2, ua.size));
	emit_call(cg, BPF_FUNC_probe_read_user);
	emit_mem_load(cg, ua.size, R0, tmp);
	emit_extend(cg, R0, ua.size, ua.is_signed);
	return val_from_reg(cg, R0, cg_type(cg, n));
}

static struct val gen_arg(struct cg *cg, struct node *n)
{
	const struct provider *prov = cg->ps->prov;
	struct type *t;
	int16_t off;

	if (prov->usdt_arg)
		return gen_usdt_arg(cg, n);
	if (cg_id(cg, n) == B_RETVAL && prov->ctx == CTX_RAW_TP) {
		/* fexit: the return value follows the arguments' slots */
		struct type *args = prov->args_type ? prov->args_type(cg->ps->target) : NULL;
		int known = prov->retval_off ? prov->retval_off(cg->ps->target) : -1;

		off = known >= 0 ? known : args ? (int)args->size : 0;
	} else if (cg_id(cg, n) == B_RETVAL)
		off = arch_host()->ret_off;
	else if (prov->ctx == CTX_RAW_TP)
		off = 8 * cg_arg_index(cg, n);
	else if (cg_arg_index(cg, n) < arch_host()->narg_regs)
		off = arch_host()->arg_regs[cg_arg_index(cg, n)];
	else {
		cg_error(cg, n->loc, "%s is not passed in a register", n->name);
		return val_imm(0, cg_type(cg, n));
	}
	emit_load_fixed(cg, R1, SLOT_CTX);
	emit(cg, LDX(BPF_DW, R0, R1, off));
	/*
	 * A trampoline's slot holds the whole register: an int's upper half
	 * is not its sign (fexit of an int function returning -7 holds
	 * 0xfffffff9), so a typed value narrower than the slot is extended.
	 */
	t = cg_type(cg, n);
	if (prov->ctx == CTX_RAW_TP && (t->kind == TY_INT || t->kind == TY_ENUM) && t->size < 8)
		emit_extend(cg, R0, t->size, t->is_signed);
	return val_from_reg(cg, R0, t);
}

/* sargN: the u64 at sp + 8 * (N + 1) on x86-64, in the probed space's memory. */
static struct val gen_sarg(struct cg *cg, struct node *n)
{
	bool user = cg->ps->prov->caps & PCAP_USER;	/* uprobe, uretprobe */
	struct mem tmp = mem_stack(cg, 8);

	emit_mem_store_imm(cg, 8, tmp, 0);
	emit_load_fixed(cg, R3, SLOT_CTX);
	emit(cg, LDX(BPF_DW, R3, R3, arch_host()->sp_off));
	emit(cg, ALU_IMM(BPF_ADD, R3, 8 * (cg_arg_index(cg, n) + arch_host()->sarg_skip)));
	emit_addr(cg, R1, tmp);
	emit(cg, MOV_IMM(R2, 8));
	emit_call(cg, user ? BPF_FUNC_probe_read_user : BPF_FUNC_probe_read_kernel);
	emit_mem_load(cg, 8, R0, tmp);
	return val_from_reg(cg, R0, cg_type(cg, n));
}

/* usermode: whether the interrupted code ran in user mode (arch's mode word). */
static struct val gen_usermode(struct cg *cg, struct node *n)
{
	const struct arch *a = arch_host();

	emit_load_fixed(cg, R1, SLOT_CTX);
	emit(cg, LDX(BPF_DW, R0, R1, a->mode_off));
	emit(cg, ALU_IMM(BPF_AND, R0, (int32_t)a->mode_mask));
	if (a->mode_mask == 3 && a->mode_user == 3) {
		/* x86-64 privilege level: 3 is user, 0 kernel; 3 -> 1, 0 -> 0 */
		emit(cg, ALU_IMM(BPF_RSH, R0, 1));
	} else {
		emit(cg, JMP_IMM(BPF_JEQ, R0, (int32_t)a->mode_user, 2));
		emit(cg, MOV_IMM(R0, 0));
		emit(cg, JA(1));
		emit(cg, MOV_IMM(R0, 1));
	}
	return val_from_reg(cg, R0, cg_type(cg, n));
}

/*
 * args of a uprobe as a value (uprobe_dwarf.c): a record whose field i is
 * argument register i of the saved registers, copied field by field.
 */
static struct val gen_args_record(struct cg *cg, struct node *n)
{
	struct val res = { .kind = V_MEM, .type = cg_type(cg, n) };
	enum ctx_kind ctx = cg->ps->prov->ctx;

	if (cg_type(cg, n)->kind == TY_PTR) {
		/* ctx of a probe without arguments: the context pointer */
		emit_load_fixed(cg, R0, SLOT_CTX);
		return val_from_reg(cg, R0, cg_type(cg, n));
	}
	if (cg_type(cg, n)->kind != TY_RECORD || (ctx != CTX_PT_REGS && ctx != CTX_RAW_TP)) {
		cg_error(cg, n->loc, "args cannot be used as a value in this probe");
		return val_imm(0, type_int(8, false));
	}
	res.mem = mem_alloc(cg, ALIGN_UP(cg_type(cg, n)->size, 8));
	if (ctx == CTX_RAW_TP) {
		/* fentry/fexit, raw tracepoints: the u64 argument slots, as they are */
		emit_load_fixed(cg, R1, SLOT_CTX);
		for (uint32_t off = 0; off < cg_type(cg, n)->size; off += 8) {
			emit(cg, LDX(BPF_DW, R0, R1, off));
			emit_mem_store(cg, 8, mem_at(res.mem, off), R0);
		}
		return res;
	}
	emit_memzero(cg, res.mem, ALIGN_UP(cg_type(cg, n)->size, 8));
	emit_load_fixed(cg, R1, SLOT_CTX);
	for (int i = 0; i < cg_type(cg, n)->nfields; i++) {
		const struct field *f = &cg_type(cg, n)->fields[i];

		emit(cg, LDX(BPF_DW, R0, R1, uprobe_dwarf_arg_reg(i)));
		emit_mem_store(cg, f->type->size, mem_at(res.mem, f->offset), R0);
	}
	return res;
}

/* config: the program's settings, constants written into a record */
static struct val gen_config(struct cg *cg, struct node *n)
{
	const struct config *c = &cg->prog->cfg;
	struct val res = { .kind = V_MEM, .type = cg_type(cg, n) };
	const struct field *f = cg_type(cg, n)->fields;
	const char *mode = sema_stack_mode_name(c->stack_mode);
	char text[16] = { 0 };

	res.mem = mem_alloc(cg, cg_type(cg, n)->size);
	emit_memzero(cg, res.mem, cg_type(cg, n)->size);
	emit_mem_store_imm(cg, 8, mem_at(res.mem, f[CFG_MAX_STRLEN].offset), (int32_t)c->max_strlen);
	emit_mem_store_imm(cg, 8, mem_at(res.mem, f[CFG_MAX_MAP_KEYS].offset),
			   (int32_t)c->map_keys_max);
	emit_mem_store_imm(cg, 8, mem_at(res.mem, f[CFG_PERF_RB_PAGES].offset),
			   (int32_t)(c->ringbuf_size / 4096));
	strncpy(text, mode, sizeof(text) - 1);
	for (int i = 0; i < 16; i += 4) {
		int32_t word;

		memcpy(&word, text + i, 4);
		emit_mem_store_imm(cg, 4, mem_at(res.mem, f[CFG_STACK_MODE].offset + i), word);
	}
	emit_mem_store_imm(cg, 1, mem_at(res.mem, f[CFG_CPP_DEMANGLE].offset), 1);
	emit_mem_store_imm(cg, 1, mem_at(res.mem, f[CFG_PRINT_MAPS_ON_EXIT].offset),
			   !c->no_print_maps);
	return res;
}

/* ---- one emitter per builtin ---- */

/* The init PID namespace's inode number (include/linux/proc_ns.h). */
#define PROC_PID_INIT_INO 0xEFFFFFFCu

/*
 * sonde's PID namespace when it is not the init one (in a container or
 * under `unshare --pid`): the device and inode of /proc/self/ns/pid.
 */
static bool own_pid_ns(uint64_t *dev, uint64_t *ino)
{
	static int known;	/* 0: not looked at, 1: init namespace, 2: another */
	static uint64_t ns_dev, ns_ino;
	struct stat st;

	if (!known) {
		known = 1;
		if (stat("/proc/self/ns/pid", &st) == 0 && st.st_ino != PROC_PID_INIT_INO) {
			ns_dev = st.st_dev;
			ns_ino = st.st_ino;
			known = 2;
		}
	}
	*dev = ns_dev;
	*ino = ns_ino;
	return known == 2;
}

/*
 * pid and tid as sonde's PID namespace numbers them (pid(curr_ns), and
 * the bare builtins); pid(init) and tid(init) (PIDNS_INIT) as the
 * init namespace does.  In the init namespace both are the same helper; a
 * task outside sonde's namespace reads 0 (the helper zeroes its result).
 */
/* What of the pid/tid pair R0 gets. */
enum { ID_TID, ID_TGID, ID_BOTH };

static void emit_pid_or_tid(struct cg *cg, int pidns, int which)
{
	uint64_t dev, ino;
	struct mem m;

	if (pidns == PIDNS_INIT || !own_pid_ns(&dev, &ino)) {
		emit_call(cg, BPF_FUNC_get_current_pid_tgid);
		if (which == ID_TGID)
			emit(cg, ALU_IMM(BPF_RSH, R0, 32));
		else if (which == ID_TID)
			emit(cg, MOV32_REG(R0, R0));
		return;
	}
	m = mem_alloc(cg, 8);	/* struct bpf_pidns_info { u32 pid; u32 tgid; } */
	emit_ld_imm64(cg, R1, (int64_t)dev);
	emit_ld_imm64(cg, R2, (int64_t)ino);
	emit_addr(cg, R3, m);
	emit(cg, MOV_IMM(R4, 8));
	emit_call(cg, BPF_FUNC_get_ns_current_pid_tgid);
	if (which == ID_BOTH)	/* laid out as the helper's tgid << 32 | tid */
		emit_mem_load(cg, 8, R0, m);
	else
		emit_mem_load(cg, 4, R0, mem_at(m, which == ID_TGID ? 4 : 0));
}

static struct val pid_or_tid(struct cg *cg, struct node *n, bool tgid)
{
	emit_pid_or_tid(cg, cg_pidns(cg, n), tgid ? ID_TGID : ID_TID);
	return val_from_reg(cg, R0, cg_type(cg, n));
}

/*
 * R0 = the current process's pid as sonde's /proc numbers it: what user
 * stacks and symbols record, so that their addresses resolve through
 * /proc/PID/maps also when sonde runs in another PID namespace.
 */
void emit_own_tgid(struct cg *cg)
{
	emit_pid_or_tid(cg, PIDNS_CURRENT, ID_TGID);
}

/* R0 = tgid << 32 | tid, both in sonde's PID namespace. */
void emit_own_pid_tgid(struct cg *cg)
{
	emit_pid_or_tid(cg, PIDNS_CURRENT, ID_BOTH);
}

static struct val b_pid(struct cg *cg, struct node *n)
{
	return pid_or_tid(cg, n, true);
}

static struct val b_tid(struct cg *cg, struct node *n)
{
	return pid_or_tid(cg, n, false);
}

/* uid and username: the low half of the uid/gid pair */
static struct val b_uid(struct cg *cg, struct node *n)
{
	emit_call(cg, BPF_FUNC_get_current_uid_gid);
	emit(cg, MOV32_REG(R0, R0));
	return val_from_reg(cg, R0, cg_type(cg, n));
}

static struct val b_gid(struct cg *cg, struct node *n)
{
	emit_call(cg, BPF_FUNC_get_current_uid_gid);
	emit(cg, ALU_IMM(BPF_RSH, R0, 32));
	return val_from_reg(cg, R0, cg_type(cg, n));
}

static struct val b_nsecs(struct cg *cg, struct node *n)
{
	return gen_helper_u64(cg, BPF_FUNC_ktime_get_ns, cg_type(cg, n));
}

static struct val b_elapsed(struct cg *cg, struct node *n)
{
	emit_call(cg, BPF_FUNC_ktime_get_ns);
	emit_ld_imm64(cg, R1, cg->opts->start_ns);
	emit(cg, ALU_REG(BPF_SUB, R0, R1));
	return val_from_reg(cg, R0, cg_type(cg, n));
}

static struct val b_cpu(struct cg *cg, struct node *n)
{
	return gen_helper_u64(cg, BPF_FUNC_get_smp_processor_id, cg_type(cg, n));
}

/* ncpus: a constant of the run, counted by sema */
static struct val b_ncpus(struct cg *cg, struct node *n)
{
	return val_imm(cg_const(cg, n), cg_type(cg, n));
}

static struct val b_probetype(struct cg *cg, struct node *n)
{
	struct probe_type pt;

	provider_probe_type(cg->ps->prov, &pt);
	return gen_string_bytes(cg, sema_probetype(&pt), cg_type(cg, n)->size - 1, cg_type(cg, n));
}

static struct val b_usermode(struct cg *cg, struct node *n)
{
	if (cg_is_const(cg, n))	/* BEGIN/END: sonde's own call, from user mode */
		return val_imm(1, cg_type(cg, n));
	if (cg->ps->prov->caps & PCAP_KFUNC)	/* fentry/fexit: always in the kernel */
		return val_imm(0, cg_type(cg, n));
	return gen_usermode(cg, n);
}

static struct val b_cpid(struct cg *cg, struct node *n)
{
	return val_imm(cg->opts->cpid, cg_type(cg, n));
}

static struct val b_rand(struct cg *cg, struct node *n)
{
	return gen_helper_u64(cg, BPF_FUNC_get_prandom_u32, cg_type(cg, n));
}

static struct val b_cgroup(struct cg *cg, struct node *n)
{
	return gen_helper_u64(cg, BPF_FUNC_get_current_cgroup_id, cg_type(cg, n));
}

static struct val b_jiffies(struct cg *cg, struct node *n)
{
	return gen_helper_u64(cg, BPF_FUNC_jiffies64, cg_type(cg, n));
}

static struct val b_numaid(struct cg *cg, struct node *n)
{
	return gen_helper_u64(cg, BPF_FUNC_get_numa_node_id, cg_type(cg, n));
}

static struct val b_probe(struct cg *cg, struct node *n)
{
	if (cg_type(cg, n)->kind == TY_STR && cg->ps->sys_probes) {
		cg_error(cg, n->loc, "probe as a string cannot be used in a program merged over many syscall tracepoints");
		return val_imm(0, cg_type(cg, n));
	}
	if (cg->ps->sys_probes)
		return gen_syscall_probe(cg, cg_type(cg, n));
	if (cg_type(cg, n)->kind == TY_STR) {	/* compared as a string: its name */
		return gen_string_bytes(cg, cg->ps->probe, cg_type(cg, n)->size - 1, cg_type(cg, n));
	}
	return val_imm(cg->ps->probe_index, cg_type(cg, n));
}

static struct val b_curtask(struct cg *cg, struct node *n)
{
	return gen_helper_u64(cg, BPF_FUNC_get_current_task, cg_type(cg, n));
}

/* kstack, ustack */
static struct val b_stack(struct cg *cg, struct node *n)
{
	return gen_stack(cg, cg_type(cg, n));
}

/* the function of this concrete probe: a constant string */
static struct val b_func(struct cg *cg, struct node *n)
{
	const char *name = strrchr(cg->ps->probe, ':') + 1;
	return gen_string_bytes(cg, name, cg_type(cg, n)->size - 1, cg_type(cg, n));
}

static struct val b_comm(struct cg *cg, struct node *n)
{
	struct val res = { .kind = V_MEM, .type = cg_type(cg, n) };

	res.mem = mem_alloc(cg, 16);
	emit_addr(cg, R1, res.mem);
	emit(cg, MOV_IMM(R2, 16));
	emit_call(cg, BPF_FUNC_get_current_comm);
	return res;
}

/* Indexed by the ids of lang/descriptors.h's builtin table: one emitter each. */
static const cg_builtin_emitter builtin_emitters[B_COUNT_] = {
	[B_PID] = b_pid,
	[B_TID] = b_tid,
	[B_UID] = b_uid,
	[B_GID] = b_gid,
	[B_COMM] = b_comm,
	[B_NSECS] = b_nsecs,
	[B_ELAPSED] = b_elapsed,
	[B_CPU] = b_cpu,
	[B_CPID] = b_cpid,
	[B_RAND] = b_rand,
	[B_CGROUP] = b_cgroup,
	[B_PROBE] = b_probe,
	[B_ARGS] = gen_args_record,
	[B_JIFFIES] = b_jiffies,
	[B_NUMAID] = b_numaid,
	[B_USERNAME] = b_uid,
	[B_ARG] = gen_arg,
	[B_RETVAL] = gen_arg,
	[B_CURTASK] = b_curtask,
	[B_KSTACK] = b_stack,
	[B_USTACK] = b_stack,
	[B_FUNC] = b_func,
	[B_SARG] = gen_sarg,
	[B_USERMODE] = b_usermode,
	[B_NCPUS] = b_ncpus,
	[B_PROBETYPE] = b_probetype,
	[B_CONFIG] = gen_config,
};

cg_builtin_emitter cg_builtin_emitter_of(int id)
{
	return id > B_NONE && id < B_COUNT_ ? builtin_emitters[id] : NULL;
}

struct val gen_builtin(struct cg *cg, struct node *n)
{
	cg_builtin_emitter emit_fn = cg_builtin_emitter_of(cg_id(cg, n));

	if (!emit_fn) {
		cg_error(cg, n->loc, "builtin %s cannot be used as a value here", n->name);
		return val_imm(0, cg_type(cg, n));
	}
	return emit_fn(cg, n);
}
