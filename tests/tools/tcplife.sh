#!/bin/sh
# tcplife: a loopback session that sends 5000 bytes, seen from both ends,
# over IPv4 and IPv6.
. "$(dirname "$0")/tool_lib"
command -v python3 >/dev/null || skip "python3 missing"
need_tracepoint sock:inet_sock_set_state
tool_start tcplife
python3 "$(dirname "$0")/tcp_workload.py" session >"$T/wl"
settle
tool_stop
read -r wpid sport cport <"$T/wl"
expect_match "client row" "$(output)" \
	"^$wpid +python3 +127\\.0\\.0\\.1 +$cport +127\\.0\\.0\\.1 +$sport +4 +0 +[0-9]+\$"
expect_match "server row" "$(output)" \
	"^$wpid +python3 +127\\.0\\.0\\.1 +$sport +127\\.0\\.0\\.1 +$cport +0 +4 +[0-9]+\$"

tool_start tcplife
python3 "$(dirname "$0")/tcp_workload.py" session 6 >"$T/wl"
settle
tool_stop
read -r wpid sport cport <"$T/wl"
expect_match "IPv6 client row" "$(output)" \
	"^$wpid +python3 +::1 +$cport +::1 +$sport +4 +0 +[0-9]+\$"
expect_match "IPv6 server row" "$(output)" \
	"^$wpid +python3 +::1 +$sport +::1 +$cport +0 +4 +[0-9]+\$"
finish
