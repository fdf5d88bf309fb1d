#!/bin/sh
# funccount: 50 calls of libc's syscall() by the workload helper.
. "$(dirname "$0")/tool_lib"
need_workload
ldd "$WORKLOAD" 2>/dev/null | grep -q 'libc\.so' || skip "workload is not linked with libc.so"
tool_start funccount libc:syscall -p $$
workload getppid 50
settle
tool_stop
n=$(output | sed -n -E 's/^@calls\[uprobe:.*libc\.so\.6:syscall\]: ([0-9]+)$/\1/p')
expect_range "syscall() calls" "${n:-none}" 50 50
finish
