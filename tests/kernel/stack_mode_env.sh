#!/bin/sh
# BPFTRACE_STACK_MODE sets how stacks print and, as in bpftrace, wins over
# the program's config block.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload

BPFTRACE_STACK_MODE=raw sonde_run -e "config = { stack_mode = perf }
	uprobe:$WORKLOAD:target /pid == cpid/ { printf(\"%s\", ustack(1)); exit(); }" -c "$WORKLOAD call 1"
expect_status 0
expect_match "raw over the config's perf" "$(output)" '^[0-9a-f]+$'

BPFTRACE_STACK_MODE=perf sonde_run -e "uprobe:$WORKLOAD:target /pid == cpid/ { printf(\"%s\", ustack(1)); exit(); }" \
	-c "$WORKLOAD call 1"
expect_status 0
expect_match "perf" "$(output)" "^	[0-9a-f]+ target\\+0 \\($WORKLOAD\\)\$"

BPFTRACE_STACK_MODE=bogus sonde_run -e 'BEGIN { exit(); }'
expect_status 1
expect_match "bad value" "$(cat "$T/err")" "^ERROR: stack mode 'bogus' is not bpftrace, perf, raw or build_id\$"
finish
