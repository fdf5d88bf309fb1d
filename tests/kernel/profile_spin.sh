#!/bin/sh
# profile:hz:99 samples a one-second busy loop about 99 times, and the user
# stack shows the loop's function, spin(), even though the process has
# exited when the maps print (bpftrace 0.17 prints raw addresses there).
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload

sonde_start -e 'profile:hz:99 /comm == "workload"/ { @[comm] = count(); @s[ustack] = count(); }' || finish
workload spin 1000
sonde_stop INT
expect_status 0
expect_range "@[workload]" "$(map_value '@[workload]')" 60 110
expect_match "user stack" "$(output)" '^[[:space:]]+spin\+[0-9]+$'
finish
