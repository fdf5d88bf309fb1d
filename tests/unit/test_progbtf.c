// SPDX-License-Identifier: GPL-2.0
/*
 * src/runtime/progbtf.c: the names of sonde's programs' main functions, as
 * bpftrace gives them: the probe's name with [^A-Za-z0-9_] made '_', then
 * "_N"; a name longer than the kernel takes keeps its start, a hash of the
 * whole, and "_N".
 */
#include <string.h>

#include "runtime/progbtf.h"
#include "test.h"

static void test_names(void)
{
	char name[PROG_FUNC_NAME_MAX + 1];

	prog_func_name("interval:us:100000", 1, name);
	CHECK_STR(name, "interval_us_100000_1");
	prog_func_name("interval:us:100000", 2, name);
	CHECK_STR(name, "interval_us_100000_2");
	prog_func_name("BEGIN", 3, name);
	CHECK_STR(name, "BEGIN_3");
	prog_func_name("uprobe:/bin/bash:readline", 12, name);
	CHECK_STR(name, "uprobe__bin_bash_readline_12");
	prog_func_name("kprobe:vfs_*", 1, name);
	CHECK_STR(name, "kprobe_vfs___1");
	prog_func_name("tracepoint:sched:sched_switch", 1, name);
	CHECK_STR(name, "tracepoint_sched_sched_switch_1");
}

static void test_long_names(void)
{
	char probe[400], a[PROG_FUNC_NAME_MAX + 1], b[PROG_FUNC_NAME_MAX + 1];

	memset(probe, 'x', sizeof(probe) - 1);
	probe[sizeof(probe) - 1] = '\0';
	memcpy(probe, "uprobe:/", 8);
	prog_func_name(probe, 7, a);
	CHECK_INT(strlen(a), PROG_FUNC_NAME_MAX);
	CHECK(strncmp(a, "uprobe__xxx", 11) == 0);
	CHECK(strcmp(a + strlen(a) - 2, "_7") == 0);
	/* another long name with the same start differs by its hash */
	probe[300] = 'y';
	prog_func_name(probe, 7, b);
	CHECK_INT(strlen(b), PROG_FUNC_NAME_MAX);
	CHECK(strcmp(a, b) != 0);
	/* at the limit exactly: kept whole */
	probe[PROG_FUNC_NAME_MAX - 2] = '\0';
	prog_func_name(probe, 7, a);
	CHECK_INT(strlen(a), PROG_FUNC_NAME_MAX);
	CHECK(strncmp(a + PROG_FUNC_NAME_MAX - 4, "xx_7", 4) == 0);
}

int main(void)
{
	test_names();
	test_long_names();
	return test_done("progbtf");
}
