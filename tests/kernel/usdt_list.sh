#!/bin/sh
# -l lists USDT probes as usdt:PATH:PROVIDER:NAME, sorted; -lv adds the
# argument types from the note's specs; a library is found by name.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
USDT_WORKLOAD=${USDT_WORKLOAD:-$(dirname "$WORKLOAD")/usdt_workload}
[ -x "$USDT_WORKLOAD" ] || skip "no USDT workload at $USDT_WORKLOAD"

sonde_run -l "usdt:$USDT_WORKLOAD:*"
expect_status 0
expect_output <<OUT
usdt:$USDT_WORKLOAD:sonde:guarded
usdt:$USDT_WORKLOAD:sonde:konst
usdt:$USDT_WORKLOAD:sonde:mem
usdt:$USDT_WORKLOAD:sonde:reg
OUT

sonde_run -l "usdt:$USDT_WORKLOAD:sonde:k*"
expect_output <<OUT
usdt:$USDT_WORKLOAD:sonde:konst
OUT

if ! is_bpftrace; then
	sonde_run -l "usdt:$USDT_WORKLOAD"
	expect_eq "usdt:BIN lists all" "$(grep -c . "$T/stdout")" 4
	sonde_run -lv "usdt:$USDT_WORKLOAD:sonde:konst"
	expect_output <<OUT
usdt:$USDT_WORKLOAD:sonde:konst
    int32 arg0
    int32 arg1
OUT
fi

# libstdc++ carries USDT probes (libstdcxx:throw ...) on Debian.
lib=$(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ { print $NF; exit }')
if ! is_bpftrace && [ -n "$lib" ] && readelf -n "$lib" 2>/dev/null | grep -q stapsdt; then
	sonde_run -l 'usdt:libstdc++:*'
	expect_match "library by name" "$(output)" '^usdt:/.*/libstdc\+\+\.so\.6:libstdcxx:throw$'
fi
finish
