#!/bin/sh
# Profiling overhead: the wall time of a fixed amount of CPU-bound work
# (a shell counting loop), alone and under `sonde profile` at 49, 99 and
# 999 Hz on every CPU.  Target: under 1 % slower at 99 Hz.
#
#   sh bench/profile_overhead.sh [SONDE]      (root)
SONDE=${1:-./sonde}
N=${N:-3000000}

work() {
	/usr/bin/time -f "%e" sh -c "i=0; while [ \$i -lt $N ]; do i=\$((i + 1)); done" 2>&1
}
base=$(work)
echo "alone: ${base} s"
for hz in 49 99 999; do
	"$SONDE" profile -F "$hz" -o /dev/null --format folded >/dev/null 2>&1 &
	pid=$!
	sleep 1
	t=$(work)
	kill -INT "$pid"
	wait "$pid"
	echo "at $hz Hz: ${t} s ($(echo "$t $base" | awk '{ printf "%+.1f", ($1 / $2 - 1) * 100 }') %)"
done
