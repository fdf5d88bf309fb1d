#!/bin/sh
# count() of the exact number of getppid calls made by a -c child.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_getppid

sonde_run -e 'tracepoint:syscalls:sys_enter_getppid /pid == cpid/ { @ = count(); }' \
	-c "$WORKLOAD getppid 1000"
expect_status 0
expect_eq "@" "$(map_value @)" 1000
finish
