#!/bin/sh
# tcpaccept: an accept() on loopback, with both ends.
. "$(dirname "$0")/tool_lib"
command -v python3 >/dev/null || skip "python3 missing"
tool_start tcpaccept
python3 "$(dirname "$0")/tcp_workload.py" session >"$T/wl"
settle
tool_stop
read -r wpid sport cport <"$T/wl"
expect_match "accept row" "$(output)" \
	"^$wpid +python3 +4 +127\\.0\\.0\\.1 +$cport +127\\.0\\.0\\.1 +$sport\$"

tool_start tcpaccept
python3 "$(dirname "$0")/tcp_workload.py" session 6 >"$T/wl"
settle
tool_stop
read -r wpid sport cport <"$T/wl"
expect_match "IPv6 accept row" "$(output)" "^$wpid +python3 +6 +::1 +$cport +::1 +$sport\$"
finish
