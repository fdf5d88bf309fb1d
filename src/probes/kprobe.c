// SPDX-License-Identifier: GPL-2.0
/*
 * kprobe:FUNC[+OFFSET], kprobe:MODULE:FUNC, kretprobe:FUNC — dynamic probes
 * on kernel functions.  One function is a perf event of the kprobe PMU
 * (config1 = the name, config2 = the offset), which the kernel removes
 * when the fd closes.  A wildcard expands over the traceable functions;
 * where the kernel has kprobe_multi links, all the functions that share
 * one loaded program are attached by a single link, which is much faster
 * than thousands of perf events.  kprobe:ADDRESS (0x... or decimal) probes
 * that kernel address (config1 = 0, config2 = the address) and is named
 * by it in decimal, as bpftrace names it.
 */
#include <bpf/bpf.h>
#include <ctype.h>
#include <errno.h>
#include <linux/perf_event.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kallsyms.h"
#include "kbtf.h"
#include "kprobe.h"
#include "perf.h"

#define KPROBE_PMU "/sys/bus/event_source/devices/kprobe"

/* The functions of one wildcard expansion, attached together by kprobe_multi. */
struct kprobe_group {
	char *pattern;		/* "kprobe:vfs_*", for errors */
	int members;		/* targets sharing the group */
	int refs;		/* targets not yet freed */
	VEC(const char *) syms;	/* attach requests so far ... */
	VEC(int) prog_fds;	/* ... and the program each asked for */
};

struct kprobe_target {
	char *module;		/* NULL: vmlinux */
	char *func;		/* the function, or an address's decimal text */
	uint64_t offset;
	uint64_t addr;		/* kprobe:ADDRESS (func is then its decimal text) */
	bool is_addr;
	bool retprobe;
	struct kprobe_group *group;	/* non-NULL: attach by kprobe_multi */
};

/* ---- kernel features ---- */

static long read_long(const char *path, long fallback)
{
	char *text = read_file(path, NULL);
	long v = fallback;

	if (text) {
		v = strtol(text, NULL, 10);
		free(text);
	}
	return v;
}

int kprobe_pmu_type(void)
{
	long type = read_long(KPROBE_PMU "/type", -1);

	return type < 0 ? -ENOENT : (int)type;
}

/* The config bit that makes a kprobe PMU event a return probe ("config:0"). */
static int retprobe_bit(void)
{
	char *text = read_file(KPROBE_PMU "/format/retprobe", NULL);
	int bit = 0;

	if (text && strncmp(text, "config:", 7) == 0)
		bit = atoi(text + 7);
	free(text);
	return bit;
}

static int load_trivial_kprobe(uint32_t attach_type)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = attach_type);

	return bpf_prog_load(BPF_PROG_TYPE_KPROBE, "sonde_probe", "GPL", insns,
			     ARRAY_SIZE(insns), &opts);
}

bool kprobe_multi_supported(void)
{
	static int cached = -1;
	const char *syms[] = { "sonde_no_such_function" };
	LIBBPF_OPTS(bpf_link_create_opts, opts, .kprobe_multi.syms = syms,
		    .kprobe_multi.cnt = 1);
	int prog, link;

	if (cached >= 0)
		return cached;
	cached = 0;
	prog = load_trivial_kprobe(BPF_TRACE_KPROBE_MULTI);
	if (prog < 0)
		return false;
	/* A kernel with kprobe_multi looks the symbol up and fails to find it. */
	link = bpf_link_create(prog, 0, BPF_TRACE_KPROBE_MULTI, &opts);
	if (link >= 0) {
		cached = 1;
		close(link);
	} else {
		cached = errno == ENOENT || errno == ESRCH;
	}
	close(prog);
	return cached;
}

/* ---- expansion ---- */

/* "FUNC+OFFSET": split the offset off; -1 when it is not a number. */
static int split_offset(char *func, uint64_t *offset)
{
	char *plus = strchr(func, '+'), *end;

	*offset = 0;
	if (!plus)
		return 0;
	*plus = '\0';
	*offset = strtoull(plus + 1, &end, 0);
	return end == plus + 1 || *end ? -1 : 0;
}

