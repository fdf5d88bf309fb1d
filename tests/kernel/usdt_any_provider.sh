#!/bin/sh
# usdt:BIN::NAME (an empty provider) matches NAME in any provider, and
# usdt::PROVIDER:NAME (no binary) with -p searches every file the process
# maps, as bpftrace's usdt probes do.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
USDT_WORKLOAD=${USDT_WORKLOAD:-$(dirname "$WORKLOAD")/usdt_workload}
[ -x "$USDT_WORKLOAD" ] || skip "no USDT workload at $USDT_WORKLOAD"

sonde_run -e "usdt:$USDT_WORKLOAD::konst { @n = count(); @s = sum(arg0); }" -c "$USDT_WORKLOAD fire 12"
expect_status 0
expect_eq "@n" "$(map_value @n)" 12
expect_eq "@s" "$(map_value @s)" 504

gate() {
	while ! [ -e "$T/go" ]; do sleep 0.05; done
}
gate | "$USDT_WORKLOAD" wait-fire 20 &
W1=$!
if sonde_start -p "$W1" -e 'usdt::sonde:reg { @n = count(); @s = sum(arg1); }'; then
	touch "$T/go"
	wait "$W1"
	sleep 0.2
	sonde_stop
	expect_eq "@n (-p, no binary)" "$(map_value @n)" 20
	expect_eq "@s (-p, no binary)" "$(map_value @s)" 570
fi
touch "$T/go"
wait
finish
