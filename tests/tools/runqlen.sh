#!/bin/sh
# runqlen: samples of queue length 0 on an idle-ish CPU.
. "$(dirname "$0")/tool_lib"
tool_start runqlen
sleep 0.5
tool_stop
expect_match "histogram" "$(output)" '^@runqlen:$'
expect_match "queue length row" "$(output)" '^\[0\] +[0-9]+ \|@*'
finish
