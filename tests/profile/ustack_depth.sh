#!/bin/sh
# A uprobe three calls deep gives a known ustack, in all three modes, and it
# still resolves after the process exited (bpftrace prints raw addresses).
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload

# The workload blocks on stdin (sleep's pipe), calls target() 3 times and
# exits at 1.5 s; the maps print at 3 s.
(sleep 1.5 | "$WORKLOAD" wait-call 3) &
sleep 0.3
sonde_run -e "uprobe:$WORKLOAD:target { @[ustack(3)] = count(); @p[ustack(perf, 2)] = count();
	@r[ustack(raw, 1)] = count(); } interval:s:3 { exit(); }"
wait
expect_status 0
# (the workload has DWARF: show_debug_info adds each frame's source line)
expect_lines "bpftrace mode" "$(output)" '@\[
        target\+0@[^ ]*/workload\.c:[0-9]+
        cmd_wait_call\+[0-9]+@[^ ]*/workload\.c:[0-9]+
        main\+[0-9]+@[^ ]*/workload\.c:[0-9]+
\]: 3'
expect_lines "perf mode" "$(output)" "@p\[
	[0-9a-f]+ target\+0 \($WORKLOAD\)
	[0-9a-f]+ cmd_wait_call\+[0-9]+ \($WORKLOAD\)
\]: 3"
expect_lines "raw mode" "$(output)" '@r\[
[0-9a-f]+
\]: 3'
finish
