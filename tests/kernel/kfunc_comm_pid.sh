#!/bin/sh
# comm(pid): another thread's name through the bpf_task_from_pid and
# bpf_task_release kfuncs, from an interval (perf event) and a tracepoint
# program; "" for an id no thread has.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_getppid
[ -e /sys/kernel/btf/vmlinux ] || skip "no kernel BTF"

sleep 60 &
other=$!
trap 'kill $other 2>/dev/null' EXIT
sonde_run -e 'interval:ms:10 { printf("[%s] [%s]\n", comm($1), comm(0x7ffffff0)); exit(); }' "$other"
if grep -q "bpf_task_from_pid, which this kernel" "$T/err"; then
	skip "the kernel has no bpf_task_from_pid (Linux 6.2+)"
fi
expect_status 0
expect_eq "interval" "$(output | grep -v '^$')" "[sleep] []"

sonde_run -e 'tracepoint:syscalls:sys_enter_getppid /pid == cpid/ { printf("[%s] [%s]\n", comm($1), comm(pid)); exit(); }' \
	-c "$WORKLOAD getppid 1" "$other"
expect_status 0
expect_eq "tracepoint" "$(output | grep -v '^$')" "[sleep] [workload]"
finish