static struct kprobe_target *target_new(const char *module, const char *func,
					uint64_t offset, bool ret)
{
	struct kprobe_target *t = xcalloc(1, sizeof(*t));

	t->module = module ? xstrdup(module) : NULL;
	t->func = xstrdup(func);
	t->offset = offset;
	t->retprobe = ret;
	return t;
}

static void add_probe(probelist *out, const struct provider *prov, struct kprobe_target *t)
{
	struct strbuf name;
	struct probe p;

	sb_init(&name);
	sb_addf(&name, "%s:", prov->name);
	if (t->module)
		sb_addf(&name, "%s:", t->module);
	sb_adds(&name, t->func);
	if (t->offset)
		sb_addf(&name, "+%llu", (unsigned long long)t->offset);
	p.name = sb_steal(&name);
	p.target = t;
	vec_push(out, p);
}

static bool module_matches(const char *pattern, const struct kfunc *f)
{
	if (!pattern)
		return true;
	return probe_match(pattern, f->module ? f->module : "vmlinux");
}

static int expand_wildcard(const struct provider *prov, const char *module, const char *func,
			   const struct expand_ctx *ctx, probelist *out)
{
	bool ret = prov->has_retval;
	struct kprobe_group *group = NULL;
	kfunclist funcs = { 0 };
	int before = out->n, disallowed = 0;

	if (kfuncs_read(&funcs)) {
		diag_error(ctx->src, ctx->loc, "cannot read the kernel's function list");
		return -1;
	}
	if (kprobe_multi_supported()) {
		group = xcalloc(1, sizeof(*group));
		group->pattern = xasprintf("%s:%s%s%s", prov->name, module ? module : "",
					   module ? ":" : "", func);
	}
	for (int i = 0; i < funcs.n; i++) {
		struct kprobe_target *t;

		if (!probe_match(func, funcs.v[i].name) || !module_matches(module, &funcs.v[i]))
			continue;
		if (kfunc_disallowed(funcs.v[i].name)) {
			disallowed++;
			continue;
		}
		t = target_new(module ? funcs.v[i].module : NULL, funcs.v[i].name, 0, ret);
		if (group) {
			t->group = group;
			group->members++;
			group->refs++;
		}
		add_probe(out, prov, t);
	}
	kfuncs_free(&funcs);
	if (out->n == before) {
		if (group) {
			free(group->pattern);
			free(group);
		}
		if (disallowed)	/* none left to attach: "Probe has no valid attach points." */
			return 0;
		diag_error(ctx->src, ctx->loc, "kprobes not found: %s%s%s", module ? module : "",
			   module ? ":" : "", func);
		return -1;
	}
	return 0;
}

static bool module_loaded(const kfunclist *funcs, const char *module)
{
	if (strcmp(module, "vmlinux") == 0)
		return true;
	for (int i = 0; i < funcs->n; i++)
		if (funcs->v[i].module && strcmp(funcs->v[i].module, module) == 0)
			return true;
	return false;
}

/*
 * A text symbol ftrace does not list may still take a kprobe (on Debian's
 * 6.1, __x64_sys_getppid is an alias ftrace knows under another name).
 */
static bool in_kallsyms(const char *func, const char *module)
{
	char *text = read_file("/proc/kallsyms", NULL);
	kfunclist syms = { 0 };
	bool found;

	if (!text)
		return true;	/* cannot tell: let the attach decide */
	kfuncs_parse_kallsyms(text, &syms);
	free(text);
	kfuncs_sort(&syms);
	found = kfuncs_has(&syms, func, module);
	kfuncs_free(&syms);
	return found;
}

/*
 * One named function, checked as bpftrace checks it: its module must be
 * loaded, and a function the kernel (or --traceable-functions) does not
 * list as traceable (nor has among its text symbols) is reported; it is still tried under --unsafe (the attach then fails if
 * it does not exist), otherwise it is a missing probe (missing_probes).
 * Addresses and kernels without a function list are not checked.
 */
