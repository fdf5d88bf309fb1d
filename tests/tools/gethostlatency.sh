#!/bin/sh
# gethostlatency: a getaddrinfo() of localhost, with its latency.
. "$(dirname "$0")/tool_lib"
command -v getent >/dev/null || skip "getent missing"
tool_start gethostlatency
getent ahosts localhost >/dev/null
settle
tool_stop
expect_match "lookup row" "$(output)" '^[0-9:]{8} [0-9]+ +getent +[0-9]+\.[0-9]{3} localhost$'
finish
