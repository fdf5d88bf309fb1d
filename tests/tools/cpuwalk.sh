#!/bin/sh
# cpuwalk: a busy loop is sampled on some CPU.
. "$(dirname "$0")/tool_lib"
tool_start cpuwalk
i=0
while [ $i -lt 50000 ]; do i=$((i + 1)); done
tool_stop
expect_match "histogram" "$(output)" '^@cpu:$'
expect_match "cpu row" "$(output)" '^\[[0-9]+\] +[1-9][0-9]* \|@+'
finish
