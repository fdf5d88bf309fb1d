#!/bin/sh
# --duration stops on time, --size-limit stops on size (the file stays
# readable and complete), and a buffer too small for the rate loses events
# that the file accounts for per CPU, with their time (and, for a recorded
# program, for its shared buffer).
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
. "$(dirname "$0")/lib_record.sh"
need_root
need_workload
need_tracepoint raw_syscalls:sys_enter

# --duration 1: the recorded events span about a second (and detaching, a
# little more); attaching can take long on a loaded machine, so the whole
# run only has a generous bound
start=$(date +%s%N)
record --syscalls -d 1 -o "$T/d.sonde"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect_range "whole run of -d 1 (ms)" "$ms" 900 60000
listing "$T/d.sonde"
span=$(grep -v '^#' "$T/list.txt" | awk 'NR == 1 { lo = hi = $1 } { if ($1 < lo) lo = $1; if ($1 > hi) hi = $1 } END { printf "%d", (hi - lo) / 1000000 }')
expect_range "time the events span (ms)" "$span" 500 5000

# --size-limit 100K while a command makes 200,000 calls
record --syscalls --size-limit 100K -c "$WORKLOAD getppid 200000" -o "$T/s.sonde"
size=$(stat -c %s "$T/s.sonde")
expect_range "file size under --size-limit 100K" "$size" 1 $((100 * 1024 + 64 * 1024))
listing "$T/s.sonde"
expect_range "events kept" "$(grep -vc '^#' "$T/list.txt")" 1000 200000
grep -q 'Size limit reached' "$T/record.err" || true

# a 4 KiB buffer per CPU cannot hold a burst of 400,000 events
record --syscalls --buffer-size 4K -c "$WORKLOAD getppid 200000" -o "$T/l.sonde"
listing "$T/l.sonde"
lost=$(awk '/^# cpu [0-9]+:/ { n += $6 } END { print n + 0 }' "$T/list.txt")
kept=$(grep -vc '^#' "$T/list.txt")
expect_range "events lost" "$lost" 1 400000
# every event of the command is either in the file or counted lost
expect_range "kept + lost" "$((kept + lost))" 400000 410000
noted=$(awk '/^# lost [0-9]+ events on cpu [0-9]+ at [0-9]+$/ { n += $3 } END { print n + 0 }' "$T/list.txt")
expect_eq "losses noted with CPU and time add up" "$noted" "$lost"

# record -e: the program's shared ring buffer (4 KiB here) loses events; the
# file holds the same losses sonde prints, with their time
SONDE_RINGBUF_SIZE=4096 timeout 60 "$SONDE" record -q -o "$T/p.sonde" -c "$WORKLOAD getppid 100000" \
	-e 'tracepoint:raw_syscalls:sys_enter /pid == cpid && args.id == 110/ { printf("%d\n", pid); }' \
	>"$T/p.out" 2>"$T/p.err" || fail "record -e exited $?: $(head -n 3 "$T/p.err")"
listing "$T/p.sonde"
# the run's total, said once at exit: "Lost N events (M% of K)"
printed=$(awk '/^Lost [0-9]+ events \(/ { n = $2 } END { print n + 0 }' "$T/p.out")
expect_range "program events lost" "$printed" 1 100000
expect_eq "losses in the file" \
	"$(awk '/^# lost [0-9]+ events on all cpus at [0-9]+$/ { n += $3 } END { print n + 0 }' "$T/list.txt")" "$printed"
expect_eq "kept + lost" "$(( $(grep -vc '^#' "$T/list.txt") + printed ))" 100000
finish
