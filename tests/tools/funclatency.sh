#!/bin/sh
# funclatency: a histogram of 50 calls of the workload helper's target()
# (-p: the test's own workload; others may call it too).
. "$(dirname "$0")/tool_lib"
need_workload
spawn_workload call 50
tool_start funclatency -p "$SPAWNED" "$WORKLOAD:target"
resume "$SPAWNED"
settle
tool_stop
expect_match "histogram" "$(output)" '^@nsecs:$'
total=$(output | sed -n -E 's/^\[[^]]*[])] +([0-9]+) \|.*/\1/p' | awk '{ n += $1 } END { print n + 0 }')
expect_range "calls in the histogram" "$total" 50 50
finish
