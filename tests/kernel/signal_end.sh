#!/bin/sh
# SIGINT and SIGTERM both run END, then print every map in name order.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_getppid

for sig in INT TERM; do
	log "SIG$sig"
	spawn_workload getppid 3
	sonde_start -e 'BEGIN { @start = 1; }
tracepoint:syscalls:sys_enter_getppid /pid == '"$SPAWNED"'/ { @calls = count(); }
END { printf("end\n"); @end = 2; }' || finish
	resume "$SPAWNED"
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
