#!/bin/sh
# tcpretrans: a SYN dropped by a full listen queue is retransmitted, over
# IPv4 and IPv6.
. "$(dirname "$0")/tool_lib"
command -v python3 >/dev/null || skip "python3 missing"
need_tracepoint tcp:tcp_retransmit_skb
tool_start tcpretrans
python3 "$(dirname "$0")/tcp_workload.py" retrans >"$T/wl"
settle
tool_stop
read -r wpid port <"$T/wl"
expect_match "retransmit row" "$(output)" \
	"^127\\.0\\.0\\.1 +[0-9]+ +127\\.0\\.0\\.1 +$port +SYN_SENT\$"

tool_start tcpretrans
python3 "$(dirname "$0")/tcp_workload.py" retrans 6 >"$T/wl"
settle
tool_stop
read -r wpid port <"$T/wl"
expect_match "IPv6 retransmit row" "$(output)" \
	"^::1 +[0-9]+ +::1 +$port +SYN_SENT\$"
finish
