#!/bin/sh
# USDT arguments of the three kinds sdt.h writes: registers (sonde:reg),
# a stack slot plus a string pointer (sonde:mem), constants (sonde:konst).
# Over N rounds i = 0..N-1: reg passes (i, 3i), mem (i + 100, "sonde"),
# konst (42, -7).
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
USDT_WORKLOAD=${USDT_WORKLOAD:-$(dirname "$WORKLOAD")/usdt_workload}
[ -x "$USDT_WORKLOAD" ] || skip "no USDT workload at $USDT_WORKLOAD"

sonde_run -e "usdt:$USDT_WORKLOAD:sonde:reg /pid == cpid/ { @reg_n = count(); @reg0 = sum(arg0); @reg1 = sum(arg1); }
usdt:$USDT_WORKLOAD:sonde:mem /pid == cpid/ { @mem0 = sum(arg0); @str[str(arg1)] = count(); }
U:$USDT_WORKLOAD:konst /pid == cpid/ { @k0 = sum(arg0); @k1 = min(arg1); @p[probe] = count(); }" \
	-c "$USDT_WORKLOAD fire 100"
expect_status 0
expect_eq "@reg_n" "$(map_value @reg_n)" 100
expect_eq "@reg0" "$(map_value @reg0)" 4950
expect_eq "@reg1" "$(map_value @reg1)" 14850
expect_eq "@mem0" "$(map_value @mem0)" 14950
expect_eq "@str[sonde]" "$(map_value '@str[sonde]')" 100
expect_eq "@k0" "$(map_value @k0)" 4200
expect_eq "@k1" "$(map_value @k1)" -7
expect_eq "probe name" "$(map_value "@p[usdt:$USDT_WORKLOAD:sonde:konst]")" 100
finish
