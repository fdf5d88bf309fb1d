#!/bin/sh
# -l lists the functions of a binary or library as uprobe:PATH:FUNC.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload

sonde_run -l "uprobe:$WORKLOAD:*"
expect_status 0
expect_match "target" "$(output)" "^uprobe:$WORKLOAD:target\$"
expect_match "add_one" "$(output)" "^uprobe:$WORKLOAD:add_one\$"
expect_eq "sorted" "$(sort -c "$T/stdout" 2>&1 && echo yes)" yes

sonde_run -l "uretprobe:$WORKLOAD:targ*"
expect_output <<OUT
uretprobe:$WORKLOAD:target
OUT

sonde_run -l 'uprobe:libc:malloc'
expect_match "libc by name" "$(output)" '^uprobe:/.*/libc\.so\.6:malloc$'
finish
