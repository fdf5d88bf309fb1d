#!/bin/sh
# debugf() writes to the kernel's trace buffer through bpf_trace_printk
# (three values or fewer) and bpf_trace_vprintk (more): 64-bit integers
# print whole, strings print from the probe's memory.
#
# bpf_trace_printk is a trace event (bpf_trace:bpf_trace_printk), so the
# test reads it from a tracing instance of its own rather than from the
# global buffer: on a fresh machine the global buffer is not expanded yet
# (7 KiB per CPU), anything else writing to it can push our lines out, and
# another run of this test truncating it (`: > trace`) erases them.  An
# instance has its own full-size buffer that nobody else clears.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
TRACEFS=
for d in /sys/kernel/tracing /sys/kernel/debug/tracing; do
	[ -d "$d/instances" ] && { TRACEFS=$d; break; }
done
[ -n "$TRACEFS" ] || skip "no tracefs with instances"
[ -d "$TRACEFS/events/bpf_trace/bpf_trace_printk" ] || skip "no bpf_trace_printk event"

INSTANCE=$TRACEFS/instances/sonde-debugf-$$
mkdir "$INSTANCE" || skip "cannot create a tracing instance"
trap 'rmdir "$INSTANCE" 2>/dev/null; lib_cleanup' EXIT
echo 1 >"$INSTANCE/events/bpf_trace/bpf_trace_printk/enable" ||
	fail "cannot enable bpf_trace_printk in the instance"

tag="sonde-debugf-$$"
sonde_run -e 'BEGIN {
	$s = "abc";
	debugf("'"$tag"' %d %s %x\n", -42, $s, 255);
	debugf("'"$tag"' many %d %d %u %d %s\n", 1, 2, 5000000000, -4, "end");
	exit();
}'
expect_status 0
expect_match "three values" "$(grep -F "$tag" "$INSTANCE/trace")" "$tag -42 abc ff$"
expect_match "more values" "$(grep -F "$tag many" "$INSTANCE/trace")" "$tag many 1 2 5000000000 -4 end$"
echo 0 >"$INSTANCE/events/bpf_trace/bpf_trace_printk/enable"
finish
