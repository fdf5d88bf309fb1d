#!/bin/sh
# hist() of write sizes: 20 writes of 100 bytes and 10 of 3000 bytes land
# in [64, 128) and [2K, 4K), with the empty buckets between them printed.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_write

spawn_workload write 20 100
small=$SPAWNED
spawn_workload write 10 3000
big=$SPAWNED
sonde_start -e 'tracepoint:syscalls:sys_enter_write /'"$(pid_filter $small $big)"'/ { @sizes = hist(args.count); }' || finish
resume $small
resume $big
sonde_stop INT
expect_status 0
expect_output <<'OUT'


@sizes:
[64, 128)             20 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[128, 256)             0 |                                                    |
[256, 512)             0 |                                                    |
[512, 1K)              0 |                                                    |
[1K, 2K)               0 |                                                    |
[2K, 4K)              10 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |

OUT
finish
