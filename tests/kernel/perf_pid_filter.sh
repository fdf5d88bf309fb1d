#!/bin/sh
# With -p PID, software/hardware counters and profile sample only that
# process (one perf event that follows it), as in bpftrace: another busy
# process on the machine is never seen.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload

"$WORKLOAD" spin 4000 &
target=$!
"$WORKLOAD" spin 4000 &
other=$!
sleep 0.2

sonde_start -p "$target" -e 'software:cpu-clock:1000000 { @sw[pid] = count(); } profile:hz:997 { @prof[pid] = count(); }' || finish
sleep 1
sonde_stop INT
expect_status 0
expect_eq "software: pids seen" "$(grep -c '^@sw\[' "$T/stdout")" 1
expect_range "software: samples of the target" "$(map_value "@sw[$target]")" 1 100000
expect_eq "profile: pids seen" "$(grep -c '^@prof\[' "$T/stdout")" 1
expect_range "profile: samples of the target" "$(map_value "@prof[$target]")" 1 100000
kill "$target" "$other" 2>/dev/null
wait
finish
