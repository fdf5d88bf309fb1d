#!/bin/sh
# syscount: 300 getppid() calls counted by name; -P by process; -L time;
# and the JSON output of -P.
. "$(dirname "$0")/tool_lib"
need_workload
tool_start syscount
workload getppid 300
settle
tool_stop
n=$(output | awk '$1 == "getppid" { print $2 }')
expect_range "getppid count" "${n:-none}" 300 100000
expect_match "header" "$(output)" '^SYSCALL +COUNT$'

tool_start syscount -L
workload getppid 300
settle
tool_stop
expect_match "-L row" "$(output)" '^getppid +[0-9]{3,} +[0-9]+$'

tool_start_json syscount -P -f json
"$WORKLOAD" getppid 300 &
wl=$!
wait $wl
settle
tool_stop
expect_match "JSON map of -P" "$(output)" "^\\{\"type\": \"map\", \"data\": \\{\"@calls\": \\{.*\"$wl,workload\": [0-9]{3,}"
finish
