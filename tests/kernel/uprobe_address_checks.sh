#!/bin/sh
# uprobes where bpftrace's safety checks refuse without --unsafe: an
# address outside every function (no instruction boundary to trust) and a
# function whose symbol has size 0 (_init).  An address inside a function
# attaches; --unsafe turns the refusals into warnings.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
command -v nm >/dev/null || skip "no nm"

addr=0x$(nm "$WORKLOAD" | awk '$3 == "target" { print $1 }')
sonde_run -e "uprobe:$WORKLOAD:$addr /pid == cpid/ { @calls = count(); }" -c "$WORKLOAD call 5"
expect_status 0
expect_eq "@calls (by address)" "$(map_value @calls)" 5

sonde_run -e "uprobe:$WORKLOAD:10 { exit(); }"
expect_status 1
expect_match "outside functions" "$(cat "$T/err")" "^ERROR: Could not resolve address: $WORKLOAD:0xa\$"

sonde_run -e "uprobe:$WORKLOAD:_init { exit(); }"
expect_status 1
expect_match "size 0" "$(cat "$T/err")" '^ERROR: Could not determine boundary for _init \(symbol has size 0\)\.$'
expect_match "hint" "$(cat "$T/err")" '^Use --unsafe to force attachment\.'

sonde_run --unsafe -e "uprobe:$WORKLOAD:_init /pid == cpid/ { @init = count(); }" -c "$WORKLOAD call 1"
expect_status 0
expect_eq "@init (--unsafe)" "$(map_value @init)" 1
finish
