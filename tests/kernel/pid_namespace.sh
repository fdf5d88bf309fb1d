#!/bin/sh
# pid and tid are numbered in sonde's own PID namespace, as bpftrace's are:
# run under `unshare --pid`, sonde's BEGIN sees itself as pid 1.
# pid(curr_ns) is the same; pid(init) and tid(init) are the init
# namespace's numbers.  In the init namespace all of them agree.
# ustack and usym of a process in sonde's namespace resolve through its
# /proc: they record the pid as that namespace numbers it.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
command -v unshare >/dev/null 2>&1 || skip "no unshare"
prog='BEGIN { printf("ids: %d %d %d %d %d %d\n", pid, pid(curr_ns), pid(init), tid, tid(curr_ns), tid(init)); exit(); }'

sonde_run -e "$prog"
expect_status 0
expect_match "all equal in the init namespace" "$(output)" '^ids: ([0-9]+) \1 \1 \1 \1 \1$'

# SONDE may be relative: unshare runs it from here
timeout -k 3 30 unshare --fork --pid --mount-proc "$SONDE" -e "$prog" </dev/null >"$T/ns_out" 2>"$T/ns_err" ||
	{ cat "$T/ns_err" | head -5; skip "unshare --pid refused here"; }
out=$(grep '^ids:' "$T/ns_out")
expect_match "pid 1 inside, the init numbers beside" "$out" '^ids: 1 1 [0-9]+ 1 1 [0-9]+$'
case $out in
*" 1 1 1 1 1 1") fail "pid(init) is the namespace's 1";;
esac

timeout -k 3 30 unshare --fork --pid --mount-proc "$SONDE" -e "config = { show_debug_info = 0 }
	uprobe:$WORKLOAD:target /pid == cpid/ { print(ustack(2)); print(usym(reg(\"ip\"))); exit(); }" \
	-c "$WORKLOAD call 1" </dev/null >"$T/ns_out" 2>"$T/ns_err"
expect_match "ustack inside: symbols" "$(cat "$T/ns_out")" '^        target\+0$'
expect_match "ustack inside: a caller" "$(cat "$T/ns_out")" '^        (cmd_call|main)\+[0-9]+$'
expect_match "usym inside" "$(cat "$T/ns_out")" '^target$'
finish
