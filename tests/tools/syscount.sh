#!/bin/sh
# syscount: 300 getppid() calls counted by name, the busiest first, ten
# rows; -t TOP rows; -P by process; -L time; and the JSON output of -P.
# With -p, of the test's own processes: others share the host.
. "$(dirname "$0")/tool_lib"
need_workload
spawn_workload getppid 300
tool_start syscount -p "$SPAWNED"
resume "$SPAWNED"
settle
tool_stop
n=$(output | awk '$1 == "getppid" { print $2 }')
expect_eq "getppid count" "${n:-none}" 300
expect_match "header" "$(output)" '^SYSCALL +COUNT$'
rows=$(output | awk '/^SYSCALL/ { on = 1; next } on && NF == 2')
expect_eq "rows by default" "$(echo "$rows" | wc -l)" 10
expect_eq "rows, most calls first" "$(echo "$rows" | awk '{ print $2 }' | sort -rn | tr '\n' ' ')" \
	"$(echo "$rows" | awk '{ print $2 }' | tr '\n' ' ')"

tool_start syscount -t 3 -p "$$"
"$WORKLOAD" getppid 300 &
wait $!
settle
tool_stop
# -p PID: only this shell's calls, which are few: at most three rows.
expect_range "rows with -t 3" "$(output | awk '/^SYSCALL/ { on = 1; next } on && NF == 2' | wc -l)" 1 3

spawn_workload getppid 300
tool_start syscount -L -p "$SPAWNED"
resume "$SPAWNED"
settle
tool_stop
expect_match "-L row" "$(output)" '^getppid +300 +[0-9]+$'

spawn_workload getppid 300
wl=$SPAWNED
tool_start_json syscount -P -f json -p "$wl"
resume "$wl"
settle
tool_stop
expect_match "JSON header of -P" "$(output)" '^\{"type": "printf", "data": "PID +COMM +COUNT\\n"\}$'
expect_match "JSON row of -P" "$(output)" "^\\{\"type\": \"printf\", \"data\": \"$wl +workload +[0-9]{3,}\\\\n\"\\}\$"
finish
