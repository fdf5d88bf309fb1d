#!/bin/sh
# Under a flood, every event is printed or counted as lost: the printed
# lines plus the "Lost N events" counts (text) or the lost_events records
# (JSON) add up to exactly the number of getppid calls the child made.
# SONDE_RINGBUF_SIZE shrinks the ring buffer so that losses are certain.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_getppid

N=400000
PROG='tracepoint:syscalls:sys_enter_getppid /pid == cpid/ { printf("x\n"); }'
export SONDE_RINGBUF_SIZE=65536 BPFTRACE_PERF_RB_PAGES=16

# The lost counts, wherever they were printed (stdout or stderr).
lost_text() {
	cat "$T/stdout" "$T/err" |
		awk '/^Lost [0-9]+ events$/ { n += $2 } END { print n + 0 }'
}

log "text output"
sonde_run -e "$PROG" -c "$WORKLOAD getppid $N"
expect_status 0
printed=$(grep -c -x x "$T/stdout")
lost=$(lost_text)
log "printed $printed, lost $lost"
expect_eq "printed + lost" $((printed + lost)) $N
expect_range "lost events (the flood overran the buffer)" "$lost" 1 $N

log "JSON output"
sonde_run -f json -e "$PROG" -c "$WORKLOAD getppid $N"
expect_status 0
printed=$(grep -c -E '^\{"type": "printf", .*"data": "x\\n"\}$' "$T/stdout")
lost=$(cat "$T/stdout" "$T/err" | grep '^{"type": "lost_events"' |
	sed -n -E 's/.*"data": \{"events": ([0-9]+)\}\}$/\1/p' |
	awk '{ n += $1 } END { print n + 0 }')
log "printed $printed, lost $lost"
expect_eq "printed + lost (json)" $((printed + lost)) $N
expect_range "lost_events (json)" "$lost" 1 $N
bad=$(grep -v -c -E '^\{"type": "(printf|lost_events|attached_probes)"' "$T/stdout")
expect_eq "stdout lines that are not JSON records" "$bad" 0
finish
