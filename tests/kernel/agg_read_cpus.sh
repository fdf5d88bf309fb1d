#!/bin/sh
# Aggregations read inside probes combine every CPU's value: the workload
# runs on CPU 0, then on the last CPU, and END (on whatever CPU sonde runs)
# sees the totals, also through for ($kv : @map); a predicate on a count stops counting at a threshold.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_getppid
command -v taskset >/dev/null || skip "needs taskset"
last=$(($(nproc) - 1))

spawn_stopped taskset -c 0 "$WORKLOAD" getppid 100
first=$SPAWNED
spawn_stopped taskset -c "$last" "$WORKLOAD" getppid 50
second=$SPAWNED
sonde_start -e 'tracepoint:syscalls:sys_enter_getppid /'"$(pid_filter $first $second)"'/ {
	@c = count(); @k[comm] = count(); @s = sum(2); @lo = min(cpu); @hi = max(cpu); @a = avg(3);
	if (@c < 120) { @first = count(); }
}
END {
	printf("count %d keyed %d sum %d min %d max %d avg %d first %d\n",
	       @c, @k["workload"], @s, @lo, @hi, @a, @first);
	for ($kv : @k) { printf("loop %s %d\n", $kv.0, $kv.1); }
	clear(@c); clear(@k); clear(@s); clear(@lo); clear(@hi); clear(@a); clear(@first);
}' || finish
resume $first
resume $second
sonde_stop INT
expect_status 0
expect_output <<OUT
count 150 keyed 150 sum 300 min 0 max $last avg 3 first 119
loop workload 150


OUT
finish
