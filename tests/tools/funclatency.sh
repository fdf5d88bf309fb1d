#!/bin/sh
# funclatency: a histogram of 50 calls of libc's syscall().
. "$(dirname "$0")/tool_lib"
need_workload
ldd "$WORKLOAD" 2>/dev/null | grep -q 'libc\.so' || skip "workload is not linked with libc.so"
tool_start funclatency libc:syscall
workload getppid 50
settle
tool_stop
expect_match "histogram" "$(output)" '^@nsecs:$'
total=$(output | awk '/^\[/ { n += $(NF - 1) } END { print n + 0 }')
expect_range "calls in the histogram" "$total" 50 100000
finish
