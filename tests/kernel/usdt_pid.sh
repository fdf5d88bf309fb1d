#!/bin/sh
# usdt:*:PROVIDER:NAME with -p searches every file the process maps, and
# fires only in that process, not in a second one running the same binary.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
USDT_WORKLOAD=${USDT_WORKLOAD:-$(dirname "$WORKLOAD")/usdt_workload}
[ -x "$USDT_WORKLOAD" ] || skip "no USDT workload at $USDT_WORKLOAD"

gate() {
	while ! [ -e "$T/go" ]; do sleep 0.05; done
}
gate | "$USDT_WORKLOAD" wait-fire 30 &
W1=$!
gate | "$USDT_WORKLOAD" wait-fire 30 &
W2=$!

if sonde_start -p "$W1" -e 'usdt:*:sonde:reg { @n = count(); @pids[pid] = count(); @s = sum(arg1); }'; then
	touch "$T/go"
	wait "$W1" "$W2"
	sleep 0.2
	sonde_stop
	expect_eq "@n" "$(map_value @n)" 30
	expect_eq "@pids[W1]" "$(map_value "@pids[$W1]")" 30
	expect_eq "@s" "$(map_value @s)" 1305
fi
touch "$T/go"
wait
finish
