/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny unit-test harness: CHECK() counts, a failure prints its location,
 * and test_done() prints "NAME: N passed, N failed" and returns the exit
 * status.  tests/run.sh adds the counts of every unit binary together.
 * TEST_SKIP(name, reason) says that a part could not run here (no BTF, no
 * tracefs): tests/run.sh reports it as a skip with its reason, and a binary
 * that neither checked nor skipped anything fails.
 */
#ifndef SONDE_TEST_H
#define SONDE_TEST_H

#include <stdio.h>
#include <string.h>

static int test_passed, test_failed;

#define CHECK(cond) do {							\
	if (cond) {								\
		test_passed++;							\
	} else {								\
		test_failed++;							\
		fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
	}									\
} while (0)

#define CHECK_STR(got, want) do {						\
	const char *got_ = (got), *want_ = (want);				\
	if (got_ && want_ && strcmp(got_, want_) == 0) {			\
		test_passed++;							\
	} else {								\
		test_failed++;							\
		fprintf(stderr, "%s:%d: CHECK_STR failed: %s\n  got:  [%s]\n  want: [%s]\n", \
			__FILE__, __LINE__, #got, got_ ? got_ : "(null)",	\
			want_ ? want_ : "(null)");				\
	}									\
} while (0)

#define CHECK_INT(got, want) do {						\
	long long got_ = (long long)(got), want_ = (long long)(want);		\
	if (got_ == want_) {							\
		test_passed++;							\
	} else {								\
		test_failed++;							\
		fprintf(stderr, "%s:%d: CHECK_INT failed: %s: got %lld, want %lld\n", \
			__FILE__, __LINE__, #got, got_, want_);			\
	}									\
} while (0)

#define TEST_SKIP(name, ...) do {					\
	printf("%s: skipped: ", (name));					\
	printf(__VA_ARGS__);							\
	printf("\n");								\
} while (0)

static inline int test_done(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, test_passed, test_failed);
	return test_failed ? 1 : 0;
}

#endif
