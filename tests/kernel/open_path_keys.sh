#!/bin/sh
# str(args.filename) as a map key: counts per path, for a path that exists
# and one that does not (openat fails, the tracepoint still fires).
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_openat

missing=/tmp/sonde-test-no-such-file
rm -f "$missing"
spawn_workload open /etc/hostname 7
present=$SPAWNED
spawn_workload open "$missing" 3
absent=$SPAWNED
sonde_start -e 'tracepoint:syscalls:sys_enter_openat /'"$(pid_filter $present $absent)"'/ { @[str(args.filename)] = count(); }' || finish
resume $present
resume $absent
sonde_stop INT
expect_status 0
expect_eq "@[/etc/hostname]" "$(map_value '@[/etc/hostname]')" 7
expect_eq "@[$missing]" "$(map_value "@[$missing]")" 3
# count maps print sorted by value: the 3 comes before the 7.
expect_match "order" "$(grep -n -e "$missing" -e /etc/hostname "$T/stdout" | head -n 1)" "$missing"
finish
