#!/bin/sh
# tcpconnect: a connect() on loopback, over IPv4 and IPv6.
. "$(dirname "$0")/tool_lib"
command -v python3 >/dev/null || skip "python3 missing"
need_tracepoint sock:inet_sock_set_state
tool_start tcpconnect
python3 "$(dirname "$0")/tcp_workload.py" session >"$T/wl"
settle
tool_stop
read -r wpid sport cport <"$T/wl"
expect_match "connect row" "$(output)" "^$wpid +python3 +4 +127\\.0\\.0\\.1 +127\\.0\\.0\\.1 +$sport\$"

tool_start tcpconnect
python3 "$(dirname "$0")/tcp_workload.py" session 6 >"$T/wl"
settle
tool_stop
read -r wpid sport cport <"$T/wl"
expect_match "IPv6 connect row" "$(output)" "^$wpid +python3 +6 +::1 +::1 +$sport\$"
finish
