#!/bin/sh
# naptime: sleep 0.3 asks for 0.300 s.
. "$(dirname "$0")/tool_lib"
tool_start naptime
sleep 0.3
settle
tool_stop
expect_match "sleep row" "$(output)" "^$$ +[^ ]+ +[0-9]+ +sleep +0\\.300\$"
finish
