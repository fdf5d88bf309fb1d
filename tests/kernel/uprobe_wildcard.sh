#!/bin/sh
# Wildcards over function names attach one probe per match; only the
# functions the workload runs count.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload

want=$(nm "$WORKLOAD" 2>/dev/null | grep -c -E ' [tT] cmd_')
[ "$want" -gt 1 ] || skip "nm cannot read the workload's symbols"

sonde_run -e "uprobe:$WORKLOAD:cmd_* /pid == cpid/ { @[probe] = count(); } u:$WORKLOAD:targ* /pid == cpid/ { @t = count(); }" \
	-c "$WORKLOAD call 7"
expect_status 0
# "Attached N probes" (stderr), or bpftrace 0.17's "Attaching N probes..." (stdout).
expect_match "attached" "$(cat "$T/err" "$T/out")" "^Attach(ed|ing) $((want + 1)) probes"
expect_eq "cmd_call" "$(map_value "@[uprobe:$WORKLOAD:cmd_call]")" 1
expect_eq "@t" "$(map_value @t)" 7
expect_eq "probes that fired" "$(grep -c '^@\[' "$T/stdout")" 1

# A pattern that matches nothing is an error.
sonde_run -e "uprobe:$WORKLOAD:no_such_fn* { @ = count(); }"
expect_eq "no match: exit status" "$SONDE_STATUS" 1
finish
