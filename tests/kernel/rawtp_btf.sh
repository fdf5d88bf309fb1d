#!/bin/sh
# rawtracepoint probes load as BTF-typed raw tracepoints (tp_btf), as
# bpftrace's do: their pointer arguments are typed for the verifier, so
# socket_cookie() takes the struct sock * of inet_sock_set_state, and the
# tracing program may call comm(pid)'s kfuncs.  A refused TCP connect to a
# closed local port changes the socket's state twice (SYN_SENT, CLOSE).
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
[ -e /sys/kernel/btf/vmlinux ] || skip "no kernel BTF"
command -v bash >/dev/null || skip "no bash for /dev/tcp"

sonde_run -l 'rawtracepoint:inet_sock_set_state'
[ -n "$(output)" ] || skip "no inet_sock_set_state raw tracepoint"

sonde_run -e 'rawtracepoint:inet_sock_set_state /pid == cpid/ { @[socket_cookie(args.sk) > 0, comm(pid)] = count(); }' \
	-c "bash -c 'echo > /dev/tcp/127.0.0.1/1'"
if grep -q "bpf_task_from_pid, which this kernel" "$T/err"; then
	skip "the kernel has no bpf_task_from_pid (Linux 6.2+)"
fi
expect_status 0
expect_match "one cookie per state change, the thread named" "$(output)" '^@\[true, bash\]: 2$'
finish
