// SPDX-License-Identifier: GPL-2.0
/*
 * Probe providers: tracefs format parsing (from format files captured on
 * Linux 6.18), tracepoint expansion against the live tracefs, provider
 * lookup, attach point errors, timer specs, CPU lists and -l.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probes/perf.h"
#include "probes/provider.h"
#include "probes/tracefs.h"
#include "test.h"

static const char fmt_openat[] =
	"name: sys_enter_openat\n"
	"ID: 782\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n"
	"\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n"
	"\tfield:int dfd;\toffset:16;\tsize:8;\tsigned:0;\n"
	"\tfield:const char * filename;\toffset:24;\tsize:8;\tsigned:0;\n"
	"\tfield:int flags;\toffset:32;\tsize:8;\tsigned:0;\n"
	"\tfield:umode_t mode;\toffset:40;\tsize:8;\tsigned:0;\n"
	"\n"
	"print fmt: \"dfd: 0x%08lx, filename: 0x%08lx, flags: 0x%08lx, mode: 0x%08lx\", "
	"((unsigned long)(REC->dfd)), ((unsigned long)(REC->filename)), "
	"((unsigned long)(REC->flags)), ((unsigned long)(REC->mode))\n";

static const char fmt_sched_switch[] =
	"name: sched_switch\n"
	"ID: 372\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n"
	"\tfield:char prev_comm[16];\toffset:8;\tsize:16;\tsigned:0;\n"
	"\tfield:pid_t prev_pid;\toffset:24;\tsize:4;\tsigned:1;\n"
	"\tfield:int prev_prio;\toffset:28;\tsize:4;\tsigned:1;\n"
	"\tfield:long prev_state;\toffset:32;\tsize:8;\tsigned:1;\n"
	"\tfield:char next_comm[16];\toffset:40;\tsize:16;\tsigned:0;\n"
	"\tfield:pid_t next_pid;\toffset:56;\tsize:4;\tsigned:1;\n"
	"\tfield:int next_prio;\toffset:60;\tsize:4;\tsigned:1;\n"
	"\n"
	"print fmt: \"prev_comm=%s prev_pid=%d prev_prio=%d prev_state=%s%s ==> "
	"next_comm=%s next_pid=%d next_prio=%d\", REC->prev_comm, REC->prev_pid\n";

static const char fmt_exec[] =
	"name: sched_process_exec\n"
	"ID: 365\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n"
	"\tfield:__data_loc char[] filename;\toffset:8;\tsize:4;\tsigned:0;\n"
	"\tfield:pid_t pid;\toffset:12;\tsize:4;\tsigned:1;\n"
	"\tfield:pid_t old_pid;\toffset:16;\tsize:4;\tsigned:1;\n"
	"\n"
	"print fmt: \"filename=%s pid=%d old_pid=%d\", __get_str(filename), REC->pid, "
	"REC->old_pid\n";

static const char fmt_block_rq_issue[] =
	"name: block_rq_issue\n"
	"ID: 2104\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n"
	"\tfield:dev_t dev;\toffset:8;\tsize:4;\tsigned:0;\n"
	"\tfield:sector_t sector;\toffset:16;\tsize:8;\tsigned:0;\n"
	"\tfield:unsigned int nr_sector;\toffset:24;\tsize:4;\tsigned:0;\n"
	"\tfield:unsigned int bytes;\toffset:28;\tsize:4;\tsigned:0;\n"
	"\tfield:unsigned short ioprio;\toffset:32;\tsize:2;\tsigned:0;\n"
	"\tfield:char rwbs[10];\toffset:34;\tsize:10;\tsigned:0;\n"
	"\tfield:char comm[16];\toffset:44;\tsize:16;\tsigned:0;\n"
	"\tfield:__data_loc char[] cmd;\toffset:60;\tsize:4;\tsigned:0;\n"
	"\n"
	"print fmt: \"%d,%d %s %u (%s) %llu + %u %s,%u,%u [%s]\", REC->rwbs\n";

/* Shapes seen elsewhere in tracefs (skb, sock, raw_syscalls, ...). */
static const char fmt_misc[] =
	"name: misc\n"
	"format:\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\tfield:const void * skbaddr;\toffset:8;\tsize:8;\tsigned:0;\n"
	"\tfield:__u8 saddr[4];\toffset:16;\tsize:4;\tsigned:0;\n"
	"\tfield:unsigned long args[6];\toffset:24;\tsize:48;\tsigned:0;\n"
	"\tfield:bool ok;\toffset:72;\tsize:1;\tsigned:0;\n"
	"\tfield:u16 family;\toffset:74;\tsize:2;\tsigned:0;\n"
	"\tfield:char comm[TASK_COMM_LEN];\toffset:76;\tsize:16;\tsigned:0;\n"
	"\tfield:struct foo * foo;\toffset:96;\tsize:8;\tsigned:0;\n"
	"\tfield:garbage without offsets;\n"
	"\tfield:;\toffset:1;\tsize:1;\tsigned:0;\n";

