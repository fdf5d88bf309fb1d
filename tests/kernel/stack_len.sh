#!/bin/sh
# len() of a stack: the number of frames, as many as printing the stack
# shows; a stack with a limit counts at most that many (ustack(3) of a
# deep stack is 3), through a variable as well as directly.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload

sonde_run -e "uprobe:$WORKLOAD:target /pid == cpid/ { \$s = ustack(3); @n = len(\$s); @m = len(ustack(1)); exit(); }" \
	-c "$WORKLOAD call 1"
expect_status 0
expect_match "ustack(3) holds 3 frames" "$(output)" '^@n: 3$'
expect_match "ustack(1) holds 1 frame" "$(output)" '^@m: 1$'

sonde_run -e "uprobe:$WORKLOAD:target /pid == cpid/ { printf(\"%d\\n\", len(ustack)); print(ustack); exit(); }" \
	-c "$WORKLOAD call 1"
expect_status 0
n=$(output | grep -v '^Attached' | head -1)
frames=$(output | grep -v '^Attached' | tail -n +2 | grep -c '^ ')
expect_eq "len(ustack) counts the frames printed" "$n" "$frames"

sonde_run -e "tracepoint:raw_syscalls:sys_enter /pid == cpid/ { printf(\"%d\\n\", len(kstack)); print(kstack); exit(); }" \
	-c "$WORKLOAD call 1"
expect_status 0
n=$(output | grep -v '^Attached' | head -1)
frames=$(output | grep -v '^Attached' | tail -n +2 | grep -c '^ ')
expect_eq "len(kstack) counts the frames printed" "$n" "$frames"
expect_match "a syscall has kernel frames" "$n" '^[1-9][0-9]*$'
finish
