// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel-side providers: function lists, software/hardware events,
 * watchpoint specs, raw tracepoint arguments from BTF, and the errors a
 * kernel without a feature gives.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang/diag.h"
#include "probes/kallsyms.h"
#include "probes/kbtf.h"
#include "probes/kprobe.h"
#include "probes/provider.h"
#include "probes/rawtracepoint.h"
#include "test.h"

static struct source src = { .name = "stdin", .text = "x", .len = 1 };

/* Expand "attach_point" quietly; the number of probes, or -1. */
static int expand(const char *attach_point, probelist *out, const struct provider **prov)
{
	struct expand_ctx ctx = { .src = &src };

	return probe_expand(attach_point, &ctx, out, prov) ? -1 : out->n;
}

static void free_probes(probelist *list, const struct provider *prov)
{
	for (int i = 0; i < list->n; i++) {
		if (prov && prov->free_target)
			prov->free_target(list->v[i].target);
		free(list->v[i].name);
	}
	vec_free(list);
}

static void test_filter_functions(void)
{
	kfunclist l = { 0 };

	kfuncs_parse_filter_functions("vfs_read\nfoo.part.0\nbar [ext4]\nvfs_read\nabc\n", &l);
	kfuncs_sort(&l);
	CHECK_INT(l.n, 3);
	CHECK_STR(l.v[0].name, "abc");
	CHECK_STR(l.v[1].name, "bar");
	CHECK_STR(l.v[1].module, "ext4");
	CHECK(l.v[2].module == NULL);
	CHECK(kfuncs_has(&l, "vfs_read", NULL));
	CHECK(kfuncs_has(&l, "vfs_read", "vmlinux"));
	CHECK(kfuncs_has(&l, "bar", "ext4"));
	CHECK(!kfuncs_has(&l, "bar", "xfs"));
	CHECK(!kfuncs_has(&l, "zzz", NULL));
	kfuncs_free(&l);
}

static void test_kallsyms(void)
{
	kfunclist l = { 0 };

	kfuncs_parse_kallsyms("ffffffff81000000 T _stext\n"
			      "ffffffff81000010 d some_data\n"
			      "ffffffff81000020 t helper\t[nf_tables]\n", &l);
	kfuncs_sort(&l);
	CHECK_INT(l.n, 2);
	CHECK_STR(l.v[0].name, "_stext");
	CHECK_STR(l.v[1].name, "helper");
	CHECK_STR(l.v[1].module, "nf_tables");
	kfuncs_free(&l);
}

static void test_software(void)
{
	const struct provider *prov = NULL;
	probelist l = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *mem;

	CHECK_INT(expand("software:cs:10", &l, &prov), 1);
	CHECK_STR(l.n ? l.v[0].name : NULL, "software:cs:10");
	CHECK(prov && prov->prog_type == BPF_PROG_TYPE_PERF_EVENT);
	free_probes(&l, prov);
	CHECK_INT(expand("s:faults", &l, &prov), 1);
	free_probes(&l, prov);
	CHECK_INT(expand("software:no-such-event", &l, &prov), -1);
	CHECK_INT(expand("software:cs:abc", &l, &prov), -1);
	CHECK_INT(expand("software:cs:0", &l, &prov), -1);
	free_probes(&l, prov);

	mem = open_memstream(&buf, &len);
	probe_list("software:c*", false, mem);
	fclose(mem);
	CHECK_STR(buf, "software:context-switches:\nsoftware:cpu-clock:\n"
		  "software:cpu-migrations:\nsoftware:cpu:\nsoftware:cs:\n");
	free(buf);
	buf = NULL;
	mem = open_memstream(&buf, &len);
	probe_list("h:branch*", false, mem);
	fclose(mem);
	CHECK_STR(buf, "hardware:branch-instructions:\nhardware:branch-misses:\n"
		  "hardware:branches:\n");
	free(buf);
}

