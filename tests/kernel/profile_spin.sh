#!/bin/sh
# profile:hz:99 samples a one-second busy loop about 99 times.
# (The user-stack half of this check lives with the stacks work.)
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload

sonde_start -e 'profile:hz:99 /comm == "workload"/ { @[comm] = count(); @cpu[cpu] = count(); }' || finish
workload spin 1000
sonde_stop INT
expect_status 0
expect_range "@[workload]" "$(map_value '@[workload]')" 60 110
finish
