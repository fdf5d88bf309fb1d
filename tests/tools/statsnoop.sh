#!/bin/sh
# statsnoop: a stat of a missing file.
. "$(dirname "$0")/tool_lib"
tool_start statsnoop
stat "$T/sonde-stat-missing" 2>/dev/null
stat "$T" >/dev/null
settle
tool_stop
expect_match "failed stat row" "$(output)" "^[0-9]+ +stat +-1 +2 $T/sonde-stat-missing\$"
expect_match "stat row" "$(output)" "^[0-9]+ +stat +0 +0 $T\$"
finish