static void test_watchpoint(void)
{
	const struct provider *prov = NULL;
	probelist l = { 0 };

	CHECK_INT(expand("watchpoint:0x1000:8:rw", &l, &prov), 1);
	CHECK_STR(l.n ? l.v[0].name : NULL, "watchpoint:0x1000:8:rw");
	free_probes(&l, prov);
	CHECK_INT(expand("w:0x1000:4:x", &l, &prov), 1);
	free_probes(&l, prov);
	CHECK_INT(expand("watchpoint:0x1000:3:w", &l, &prov), -1);
	CHECK_INT(expand("watchpoint:0x1000:8:q", &l, &prov), -1);
	CHECK_INT(expand("watchpoint:0x1000:8:rr", &l, &prov), -1);
	CHECK_INT(expand("watchpoint:0x1000:8:xw", &l, &prov), -1);
	CHECK_INT(expand("watchpoint:zz:8:w", &l, &prov), -1);
	CHECK_INT(expand("watchpoint:0x1000", &l, &prov), -1);
}

/* On a kernel without kprobes the error is one line naming the feature. */
static void test_kprobe_missing(void)
{
	const struct provider *prov = NULL;
	probelist l = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *saved = diag_out;

	if (kprobe_pmu_type() >= 0)
		return;
	diag_out = open_memstream(&buf, &len);
	CHECK_INT(expand("kprobe:vfs_read", &l, &prov), -1);
	fclose(diag_out);
	diag_out = saved;
	CHECK_STR(buf, "ERROR: kprobe:vfs_read: this kernel has no kprobe support "
		  "(CONFIG_KPROBES is not set)\n");
	free(buf);
}

static void test_kprobe_spec_errors(void)
{
	const struct provider *prov = NULL;
	probelist l = { 0 };

	if (kprobe_pmu_type() < 0)
		return;
	CHECK_INT(expand("kretprobe:vfs_read+4", &l, &prov), -1);
	CHECK_INT(expand("kprobe:vfs_read+zz", &l, &prov), -1);
	CHECK_INT(expand("kprobe:vfs_read+8", &l, &prov), 1);
	CHECK_STR(l.n ? l.v[0].name : NULL, "kprobe:vfs_read+8");
	free_probes(&l, prov);
}

static void test_rawtracepoint(void)
{
	const struct provider *prov = NULL;
	probelist l = { 0 };
	int index = -1, type = 0;

	if (!kbtf_vmlinux() || access("/sys/kernel/btf/vmlinux", R_OK))
		return;
	CHECK_INT(expand("rawtracepoint:sched_switch", &l, &prov), 1);
	CHECK_STR(l.n ? l.v[0].name : NULL, "rawtracepoint:vmlinux:sched_switch");
	if (l.n) {
		CHECK_INT(rawtracepoint_arg(l.v[0].target, "prev", &index, &type), 0);
		CHECK_INT(index, 1);
		CHECK(type > 0);
		CHECK_INT(rawtracepoint_arg(l.v[0].target, "nonesuch", &index, &type), -1);
		CHECK(rawtracepoint_nargs(l.v[0].target) >= 3);
	}
	free_probes(&l, prov);
	CHECK_INT(expand("rt:sonde_no_such_tracepoint", &l, &prov), -1);
	CHECK(expand("rt:vmlinux:sched_sw*", &l, &prov) >= 1);
	free_probes(&l, prov);
}

static void test_btf_type_str(void)
{
	const struct btfr *btf = kbtf_vmlinux();
	kbtf_params params = { 0 };

	if (!btf)
		return;
	CHECK_INT(kbtf_param_index(&params, "x"), -1);
	CHECK(kbtf_list_match("fentry:vfs_*", "fentry:vmlinux:vfs_read"));
	CHECK(kbtf_list_match("fentry:vmlinux:vfs_read", "fentry:vmlinux:vfs_read"));
	CHECK(!kbtf_list_match("fentry:ext4:*", "fentry:vmlinux:vfs_read"));
}

int main(void)
{
	FILE *quiet = fopen("/dev/null", "w");

	diag_out = quiet;
	test_filter_functions();
	test_kallsyms();
	test_software();
	test_watchpoint();
	test_kprobe_missing();
	diag_out = quiet;
	test_kprobe_spec_errors();
	test_rawtracepoint();
	test_btf_type_str();
	fclose(quiet);
	return test_done("providers_kernel");
}
