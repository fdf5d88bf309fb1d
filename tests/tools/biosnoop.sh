#!/bin/sh
# biosnoop: one row per 64 KiB direct write to a loop device.
. "$(dirname "$0")/tool_lib"
need_tracepoint block:block_rq_issue
. "$(dirname "$0")/loopdev"
tool_start biosnoop
write_loop
settle
tool_stop
expect_match "write row" "$(output)" \
	"^ *[0-9]+\\.[0-9]{6} dd +[0-9]+ +$LOOP_MAJ:$LOOP_MIN +WS? +[0-9]+ +65536 +[0-9]+\\.[0-9]{3}\$"
n=$(output | grep -c " $LOOP_MAJ:$LOOP_MIN ")
expect_range "rows for the loop device" "$n" 16 16
finish
