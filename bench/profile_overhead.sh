#!/bin/sh
# Profiling overhead: a CPU-bound loop (workload spin) timed by how much
# work it does in a fixed time, alone and under sonde profile at 49, 99 and
# 999 Hz.  Prints the slowdown in percent.  Target: under 1% at 99 Hz.
#
#   sh bench/profile_overhead.sh [SONDE] [WORKLOAD]      (root)
SONDE=${1:-./sonde}
WORKLOAD=${2:-build/tests/workload}
MS=${MS:-3000}

# A busy loop's work per second, as the perf counter of task-clock sees it:
# the run time of the same work (spin does a fixed amount of work per ms).
loops() {
	# bash-free: count iterations of a shell-free C loop through perf-less timing
	/usr/bin/time -f "%U %S" "$@" 2>&1 >/dev/null | tail -n 1
}
base=$(loops "$WORKLOAD" spin "$MS")
echo "alone: user+sys $base (s) for $MS ms of spinning"
for hz in 49 99 999; do
	"$SONDE" profile -F "$hz" -d $((MS / 1000 + 2)) -o /dev/null --format folded \
		>/dev/null 2>&1 &
	pid=$!
	sleep 1
	res=$(loops "$WORKLOAD" spin "$MS")
	wait "$pid"
	echo "at $hz Hz: user+sys $res (s)"
done
