#!/bin/sh
# Profiling overhead, measured two ways.  Target: under 1 % at 99 Hz.
#
# 1. Wall time of a fixed amount of CPU-bound work (a shell counting loop),
#    alone and under `sonde profile` at 49, 99 and 999 Hz on every CPU;
#    the best of RUNS runs each.  On a shared machine other jobs move these
#    figures by more than the overhead itself.
# 2. The cost of one sample from the kernel's BPF statistics
#    (kernel.bpf_stats_enabled=1): run_time_ns / run_cnt of sonde's
#    perf_event program, read from /proc/PID/fdinfo before and after the
#    work.  The overhead derived from it, samples per second per CPU times
#    that cost, is the share of a busy CPU the program takes; it does not
#    depend on other load.  (It leaves out the timer interrupt that carries
#    each sample, which any sampling profiler pays.)
#
#   sh bench/profile_overhead.sh [SONDE]      (root; RUNS=3 N=3000000)
SONDE=${1:-./sonde}
N=${N:-3000000}
RUNS=${RUNS:-3}
PERF_EVENT_PROG=7	# BPF_PROG_TYPE_PERF_EVENT

[ "$(id -u)" = 0 ] || { echo "profile_overhead.sh: needs root" >&2; exit 2; }
stats_was=$(sysctl -n kernel.bpf_stats_enabled)
trap 'sysctl -q -w kernel.bpf_stats_enabled="$stats_was"' EXIT INT TERM
sysctl -q -w kernel.bpf_stats_enabled=1

work_once() {
	/usr/bin/time -f "%e" sh -c "i=0; while [ \$i -lt $N ]; do i=\$((i + 1)); done" 2>&1
}

# The best wall time of RUNS runs of the work.
work() {
	for r in $(seq "$RUNS"); do work_once; done | sort -n | head -n 1
}

# "run_time_ns run_cnt" summed over the perf_event programs process $1 holds.
prog_stats() {
	for f in /proc/"$1"/fdinfo/*; do
		awk -v want="$PERF_EVENT_PROG" '
			$1 == "prog_type:" { type = $2 }
			$1 == "prog_id:" { id = $2 }
			$1 == "run_time_ns:" { ns = $2 }
			$1 == "run_cnt:" { cnt = $2 }
			END { if (type == want) print id, ns, cnt }' "$f" 2>/dev/null
	done | sort -u | awk '{ ns += $2; cnt += $3 } END { print ns + 0, cnt + 0 }'
}

now_ns() {
	date +%s%N
}

base=$(work)
echo "alone: ${base} s (best of $RUNS)"
for hz in 49 99 999; do
	"$SONDE" profile -F "$hz" -o /dev/null --format folded >/dev/null 2>&1 &
	pid=$!
	sleep 1
	before=$(prog_stats "$pid")
	t0=$(now_ns)
	t=$(work)
	t1=$(now_ns)
	after=$(prog_stats "$pid")
	kill -INT "$pid"
	wait "$pid"
	echo "$hz $t $base $before $after $t0 $t1 $(nproc)" | awk '{
		hz = $1; t = $2; base = $3
		ns = $6 - $4; cnt = $7 - $5; secs = ($9 - $8) / 1e9; cpus = $10
		cost = cnt ? ns / cnt : 0
		printf "at %d Hz: %s s (%+.1f %%); %d samples in %.1f s (%.0f/s per CPU), " \
		       "%.0f ns each: %.3f %% of a busy CPU\n", hz, t, (t / base - 1) * 100,
		       cnt, secs, cnt / secs / cpus, cost, hz * cost / 1e7
	}'
done
