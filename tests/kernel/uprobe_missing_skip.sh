#!/bin/sh
# config missing_probes (bpftrace 0.24+): a function that does not exist is
# an error by default; "warn" skips it with a warning and "ignore" silently,
# the other attach points still count; when none exists, it is an error.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload

sonde_run -e "uprobe:$WORKLOAD:no_such_function, uprobe:$WORKLOAD:target /pid == cpid/ { @calls = count(); }" \
	-c "$WORKLOAD call 25"
expect_status 1
expect_match "error" "$(cat "$T/err")" "ERROR: No matches for uprobe $WORKLOAD:no_such_function\\.$"

sonde_run -e "config = { missing_probes = \"warn\" }
	uprobe:$WORKLOAD:no_such_function, uprobe:$WORKLOAD:target /pid == cpid/ { @calls = count(); }" \
	-c "$WORKLOAD call 25"
expect_status 0
expect_eq "@calls" "$(map_value @calls)" 25
expect_match "warning" "$(cat "$T/err")" "WARNING: No matches for uprobe $WORKLOAD:no_such_function\\. Skipping\\.$"

sonde_run -e "config = { missing_probes = ignore }
	uprobe:$WORKLOAD:no_such_function, uprobe:$WORKLOAD:target /pid == cpid/ { @calls = count(); }" \
	-c "$WORKLOAD call 25"
expect_status 0
expect_eq "@calls" "$(map_value @calls)" 25
expect_eq "no warning" "$(grep -c WARNING "$T/err")" 0

sonde_run -e "config = { missing_probes = \"warn\" }
	uprobe:$WORKLOAD:no_such_function, uprobe:$WORKLOAD:nor_this_one { @calls = count(); }"
expect_status 1
expect_match "error" "$(cat "$T/err")" "ERROR: Probe has no valid attach points\\.$"
finish
