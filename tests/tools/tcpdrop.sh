#!/bin/sh
# tcpdrop: a SYN to a port nobody listens on is dropped (no socket), over
# IPv4 and IPv6.
. "$(dirname "$0")/tool_lib"
command -v python3 >/dev/null || skip "python3 missing"
need_tracepoint skb:kfree_skb
tool_start tcpdrop
python3 "$(dirname "$0")/tcp_workload.py" refused >"$T/wl"
settle
tool_stop
read -r wpid port <"$T/wl"
expect_match "drop row" "$(output)" \
	"^127\\.0\\.0\\.1 +[0-9]+ +127\\.0\\.0\\.1 +$port +[0-9]+\$"

tool_start tcpdrop
python3 "$(dirname "$0")/tcp_workload.py" refused 6 >"$T/wl"
settle
tool_stop
read -r wpid port <"$T/wl"
expect_match "IPv6 drop row" "$(output)" \
	"^::1 +[0-9]+ +::1 +$port +[0-9]+\$"
finish
