#!/bin/sh
# comm(pid): another thread's name through the bpf_task_from_pid and
# bpf_task_release kfuncs, from an interval (perf event) and a tracepoint
# program; for an id no thread has, "N/A" and a warning at the call (as
# bpftrace), which --no-warnings drops.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_getppid
[ -e /sys/kernel/btf/vmlinux ] || skip "no kernel BTF"

sleep 60 &
other=$!
trap 'kill $other 2>/dev/null; lib_cleanup' EXIT
sonde_run -e 'interval:ms:10 { printf("[%s] [%s]\n", comm($1), comm(0x7ffffff0)); exit(); }' "$other"
if grep -q "bpf_task_from_pid, which this kernel" "$T/err"; then
	skip "the kernel has no bpf_task_from_pid (Linux 6.2+)"
fi
expect_status 0
expect_eq "interval" "$(output | grep -v '^$')" "[sleep] [N/A]"
expect_eq "the warning" "$(grep -v '^Attached' "$T/err")" \
	"stdin:1:50-66: WARNING: No such process (pid=2147483632)"
sonde_run --no-warnings -e 'interval:ms:10 { $p = 0x7ffffff0; printf("[%s]\n", comm($p)); exit(); }'
expect_eq "--no-warnings: the value" "$(output | grep -v '^$')" "[N/A]"
expect_eq "--no-warnings: no warning" "$(grep -v '^Attached' "$T/err")" ""

sonde_run -e 'tracepoint:syscalls:sys_enter_getppid /pid == cpid/ { printf("[%s] [%s]\n", comm($1), comm(pid)); exit(); }' \
	-c "$WORKLOAD getppid 1" "$other"
expect_status 0
expect_eq "tracepoint" "$(output | grep -v '^$')" "[sleep] [workload]"
finish
