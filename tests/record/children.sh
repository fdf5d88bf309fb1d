#!/bin/sh
# -c CMD follows the command's children (forks, then execs) and the --sched
# set records their forks, execs and exits.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
. "$(dirname "$0")/lib_record.sh"
need_root
need_workload
need_tracepoint sched:sched_process_fork

record --sched --syscalls -c "$WORKLOAD exec 5" -o "$T/r.sonde"
listing "$T/r.sonde"
parent=$(awk '$3 == "workload" { split($4, a, "/"); print a[2]; exit }' "$T/list.txt")
[ -n "$parent" ] || fail "no event of the workload"
expect_eq "forks by the command" \
	"$(grep -c -E " $parent/$parent sched_process_fork child_tid=" "$T/list.txt")" 5
expect_eq "execs of /bin/true" \
	"$(count ' sched_process_exec old_tid=[0-9]+ filename="/bin/true"$')" 5
# each child's own syscalls: its exit_group, under the name it exec'd to
expect_eq "children's exit_group" "$(count ' true [0-9]+/[0-9]+ sys_enter nr=231 ')" 5
expect_eq "exits" "$(count ' true [0-9]+/[0-9]+ sched_process_exit ')" 5
# the syscalls recorded are the command's and its children's only (a switch
# or wakeup that involves them may name another task as the current one)
others=$(grep -E ' sys_(enter|exit) ' "$T/list.txt" | awk '{ print $3 }' | sort -u | grep -v -x -E 'workload|true' | tr '\n' ' ')
expect_eq "other processes' syscalls" "$others" ""
[ "$TEST_FAILED" = 0 ] || grep -E "sched_process_(fork|exec|exit)|nr=231|^#" "$T/list.txt" | head -40
finish
