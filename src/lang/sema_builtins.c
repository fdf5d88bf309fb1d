// SPDX-License-Identifier: GPL-2.0
/*
 * The builtin variables sema knows: their descriptors (descriptors.h),
 * one row per id with the function that checks a use and gives its type.
 */
#include <bpf/libbpf.h>
#include <stdlib.h>
#include <string.h>

#include "sema_internal.h"
#include "descriptors.h"
#include "btf.h"
#include "cdef.h"

/* ---- builtins ---- */

static const struct builtin_desc builtin_descs[B_COUNT_];

/* Whether the probe offers what the descriptor of n's builtin needs. */
static bool probe_allows(struct sema *s, const struct node *n)
{
	unsigned caps = builtin_descs[sema_slot(s, n)->id].caps;

	return (s->probe->type.caps & caps) == caps;
}


static struct type *t_u32(struct sema *s, struct node *n) { return type_int(4, false); }

/*
 * pid, tid; pid(curr_ns|init), tid(curr_ns|init) (desugar.c made them the
 * builtin with the namespace as its argument): the PID namespace numbering it.
 */
static struct type *t_pid(struct sema *s, struct node *n)
{
	bool init = n->args.n == 1 && strcmp(n->args.v[0]->name, "init") == 0;

	sema_set(s, n, AV_PIDNS)->v.pidns = init ? PIDNS_INIT : PIDNS_CURRENT;
	return type_int(4, false);
}
static struct type *t_u64(struct sema *s, struct node *n) { return type_int(8, false); }
static struct type *t_comm(struct sema *s, struct node *n) { return type_str(16); }
static struct type *t_probe(struct sema *s, struct node *n) { return type_special(TY_PROBE); }
static struct type *t_username(struct sema *s, struct node *n) { return type_special(TY_USERNAME); }

static struct type *t_cpid(struct sema *s, struct node *n)
{
	s->prog->has_cpid = true;
	return type_int(4, false);
}

static struct type *t_curtask(struct sema *s, struct node *n)
{
	/* a script's own struct task_struct overrides the kernel's, as in bpftrace */
	struct type *task = cdef_type("struct task_struct");

	if (!task)
		task = btf_type_by_name("struct task_struct");

	if (!task) {
		sema_err(s, n->loc, "curtask needs the kernel's BTF (/sys/kernel/btf/vmlinux)");
		return NULL;
	}
	return type_ptr(task, AS_KERNEL);
}

static struct type *t_kstack(struct sema *s, struct node *n)
{
	s->prog->uses_stacks = true;
	return type_stack(TY_KSTACK, s->prog->cfg.stack_mode, STACK_MAX_FRAMES);
}

static struct type *t_ustack(struct sema *s, struct node *n)
{
	s->prog->uses_stacks = true;
	return type_stack(TY_USTACK, s->prog->cfg.stack_mode, STACK_MAX_FRAMES);
}

/* func: the probed function's name, known for each concrete probe. */
static const char *probe_func_name(const char *probe, size_t *len)
{
	const char *last = strrchr(probe, ':');
	const char *plus;

	if (!last)
		return NULL;
	last++;
	plus = strchr(last, '+');
	*len = plus ? (size_t)(plus - last) : strlen(last);
	return last;
}

static struct type *t_func(struct sema *s, struct node *n)
{
	const char *pn = s->probe->type.name ? s->probe->type.name : "";
	size_t len;

	if (!probe_allows(s, n) || !probe_func_name(s->probe->name, &len)) {
		sema_err(s, n->loc, "The func builtin can not be used with '%s' probes", pn);
		return NULL;
	}
	return type_str(len + 1);
}

/* BEGIN and END run in sonde's own context (BPF_PROG_TEST_RUN). */
static bool probe_is_special(const struct sema *s)
{
	return s->probe->type.caps & PCAP_SPECIAL;
}

/* probetype: the provider's name, "special" for BEGIN/END; a constant per probe. */
const char *sema_probetype(const struct probe_type *pt)
{
	return pt && pt->probetype ? pt->probetype : "";
}

static struct type *t_probetype(struct sema *s, struct node *n)
{
	return type_str(strlen(sema_probetype(&s->probe->type)) + 1);
}

/* usermode: whether the probe interrupted user code (the saved registers' cs). */
static struct type *t_regs_u8(struct sema *s, struct node *n)
{
	const struct probe_type *pt = &s->probe->type;

