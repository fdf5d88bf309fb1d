#!/bin/sh
# Each probe's program is named "sonde_" and the probe's function or event
# (bpftool prog shows it): probe used in a wildcard makes one program per
# tracepoint, each named by its own (bpftrace's kprobe_wildcard probe
# builtin counts them by name).
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_bpftool
need_tracepoint sched:sched_process_exit

n=$(ls -d /sys/kernel/tracing/events/sched/sched_process_* 2>/dev/null | wc -l)
sonde_run --unsafe -e 'tracepoint:sched:sched_process_* { @[probe] = count(); }
interval:ms:300 { system("bpftool prog show | grep -c \" name sonde_sched_pro \""); exit(); }
END { clear(@); }'
expect_status 0
got=$(grep -E '^[0-9]+$' "$T/out" | head -1)
expect_range "programs named sonde_sched_pro" "${got:-0}" "$n" 100000
finish
