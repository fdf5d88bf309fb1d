#!/bin/sh
# --syscalls -c CMD: exactly the command's calls are recorded, each with
# its number and return value, and nothing from other processes.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
. "$(dirname "$0")/lib_record.sh"
need_root
need_workload
need_tracepoint raw_syscalls:sys_enter

record --syscalls -c "$WORKLOAD getppid 1000" -o "$T/r.sonde"
listing "$T/r.sonde"
expect_eq "getppid entries" "$(count ' workload [0-9]+/[0-9]+ sys_enter nr=110 \(getppid\)$')" 1000
expect_eq "getppid exits" "$(count ' workload [0-9]+/[0-9]+ sys_exit nr=110 ret=[0-9]+ \(getppid\)$')" 1000
# the parent of the command is sonde: every getppid returned the same pid
expect_eq "distinct getppid results" \
	"$(grep -E 'sys_exit nr=110 ' "$T/list.txt" | sed 's/.* ret=//' | sort -u | wc -l)" 1
# only the command's process: one pid in every event line
expect_eq "processes recorded" \
	"$(grep -v '^#' "$T/list.txt" | awk '{ split($4, a, "/"); print a[2] }' | sort -u | wc -l)" 1
expect_match "exit_group recorded" "$(cat "$T/list.txt")" 'sys_enter nr=231 \(exit_group\)$'
# the file's own totals agree with the listing
events=$(grep -vc '^#' "$T/list.txt")
totals=$(awk '/^# cpu [0-9]+:/ { n += $4 } END { print n + 0 }' "$T/list.txt")
expect_eq "END totals" "$totals" "$events"
expect_eq "losses" "$(awk '/^# cpu/ { n += $6 } END { print n + 0 }' "$T/list.txt")" 0
finish