	/* BEGIN/END are run by sonde's own syscall: from user mode (a constant 1) */
	if (probe_is_special(s) && sema_slot(s, n)->id == B_USERMODE) {
		sema_set_const(s, n, 1);
		return type_int(1, false);
	}

	/* fentry/fexit: the trampoline runs inside a kernel function (a constant 0) */
	if ((pt->caps & PCAP_KFUNC) && sema_slot(s, n)->id == B_USERMODE)
		return type_int(1, false);
	/* kprobe/uprobe contexts are the registers; perf events' start with them */
	if (!probe_allows(s, n)) {
		sema_err(s, n->loc, "The %s builtin can not be used with '%s' probes", n->name,
			 pt->name ? pt->name : s->probe->name);
		return NULL;
	}
	return type_int(1, false);
}

/* ncpus: the machine's possible CPUs, a constant of the run. */
static struct type *t_ncpus(struct sema *s, struct node *n)
{
	int ncpus = libbpf_num_possible_cpus();

	sema_set_const(s, n, ncpus > 0 ? ncpus : 1);
	return type_int(8, false);
}

/*
 * args as a whole value in fentry/fexit and raw tracepoints: a record of
 * the argument slots at the context's offsets, which the code generator
 * copies out of the context (args.FIELD reads the context itself: expr_field
 * gives such a base the context's type back).
 */
struct type *sema_probe_args(struct sema_probe *p)
{
	if (!p->args_made && p->args_fn)
		p->args = p->args_fn(p->target);
	p->args_made = true;
	return p->args;
}

static struct type *args_value_record(struct sema_probe *p)
{
	if (!p->args_value)
		p->args_value = type_record(p->args->name, p->args->fields, p->args->nfields,
					    p->args->size, false);
	return p->args_value;
}

static struct type *t_args(struct sema *s, struct node *n)
{
	struct type *args = sema_probe_args(s->probe);

	/* ctx where the probe has no arguments record: the context pointer
	 * itself, a void * (bpftrace's ctx: `((struct x *)ctx)->x` reads it) */
	if (!args && strcmp(n->name, "ctx") == 0 && !(s->probe->type.caps & PCAP_SPECIAL))
		return type_ptr(NULL, AS_KERNEL);
	if (!args) {
		sema_err(s, n->loc, "The %s builtin can not be used with '%s' probes", n->name,
			 s->probe->type.name ? s->probe->type.name : s->probe->name);
		return NULL;
	}
	if (args->kind == TY_CTX && s->probe->type.ctx == CTX_RAW_TP)
		return args_value_record(s->probe);
	return args;
}

const char *sema_stack_mode_name(int mode)
{
	static const char *const names[] = { "bpftrace", "perf", "raw", "build_id" };

	return mode >= 0 && mode < (int)ARRAY_SIZE(names) ? names[mode] : "bpftrace";
}

/* config: the settings bpftrace's config() shows, as a record (enum config_member). */
static struct type *t_config(struct sema *s, struct node *n)
{
	static const char *const names[CFG_MEMBER_COUNT_] = {
		[CFG_MAX_STRLEN] = "max_strlen", [CFG_MAX_MAP_KEYS] = "max_map_keys",
		[CFG_PERF_RB_PAGES] = "perf_rb_pages", [CFG_STACK_MODE] = "stack_mode",
		[CFG_CPP_DEMANGLE] = "cpp_demangle", [CFG_PRINT_MAPS_ON_EXIT] = "print_maps_on_exit",
	};
	struct field fields[CFG_MEMBER_COUNT_] = { 0 };
	uint32_t off = 0;

	for (int i = 0; i < CFG_MEMBER_COUNT_; i++) {
		fields[i].name = (char *)names[i];
		fields[i].type = i == CFG_STACK_MODE ? type_str(16) :
				 i >= CFG_CPP_DEMANGLE ? type_bool() : type_int(8, false);
		off = ALIGN_UP(off, fields[i].type->align ? fields[i].type->align : 1);
		fields[i].offset = off;
		off += fields[i].type->size;
	}
	return type_record("config", fields, CFG_MEMBER_COUNT_, ALIGN_UP(off, 8), false);
}

/* argN: a register of the probed function, a raw tracepoint slot, or a USDT argument. */
static struct type *t_arg(struct sema *s, struct node *n)
{
	const struct probe_type *pt = &s->probe->type;
	long idx = strtol(n->name + 3, NULL, 10);
	struct usdt_arg ua;

