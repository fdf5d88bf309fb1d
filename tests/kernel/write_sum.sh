#!/bin/sh
# sum() and count() of write sizes from tracepoint args.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_write

sonde_run -e 'tracepoint:syscalls:sys_enter_write /pid == cpid/ { @bytes = sum(args.count); @calls = count(); }' \
	-c "$WORKLOAD write 100 512"
expect_status 0
expect_eq "@bytes" "$(map_value @bytes)" 51200
expect_eq "@calls" "$(map_value @calls)" 100
finish
