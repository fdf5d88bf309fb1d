#!/bin/sh
# One probe with several attach points: a function that does not exist
# warns and is skipped, the others still count; when none exists, it is an
# error at the probe.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload

sonde_run -e "uprobe:$WORKLOAD:no_such_function, uprobe:$WORKLOAD:target /pid == cpid/ { @calls = count(); }" \
	-c "$WORKLOAD call 25"
expect_status 0
expect_eq "@calls" "$(map_value @calls)" 25
expect_match "warning" "$(cat "$T/err")" "WARNING: uprobe:.*:no_such_function: no such function, skipping probe"

sonde_run -e "uprobe:$WORKLOAD:no_such_function, uprobe:$WORKLOAD:nor_this_one { @calls = count(); }"
expect_status 1
expect_match "error" "$(cat "$T/err")" "ERROR: none of this probe's attach points exist"
finish
