#!/bin/sh
# A map that fills up warns at each refused update, in bpftrace's words at
# the map, and the run goes on: 200 distinct keys into a map limited to 10
# are 190 refusals, of which the first 100 are shown (sonde's limit on
# warnings, said once).
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
warnings=$(grep -c 'WARNING: Map full; can.t update element' "$T/err")
expect_eq "warnings" "$warnings" 100
expect_eq "the limit said" "$(grep -i warning "$T/err" | grep -v 'Map full')" \
	"WARNING: too many warnings: only the first 100 are shown"
expect_eq "each names the helper" "$(grep -c '^Additional Info - helper: map_update_elem, retcode: -7$' "$T/err")" 100
expect_match "at the map" "$(grep -m1 -A1 'Map full' "$T/err" | sed -n 2p; grep -m1 -A3 'Map full' "$T/err" | tail -1)" '~~~~~'
finish
