#!/bin/sh
# The Chrome trace JSON export loads into DevTools' trace engine without an
# error: the command's thread has its 200 getppid slices (with durations),
# and the CPU rows show what ran.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
. "$(dirname "$0")/lib_record.sh"
need_root
need_workload
need_record_tools

# the sleeps make sure the command is switched out and in again
record --sched --syscalls -c "sh -c '$WORKLOAD getppid 200 && $WORKLOAD sleep 3 2'" -o "$T/r.json"
jq -e '.traceEvents | length > 0' "$T/r.json" >/dev/null 2>&1 || fail "not a JSON trace"
node "$(dirname "$0")/trace_engine_check.mjs" "$NPM_DIR/node_modules" "$T/r.json" \
	>"$T/engine.txt" 2>&1 || fail "the trace engine rejected it: $(tail -n 6 "$T/engine.txt")"
getppid=$(awk '/^[0-9]/ { name = $3 } name == "workload" && $1 == "getppid" { print $2 " " ($3 > 0) }' "$T/engine.txt")
expect_eq "getppid slices of the workload (count, durations > 0)" "$getppid" "200 1"
expect_eq "nanosleep slices" \
	"$(awk '/^[0-9]/ { name = $3 } name == "workload" && $1 == "clock_nanosleep" { print $2 }' "$T/engine.txt")" 3
cpu_rows=$(awk '$1 == 4194305 && $4 > 0' "$T/engine.txt" | wc -l)
expect_range "CPU rows with what ran" "$cpu_rows" 1 4096
finish