	sema_set(s, n, AV_ARG)->v.arg = (int)idx;
	if (pt->usdt_arg) {
		if (pt->usdt_arg(s->probe->target, (int)idx, &ua) < 0) {
			sema_err(s, n->loc, "%s: the probe %s has fewer arguments", n->name,
				 s->probe->name);
			return NULL;
		}
		return type_int(8, ua.is_signed);
	}
	if (pt->max_args <= 0 || idx >= pt->max_args) {
		if (pt->max_args > 0)
			sema_err(s, n->loc, "%s: only arguments arg0 to arg%d can be read in '%s' probes",
				 n->name, pt->max_args - 1, pt->name);
		else
			sema_err(s, n->loc, "The %s builtin can not be used with '%s' probes", n->name,
				 pt->name ? pt->name : s->probe->name);
		return NULL;
	}
	return type_int(8, false);
}

/*
 * sargN: the Nth argument passed on the stack (x86-64: above the return
 * address at function entry), in kprobe and uprobe probes.
 */
static struct type *t_sarg(struct sema *s, struct node *n)
{
	const struct probe_type *pt = &s->probe->type;

	long idx = strtol(n->name + 4, NULL, 10);

	sema_set(s, n, AV_ARG)->v.arg = (int)idx;
	if (!probe_allows(s, n) || idx > 64) {
		sema_err(s, n->loc, "The %s builtin can not be used with '%s' probes", n->name,
			 pt->name ? pt->name : s->probe->name);
		return NULL;
	}
	return type_int(8, false);
}

/* retval: in return probes (and fentry's, as bpftrace allows it there) */
static struct type *t_retval(struct sema *s, struct node *n)
{
	if (!probe_allows(s, n)) {
		struct type *args = sema_probe_args(s->probe);
		bool has_ret = args && type_find_field(args, "ret");	/* a syscall's exit */

		sema_err(s, n->loc, "The retval builtin can only be used with 'kretprobe' and "
			 "'uretprobe' and 'fentry' probes%s",
			 has_ret ? " (try to use args.ret instead)" : "");
		return NULL;
	}
	/* fexit: the function's own return type, as in bpftrace */
	if (s->probe->type.ret_type) {
		struct type *rt = s->probe->type.ret_type(s->probe->target);

		if (rt)
			return rt;
	}
	return type_int(8, false);
}

