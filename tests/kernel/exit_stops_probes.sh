#!/bin/sh
# After exit() the other probes do nothing while sonde detaches them: a
# 100 us interval probe runs its body exactly once, however long the
# detach takes on a loaded machine; END still runs.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root

sonde_run -e 'interval:us:100 { @runs = count(); exit(); } END { @end = 1; }'
expect_status 0
expect_output <<'OUT'


@end: 1
@runs: 1
OUT
finish
