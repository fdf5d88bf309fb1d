// SPDX-License-Identifier: GPL-2.0
/*
 * --mode bench: each bench: program runs through BPF_PROG_TEST_RUN, its
 * repeat count growing until one call takes at least a millisecond; the
 * kernel's average time per run is the result.  Output the programs make
 * while they are timed is thrown away (bpftrace does the same).
 */
#include "bench.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <string.h>

#include "format.h"
#include "loader.h"

/* The dummy packet of the XDP test run: at least an Ethernet header. */
#define BENCH_PACKET 64
/* The repeat count stops growing here, whatever the timing says. */
#define BENCH_ITERS_MAX 100000000ull

/* bpftrace's table: "Benchmark" padded to the longest name (40 at least). */
#define NAME_WIDTH_MIN 40
#define TIME_WIDTH 15

static const char *bench_name(const struct prog_spec *ps)
{
	const char *colon = strchr(ps->probe, ':');

	return colon ? colon + 1 : ps->probe;
}

static int name_width(const struct program *prog)
{
	int width = NAME_WIDTH_MIN;

	for (int i = 0; i < prog->progs.n; i++) {
		const struct prog_spec *ps = &prog->progs.v[i];
		int len;

		if (ps->prov->kind != PROV_BENCH)
			continue;
		len = strlen(bench_name(ps));
		if (len > width)
			width = len;
	}
	return width;
}

/*
 * Grow the repeat count by how far one call is from a millisecond: by a
 * thousand under a microsecond, down to doubling near the goal.  0: long
 * enough.
 */
static uint64_t next_iters(uint64_t iters, uint64_t total_ns)
{
	if (total_ns < 1000)
		return iters * 1000;
	if (total_ns < 10000)
		return iters * 100;
	if (total_ns < 100000)
		return iters * 10;
	if (total_ns < 1000000)
		return iters * 2;
	return 0;
}

/*
 * Time one program: its average nanoseconds per run and the repeat count
 * of the call that measured it.  0, 1 when the program asked to be
 * skipped (it returned non-zero), or -errno.
 */
static int time_one(int fd, struct bench_io *io, uint64_t *avg_ns, uint64_t *iters_out)
{
	char packet[BENCH_PACKET] = { 0 };
	uint64_t iters = 1, next;

	for (;;) {
		LIBBPF_OPTS(bpf_test_run_opts, topts,
			.data_in = packet,
			.data_size_in = sizeof(packet),
			.repeat = iters,
		);

		if (bpf_prog_test_run_opts(fd, &topts) < 0)
			return -errno;
		io->discard(io->arg);
		if (topts.retval != 0)
			return 1;
		if (io->stop && *io->stop)
			return -EINTR;
		next = next_iters(iters, (uint64_t)topts.duration * iters);
		if (!next || next > BENCH_ITERS_MAX) {
			*avg_ns = topts.duration;
			*iters_out = iters;
			return 0;
		}
		iters = next;
	}
}

static void print_header(FILE *f, int width)
{
	int rule = width + 1 + TIME_WIDTH + (int)strlen("Iterations");

	fprintf(f, "%-*s%-*s%s\n", width + 1, "Benchmark", TIME_WIDTH, "Time(ns)", "Iterations");
	for (int i = 0; i < rule; i++)
		fputc('-', f);
	fputc('\n', f);
}

static void print_result(FILE *f, enum output_format format, int width, const char *name,
			 uint64_t avg_ns, uint64_t iters)
{
	struct strbuf js;

	if (format != OUT_JSON) {
		fprintf(f, "%-*s%-*llu%llu\n", width + 1, name, TIME_WIDTH,
			(unsigned long long)avg_ns, (unsigned long long)iters);
		return;
	}
	sb_init(&js);
	json_string(&js, name, strlen(name));
	fprintf(f, "{\"type\": \"benchmark_result\", \"data\": {%s: {\"average\": %llu, \"iters\": %llu}}}\n",
		js.buf, (unsigned long long)avg_ns, (unsigned long long)iters);
	sb_free(&js);
}

int bench_run_all(struct program *prog, FILE *f, enum output_format format, struct bench_io *io)
{
	int width = name_width(prog), shown = 0, err = 0;

	for (int i = 0; i < prog->progs.n; i++) {
		struct prog_spec *ps = &prog->progs.v[i];
		uint64_t avg = 0, iters = 0;
		int ret;

		if (ps->prov->kind != PROV_BENCH)
			continue;
		ret = time_one(loader_prog_fd(prog, ps), io, &avg, &iters);
		if (ret == -EINTR)
			break;
		if (ret < 0) {
			fprintf(stderr, "ERROR: %s: running the benchmark failed: %s\n", ps->probe,
				strerror(-ret));
			err = -1;
			continue;
		}
		if (ret > 0)
			continue;	/* skipped by its own choice */
		if (format != OUT_JSON && shown++ == 0)
			print_header(f, width);
		print_result(f, format, width, bench_name(ps), avg, iters);
		fflush(f);
	}
	return err;
}
