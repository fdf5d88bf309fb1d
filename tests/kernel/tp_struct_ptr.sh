#!/bin/sh
# A tracepoint argument that points to a kernel struct (`struct
# __kernel_timespec *rqtp`) is typed from the kernel's BTF: its fields read
# through `->` (user memory for syscall arguments).
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_tracepoint syscalls:sys_enter_clock_nanosleep

sonde_run -e 'tracepoint:syscalls:sys_enter_clock_nanosleep /pid == cpid/ {
	printf("%d.%09d\n", args.rqtp->tv_sec, args.rqtp->tv_nsec);
	printf("%d\n", sizeof(*args.rqtp));
	exit();
}' -c 'sleep 1.25'
expect_status 0
expect_output <<'OUT'
1.250000000
16


OUT
finish
