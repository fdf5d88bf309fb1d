#!/bin/sh
# max_strlen above 4096 (BPFTRACE_MAX_STRLEN=9999, as bpftrace allows): a
# 5555-byte path is read whole as a map key and printed whole.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_openat

long=/$(printf '%5554s' '' | tr ' ' X)
BPFTRACE_MAX_STRLEN=9999 sonde_run -e 'tracepoint:syscalls:sys_enter_openat /pid == cpid/ { @[str(args.filename)] = count(); }' \
	-c "$WORKLOAD open $long 2"
expect_status 0
expect_eq "@[the 5555-byte path]" "$(map_value "@[$long]")" 2
finish
