#!/bin/sh
# Each probe's program is named "sonde_" and the probe's function or event,
# its BTF function as bpftrace names it (bpftool prog shows the latter when
# the former is cut at 15 characters): probe used in a wildcard makes one program per
# tracepoint, each named by its own (bpftrace's kprobe_wildcard probe
# builtin counts them by name).  The programs counted are the ones this
# sonde holds: other sondes on the host may trace the same events.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_bpftool
need_tracepoint sched:sched_process_exit

n=$(ls -d /sys/kernel/tracing/events/sched/sched_process_* 2>/dev/null | wc -l)
sonde_start -e 'tracepoint:sched:sched_process_* { @[probe] = count(); }
END { clear(@); }' || finish
bpf_own_ids "$SONDE_PID" | awk '$1 == "prog" { print $2 }' >"$T/ids"
while read -r id; do
	bpftool prog show id "$id"
done <"$T/ids" >"$T/progs"
sonde_stop INT
expect_status 0
# bpftool shows the BTF name where the 15-character name is cut short
expect_eq "programs named tracepoint_sched_sched_process_*_N" \
	"$(grep -cE ' name (sonde_sched_pro|tracepoint_sched_sched_process_[a-z_]+_[0-9]+) ' "$T/progs")" "$n"
expect_eq "distinct names" "$(grep -oE ' name tracepoint_sched_[^ ]+ ' "$T/progs" | sort -u | wc -l)" "$n"
finish
