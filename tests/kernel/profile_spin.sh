#!/bin/sh
# profile:hz:99 samples a busy loop of one second of CPU time about 99
# times (however loaded the host: the loop counts its own CPU time).
# On a virtual machine whose host is busy the count runs higher: the
# sampling timer ticks in the guest's wall time, steal time included,
# while the loop's CPU time leaves the stolen time out.
# (The user-stack half of this check lives with the stacks work.)
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload

spawn_workload spin-cpu 1000
sonde_start -e 'profile:hz:99 /pid == '"$SPAWNED"'/ { @[comm] = count(); @cpu[cpu] = count(); }' || finish
resume "$SPAWNED"
sonde_stop INT
expect_status 0
expect_range "@[workload]" "$(map_value '@[workload]')" 60 160
finish
