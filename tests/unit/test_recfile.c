// SPDX-License-Identifier: GPL-2.0
/*
 * The recording format without a kernel: varints, the writer and the
 * reader round trip (events of two CPUs merged in time order, threads
 * named by their latest record, strings, losses, totals), the size of a
 * context switch on disk, a file cut short, and the flight recorder's
 * dropping of old blocks.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "record/reader.h"
#include "record/recfile.h"
#include "record/writer.h"
#include "test.h"

static char path[64];

static void test_varints(void)
{
	static const int64_t values[] = { 0, 1, -1, 63, -64, 64, 127, 128, 300, -300,
					  (int64_t)1 << 40, INT64_MAX, INT64_MIN };
	uint8_t buf[32];

	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		uint8_t *end = rec_put_s(buf, values[i]);
		struct rec_cursor c = { buf, end, false };

		CHECK_INT(rec_get_s(&c), values[i]);
		CHECK(!c.bad && c.p == end);
	}
	uint8_t *end = rec_put_u(buf, UINT64_MAX);
	struct rec_cursor c = { buf, end, false };

	CHECK(rec_get_u(&c) == UINT64_MAX);
	CHECK_INT(end - buf, 10);
	/* a varint cut short is an error, not a read past the end */
	c = (struct rec_cursor){ buf, buf + 3, false };
	rec_get_u(&c);
	CHECK(c.bad);
}

static struct krec ev(uint64_t ts, uint32_t tid, const char *comm, unsigned kind,
		      uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct krec r = { .ts = ts, .tid = tid, .pid = tid, .kind = kind,
			  .a = { a0, a1, a2, a3 } };

	snprintf(r.comm, sizeof(r.comm), "%s", comm);
	return r;
}

static void write_sample(const char *file, uint64_t flight)
{
	struct rec_writer *w = recw_open(&(struct rec_writer_opts){
		.path = file, .ncpus = 2, .flight_bytes = flight });
	struct krec r;

	/* CPU 1 is drained first, with later times than some of CPU 0's */
	r = ev(1000, 10, "a", RK_SYS_ENTER, 0, 0, 0, 0);
	recw_event(w, 1, &r);
	r = ev(3000, 10, "a", RK_SYS_EXIT, 0, (uint64_t)-11, 0, 0);
	recw_event(w, 1, &r);
	r = ev(2000, 20, "b", RK_SWITCH, 1, 120, 30, 100);
	recw_event(w, 0, &r);
	r = ev(4000, 20, "b2", RK_SYS_ENTER, 231, 0, 0, 0);	/* renamed (exec) */
	recw_event(w, 0, &r);
	recw_loss(w, 0, 3500, 7);
	CHECK(recw_close(w) == 0);
}

static void test_round_trip(void)
{
	struct rec_file f;
	struct rec_event e;
	char buf[24];

	write_sample(path, 0);
	CHECK(recf_open(&f, path) == 0);
	CHECK(f.complete && !f.truncated);
	CHECK_INT(f.refs.n, 4);
	/* merged in time order across the CPUs */
	for (int i = 0; i < f.refs.n; i++)
		CHECK_INT(f.refs.v[i].ts, 1000 * (i + 1));
	CHECK(recf_event(&f, 1, &e));
	CHECK_INT(e.kind, RK_SWITCH);
	CHECK_INT(e.cpu, 0);
	CHECK_INT(e.f[0], 20);
	CHECK_INT(e.f[1], 1);
	CHECK_INT(e.f[2], 120);
	CHECK_INT(e.f[3], 30);
	CHECK_INT(e.f[4], 100);
	CHECK(recf_event(&f, 2, &e));
	CHECK_INT(e.kind, RK_SYS_EXIT);
	CHECK_INT((int64_t)e.f[2], -11);
	CHECK_STR(recf_comm(&f, 10, buf), "a");
	CHECK_STR(recf_comm(&f, 20, buf), "b2");
	CHECK_STR(recf_comm(&f, 30, buf), "<30>");
	CHECK_STR(recf_comm(&f, 0, buf), "swapper");
	CHECK_INT(f.losses.n, 1);
	CHECK_INT(f.losses.v[0].cpu, 0);
	CHECK_INT(f.losses.v[0].count, 7);
	CHECK_INT(f.losses.v[0].ts, 3500);
	CHECK_INT(f.cpu_events[0], 2);
	CHECK_INT(f.cpu_events[1], 2);
	CHECK_INT(f.cpu_lost[0], 7);
	recf_close(&f);
}

