#!/bin/sh
# -p PID of a process in another mount namespace (a container): the files
# it maps are reached as /proc/PID/root/PATH, so a binary only that
# namespace has can be listed and probed by the path the process sees.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
command -v unshare >/dev/null 2>&1 || skip "no unshare(1)"

dir=/tmp/sonde-mountns-test-$$
mkdir -p "$dir"
mkfifo "$T/in"
# A private tmpfs at $dir, the workload copied there: only that namespace has it.
unshare -m --propagation private sh -c "mount -t tmpfs none $dir && cp $WORKLOAD $dir/wl &&
	exec $dir/wl wait-call 3 < $T/in" &
ns_pid=$!
# The writer holds the fifo open until $T/go exists: then the workload reads EOF and calls.
sh -c "while [ ! -e $T/go ]; do sleep 0.1; done" > "$T/in" &
i=0
while [ $i -lt 100 ] && ! grep -q "$dir/wl" "/proc/$ns_pid/maps" 2>/dev/null; do
	sleep 0.1; i=$((i + 1))
done
grep -q "$dir/wl" "/proc/$ns_pid/maps" 2>/dev/null || { touch "$T/go"; skip "the namespaced workload did not start"; }
[ -e "$dir/wl" ] && { touch "$T/go"; skip "the mount namespace is not private here"; }

RUN_TIMEOUT=20 sonde_run -l "uprobe:*:target" -p "$ns_pid"
expect_status 0
expect_match "listed under /proc/PID/root" "$(output)" "^uprobe:/proc/$ns_pid/root$dir/wl:target\$"

# Attach by the path inside the namespace, then let the workload call target 3 times.
(sleep 3; touch "$T/go") &
RUN_TIMEOUT=30 sonde_run -p "$ns_pid" -e "uprobe:$dir/wl:target { @calls = count(); if (@calls == 3) { exit(); } }"
touch "$T/go"
expect_status 0
expect_eq "@calls" "$(map_value @calls)" 3
wait "$ns_pid" 2>/dev/null
rmdir "$dir" 2>/dev/null
finish
