#!/bin/sh
# A USDT probe guarded by a semaphore fires only while a tracer holds the
# semaphore: the kernel counts it up (uprobe ref_ctr_offset) for as long
# as sonde is attached.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
USDT_WORKLOAD=${USDT_WORKLOAD:-$(dirname "$WORKLOAD")/usdt_workload}
[ -x "$USDT_WORKLOAD" ] || skip "no USDT workload at $USDT_WORKLOAD"

sonde_run -e "usdt:$USDT_WORKLOAD:sonde:guarded /pid == cpid/ { @n = count(); @s = sum(arg0); }" \
	-c "$USDT_WORKLOAD fire 50"
expect_status 0
expect_eq "@n" "$(map_value @n)" 50
expect_eq "@s" "$(map_value @s)" 1225

# A process that started before sonde attached sees the semaphore too.
gate() {
	while ! [ -e "$T/go" ]; do sleep 0.05; done
}
gate | "$USDT_WORKLOAD" wait-fire 20 &
W=$!
if sonde_start -p "$W" -e "usdt:$USDT_WORKLOAD:sonde:guarded { @n = count(); }"; then
	touch "$T/go"
	wait "$W"
	sleep 0.2
	sonde_stop
	expect_eq "running process: @n" "$(map_value @n)" 20
fi
touch "$T/go"
wait
finish
