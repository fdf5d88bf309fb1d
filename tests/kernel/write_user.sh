#!/bin/sh
# write_user(): with --unsafe, bpf_probe_write_user changes the traced
# process's memory: echo's buffer is rewritten before write(2) copies it, so
# "hello" comes out as "Jello".  Kernels in lockdown refuse the helper to
# every program: skipped there (the error names the lockdown).
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_tracepoint syscalls:sys_enter_write

sonde_run --unsafe -e 'tracepoint:syscalls:sys_enter_write /pid == cpid/ { @r = write_user(args.buf, "J", 1); }' \
	-c '/bin/echo hello'
if grep -q "lockdown" "$T/err"; then
	skip "the kernel is locked down: bpf_probe_write_user is refused"
fi
expect_status 0
expect_match "echo's output" "$(output)" '^Jello$'
expect_match "the helper's result" "$(output)" '^@r: 0$'
finish
