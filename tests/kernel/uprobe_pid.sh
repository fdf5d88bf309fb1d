#!/bin/sh
# -p PID limits a uprobe to one of two processes running the same binary
# (bpftrace 0.17 does not: its uprobes fire in both).
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload

# Each workload blocks on a pipe until $T/go exists, then makes 100 calls.
gate() {
	while ! [ -e "$T/go" ]; do sleep 0.05; done
}
gate | "$WORKLOAD" wait-call 100 &
W1=$!
gate | "$WORKLOAD" wait-call 100 &
W2=$!

if sonde_start -p "$W1" -e "uprobe:$WORKLOAD:target { @n = count(); @pids[pid] = count(); }"; then
	touch "$T/go"
	wait "$W1" "$W2"
	sleep 0.2
	sonde_stop
	expect_eq "@n" "$(map_value @n)" 100
	expect_eq "@pids[W1]" "$(map_value "@pids[$W1]")" 100
	expect_eq "@pids[W2]" "$(map_value "@pids[$W2]")" ""
fi
touch "$T/go"
wait
finish
