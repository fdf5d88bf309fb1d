#!/bin/sh
# uprobe on a function with known arguments: exact count and sums of arg0,
# arg1 and the string arg2 (workload call N: target(i, 2 * i, "sonde")).
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload

sonde_run -e "uprobe:$WORKLOAD:target /pid == cpid/ { @calls = count(); @a = sum(arg0); @b = sum(arg1); @s[str(arg2)] = count(); }" \
	-c "$WORKLOAD call 100"
expect_status 0
expect_eq "@calls" "$(map_value @calls)" 100
expect_eq "@a" "$(map_value @a)" 4950
expect_eq "@b" "$(map_value @b)" 9900
expect_eq "@s[sonde]" "$(map_value '@s[sonde]')" 100
finish
