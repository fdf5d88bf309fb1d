#!/bin/sh
# funccount: 50 calls of the workload helper's target() function (-p: the
# test's own workload; others may call it too).
. "$(dirname "$0")/tool_lib"
need_workload
spawn_workload call 50
tool_start funccount -p "$SPAWNED" "$WORKLOAD:target"
resume "$SPAWNED"
settle
tool_stop
n=$(output | sed -n -E 's/^@calls\[uprobe:.*workload:target\]: ([0-9]+)$/\1/p')
expect_range "target() calls" "${n:-none}" 50 50
finish