/* A file cut anywhere reads as its whole blocks, or fails cleanly. */
static void test_truncated(void)
{
	size_t len;
	char *data;
	struct rec_file f;
	int opened = 0, saved = dup(2);

	write_sample(path, 0);
	data = read_file(path, &len);
	CHECK(data != NULL);
	/* the reader's errors and warnings are expected here: silence them */
	if (!freopen("/dev/null", "w", stderr))
		return;
	for (size_t cut = 0; data && cut < len; cut++) {
		FILE *out = fopen(path, "w");

		fwrite(data, 1, cut, out);
		fclose(out);
		if (recf_open(&f, path) == 0) {
			opened++;
			CHECK(!f.complete);
			CHECK(f.refs.n <= 4);
			recf_close(&f);
		}
	}
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	CHECK(opened > 0);
	free(data);
}

/* About 12 bytes a context switch: kind, delta, tids, state, priorities. */
static void test_switch_size(void)
{
	struct rec_writer *w = recw_open(&(struct rec_writer_opts){ .path = path, .ncpus = 1 });
	struct rec_file f;
	struct krec r;
	long size;
	FILE *in;

	for (int i = 0; i < 100000; i++) {
		r = ev(1000000 + (uint64_t)i * 5000, 1000 + (uint32_t)(i % 50), "t",
		       RK_SWITCH, 1, 120, 1000 + (uint64_t)((i + 1) % 50), 120);
		recw_event(w, 0, &r);
	}
	CHECK(recw_close(w) == 0);
	in = fopen(path, "r");
	fseek(in, 0, SEEK_END);
	size = ftell(in);
	fclose(in);
	CHECK(size / 100000 <= 12);
	CHECK(recf_open(&f, path) == 0);
	CHECK_INT(f.refs.n, 100000);
	recf_close(&f);
}

/* The flight recorder keeps the newest blocks within its size. */
static void test_flight(void)
{
	struct rec_writer *w = recw_open(&(struct rec_writer_opts){
		.path = path, .ncpus = 1, .flight_bytes = 256 << 10 });
	struct rec_file f;
	struct krec r;

	for (int i = 0; i < 400000; i++) {
		r = ev(1000 + (uint64_t)i * 1000, 7, "x", RK_SYS_ENTER, (uint64_t)(i % 300), 0, 0, 0);
		recw_event(w, 0, &r);
	}
	CHECK(recw_close(w) == 0);
	CHECK(recf_open(&f, path) == 0);
	CHECK(f.hdr.flags & REC_F_FLIGHT);
	CHECK(f.refs.n > 10000 && f.refs.n < 400000);
	CHECK_INT(f.cpu_events[0], f.refs.n);	/* the totals are the file's */
	/* the newest event is there, the oldest went */
	CHECK_INT(f.refs.v[f.refs.n - 1].ts, 1000 + 399999ull * 1000);
	CHECK(f.refs.v[0].ts > 1000);
	CHECK_STR(recf_thread(&f, 7)->comm, "x");
	recf_close(&f);
}

/* Its thread table stays bounded, and every kept event's thread is named. */
static void test_flight_threads(void)
{
	struct rec_writer *w = recw_open(&(struct rec_writer_opts){
		.path = path, .ncpus = 1, .flight_bytes = 256 << 10 });
	struct rec_file f;
	struct rec_event e;
	int named = 0;
	struct krec r;

	for (int i = 0; i < 200000; i++) {
		r = ev(1000 + (uint64_t)i * 1000, 1000 + (uint32_t)i, "t", RK_SYS_ENTER, 1, 0, 0, 0);
		recw_event(w, 0, &r);
	}
	CHECK(recw_close(w) == 0);
	CHECK(recf_open(&f, path) == 0);
	CHECK(f.threads_n < 100000);
	for (int i = 0; i < f.refs.n; i++)
		named += recf_event(&f, i, &e) && recf_thread(&f, (uint32_t)e.f[0]);
	CHECK_INT(named, f.refs.n);
	recf_close(&f);
}

int main(void)
{
	snprintf(path, sizeof(path), "/tmp/sonde-recfile.%d", (int)getpid());
	test_varints();
	test_round_trip();
	test_switch_size();
	test_flight();
	test_flight_threads();
	test_truncated();
	unlink(path);
	return test_done("recfile");
}