static const struct field *field(const struct type *t, const char *name)
{
	for (int i = 0; i < t->nfields; i++)
		if (strcmp(t->fields[i].name, name) == 0)
			return &t->fields[i];
	return NULL;
}

/* A field's offset, kind, size, signedness; NULL-safe for CHECKs. */
static void check_int(const struct type *t, const char *name, uint32_t off, uint32_t size,
		      bool is_signed)
{
	const struct field *f = field(t, name);

	CHECK(f != NULL);
	if (!f)
		return;
	CHECK_INT(f->offset, off);
	CHECK_INT(f->type->kind, TY_INT);
	CHECK_INT(f->type->size, size);
	CHECK_INT(f->type->is_signed, is_signed);
	CHECK(!f->data_loc);
}

static void check_str(const struct type *t, const char *name, uint32_t off, uint32_t size,
		      bool data_loc)
{
	const struct field *f = field(t, name);

	CHECK(f != NULL);
	if (!f)
		return;
	CHECK_INT(f->offset, off);
	CHECK_INT(f->type->kind, TY_STR);
	CHECK_INT(f->type->size, size);
	CHECK_INT(f->data_loc, data_loc);
}

static void test_openat(void)
{
	struct type *t = tracefs_parse_format(fmt_openat, "syscalls");
	const struct field *f;

	CHECK_INT(t->kind, TY_CTX);
	CHECK_STR(t->name, "struct _tracepoint_syscalls_sys_enter_openat");
	CHECK_INT(t->nfields, 5);
	CHECK_INT(t->size, 48);
	CHECK(field(t, "common_pid") == NULL);
	CHECK_STR(t->fields[0].name, "__syscall_nr");
	check_int(t, "__syscall_nr", 8, 4, true);
	/* declared int in an 8-byte slot: still an int */
	check_int(t, "dfd", 16, 4, true);
	check_int(t, "flags", 32, 4, true);
	/* typedef: size and signedness from the file */
	check_int(t, "mode", 40, 8, false);
	f = field(t, "filename");
	CHECK(f != NULL);
	if (f) {
		CHECK_INT(f->offset, 24);
		CHECK_INT(f->type->kind, TY_PTR);
		CHECK_INT(f->type->as, AS_USER);
		CHECK(f->type->elem != NULL);
		if (f->type->elem) {
			CHECK_INT(f->type->elem->kind, TY_INT);
			CHECK_INT(f->type->elem->size, 1);
			CHECK_INT(f->type->elem->is_signed, true);
		}
	}
	tracefs_ctx_free(t);
}

static void test_sched_switch(void)
{
	struct type *t = tracefs_parse_format(fmt_sched_switch, "sched");

	CHECK_INT(t->kind, TY_CTX);
	CHECK_INT(t->nfields, 7);
	CHECK_INT(t->size, 64);
	check_str(t, "prev_comm", 8, 16, false);
	check_int(t, "prev_pid", 24, 4, true);
	check_int(t, "prev_prio", 28, 4, true);
	check_int(t, "prev_state", 32, 8, true);
	check_str(t, "next_comm", 40, 16, false);
	check_int(t, "next_pid", 56, 4, true);
	check_int(t, "next_prio", 60, 4, true);
	tracefs_ctx_free(t);
}

static void test_exec(void)
{
	struct type *t = tracefs_parse_format(fmt_exec, "sched");

	CHECK_INT(t->nfields, 3);
	CHECK_INT(t->size, 24);
	check_str(t, "filename", 8, TRACEFS_DATA_LOC_STRLEN, true);
	check_int(t, "pid", 12, 4, true);
	check_int(t, "old_pid", 16, 4, true);
	tracefs_ctx_free(t);
}