static int expand_exact(const struct provider *prov, const char *spec, const char *module,
			const char *func, uint64_t offset, const struct expand_ctx *ctx,
			probelist *out)
{
	kfunclist funcs = { 0 };
	bool traceable = true;
	char *end;

	if (isdigit((unsigned char)func[0]) && !module) {
		uint64_t addr = strtoull(func, &end, 0);

		if (!*end) {
			struct kprobe_target *t;
			char dec[24];

			snprintf(dec, sizeof(dec), "%llu", (unsigned long long)addr);
			t = target_new(NULL, dec, offset, prov->has_retval);
			t->addr = addr;
			t->is_addr = true;
			add_probe(out, prov, t);
			return 0;
		}
	}
	if (!isdigit((unsigned char)func[0]) && kfuncs_read(&funcs) == 0 &&
	    (funcs.n || kfuncs_overridden())) {
		if (module && !module_loaded(&funcs, module)) {
			kfuncs_free(&funcs);
			diag_error(ctx->src, ctx->loc,
				   "specified module %s in probe %s:%s is not loaded.",
				   module, prov->name, spec);
			return -1;
		}
		/* a list given by --traceable-functions is the whole truth */
		traceable = kfuncs_has(&funcs, func, module) ||
			    (!kfuncs_overridden() && in_kallsyms(func, module));
	}
	kfuncs_free(&funcs);
	if (!traceable) {
		if (ctx->missing != MISSING_IGNORE || ctx->unsafe)
			diag_warning(ctx->src, ctx->loc, "%s is not traceable (either non-existing, "
				     "inlined, or marked as \"notrace\"); attaching to it will likely fail",
				     func);
		if (!ctx->unsafe) {
			if (ctx->missing == MISSING_ERROR) {
				diag_error(ctx->src, ctx->loc, "No matches for %s %s.", prov->name, spec);
				return -1;
			}
			if (ctx->missing == MISSING_WARN)
				diag_warning(ctx->src, ctx->loc, "No matches for %s %s. Skipping.",
					     prov->name, spec);
			return 0;
		}
	}
	add_probe(out, prov, target_new(module, func, offset, prov->has_retval));
	return 0;
}

static int kp_expand(const struct provider *prov, const char *spec,
		     const struct expand_ctx *ctx, probelist *out)
{
	char *module = NULL, *func, *colon;
	uint64_t offset;
	int err = -1;

	if (!*spec) {
		diag_error(ctx->src, ctx->loc, "%s probe type requires 1 or 2 arguments",
			   prov->name);
		return -1;
	}
	if (!ctx->no_attach && kprobe_pmu_type() < 0) {
		diag_plain_error("%s:%s: this kernel has no kprobe support (CONFIG_KPROBES is not set)",
				 prov->name, spec);
		return -1;
	}
	func = xstrdup(spec);
	colon = strchr(func, ':');
	if (colon) {
		*colon = '\0';
		module = func;
		func = xstrdup(colon + 1);
		if (!*module || !*func || strchr(func, ':')) {
			diag_error(ctx->src, ctx->loc, "%s probe type requires 1 or 2 arguments",
				   prov->name);
			goto out;
		}
	}
	if (split_offset(func, &offset)) {
		diag_error(ctx->src, ctx->loc, "invalid offset in %s:%s", prov->name, spec);
		goto out;
	}
	if (offset && prov->has_retval) {
		diag_error(ctx->src, ctx->loc, "an offset is not allowed for %s probes", prov->name);
		goto out;
	}
	if (probe_has_wildcard(func) || (module && probe_has_wildcard(module))) {
		if (offset) {
			diag_error(ctx->src, ctx->loc, "an offset is not allowed with wildcards");
			goto out;
		}
		err = expand_wildcard(prov, module, func, ctx, out);
	} else {
		err = expand_exact(prov, spec, module, func, offset, ctx, out);
	}
out:
	free(module);
	free(func);
	return err;
}

/* ---- attaching ---- */

