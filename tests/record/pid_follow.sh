#!/bin/sh
# -p PID: only that process's syscalls are recorded, and the recording
# stops by itself when it exits.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
. "$(dirname "$0")/lib_record.sh"
need_root
need_workload
need_tracepoint raw_syscalls:sys_enter

"$WORKLOAD" sleep 15 100 &
wl=$!
record --syscalls -p "$wl" -o "$T/r.sonde"
kill -0 "$wl" 2>/dev/null && fail "recording stopped before the process exited"
wait "$wl"
listing "$T/r.sonde"
expect_eq "processes whose syscalls were recorded" \
	"$(grep -E ' sys_(enter|exit) ' "$T/list.txt" | awk '{ print $4 }' | sort -u)" "$wl/$wl"
# it was already sleeping when the recording began: the sleeps that ended
# during it are recorded, and the last one
expect_range "nanosleep exits" "$(count " $wl/$wl sys_exit nr=230 ret=0 ")" 5 15
expect_eq "its exit_group" "$(count " $wl/$wl sys_enter nr=231 ")" 1
"$SONDE" record --syscalls -p 4194000 -o "$T/none.sonde" 2>"$T/err"
expect_eq "exit status for a missing pid" "$?" 1
expect_match "its error" "$(cat "$T/err")" '^ERROR: -p 4194000: no such process$'
finish
