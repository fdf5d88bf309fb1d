#!/bin/sh
# Below 1024, str() reads max_strlen characters and one that fills them
# prints with bpftrace's trailer ("..", or str_trunc_trailer /
# BPFTRACE_STR_TRUNC_TRAILER); shorter strings print as they are.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_openat

prog='tracepoint:syscalls:sys_enter_openat /pid == cpid/ { @[str(args.filename)] = count(); }'
sonde_run -e "config = { max_strlen = 8 } $prog" -c "$WORKLOAD open /dev/null/x 2"
expect_status 0
expect_eq "@[/dev/nul..] (cut)" "$(map_value '@[/dev/nul..]')" 2

sonde_run -e "config = { max_strlen = 8 } $prog" -c "$WORKLOAD open /etc 2"
expect_eq "@[/etc] (fits)" "$(map_value '@[/etc]')" 2

BPFTRACE_STR_TRUNC_TRAILER=_xxx BPFTRACE_MAX_STRLEN=8 sonde_run -e "$prog" -c "$WORKLOAD open /dev/null/x 1"
expect_eq "@[/dev/nul_xxx] (own trailer)" "$(map_value '@[/dev/nul_xxx]')" 1

sonde_run -e "config = { max_strlen = 8; str_trunc_trailer = \"~\" } $prog" -c "$WORKLOAD open /dev/null/x 1"
expect_eq "@[/dev/nul~] (config trailer)" "$(map_value '@[/dev/nul~]')" 1
finish
