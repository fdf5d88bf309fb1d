#!/bin/sh
# A map that fills up warns once, naming the map and its limit, and the
# run goes on: 200 distinct keys into a map limited to 10.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_getppid

sonde_run -e 'config = { max_map_keys = 10 }
tracepoint:syscalls:sys_enter_getppid /pid == cpid/ { @calls = count(); @seen[nsecs] = 1; }' \
	-c "$WORKLOAD getppid 200"
expect_status 0
expect_eq "@calls" "$(map_value @calls)" 200
expect_eq "@seen entries" "$(grep -c '^@seen\[' "$T/stdout")" 10
warnings=$(grep -c -i 'warning' "$T/err")
expect_eq "warnings" "$warnings" 1
expect_match "the warning" "$(grep -i warning "$T/err")" '@seen.*10|10.*@seen'
finish
