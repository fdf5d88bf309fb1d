#!/bin/sh
# --sched, system-wide: a command that sleeps 20 times is switched out
# asleep (state S) 20 times, woken, and switched to again; the file costs
# at most 24 bytes per event.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
. "$(dirname "$0")/lib_record.sh"
need_root
need_workload
need_tracepoint sched:sched_switch

record_start --sched -o "$T/r.sonde" || finish
"$WORKLOAD" sleep 20 5 &
wl=$!
wait $wl
record_stop
listing "$T/r.sonde"
asleep=$(grep -c -E " workload $wl/$wl sched_switch prev_state=1 " "$T/list.txt")
expect_range "switches out asleep" "$asleep" 20 100000
# a timer that fires before the task is fully off its CPU wakes it without
# a sched_wakeup event (the kernel's ttwu_runnable path): most, not all
woken=$(grep -c -E " sched_wakeup woken_tid=$wl " "$T/list.txt")
expect_range "wakeups" "$woken" 10 100000
back=$(grep -c -E " sched_switch .* next_tid=$wl " "$T/list.txt")
expect_range "switches to it" "$back" 20 100000
expect_eq "its exit" "$(grep -c -E " $wl/$wl sched_process_exit " "$T/list.txt")" 1
# system-wide: other tasks are there too
expect_range "tasks seen" "$(grep -v '^#' "$T/list.txt" | awk '{ print $4 }' | sort -u | wc -l)" 3 1000000
# the file is small: header, blocks and the metadata over all events
switches=$(count ' sched_switch ')
events=$(grep -vc '^#' "$T/list.txt")
size=$(stat -c %s "$T/r.sonde")
expect_range "bytes per event" "$(awk -v s="$size" -v n="$events" 'BEGIN { printf "%.1f", s / n }')" 1 24
log "$switches switches, $events events, $size bytes"
finish
