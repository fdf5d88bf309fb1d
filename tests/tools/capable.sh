#!/bin/sh
# capable: nice -n -1 needs CAP_SYS_NICE.
. "$(dirname "$0")/tool_lib"
need_tracepoint capability:cap_capable
tool_start capable
nice -n -1 /bin/true
settle
tool_stop
expect_match "CAP_SYS_NICE row" "$(output)" '^0 +[0-9]+ +nice +23 +CAP_SYS_NICE +allow$'
finish
