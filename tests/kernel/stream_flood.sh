#!/bin/sh
# The event stream under a flood, with default settings: a moderate flood
# (200,000 getppid calls, printf of two integers) is printed whole, in
# text and in JSON, and nothing is reported lost.  The default ring
# buffer (8 MiB or more) holds the whole flood even if the consumer got no
# CPU at all, so this holds on a loaded machine.  Then two floods at once,
# pinned to different CPUs when there are two, with a small ring: every
# event is printed or counted, and records that wrap around the end of the
# ring (40 bytes each) print whole.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_getppid
unset SONDE_RINGBUF_SIZE BPFTRACE_PERF_RB_PAGES SONDE_PERF_RB_PAGES

N=200000
PROG='tracepoint:syscalls:sys_enter_getppid /pid == cpid/ { printf("%d %ld\n", pid, nsecs); }'

log "text, defaults"
sonde_run -e "$PROG" -c "$WORKLOAD getppid $N"
expect_status 0
expect_eq "lines printed" "$(grep -c -E '^[0-9]+ [0-9]+$' "$T/stdout")" $N
expect_eq "loss lines" "$(grep -c '^Lost' "$T/stdout")" 0
# nsecs of one process's events only grow: nothing reordered or repeated
expect_eq "out-of-order lines" "$(awk '/^[0-9]+ [0-9]+$/ { if ($2 <= prev) n++; prev = $2 } END { print n + 0 }' "$T/stdout")" 0

log "JSON, defaults"
sonde_run -f json -e "$PROG" -c "$WORKLOAD getppid $N"
expect_status 0
expect_eq "printf records" "$(grep -c -E '^\{"type": "printf", "data": "[0-9]+ [0-9]+\\n"\}$' "$T/stdout")" $N
expect_eq "lost_events records" "$(grep -c lost_events "$T/stdout")" 0

# Two floods at once: both CPUs reserve in the same ring.
log "two floods, one per CPU, 64 KiB ring, 40-byte records"
cpus=$(nproc)
pin0= pin1=
if [ "$cpus" -ge 2 ] && command -v taskset >/dev/null; then
	pin0="taskset -c 0"
	pin1="taskset -c 1"
fi
M=150000
# a name of our own: other runs of the tests may flood with "workload" too
flood=sflood$$
cp "$WORKLOAD" "$T/$flood"
SONDE_RINGBUF_SIZE=65536 sonde_run -e 'tracepoint:syscalls:sys_enter_getppid /comm == "'"$flood"'"/ {
	$x = nsecs; printf("%ld %ld %ld\n", $x, $x * 2, $x * 3); }' \
	-c "sh -c '$pin0 $T/$flood getppid $M & $pin1 $T/$flood getppid $M; wait'"
expect_status 0
printed=$(grep -c -E '^[0-9]+ [0-9]+ [0-9]+$' "$T/stdout")
bad=$(awk '/^[0-9]+ [0-9]+ [0-9]+$/ && ($2 != $1 * 2 || $3 != $1 * 3) { n++ } END { print n + 0 }' "$T/stdout")
total=$(grep -E '^Lost [0-9]+ events \(' "$T/stdout")
lost=$(echo "$total" | awk '{ print $2 + 0 }')
log "printed $printed, ${total:-nothing lost}"
expect_eq "lines whose three numbers disagree" "$bad" 0
expect_eq "printed + lost" $((printed + lost)) $((2 * M))
finish
