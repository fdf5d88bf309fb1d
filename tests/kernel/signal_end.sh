#!/bin/sh
# SIGINT and SIGTERM both run END, then print every map in name order.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_getppid

for sig in INT TERM; do
	log "SIG$sig"
	sonde_start -e 'BEGIN { @start = 1; }
tracepoint:syscalls:sys_enter_getppid /comm == "workload"/ { @calls = count(); }
END { printf("end\n"); @end = 2; }' || finish
	workload getppid 3
	sonde_stop $sig
	expect_status 0
	expect_output <<'OUT'
end


@calls: 3
@end: 2
@start: 1
OUT
done
finish
