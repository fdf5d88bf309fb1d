// SPDX-License-Identifier: GPL-2.0
/*
 * The feature table of `sonde --info`.  Every row is the result of
 * trying: a version number says little on distribution kernels, where
 * features are configured out (kprobes) or refused (fentry under some
 * lockdown policies).
 */
#include "info.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <linux/perf_event.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../probes/fentry.h"
#include "../probes/iter.h"
#include "../probes/kbtf.h"
#include "../probes/kprobe.h"
#include "../probes/perf.h"
#include "../util.h"

#define NAME_WIDTH 26

static void section(FILE *out, const char *title)
{
	fprintf(out, "%s\n", title);
}

static void row(FILE *out, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void row(FILE *out, const char *name, const char *fmt, ...)
{
	va_list ap;

	fprintf(out, "  %-*s", NAME_WIDTH, name);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
}

static void yes_no(FILE *out, const char *name, int err)
{
	if (!err)
		row(out, name, "yes");
	else if (err > 0)
		row(out, name, "no");
	else
		row(out, name, "no (%s)", strerror(-err));
}

static const struct bpf_insn trivial[] = {
	{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
	{ .code = BPF_JMP | BPF_EXIT },
};

/* ---- rows ---- */

char *info_lockdown(void)
{
	char *text = read_file("/sys/kernel/security/lockdown", NULL);
	char *open, *close, *mode = NULL;

	if (!text)
		return NULL;
	open = strchr(text, '[');
	close = open ? strchr(open, ']') : NULL;
	if (close)
		mode = xstrndup(open + 1, close - open - 1);
	free(text);
	return mode;
}

static void kernel_rows(FILE *out)
{
	struct utsname u;
	char *lockdown = info_lockdown();

	section(out, "Kernel");
	if (uname(&u) == 0) {
		row(out, "release", "%s", u.release);
		row(out, "version", "%s", u.version);
		row(out, "machine", "%s", u.machine);
	}
	yes_no(out, "BTF (vmlinux)", kbtf_vmlinux() ? 0 : 1);
	row(out, "lockdown", "%s", lockdown ? lockdown : "unknown (securityfs not mounted)");
	free(lockdown);
}

struct prog_type_row {
	const char *name;
	enum bpf_prog_type type;
};

static const struct prog_type_row prog_types[] = {
	{ "kprobe", BPF_PROG_TYPE_KPROBE },
	{ "tracepoint", BPF_PROG_TYPE_TRACEPOINT },
	{ "perf_event", BPF_PROG_TYPE_PERF_EVENT },
	{ "raw_tracepoint", BPF_PROG_TYPE_RAW_TRACEPOINT },
	{ "tracing", BPF_PROG_TYPE_TRACING },
};

static void prog_type_rows(FILE *out)
{
	section(out, "Program types");
	for (size_t i = 0; i < ARRAY_SIZE(prog_types); i++) {
		int r = libbpf_probe_bpf_prog_type(prog_types[i].type, NULL);

		/* Tracing programs load only against a target: ask the providers. */
		if (prog_types[i].type == BPF_PROG_TYPE_TRACING) {
			yes_no(out, prog_types[i].name, !iter_check() || !fentry_check() ? 0 : 1);
			continue;
		}
		yes_no(out, prog_types[i].name, r > 0 ? 0 : r == 0 ? 1 : r);
	}
}

struct helper_row {
	const char *name;
	enum bpf_func_id id;
};

static const struct helper_row helpers[] = {
	{ "probe_read", BPF_FUNC_probe_read },
	{ "probe_read_kernel", BPF_FUNC_probe_read_kernel },
	{ "probe_read_user", BPF_FUNC_probe_read_user },
	{ "probe_read_user_str", BPF_FUNC_probe_read_user_str },
	{ "get_current_cgroup_id", BPF_FUNC_get_current_cgroup_id },
	{ "send_signal", BPF_FUNC_send_signal },
	{ "override_return", BPF_FUNC_override_return },
	{ "get_func_ip", BPF_FUNC_get_func_ip },
	{ "get_attach_cookie", BPF_FUNC_get_attach_cookie },
	{ "ringbuf_output", BPF_FUNC_ringbuf_output },
	{ "ktime_get_boot_ns", BPF_FUNC_ktime_get_boot_ns },
	{ "get_ns_current_pid_tgid", BPF_FUNC_get_ns_current_pid_tgid },
	{ "probe_write_user", BPF_FUNC_probe_write_user },
	{ "loop", BPF_FUNC_loop },
};

static void helper_rows(FILE *out)
{
	section(out, "Helpers (kprobe programs)");
	for (size_t i = 0; i < ARRAY_SIZE(helpers); i++) {
		int r = libbpf_probe_bpf_helper(BPF_PROG_TYPE_KPROBE, helpers[i].id, NULL);

		yes_no(out, helpers[i].name, r > 0 ? 0 : r == 0 ? 1 : r);
	}
}

/* BPF_PROG_TEST_RUN of a raw tracepoint program, as BEGIN/END use it. */
static int try_test_run(void)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts);
	int fd = bpf_prog_load(BPF_PROG_TYPE_RAW_TRACEPOINT, "sonde_probe", "GPL", trivial,
			       ARRAY_SIZE(trivial), NULL);
	int err;

	if (fd < 0)
		return -errno;
	err = bpf_prog_test_run_opts(fd, &opts) ? -errno : 0;
	close(fd);
	return err;
}

static int try_ringbuf(void)
{
	int fd = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "sonde_probe", 0, 0, 4096, NULL);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

static int pmu_exists(const char *name)
{
	char *path = xasprintf("/sys/bus/event_source/devices/%s/type", name);
	int err = access(path, R_OK) ? -errno : 0;

	free(path);
	return err;
}

static int try_counter(uint32_t type, uint64_t config)
{
	int fd = perf_open_counter(type, config, 1000000, -1, 0);

	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

static void feature_rows(FILE *out)
{
	int kp = kprobe_pmu_type();

	section(out, "Features");
	yes_no(out, "ring buffer map", try_ringbuf());
	yes_no(out, "BPF_PROG_TEST_RUN", try_test_run());
	yes_no(out, "kprobes (kprobe PMU)", kp < 0 ? kp : 0);
	yes_no(out, "kprobe_multi links", kp < 0 ? 1 : kprobe_multi_supported() ? 0 : 1);
	yes_no(out, "uprobes (uprobe PMU)", pmu_exists("uprobe"));
	yes_no(out, "fentry/fexit", fentry_check());
	yes_no(out, "iterators", iter_check());
	yes_no(out, "software counters", try_counter(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK));
	yes_no(out, "hardware counters", try_counter(PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES));
	yes_no(out, "breakpoints", pmu_exists("breakpoint"));
}

void info_print(FILE *out)
{
	kernel_rows(out);
	fputc('\n', out);
	prog_type_rows(out);
	fputc('\n', out);
	feature_rows(out);
	fputc('\n', out);
	helper_rows(out);
}
