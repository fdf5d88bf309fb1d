#!/bin/sh
# str(p, length): the length counts the NUL, so length - 1 bytes are read
# (bpftrace's rule), whether the length is a literal or computed.
# workload call N: target(i, 2 * i, "sonde").
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload

sonde_run -e "uprobe:$WORKLOAD:target /pid == cpid/ { \$n = (uint16)4; @lit[str(arg2, 3)] = count(); @var[str(arg2, \$n)] = count(); @var1[str(arg2, \$n - 3)] = count(); }" \
	-c "$WORKLOAD call 10"
expect_status 0
expect_eq "@lit[so]" "$(map_value '@lit[so]')" 10
expect_eq "@var[son]" "$(map_value '@var[son]')" 10
expect_eq "@var1[]" "$(map_value '@var1[]')" 10
finish
