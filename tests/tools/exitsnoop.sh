#!/bin/sh
# exitsnoop: an exit code and a kill by signal.
. "$(dirname "$0")/tool_lib"
need_tracepoint sched:sched_process_exit
tool_start exitsnoop
sh -c 'exit 3'
sleep 10 &
sleep 0.2
victim=$!
kill -9 $victim
wait $victim 2>/dev/null
settle
tool_stop
expect_match "exit code row" "$(output)" "^sh +[0-9]+ +$$ +[0-9]+\.[0-9]{2}  code 3\$"
expect_match "signal row" "$(output)" "^sleep +$victim +$$ +[0-9]+\.[0-9]{2}  signal 9\$"
finish
