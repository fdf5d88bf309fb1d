#!/bin/sh
# A classic-style script that needs kernel headers elsewhere (#include
# <linux/sched.h> for TASK_RUNNING, #define macros) runs as is.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint sched:sched_switch

script="$(dirname "$0")/../scripts/runqlat.bt"
sonde_start "$script" || finish
workload sleep 20 1
sonde_wait 5
expect_status 0
expect_match "histogram header" "$(output)" '^@usecs:$'
expect_match "histogram rows" "$(output)" '^\[[0-9KM, ]+\)? +[0-9]+ \|@*'
finish
