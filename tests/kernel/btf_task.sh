#!/bin/sh
# Kernel structures through BTF: curtask->pid is the pid, curtask->tgid the
# process, and the -c child's parent (real_parent) is sonde itself.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_getppid
[ -e /sys/kernel/btf/vmlinux ] || skip "no kernel BTF"

sonde_start -e 'tracepoint:syscalls:sys_enter_getppid /pid == cpid/ {
	printf("%d %d %d\n", curtask->tgid == pid, (uint32)curtask->pid == tid,
	       curtask->real_parent->tgid);
	exit();
}' -c "$WORKLOAD getppid 1" || finish
spid=$SONDE_PID
sonde_wait
expect_status 0
expect_eq "first line" "$(output | head -1)" "1 1 $spid"
finish
