// SPDX-License-Identifier: GPL-2.0
/*
 * The consumer's formatting and writing cost without the kernel: N
 * synthetic ring buffer records through output_event() into a stream
 * buffered as sonde buffers a pipe or a file (flushed every 16384
 * records, the runtime's batch), in records per second of this process's
 * CPU time.
 *
 *   format_bench KIND FORMAT N OUT
 *     KIND    ints: printf("%d %d\n", pid, nsecs)
 *             str64: printf("%s\n", a 64-byte string)
 *     FORMAT  text or json
 *     OUT     a file or - (stdout, e.g. a pipe)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "program.h"
#include "runtime/output.h"

#define BATCH 16384

static double cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double wall_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct program prog = { 0 };
	struct event_spec ev = { .kind = EV_PRINTF };
	struct output out;
	uint8_t payload[128] = { 0 };
	double cpu0, wall0, cpu, wall;
	bool str;
	long n;
	FILE *f;

	if (argc != 5) {
		fprintf(stderr, "usage: format_bench ints|str64 text|json N OUT\n");
		return 2;
	}
	str = !strcmp(argv[1], "str64");
	n = atol(argv[3]);
	if (str) {
		struct type *m[] = { type_str(64) };

		ev.args = type_tuple(m, 1);
		ev.fmt = "%s\n";
		memset(payload, 'a', 63);
	} else {
		struct type *m[] = { type_int(8, true), type_int(8, true) };

		ev.args = type_tuple(m, 2);
		ev.fmt = "%d %d\n";
	}
	vec_push(&prog.events, ev);
	f = strcmp(argv[4], "-") ? fopen(argv[4], "w") : stdout;
	if (!f) {
		perror(argv[4]);
		return 1;
	}
	output_init(&out, f, strcmp(argv[2], "json") ? OUT_TEXT : OUT_JSON, &prog);
	output_stream(&out, NULL, _IOFBF);
	cpu0 = cpu_seconds();
	wall0 = wall_seconds();
	for (long i = 0; i < n; i++) {
		if (str) {
			payload[i % 63] = 'a' + i % 26;
		} else {
			int64_t pid = 4242 + (i & 7), ns = 1700000000000000000ll + i * 337;

			memcpy(payload, &pid, 8);
			memcpy(payload + 8, &ns, 8);
		}
		output_event(&out, &prog.events.v[0], payload, ev.args->size);
		if (i % BATCH == BATCH - 1 && output_flush(&out) < 0)
			break;
	}
	output_flush(&out);
	cpu = cpu_seconds() - cpu0;
	wall = wall_seconds() - wall0;
	fprintf(stderr, "%s %s: %ld records, %.3f s CPU, %.3f s wall: %.2f M records/s CPU, %.2f M/s wall\n",
		argv[1], argv[2], n, cpu, wall, n / cpu / 1e6, n / wall / 1e6);
	output_fini(&out);
	if (f != stdout)
		fclose(f);
	vec_free(&prog.events);
	types_free_all();
	return out.error ? 1 : 0;
}
