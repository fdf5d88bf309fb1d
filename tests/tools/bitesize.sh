#!/bin/sh
# bitesize: 64 KiB writes land in the [64, 128) Kbytes bucket of dd.
. "$(dirname "$0")/tool_lib"
need_tracepoint block:block_rq_issue
. "$(dirname "$0")/loopdev"
tool_start bitesize
write_loop
settle
tool_stop
expect_match "dd histogram" "$(output)" '^@kbytes\[dd\]:$'
expect_match "64K bucket" "$(output)" '^\[64, 128\) +16 \|@+'
finish