static int open_kprobe(const struct kprobe_target *t)
{
	/* "vmlinux" names the core kernel, which the PMU takes without a module */
	bool core = !t->module || strcmp(t->module, "vmlinux") == 0;
	char *name = t->is_addr ? NULL : core ? xstrdup(t->func) :
		     xasprintf("%s:%s", t->module, t->func);
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.sample_period = 1,
		.wakeup_events = 1,
		.disabled = 1,
	};
	int type = kprobe_pmu_type(), fd;

	if (type < 0) {
		free(name);
		return type;
	}
	attr.type = type;
	if (t->retprobe)
		attr.config |= 1ULL << retprobe_bit();
	attr.config1 = (uint64_t)(uintptr_t)name;	/* NULL: config2 is the address */
	attr.config2 = t->is_addr ? t->addr + t->offset : t->offset;
	/* Like tracepoints, one event's program runs for hits on every CPU. */
	fd = perf_open(&attr, -1, 0);
	free(name);
	return fd;
}

static int attach_single(const struct kprobe_target *t, const char *probe, int prog_fd,
			 fdlist *fds)
{
	int fd = open_kprobe(t);

	if (fd < 0 && t->is_addr) {
		fprintf(stderr, "ERROR: Unable to attach probe: %s (no kprobe at address 0x%llx: %s)\n",
			probe, (unsigned long long)(t->addr + t->offset), strerror(-fd));
		return fd;
	}
	if (fd == -ENOENT || fd == -EINVAL) {
		fprintf(stderr, "ERROR: Unable to attach probe: %s (no traceable kernel function %s%s%s)\n",
			probe, t->module ? t->module : "", t->module ? ":" : "", t->func);
		return fd;
	}
	return perf_attach_event(probe, fd, prog_fd, 0, fds);
}

/* One kprobe_multi link for every function of the group that uses prog_fd. */
static int link_multi(struct kprobe_group *g, int prog_fd, bool ret, fdlist *fds)
{
	VEC(const char *) syms = { 0 };
	int link;

	for (int i = 0; i < g->syms.n; i++)
		if (g->prog_fds.v[i] == prog_fd)
			vec_push(&syms, g->syms.v[i]);
	LIBBPF_OPTS(bpf_link_create_opts, opts, .kprobe_multi.syms = syms.v,
		    .kprobe_multi.cnt = syms.n,
		    .kprobe_multi.flags = ret ? BPF_F_KPROBE_MULTI_RETURN : 0);
	link = bpf_link_create(prog_fd, 0, BPF_TRACE_KPROBE_MULTI, &opts);
	vec_free(&syms);
	if (link < 0) {
		int err = -errno;

		fprintf(stderr, "ERROR: %s: attaching a kprobe_multi link failed: %s\n",
			g->pattern, strerror(-err));
		return err;
	}
	vec_push(fds, link);
	return 0;
}

/*
 * Group members only record their request; the last one makes the links,
 * one per distinct program (identical probe bodies share one program).
 */
static int attach_grouped(struct kprobe_target *t, int prog_fd, fdlist *fds)
{
	struct kprobe_group *g = t->group;
	int err = 0;

	vec_push(&g->syms, t->func);
	vec_push(&g->prog_fds, prog_fd);
	if (g->syms.n < g->members)
		return 0;
	for (int i = 0; i < g->syms.n && !err; i++) {
		bool first = true;

		for (int j = 0; j < i; j++)
			if (g->prog_fds.v[j] == g->prog_fds.v[i])
				first = false;
		if (first)
			err = link_multi(g, g->prog_fds.v[i], t->retprobe, fds);
	}
	vec_free(&g->syms);
	vec_free(&g->prog_fds);
	return err;
}

static int kp_attach(void *target, const char *probe, int prog_fd, fdlist *fds)
{
	struct kprobe_target *t = target;

	return t->group ? attach_grouped(t, prog_fd, fds) : attach_single(t, probe, prog_fd, fds);
}

static uint32_t kp_expected_attach_type(void *target)
{
	struct kprobe_target *t = target;

	return t->group ? BPF_TRACE_KPROBE_MULTI : 0;
}

