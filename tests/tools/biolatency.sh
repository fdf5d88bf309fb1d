#!/bin/sh
# biolatency: direct writes to a loop device fill the histogram; -D per disk
# (its name from /sys, major, minor);
# -F per flags.
. "$(dirname "$0")/tool_lib"
need_tracepoint block:block_rq_issue
. "$(dirname "$0")/loopdev"
tool_start biolatency
write_loop
settle
tool_stop
expect_match "histogram" "$(output)" '^@usecs:$'
expect_match "histogram row" "$(output)" '^\[[0-9KM, )[]+ +[0-9]+ \|@*'

tool_start biolatency -D
write_loop
settle
tool_stop
expect_match "loop device histogram, by name" "$(output)" \
	"^@usecs_disk\\[${LOOP##*/}, $LOOP_MAJ, $LOOP_MIN\\]:\$"

tool_start biolatency -F
write_loop
settle
tool_stop
expect_match "write flags histogram" "$(output)" '^@usecs_flags\[WS?\]:$'
finish
