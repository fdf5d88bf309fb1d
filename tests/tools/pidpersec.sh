#!/bin/sh
# pidpersec: ten forks show in the per-second count.
. "$(dirname "$0")/tool_lib"
need_tracepoint sched:sched_process_fork
tool_start pidpersec
for i in 1 2 3 4 5 6 7 8 9 10; do /bin/true; done
sleep 1.2
tool_stop
n=$(output | sed -n -E 's/^[0-9:]{8} PIDs\/sec: ([0-9]+)$/\1/p' | sort -n | tail -1)
expect_range "highest PIDs/sec" "${n:-none}" 10 100000
finish
