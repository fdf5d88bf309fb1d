#!/bin/sh
# uretprobe: retval of add_one(i) = i + 1 and of target(i, 2i, "sonde") =
# 3i + 1, summed over known calls; `probe` names the return probe.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload

sonde_run -e "uretprobe:$WORKLOAD:add_one /pid == cpid/ { @n = count(); @r = sum(retval); @max = max(retval); }" \
	-c "$WORKLOAD add 100"
expect_status 0
expect_eq "@n" "$(map_value @n)" 100
expect_eq "@r" "$(map_value @r)" 5050
expect_eq "@max" "$(map_value @max)" 100

sonde_run -e "ur:$WORKLOAD:target /pid == cpid/ { @r = sum(retval); @p[probe] = count(); }" \
	-c "$WORKLOAD call 100"
expect_status 0
expect_eq "@r" "$(map_value @r)" 14950
expect_eq "@p" "$(map_value "@p[uretprobe:$WORKLOAD:target]")" 100
finish
