#!/bin/sh
# debugf() writes to the kernel's trace buffer through bpf_trace_printk
# (three values or fewer) and bpf_trace_vprintk (more): 64-bit integers
# print whole, strings print from the probe's memory.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
TRACE=/sys/kernel/tracing/trace
[ -w "$TRACE" ] || skip "no tracefs trace buffer"

tag="sonde-debugf-$$"
: >"$TRACE"
sonde_run -e 'BEGIN {
	$s = "abc";
	debugf("'"$tag"' %d %s %x\n", -42, $s, 255);
	debugf("'"$tag"' many %d %d %u %d %s\n", 1, 2, 5000000000, -4, "end");
	exit();
}'
expect_status 0
expect_match "three values" "$(grep -F "$tag" "$TRACE")" "$tag -42 abc ff$"
expect_match "more values" "$(grep -F "$tag many" "$TRACE")" "$tag many 1 2 5000000000 -4 end$"
: >"$TRACE"
finish