/* ---- listing ---- */

/*
 * -lv: the function's declaration from BTF, as bpftrace prints it
 * ("    int do_sys_openat2(int dfd, const char * filename, ...);", a module's
 * function as "module:name"); nothing for a function BTF does not know.
 */
static void list_decl(const struct kfunc *f, FILE *out)
{
	const struct btfr *btf = f->module ? kbtf_module(f->module) : kbtf_vmlinux();
	int fid = btf ? btfr_find(btf, f->name, BTF_KIND_FUNC) : -1;
	kbtf_params params = { 0 };
	uint32_t ret = 0;
	char *ret_text;

	if (fid <= 0 || kbtf_proto_params(btf, btfr_type(btf, fid)->type, 0, &params, &ret))
		return;
	ret_text = ret ? kbtf_type_str(btf, ret) : xstrdup("void");
	fprintf(out, "    %s %s%s%s(", ret_text, f->module ? f->module : "", f->module ? ":" : "",
		f->name);
	for (int i = 0; i < params.n; i++)
		fprintf(out, "%s%s %s", i ? ", " : "", params.v[i].type, params.v[i].name);
	fprintf(out, ");\n");
	free(ret_text);
	kbtf_params_free(&params);
}

static void list_as(const char *prov_name, const char *pattern, bool verbose, FILE *out)
{
	kfunclist funcs = { 0 };

	if (kprobe_pmu_type() < 0 || kfuncs_read(&funcs))
		return;
	for (int i = 0; i < funcs.n; i++) {
		char *name;

		if (kfunc_disallowed(funcs.v[i].name))
			continue;
		name = funcs.v[i].module ?
			xasprintf("%s:%s:%s", prov_name, funcs.v[i].module, funcs.v[i].name) :
			xasprintf("%s:%s", prov_name, funcs.v[i].name);

		if (kbtf_list_match(pattern, name)) {
			fprintf(out, "%s\n", name);
			if (verbose)
				list_decl(&funcs.v[i], out);
		}
		free(name);
	}
	kfuncs_free(&funcs);
}

static void kprobe_list(const char *pattern, bool verbose, FILE *out)
{
	list_as("kprobe", pattern, verbose, out);
}

static void kretprobe_list(const char *pattern, bool verbose, FILE *out)
{
	list_as("kretprobe", pattern, verbose, out);
}

static struct type *kp_args_type(void *target)
{
	return NULL;
}

static void kp_free_target(void *target)
{
	struct kprobe_target *t = target;

	if (!t)
		return;
	if (t->group && --t->group->refs == 0) {
		vec_free(&t->group->syms);
		vec_free(&t->group->prog_fds);
		free(t->group->pattern);
		free(t->group);
	}
	free(t->module);
	free(t->func);
	free(t);
}

const struct provider provider_kprobe = {
	.name = "kprobe",
	.caps = PCAP_FUNC | PCAP_OVERRIDE,
	.aliases = (const char *const[]){ "k", NULL },
	.kind = PROV_ATTACHED,
	.attach_reverse = true,
	.pid_filter = true,
	.prog_type = BPF_PROG_TYPE_KPROBE,
	.expand = kp_expand,
	.args_type = kp_args_type,
	.attach = kp_attach,
	.list = kprobe_list,
	.free_target = kp_free_target,
	.ctx = CTX_PT_REGS,
	.max_args = 6,
	.expected_attach_type = kp_expected_attach_type,
};

const struct provider provider_kretprobe = {
	.name = "kretprobe",
	.caps = PCAP_FUNC,
	.aliases = (const char *const[]){ "kr", NULL },
	.kind = PROV_ATTACHED,
	.prog_type = BPF_PROG_TYPE_KPROBE,
	.expand = kp_expand,
	.args_type = kp_args_type,
	.attach = kp_attach,
	.list = kretprobe_list,
	.free_target = kp_free_target,
	.ctx = CTX_PT_REGS,
	.has_retval = true,
	.pid_filter = true,
	.expected_attach_type = kp_expected_attach_type,
};