static const struct builtin_desc builtin_descs[B_COUNT_] = {
	[B_PID] = { "pid", .check = t_pid,
		    .doc = "the process id (the thread group id), 32-bit" },
	[B_TID] = { "tid", .check = t_pid, .doc = "the thread id, 32-bit" },
	[B_UID] = { "uid", .check = t_u32, .doc = "the user id" },
	[B_GID] = { "gid", .check = t_u32, .doc = "the group id" },
	[B_COMM] = { "comm", .check = t_comm, .doc = "the thread's name, 16 bytes" },
	[B_NSECS] = { "nsecs", .check = t_u64, .doc = "the monotonic clock, in ns" },
	[B_ELAPSED] = { "elapsed", .check = t_u64, .doc = "ns since sonde started" },
	[B_CPU] = { "cpu", .check = t_u32, .doc = "the CPU the probe runs on" },
	[B_CPID] = { "cpid", .check = t_cpid, .doc = "the pid of `-c CMD`" },
	[B_RAND] = { "rand", .check = t_u32, .doc = "a pseudo-random 32-bit number" },
	[B_CGROUP] = { "cgroup", .check = t_u64, .doc = "the cgroup v2 id of the current task" },
	[B_PROBE] = { "probe", .check = t_probe,
		      .doc = "the probe's full name (compared with a string: `probe == \"BEGIN\"`, or with another probe value)" },
	[B_ARGS] = { "args", "ctx", .check = t_args,
		     .doc = "the probe's arguments as a record (tracepoint fields, fentry arguments); `ctx` in iterators; in probes without arguments `ctx` is the program's context pointer (a `void *`: `pt_regs` in kprobes and uprobes, `bpf_perf_event_data` in interval, profile and software probes).  In fentry/fexit, raw tracepoints and uprobes with DWARF `args` is also a whole value: `print(args)`, `@ = args`, `@[args]`" },
	[B_JIFFIES] = { "jiffies", .check = t_u64, .doc = "the kernel's jiffies counter" },
	[B_NUMAID] = { "numaid", .check = t_u32, .doc = "the NUMA node the probe runs on" },
	[B_USERNAME] = { "username", .check = t_username, .doc = "the user's name (from the uid)" },
	[B_ARG] = { "arg", .numbered = true, .check = t_arg,
		    .doc = "an argument of the probed function (kprobe, uprobe, USDT, raw tracepoint)" },
	[B_RETVAL] = { "retval", .caps = PCAP_RETVAL, .check = t_retval,
		       .doc = "the return value (uretprobe, kretprobe and fexit probes only)" },
	[B_CURTASK] = { "curtask", .check = t_curtask,
			.doc = "the current `struct task_struct *` (from the kernel's BTF)" },
	[B_KSTACK] = { "kstack", .check = t_kstack, .doc = "the kernel stack" },
	[B_USTACK] = { "ustack", .check = t_ustack, .doc = "the user stack" },
	[B_FUNC] = { "func", .caps = PCAP_FUNC, .check = t_func,
		     .doc = "the probed function's name" },
	[B_SARG] = { "sarg", .numbered = true, .caps = PCAP_STACK_ARGS, .check = t_sarg,
		     .doc = "an argument passed on the stack (kprobe, uprobe: the 7th argument and on, on x86-64)" },
	[B_USERMODE] = { "usermode", .caps = PCAP_USERMODE, .check = t_regs_u8,
			 .doc = "1 when the probe interrupted user code (kprobe, uprobe, `profile`, `software`; 1 in `BEGIN`/`END`, 0 in fentry/fexit)" },
	[B_NCPUS] = { "ncpus", .check = t_ncpus, .doc = "the number of possible CPUs" },
	[B_PROBETYPE] = { "probetype", .check = t_probetype,
			  .doc = "the kind of probe (`tracepoint`, `uprobe`, ...; `special` in `BEGIN`/`END`)" },
	[B_CONFIG] = { "config", .check = t_config,
		       .doc = "the settings in force, as a record (`config.max_strlen`, ...)" },
};

const struct builtin_desc *builtin_desc(enum builtin_id id)
{
	if (id <= B_NONE || id >= B_COUNT_)
		return NULL;
	return &builtin_descs[id];
}

enum builtin_id builtin_id_by_name(const char *name)
{
	for (int id = B_NONE + 1; id < B_COUNT_; id++) {
		const struct builtin_desc *d = &builtin_descs[id];

		if (d->numbered)
			continue;
		if (strcmp(d->name, name) == 0 || (d->alias && strcmp(d->alias, name) == 0))
			return id;
	}
	return B_NONE;
}

/* NAME followed by one digit or more: arg0, sarg12 */
static enum builtin_id builtin_numbered(const char *name)
{
	for (int id = B_NONE + 1; id < B_COUNT_; id++) {
		const struct builtin_desc *d = &builtin_descs[id];
		size_t len = strlen(d->name);
		const char *p = name + len;

		if (!d->numbered || strncmp(name, d->name, len) != 0 || !*p)
			continue;
		while (*p >= '0' && *p <= '9')
			p++;
		if (!*p)
			return id;
	}
	return B_NONE;
}

bool sema_is_builtin_name(const char *name)
{
	return builtin_id_by_name(name) != B_NONE;
}

void sema_builtin(struct sema *s, struct node *n)
{
	enum builtin_id id = builtin_id_by_name(n->name);

	if (id == B_NONE)
		id = builtin_numbered(n->name);
	if (id != B_NONE) {
		sema_slot(s, n)->id = id;
		sema_slot(s, n)->type = builtin_descs[id].check(s, n);
		return;
	}
	sema_err(s, n->loc, "Unknown identifier: '%s'", n->name);
}

/* "NAME  DOC", NAME padded to 24 columns: the format docs/language.md's tables are checked in */
void desc_list_line(FILE *out, const char *name, const char *doc)
{
	fprintf(out, "%-24s %s\n", name, doc);
}

void builtins_list(FILE *out)
{
	for (int id = B_NONE + 1; id < B_COUNT_; id++) {
		const struct builtin_desc *d = &builtin_descs[id];
		char name[64];

		snprintf(name, sizeof(name), "%s%s", d->name, d->numbered ? "N" : "");
		desc_list_line(out, name, d->doc);
	}
}

