#!/bin/sh
# --flight: only the last N MiB are kept in memory; SIGUSR2 writes them
# (and recording goes on), exit writes them again.  The files are complete
# recordings that end with the newest events.  The same with a recorded
# program.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
. "$(dirname "$0")/lib_record.sh"
need_root
need_workload
need_tracepoint raw_syscalls:sys_enter

record_start --syscalls --flight 1M -o "$T/f.sonde" || finish
"$WORKLOAD" getppid 300000
[ -e "$T/f.sonde" ] && fail "the flight recorder wrote before being asked"
kill -USR2 "$SONDE_PID"
i=0
while ! grep -q 'Flight recorder written' "$T/record.err" && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
size=$(stat -c %s "$T/f.sonde" 2>/dev/null || echo 0)
# 1 MiB of blocks, plus the table of every thread seen (system-wide on a
# busy host, thousands)
expect_range "dump size" "$size" 100000 $((2560 * 1024))
listing "$T/f.sonde"
first=$(grep -vc '^#' "$T/list.txt")
expect_range "events in the dump" "$first" 50000 10000000
# 600,000 events do not fit in 1 MiB: the oldest went, the newest stayed
getppid=$(count ' sys_enter nr=110 ')
expect_range "getppid calls kept" "$getppid" 10000 299999
expect_match "the workload's end is kept" "$(cat "$T/list.txt")" ' workload [0-9]+/[0-9]+ sys_enter nr=231 '
"$WORKLOAD" sleep 1 1
record_stop
listing "$T/f.sonde"
expect_match "the exit dump has the later command" "$(cat "$T/list.txt")" ' sys_enter nr=(35|230) '

# a recorded program: SIGUSR2 is served at its next record, and it runs on
: >"$T/p.err"
"$SONDE" record --flight 1M -o "$T/p.sonde" -c "$WORKLOAD sleep 30 100" \
	-e 'tracepoint:syscalls:sys_exit_clock_nanosleep /pid == cpid/ { printf("woke\n"); }' \
	>/dev/null 2>"$T/p.err" &
SONDE_PID=$!
i=0
while ! grep -q '^Attached ' "$T/p.err" && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.5
kill -USR2 "$SONDE_PID"
i=0
while ! grep -q 'Flight recorder written' "$T/p.err" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill -0 "$SONDE_PID" 2>/dev/null || fail "SIGUSR2 ended the recording of a program"
listing "$T/p.sonde"
expect_range "wakeups in the dump" "$(count ' instant name=.* message="woke"$')" 1 29
wait "$SONDE_PID" || fail "record -e exited $?"
SONDE_PID=
listing "$T/p.sonde"
expect_eq "wakeups at the end" "$(count ' instant name=.* message="woke"$')" 30
finish
