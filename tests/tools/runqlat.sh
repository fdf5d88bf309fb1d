#!/bin/sh
# runqlat: wake-ups fill the histogram; -P by process; an interval run
# that ends by itself.
. "$(dirname "$0")/tool_lib"
need_tracepoint sched:sched_switch
tool_start runqlat
for i in 1 2 3 4 5; do sleep 0.05; done
tool_stop
expect_match "histogram" "$(output)" '^@usecs:$'
expect_match "histogram row" "$(output)" '^\[[0-9KM, )[]+ +[0-9]+ \|@*'

tool_start runqlat -P
sleep 0.05 &
sl=$!
wait $sl
settle
tool_stop
expect_match "per-process histogram" "$(output)" "^@usecs_pid\\[$sl, sleep\\]:\$"

tool_start runqlat 1 1
sonde_wait 10
expect_status 0
expect_match "interval histogram" "$(output)" '^@usecs:$'
finish