static void test_block(void)
{
	struct type *t = tracefs_parse_format(fmt_block_rq_issue, "block");

	CHECK_INT(t->nfields, 8);
	CHECK_INT(t->size, 64);
	check_int(t, "dev", 8, 4, false);
	check_int(t, "sector", 16, 8, false);
	check_int(t, "nr_sector", 24, 4, false);
	check_int(t, "bytes", 28, 4, false);
	check_int(t, "ioprio", 32, 2, false);
	check_str(t, "rwbs", 34, 10, false);
	check_str(t, "comm", 44, 16, false);
	check_str(t, "cmd", 60, TRACEFS_DATA_LOC_STRLEN, true);
	tracefs_ctx_free(t);
}

static void test_misc_shapes(void)
{
	struct type *t = tracefs_parse_format(fmt_misc, "skb");
	const struct field *f;

	CHECK_INT(t->nfields, 7);
	f = field(t, "skbaddr");
	CHECK(f && f->type->kind == TY_PTR && f->type->elem == NULL && f->type->as == AS_KERNEL);
	f = field(t, "saddr");
	CHECK(f && f->type->kind == TY_ARRAY && f->type->nelem == 4 && f->offset == 16);
	CHECK(f && f->type->elem->kind == TY_INT && f->type->elem->size == 1 &&
	      !f->type->elem->is_signed);
	f = field(t, "args");
	CHECK(f && f->type->kind == TY_ARRAY && f->type->nelem == 6 && f->type->size == 48);
	CHECK(f && f->type->elem->size == 8 && !f->type->elem->is_signed);
	f = field(t, "ok");
	CHECK(f && f->type->kind == TY_BOOL && f->offset == 72);
	check_int(t, "family", 74, 2, false);
	/* an array length that is a macro: taken from the size */
	check_str(t, "comm", 76, 16, false);
	f = field(t, "foo");
	CHECK(f && f->type->kind == TY_PTR && f->type->elem == NULL);
	tracefs_ctx_free(t);
}

static void test_fields_decl(void)
{
	tracefs_fieldlist fl = { 0 };

	tracefs_parse_fields(fmt_block_rq_issue, &fl);
	CHECK_INT(fl.n, 12);
	if (fl.n == 12) {
		CHECK(fl.v[0].common);
		CHECK_STR(fl.v[9].decl, "char rwbs[10]");
		CHECK_STR(fl.v[9].ctype, "char");
		CHECK_INT(fl.v[9].array_len, 10);
		CHECK_STR(fl.v[11].decl, "__data_loc char[] cmd");
		CHECK_STR(fl.v[11].name, "cmd");
		CHECK(fl.v[11].data_loc);
		CHECK_INT(fl.v[11].array_len, -1);
	}
	tracefs_fields_free(&fl);
	tracefs_parse_fields(fmt_openat, &fl);
	CHECK(fl.n == 9 && strcmp(fl.v[6].decl, "const char * filename") == 0);
	tracefs_fields_free(&fl);
	/* nothing to parse is not an error */
	tracefs_parse_fields("", &fl);
	tracefs_parse_fields("field:", &fl);
	CHECK_INT(fl.n, 0);
	tracefs_fields_free(&fl);
}

/* ---- providers ---- */

static struct source src = { "stdin", "tracepoint:x:y { }", 18 };
static char *diag_text;
static size_t diag_len;

/* Run probe_expand with diagnostics captured into diag_text. */
static int expand(const char *ap, probelist *out, const struct provider **prov)
{
	struct expand_ctx ctx = { &src, { 1, 1, 1, 10 }, 0 };
	int ret;

	free(diag_text);
	diag_text = NULL;
	diag_out = open_memstream(&diag_text, &diag_len);
	ret = probe_expand(ap, &ctx, out, prov);
	fclose(diag_out);
	diag_out = NULL;
	return ret;
}

static void free_probes(probelist *pl, const struct provider *prov)
{
	for (int i = 0; i < pl->n; i++) {
		if (prov)
			prov->free_target(pl->v[i].target);
		free(pl->v[i].name);
	}
	vec_free(pl);
}

static void expect_error(const char *ap, const char *msg)
{
	probelist pl = { 0 };
	const struct provider *prov;

	CHECK_INT(expand(ap, &pl, &prov), -1);
	CHECK_INT(pl.n, 0);
	if (!diag_text || !strstr(diag_text, msg)) {
		fprintf(stderr, "%s: want \"%s\" in: %s\n", ap, msg, diag_text);
		CHECK(0);
	}
	free_probes(&pl, prov);
}

