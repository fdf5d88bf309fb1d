// SPDX-License-Identifier: GPL-2.0
/*
 * usdt_workload: USDT probes with known arguments for the kernel tests.
 *
 *   usdt_workload fire N        N rounds of the probes below
 *   usdt_workload wait-fire N   block until stdin reaches end of file, then fire N
 *
 * Each round i (0 <= i < N) passes, in provider "sonde":
 *   sonde:reg(i, i * 3)             two register arguments
 *   sonde:mem(i + 100, "sonde")     a memory (stack slot) argument and a string
 *   sonde:konst(42, -7)             two constants
 *   sonde:guarded(i)                only reached while a tracer holds the
 *                                   probe's semaphore (sonde_guarded_semaphore)
 * so over N rounds: sum of reg arg0 = N(N-1)/2, of reg arg1 = 3N(N-1)/2,
 * of mem arg0 = N(N-1)/2 + 100N, konst sums 42N and -7N, guarded counts N
 * when traced with its semaphore, 0 otherwise.
 *
 * Build (needs <sys/sdt.h>, Debian package systemtap-sdt-dev):
 *   gcc -O1 -g -fno-omit-frame-pointer -o build/tests/usdt_workload tests/usdt_workload.c
 *
 * Every probe has a semaphore (sdt.h with _SDT_HAS_SEMAPHORES names one per
 * probe); only sonde:guarded tests it.
 */
#define _SDT_HAS_SEMAPHORES 1
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sdt.h>
#include <unistd.h>

#define SEMAPHORE(name) \
	__extension__ unsigned short sonde_##name##_semaphore \
	__attribute__((unused)) __attribute__((section(".probes")))

SEMAPHORE(reg);
SEMAPHORE(mem);
SEMAPHORE(konst);
SEMAPHORE(guarded);

static void die(const char *msg)
{
	(void)!write(2, "usdt_workload: ", 15);
	(void)!write(2, msg, strlen(msg));
	(void)!write(2, "\n", 1);
	exit(2);
}

static long number(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0)
		die("expected a non-negative number");
	return v;
}

/* Register operands: the compiler keeps i and i * 3 in registers. */
__attribute__((noinline)) static void probe_reg(long i)
{
	long triple = i * 3;

	DTRACE_PROBE2(sonde, reg, i, triple);
}

/*
 * A memory operand: a volatile stack slot is read where it lives, so its
 * argument spec is an offset from a register (-8(%rbp)).
 */
__attribute__((noinline)) static void probe_mem(long i, const char *name)
{
	volatile long slot = i + 100;

	DTRACE_PROBE2(sonde, mem, slot, name);
}

__attribute__((noinline)) static void probe_konst(void)
{
	DTRACE_PROBE2(sonde, konst, 42, -7);
}

__attribute__((noinline)) static void probe_guarded(long i)
{
	if (sonde_guarded_semaphore)
		DTRACE_PROBE1(sonde, guarded, i);
}

static void fire(long n)
{
	for (long i = 0; i < n; i++) {
		probe_reg(i);
		probe_mem(i, "sonde");
		probe_konst();
		probe_guarded(i);
	}
}

static void wait_eof(void)
{
	char buf[256];

	while (read(0, buf, sizeof(buf)) > 0)
		;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "fire") == 0) {
		fire(number(argv[2]));
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "wait-fire") == 0) {
		long n = number(argv[2]);

		wait_eof();
		fire(n);
		return 0;
	}
	die("usage: usdt_workload fire N | wait-fire N");
	return 2;
}
