#!/bin/sh
# funccount: 50 calls of the workload helper's target() function.
. "$(dirname "$0")/tool_lib"
need_workload
tool_start funccount "$WORKLOAD:target"
workload call 50
settle
tool_stop
n=$(output | sed -n -E 's/^@calls\[uprobe:.*workload:target\]: ([0-9]+)$/\1/p')
expect_range "target() calls" "${n:-none}" 50 50
finish