static void test_provider_find(void)
{
	static const struct { const char *name, *want; } cases[] = {
		{ "tracepoint", "tracepoint" }, { "t", "tracepoint" }, { "TRACEPOINT", "tracepoint" },
		{ "BEGIN", "BEGIN" }, { "begin", "BEGIN" }, { "Begin", "BEGIN" },
		{ "END", "END" }, { "end", "END" },
		{ "interval", "interval" }, { "i", "interval" }, { "I", "interval" },
		{ "profile", "profile" }, { "p", "profile" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct provider *p = provider_find(cases[i].name);

		CHECK(p != NULL);
		if (p)
			CHECK_STR(p->name, cases[i].want);
	}
	CHECK(provider_find("xyz") == NULL);
	CHECK(provider_find("kprobe") != NULL);
	CHECK(provider_find("") == NULL);
	CHECK(provider_find(NULL) == NULL);
	CHECK_INT(provider_find("BEGIN")->kind, PROV_BEGIN);
	CHECK_INT(provider_find("end")->kind, PROV_END);
	CHECK_INT(provider_find("BEGIN")->prog_type, BPF_PROG_TYPE_RAW_TRACEPOINT);
	CHECK_INT(provider_find("t")->prog_type, BPF_PROG_TYPE_TRACEPOINT);
	CHECK_INT(provider_find("i")->prog_type, BPF_PROG_TYPE_PERF_EVENT);
	CHECK_INT(provider_find("p")->prog_type, BPF_PROG_TYPE_PERF_EVENT);
}

static void test_expand_errors(void)
{
	expect_error("xyz:a", "Invalid probe type: xyz");
	expect_error("xyz", "Invalid probe type: xyz");
	expect_error("asyncwatchpoint:0x1000:8:w", "Invalid probe type: asyncwatchpoint");
	expect_error("self:signal:SIGUSR2", "SIGUSR2 is not a supported signal");
	expect_error("self:timer:SIGUSR1", "timer is not a supported trigger");
	expect_error("self:signal", "self probe type requires 2 arguments");
	expect_error("bench:", "bench probes must have a name");
	expect_error("bench:a:b", "bench probe type requires 1 argument");
	expect_error("tracepoint:sched", "tracepoint probe type requires 2 arguments");
	expect_error("tracepoint:a:b:c", "tracepoint probe type requires 2 arguments");
	expect_error("BEGIN:x", "BEGIN probe type requires 0 arguments");
	expect_error("interval", "interval probe type requires 1 or 2 arguments");
	expect_error("interval:xs:1", "unknown time unit");
	expect_error("interval:s:0", "greater than zero");
	expect_error("interval:s:abc", "not a number");
	expect_error("profile:hz:", "not a number");
	expect_error("interval:10parsecs", "unknown time unit");
	expect_error("interval:s:99999999999999999999", "does not fit in 64 bits");
}

static probelist timer_pl;
static const struct provider *timer_prov;

/* Expand one timer probe; its target lives until the next call. */
static const struct perf_timer *expand_timer(const char *ap, const char *want_name)
{
	free_probes(&timer_pl, timer_prov);
	if (!ap)
		return NULL;
	if (expand(ap, &timer_pl, &timer_prov) || timer_pl.n != 1) {
		fprintf(stderr, "%s: %s\n", ap, diag_text);
		CHECK(0);
		return NULL;
	}
	CHECK_STR(timer_pl.v[0].name, want_name);
	return timer_pl.v[0].target;
}

static void test_expand_timers(void)
{
	const struct perf_timer *t;

	t = expand_timer("interval:s:1", "interval:s:1");
	CHECK(t && t->period_ns == 1000000000ULL && t->freq_hz == 0);
	t = expand_timer("i:ms:100", "interval:ms:100");
	CHECK(t && t->period_ns == 100000000ULL);
	t = expand_timer("interval:us:250", "interval:us:250");
	CHECK(t && t->period_ns == 250000ULL);
	/* the short form is named in microseconds, as bpftrace names it */
	t = expand_timer("interval:100ms", "interval:us:100000");
	CHECK(t && t->period_ns == 100000000ULL);
	t = expand_timer("interval:1000000000", "interval:us:1000000");
	CHECK(t && t->period_ns == 1000000000ULL);
	t = expand_timer("interval:1500", "interval:1500");
	CHECK(t && t->period_ns == 1500ULL);
	t = expand_timer("interval:hz:10", "interval:hz:10");
	CHECK(t && t->freq_hz == 10 && t->period_ns == 0);
	t = expand_timer("p:hz:99", "profile:hz:99");
	CHECK(t && t->freq_hz == 99);
	t = expand_timer("profile:ms:1e1", "profile:ms:1e1");
	CHECK(t && t->period_ns == 10000000ULL);
}

static void test_expand_special(void)
{
	probelist pl = { 0 };
	const struct provider *prov = NULL;

	CHECK_INT(expand("BEGIN", &pl, &prov), 0);
	CHECK_INT(expand("begin", &pl, &prov), 0);
	CHECK_INT(expand("END", &pl, &prov), 0);
	CHECK_INT(pl.n, 3);
	if (pl.n == 3) {
		CHECK_STR(pl.v[0].name, "BEGIN");
		CHECK_STR(pl.v[1].name, "begin");
		CHECK_STR(pl.v[2].name, "END");
		CHECK(pl.v[0].target == NULL);
	}
	CHECK(prov && prov->kind == PROV_END);
	CHECK(prov && prov->args_type(NULL) == NULL);
	CHECK(prov && prov->attach(NULL, "END", -1, NULL) == 0);
	free_probes(&pl, prov);
}

static bool has_probe(const probelist *pl, const char *name)
{
	for (int i = 0; i < pl->n; i++)
		if (strcmp(pl->v[i].name, name) == 0)
			return true;
	return false;
}

static void test_expand_live(void)
{
	probelist pl = { 0 };
	const struct provider *prov = NULL;
	struct type *args;

	if (!tracefs_readable() || !tracefs_event_exists("syscalls", "sys_enter_openat")) {
		TEST_SKIP("test_tracepoint", "live tests: no readable tracefs with syscalls events (needs root)");
		return;
	}
	CHECK_INT(expand("tracepoint:syscalls:sys_enter_open*", &pl, &prov), 0);
	CHECK(pl.n >= 2);
	CHECK(has_probe(&pl, "tracepoint:syscalls:sys_enter_openat"));
	CHECK(!has_probe(&pl, "tracepoint:syscalls:sys_exit_openat"));
	for (int i = 1; i < pl.n; i++)
		CHECK(strcmp(pl.v[i - 1].name, pl.v[i].name) < 0);
	free_probes(&pl, prov);

	CHECK_INT(expand("t:sys?alls:sys_enter_openat", &pl, &prov), 0);
	CHECK_INT(pl.n, 1);
	free_probes(&pl, prov);

	CHECK_INT(expand("tracepoint:syscalls:sys_enter_openat", &pl, &prov), 0);
	CHECK_INT(pl.n, 1);
	if (pl.n == 1) {
		CHECK_STR(pl.v[0].name, "tracepoint:syscalls:sys_enter_openat");
		CHECK_INT(tracefs_event_id("syscalls", "sys_enter_openat") > 0, 1);
		args = prov->args_type(pl.v[0].target);
		CHECK(args && args->kind == TY_CTX);
		CHECK(args && field(args, "filename") && field(args, "filename")->offset == 24);
		/* cached */
		CHECK(prov->args_type(pl.v[0].target) == args);
	}
	free_probes(&pl, prov);

	CHECK_INT(expand("tracepoint:*:sched_switch", &pl, &prov), 0);
	CHECK(has_probe(&pl, "tracepoint:sched:sched_switch"));
	free_probes(&pl, prov);

	expect_error("tracepoint:nosuch:foo", "No matches for tracepoint nosuch:foo.");
	expect_error("tracepoint:syscalls:nosuch", "No matches for tracepoint syscalls:nosuch.");
	expect_error("tracepoint:nosuch:foo*", "tracepoints not found: nosuch:foo*");
	expect_error("tracepoint:../..:x", "No matches for tracepoint ../..:x.");
	expect_error("tracepoint:syscalls:", "No matches for tracepoint syscalls:.");
}

static char *list(const char *pattern, bool verbose)
{
	char *text = NULL;
	size_t len;
	FILE *f = open_memstream(&text, &len);

	probe_list(pattern, verbose, f);
	fclose(f);
	return text;
}

static void test_list(void)
{
	char *s;

	s = list("interval:*", false);
	CHECK_STR(s, "interval:hz:\ninterval:ms:\ninterval:s:\ninterval:us:\n");
	free(s);
	s = list("p:*", false);
	CHECK_STR(s, "profile:hz:\nprofile:ms:\nprofile:s:\nprofile:us:\n");
	free(s);
	s = list("BEGIN", false);
	CHECK_STR(s, "");
	free(s);
	if (!tracefs_root() || !tracefs_event_exists("syscalls", "sys_enter_openat"))
		return;
	s = list("tracepoint:syscalls:sys_enter_openat", true);
	CHECK_STR(s, "tracepoint:syscalls:sys_enter_openat\n"
		     "    int __syscall_nr\n"
		     "    int dfd\n"
		     "    const char * filename\n"
		     "    int flags\n"
		     "    umode_t mode\n");
	free(s);
	s = list("t:sched:sched_switch", false);
	CHECK_STR(s, "tracepoint:sched:sched_switch\n");
	free(s);
	s = list("sched:sched_sw*", false);
	CHECK(s && strstr(s, "tracepoint:sched:sched_switch\n"));
	free(s);
	s = list("*sched_process_exe?", false);
	CHECK(s && strstr(s, "tracepoint:sched:sched_process_exec\n"));
	CHECK(s && !strstr(s, "interval"));
	free(s);
	s = list(NULL, false);
	CHECK(s && strstr(s, "interval:s:\n") && strstr(s, "tracepoint:sched:sched_switch\n"));
	free(s);
}

static void test_timer_parse(void)
{
	struct perf_timer t;
	const char *why;

	CHECK_INT(perf_parse_timer("s:5", &t, &why), 0);
	CHECK(t.period_ns == 5000000000ULL);
	CHECK_INT(perf_parse_timer("5s", &t, &why), 0);
	CHECK(t.period_ns == 5000000000ULL);
	CHECK_INT(perf_parse_timer("99hz", &t, &why), 0);
	CHECK(t.freq_hz == 99);
	CHECK_INT(perf_parse_timer("ns:7", &t, &why), 0);
	CHECK(t.period_ns == 7);
	CHECK_INT(perf_parse_timer("s:18446744074", &t, &why), -1);
	CHECK_INT(perf_parse_timer("", &t, &why), -1);
	CHECK_INT(perf_parse_timer("-1", &t, &why), -1);
	CHECK_INT(perf_parse_timer("s:1:2", &t, &why), -1);
}

static void test_cpulist(void)
{
	cpulist c = { 0 };

	CHECK_INT(perf_parse_cpulist("0-1\n", &c), 0);
	CHECK(c.n == 2 && c.v[0] == 0 && c.v[1] == 1);
	vec_free(&c);
	CHECK_INT(perf_parse_cpulist("0,2-3,5", &c), 0);
	CHECK(c.n == 4 && c.v[0] == 0 && c.v[1] == 2 && c.v[2] == 3 && c.v[3] == 5);
	vec_free(&c);
	CHECK_INT(perf_parse_cpulist("a", &c), -1);
	vec_free(&c);
	CHECK_INT(perf_parse_cpulist("3-1", &c), -1);
	vec_free(&c);
	CHECK_INT(perf_parse_cpulist("", &c), -1);
	vec_free(&c);
	CHECK_INT(perf_online_cpus(&c), 0);
	CHECK(c.n >= 1 && c.n == sysconf(_SC_NPROCESSORS_ONLN));
	vec_free(&c);
}

static void test_match(void)
{
	CHECK(probe_match("sys_enter_open*", "sys_enter_openat"));
	CHECK(probe_match("sys_enter_open?t", "sys_enter_openat"));
	CHECK(!probe_match("sys_enter_open?", "sys_enter_openat"));
	CHECK(probe_match("*", ""));
	CHECK(probe_match("a*b*c", "aXXbYYc"));
	CHECK(!probe_match("a*b*c", "aXXbYY"));
	CHECK(probe_has_wildcard("a?"));
	CHECK(!probe_has_wildcard("abc"));
}

int main(void)
{
	test_openat();
	test_sched_switch();
	test_exec();
	test_block();
	test_misc_shapes();
	test_fields_decl();
	test_provider_find();
	test_expand_errors();
	test_expand_timers();
	test_expand_special();
	test_expand_live();
	test_list();
	test_timer_parse();
	test_cpulist();
	test_match();
	expand_timer(NULL, NULL);
	free(diag_text);
	types_free_all();
	return test_done("test_tracepoint");
}
