#!/bin/sh
# cpudist: time slices of a busy shell loop.
. "$(dirname "$0")/tool_lib"
tool_start cpudist
i=0
while [ $i -lt 20000 ]; do i=$((i + 1)); done
tool_stop
expect_match "histogram" "$(output)" '^@usecs:$'
expect_match "histogram row" "$(output)" '^\[[0-9KM, )[]+ +[0-9]+ \|@*'
finish
