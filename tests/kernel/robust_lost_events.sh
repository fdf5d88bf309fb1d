#!/bin/sh
# Under a flood that overruns a small ring buffer, every event is printed or
# counted as lost: the printed lines plus the total of the exit line
# "Lost N events (M% of K)" (text) or of the lost_events record marked
# "total" (JSON) add up to exactly the number of getppid calls the child
# made, and K is that number.  While running, losses are said at most once
# a second ("Lost N events", the new ones), never once per batch.
# SONDE_RINGBUF_SIZE shrinks the ring buffer so that losses are certain.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_getppid

N=400000
PROG='tracepoint:syscalls:sys_enter_getppid /pid == cpid/ { printf("x\n"); }'
export SONDE_RINGBUF_SIZE=16384 BPFTRACE_PERF_RB_PAGES=4

log "text output"
sonde_run -e "$PROG" -c "$WORKLOAD getppid $N"
expect_status 0
printed=$(grep -c -x x "$T/stdout")
total=$(grep -E '^Lost [0-9]+ events \(' "$T/stdout")
expect_match "the total at exit" "$total" '^Lost [0-9]+ events \([0-9.e-]+% of [0-9]+\)$'
lost=$(echo "$total" | awk '{ print $2 }')
of=$(echo "$total" | sed -E 's/.* of ([0-9]+)\)$/\1/')
log "printed $printed, $total"
expect_eq "total lines" "$(echo "$total" | wc -l)" 1
expect_eq "printed + lost" $((printed + lost)) $N
expect_eq "K, the events produced" "$of" $N
expect_range "lost events (the flood overran the buffer)" "$lost" 1 $N
# the running reports, once a second at most: fewer than the seconds the run took + 1
increments=$(grep -c -E '^Lost [0-9]+ events$' "$T/stdout")
expect_range "running loss reports" "$increments" 0 30
sum=$(grep -E '^Lost [0-9]+ events$' "$T/stdout" | awk '{ n += $2 } END { print n + 0 }')
expect_range "running reports add up to no more than the total" "$sum" 0 "$lost"

log "JSON output"
sonde_run -f json -e "$PROG" -c "$WORKLOAD getppid $N"
expect_status 0
printed=$(grep -c -E '^\{"type": "printf", .*"data": "x\\n"\}$' "$T/stdout")
total=$(grep '^{"type": "lost_events".*"total": true' "$T/stdout")
expect_match "lost_events total record" "$total" \
	'^\{"type": "lost_events", "count": [0-9]+, "data": \{"events": [0-9]+, "total": true, "of": [0-9]+, "percent": [0-9.e-]+\}\}$'
lost=$(echo "$total" | sed -n -E 's/.*"data": \{"events": ([0-9]+),.*/\1/p')
of=$(echo "$total" | sed -n -E 's/.*"of": ([0-9]+),.*/\1/p')
log "printed $printed, lost $lost of $of"
expect_eq "printed + lost (json)" $((printed + lost)) $N
expect_eq "of (json)" "$of" $N
expect_range "lost_events (json)" "$lost" 1 $N
bad=$(grep -v -c -E '^\{"type": "(printf|lost_events|attached_probes)"' "$T/stdout")
expect_eq "stdout lines that are not JSON records" "$bad" 0
finish
