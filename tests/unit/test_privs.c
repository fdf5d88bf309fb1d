// SPDX-License-Identifier: GPL-2.0
/* Privilege decisions and lockdown parsing (runtime/privs.c). */
#include <string.h>

#include "runtime/privs.h"
#include "test.h"

#define CAP(n) (1ull << (n))

static void test_caps(void)
{
	char msg[256];

	CHECK_INT(privs_check_caps(CAP(PRIVS_CAP_SYS_ADMIN), msg, sizeof(msg)), 0);
	CHECK_INT(privs_check_caps(CAP(PRIVS_CAP_BPF) | CAP(PRIVS_CAP_PERFMON), msg, sizeof(msg)), 0);
	CHECK_INT(privs_check_caps(~0ull, msg, sizeof(msg)), 0);

	CHECK_INT(privs_check_caps(0, msg, sizeof(msg)), -1);
	CHECK_STR(msg, "ERROR: sonde needs CAP_BPF and CAP_PERFMON (or root) to load BPF programs "
		  "and this process lacks CAP_BPF and CAP_PERFMON; run it as root");
	CHECK(!strchr(msg, '\n'));

	CHECK_INT(privs_check_caps(CAP(PRIVS_CAP_BPF), msg, sizeof(msg)), -1);
	CHECK(strstr(msg, "lacks CAP_PERFMON;") != NULL);
	CHECK_INT(privs_check_caps(CAP(PRIVS_CAP_PERFMON), msg, sizeof(msg)), -1);
	CHECK(strstr(msg, "lacks CAP_BPF;") != NULL);

	/* A short buffer is truncated, never overrun. */
	memset(msg, 'x', sizeof(msg));
	CHECK_INT(privs_check_caps(0, msg, 10), -1);
	CHECK_INT(strlen(msg), 9);
}

static void test_lockdown(void)
{
	CHECK_STR(lockdown_parse("[none] integrity confidentiality\n"), "none");
	CHECK_STR(lockdown_parse("none [integrity] confidentiality\n"), "integrity");
	CHECK_STR(lockdown_parse("none integrity [confidentiality]\n"), "confidentiality");
	CHECK(lockdown_parse("none integrity confidentiality\n") == NULL);
	CHECK(lockdown_parse("[bogus]") == NULL);
	CHECK(lockdown_parse("[") == NULL);
	CHECK(lockdown_parse("") == NULL);
	CHECK(lockdown_parse(NULL) == NULL);

	CHECK(lockdown_explain(NULL) == NULL);
	CHECK(lockdown_explain("none") == NULL);
	CHECK(strstr(lockdown_explain("integrity"), "'integrity'") != NULL);
	CHECK(strstr(lockdown_explain("confidentiality"), "cannot trace") != NULL);

	CHECK(lockdown_allows_tracing(NULL));
	CHECK(lockdown_allows_tracing("none"));
	CHECK(lockdown_allows_tracing("integrity"));
	CHECK(!lockdown_allows_tracing("confidentiality"));
}

int main(void)
{
	char msg[256];
	const char *mode = lockdown_mode();

	test_caps();
	test_lockdown();
	/* Whatever this machine says, the answer is well formed. */
	CHECK(mode == NULL || lockdown_explain(mode) == NULL || strlen(lockdown_explain(mode)) > 0);
	if (privs_check(msg, sizeof(msg)) < 0)
		CHECK(strncmp(msg, "ERROR: ", 7) == 0);
	return test_done("test_privs");
}
