#!/bin/sh
# With __BPFTRACE_NOTIFY_PROBES_ATTACHED set (bpftrace's runtime test driver
# sets it), a marker line goes to stdout once the probes are attached, and
# BEGIN's output follows it, as in bpftrace; without it, no marker.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root

prog='BEGIN { printf("begin\n"); } interval:ms:50 { printf("tick\n"); exit(); }'
__BPFTRACE_NOTIFY_PROBES_ATTACHED=1 sonde_run -e "$prog"
expect_status 0
expect_output <<'OUT'
__BPFTRACE_NOTIFY_PROBES_ATTACHED
begin
tick


OUT

# JSON: the attached_probes record, the marker, then BEGIN's record
__BPFTRACE_NOTIFY_PROBES_ATTACHED=1 sonde_run -f json -e "$prog"
expect_status 0
expect_output <<'OUT'
{"type": "attached_probes", "count": 2, "data": {"probes": 2}}
__BPFTRACE_NOTIFY_PROBES_ATTACHED
{"type": "printf", "data": "begin\n"}
{"type": "printf", "data": "tick\n"}
OUT

# exit() in BEGIN: nothing more attaches, the marker still comes first
__BPFTRACE_NOTIFY_PROBES_ATTACHED=1 sonde_run -e 'BEGIN { printf("only\n"); exit(); }'
expect_output <<'OUT'
__BPFTRACE_NOTIFY_PROBES_ATTACHED
only


OUT

sonde_run -e "$prog"
expect_output <<'OUT'
begin
tick


OUT
finish
