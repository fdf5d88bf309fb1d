#!/bin/sh
# config missing_probes (bpftrace 0.24+): a function or tracepoint that does
# not exist is an error by default; "warn" skips it with a warning and
# "ignore" silently, the other attach points still count; a block left with
# none is removed (with a warning under "warn"), and a program left with no
# probe at all is an error.
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
expect_match "all missing: the block is removed" "$(cat "$T/err")" \
	"WARNING: Probe has no valid attach points\\. It is being removed which may cause issues with program behavior\\.$"
expect_match "all missing: nothing is left" "$(cat "$T/err")" "^No probes to attach$"

# Tracepoints too; a block left without attach points goes, the rest runs.
sonde_run -e 'config = { missing_probes = warn }
	tracepoint:syscalls:sys_enter_getppid, tracepoint:sonde_nonsense:nonsense /pid == cpid/ { @n = count(); }
	tracepoint:sonde_nonsense:other { @never = count(); }' -c "$WORKLOAD getppid 4"
expect_status 0
expect_eq "tracepoint: @n" "$(map_value @n)" 4
expect_match "tracepoint: warning" "$(cat "$T/err")" \
	"WARNING: No matches for tracepoint sonde_nonsense:nonsense\\. Skipping\\.$"
expect_match "tracepoint: block removed" "$(cat "$T/err")" "WARNING: Probe has no valid attach points\\."
sonde_run -e 'config = { missing_probes = ignore } tracepoint:sonde_nonsense:nonsense { exit(); } BEGIN { print(7); exit(); }'
expect_status 0
expect_eq "ignore: BEGIN runs" "$(output | grep -v '^$')" 7
expect_eq "ignore: no warning" "$(grep -c WARNING "$T/err")" 0
sonde_run -e 'tracepoint:sonde_nonsense:nonsense { exit(); } BEGIN { exit(); }'
expect_status 1
expect_match "tracepoint: error by default" "$(cat "$T/err")" "ERROR: No matches for tracepoint sonde_nonsense:nonsense\\.$"
finish
