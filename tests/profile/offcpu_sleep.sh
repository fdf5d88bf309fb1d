#!/bin/sh
# sonde offcputime of 5 sleeps of 100 ms: about 500 ms blocked in nanosleep.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
. "$(dirname "$0")/lib_profile.sh"
need_root
need_workload
need_tracepoint sched:sched_switch
need_profile_cmd

"$SONDE" offcputime -c "$WORKLOAD sleep 5 100" --min-block 1000 -o "$T/off.folded" \
	2>"$T/err" || fail "sonde offcputime failed: $(cat "$T/err")"
us=$(folded_sum "$T/off.folded" '^workload;.*nanosleep')
log "blocked in nanosleep: $us us"
expect_range "off-CPU us" "$us" 480000 700000
grep -q 'schedule_\[k\]' "$T/off.folded" || fail "no kernel frames: $(cat "$T/off.folded")"
finish
