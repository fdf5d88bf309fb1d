#!/bin/sh
# tcpconnect: a connect() on loopback.
. "$(dirname "$0")/tool_lib"
command -v python3 >/dev/null || skip "python3 missing"
need_tracepoint sock:inet_sock_set_state
tool_start tcpconnect
python3 "$(dirname "$0")/tcp_workload.py" session >"$T/wl"
settle
tool_stop
read -r wpid sport cport <"$T/wl"
expect_match "connect row" "$(output)" "^$wpid +python3 +4 +127\\.0\\.0\\.1 +127\\.0\\.0\\.1 +$sport\$"
finish
