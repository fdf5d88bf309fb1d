#!/bin/sh
# watchpoint:ADDR:LEN:x: an execution breakpoint fires when the code at ADDR
# runs.  Any LEN is accepted: the kernel only takes an execute breakpoint
# as long as a long, so that is what is asked for.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
[ "$(uname -m)" = x86_64 ] || skip "the flat code below is x86-64"

# mov eax, 7; ret: the workload maps it at 0x10000000 and calls it
printf '\270\007\000\000\000\303' > "$T/flat.bin"
RUN_TIMEOUT=20 sonde_run -e 'watchpoint:0x10000000:1:x { printf("hit %d\n", pid == cpid); exit(); }' \
	-c "$WORKLOAD run-flat $T/flat.bin"
if grep -q "perf_event_open failed: No such device\|hardware breakpoint" "$T/err"; then
	skip "no hardware breakpoints here"
fi
expect_status 0
expect_eq "fired in the child" "$(output | grep hit)" "hit 1"
finish
