#!/bin/sh
# Blocks on one uprobe (and uretprobe, USDT) site run in the order the
# script declares them, as in bpftrace: the kernel runs the last attached
# consumer first, so such probes attach in reverse.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload

sonde_run -e "uprobe:$WORKLOAD:target /pid == cpid/ { printf(\"first\"); }
uprobe:$WORKLOAD:target /pid == cpid/ { printf(\" second\\n\"); }
uretprobe:$WORKLOAD:target /pid == cpid/ { printf(\"ret1\"); }
uretprobe:$WORKLOAD:target /pid == cpid/ { printf(\" ret2\\n\"); }" -c "$WORKLOAD call 3"
expect_status 0
expect_output <<'OUT'
first second
ret1 ret2
first second
ret1 ret2
first second
ret1 ret2


OUT
finish
