#!/bin/sh
# sonde record TOOL: a built-in tool's printfs become instant events with
# typed arguments (execsnoop: the three execs of /bin/true by the workload).
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
. "$(dirname "$0")/lib_record.sh"
need_root
need_workload
need_tracepoint syscalls:sys_exit_execve

"$SONDE" record -o "$T/r.sonde" execsnoop >/dev/null 2>"$T/record.err" &
SONDE_PID=$!
i=0
while ! grep -q '^Attached ' "$T/record.err" && [ $i -lt $((ATTACH_TIMEOUT * 10)) ]; do
	sleep 0.1
	i=$((i + 1))
done
grep -q '^Attached ' "$T/record.err" || fail "execsnoop did not attach: $(cat "$T/record.err")"
"$WORKLOAD" exec 3 &
wl=$!
wait $wl
record_stop
listing "$T/r.sonde"
expect_eq "execs of /bin/true by the workload" \
	"$(count "instant name=tracepoint:syscalls:sys_exit_execve message=\"true +[0-9]+ +$wl +0 [^\"]*\" arg0=\"true\" arg1=[0-9]+ arg2=$wl arg3=0 ")" 3
expect_eq "the tool's header" "$(count ' instant name=BEGIN message="PCOMM +PID +PPID +RET +ARGS"')" 1
finish
