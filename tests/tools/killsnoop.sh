#!/bin/sh
# killsnoop: a SIGTERM the test shell sends, with target and result.
. "$(dirname "$0")/tool_lib"
need_tracepoint syscalls:sys_enter_kill
tool_start killsnoop
sleep 10 &
victim=$!
sleep 0.2
kill -TERM $victim
wait $victim 2>/dev/null
kill -0 999999 2>/dev/null
settle
tool_stop
expect_match "kill row" "$(output)" "^$$ +[^ ]+ +15 +$victim +0\$"
expect_match "failed kill row" "$(output)" "^$$ +[^ ]+ +0 +999999 +-3\$"
finish
