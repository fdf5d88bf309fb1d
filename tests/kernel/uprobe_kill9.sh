#!/bin/sh
# After kill -9 of sonde no uprobe stays attached: its uprobes are perf
# events (uprobe PMU) that die with their fds, and it never writes
# uprobe_events.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
command -v bpftool >/dev/null || skip "bpftool is not installed"
USDT_WORKLOAD=${USDT_WORKLOAD:-$(dirname "$WORKLOAD")/usdt_workload}
EVENTS=/sys/kernel/tracing/uprobe_events

# Perf-event attachments on either workload binary.
attached() {
	bpftool perf 2>/dev/null | grep -c -F -e "filename $WORKLOAD " -e "filename $USDT_WORKLOAD "
}

before_events=$(cat "$EVENTS" 2>/dev/null)
before=$(attached)
prog="uprobe:$WORKLOAD:target { @a = count(); } uretprobe:$WORKLOAD:target { @b = count(); }"
[ -x "$USDT_WORKLOAD" ] && prog="$prog usdt:$USDT_WORKLOAD:sonde:guarded { @c = count(); }"

if sonde_start -e "$prog"; then
	during=$(attached)
	expect_range "attachments while running" "$during" $((before + 2)) $((before + 10))
	expect_eq "uprobe_events while running" "$(cat "$EVENTS" 2>/dev/null)" "$before_events"
	kill -KILL "$SONDE_PID"
	wait "$SONDE_PID" 2>/dev/null
	SONDE_PID=
	sleep 0.5
	expect_eq "attachments after kill -9" "$(attached)" "$before"
	expect_eq "uprobe_events after kill -9" "$(cat "$EVENTS" 2>/dev/null)" "$before_events"
fi
finish
