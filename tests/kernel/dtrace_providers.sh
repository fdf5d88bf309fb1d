#!/bin/sh
# D providers beyond syscall/profile on the deterministic workloads: usdt
# (PROVIDER$target, PROVIDER* with a module), proc create/exit, sched
# enqueue/dequeue, io start/done with bufinfo fields, lockstat, raise()
# with -w, walltimestamp.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint sched:sched_process_fork
USDT_WORKLOAD=${USDT_WORKLOAD:-$(dirname "$WORKLOAD")/usdt_workload}

pad16() {
	echo
	printf ' %16d\n' "$@"
}

# usdt: ten rounds of sonde:reg(i, 3i) and sonde:konst(42, -7).
if [ -x "$USDT_WORKLOAD" ]; then
	sonde_run dtrace -q -n 'sonde$target:::reg { @n = count(); @s = sum(arg1); }
		sonde$target::main:konst /arg1 == -7/ { @k = count(); }' -c "$USDT_WORKLOAD fire 10"
	expect_status 0
	{ pad16 10; pad16 135; pad16 10; } >"$T/expected"
	expect_output <"$T/expected"
	sonde_run dtrace -q -n "sonde*:$USDT_WORKLOAD::mem { @[copyinstr(arg1)] = sum(arg0); }" \
		-c "$USDT_WORKLOAD fire 4"
	expect_status 0
	{ echo; printf '  %-50s %16d\n' sonde 406; } >"$T/expected"
	expect_output <"$T/expected"
else
	log "no USDT workload at $USDT_WORKLOAD: usdt cases not run"
fi

# proc:::create in the parent, proc:::exit in each child.
sonde_run dtrace -q -n 'proc:::create /pid == $target/ { @c = count(); }
	proc:::exit /ppid == $target/ { @e = count(); }' -c "$WORKLOAD fork 5"
expect_status 0
expect_eq "warnings" "$(grep -c WARNING "$T/err")" 0
{ pad16 5; pad16 5; } >"$T/expected"
expect_output <"$T/expected"

# sched:::dequeue (the thread leaves the CPU to sleep) and enqueue (woken)
# around five 10 ms sleeps.
sonde_run dtrace -q -n 'sched:::dequeue /pid == $target/ { @d = count(); }' -c "$WORKLOAD sleep 5 10"
expect_status 0
expect_range "dequeues of five sleeps" "$(awk 'NF == 1 { print $1 }' "$T/stdout")" 5 200
# off-cpu and dequeue share the switch's tracepoint: each prints its own
# id and name on its event lines.
sonde_run dtrace -n 'sched:::off-cpu /pid == $target/ { trace("off"); }
	sched:::dequeue /pid == $target/ { trace("deq"); }' -c "$WORKLOAD sleep 5 10"
expect_status 0
expect_range "off-cpu's lines" "$(grep -c ' :off-cpu   off *$' "$T/stdout")" 5 200
expect_range "dequeue's lines" "$(grep -c ' :dequeue   deq *$' "$T/stdout")" 5 200
expect_eq "lines named for the other" "$(grep -c ':off-cpu   deq\|:dequeue   off' "$T/stdout")" 0
expect_eq "ids" "$(awk '/ off *$/ { print $2 }' "$T/stdout" | sort -u) $(awk '/ deq *$/ { print $2 }' "$T/stdout" | sort -u)" "2 3"
sonde_run dtrace -q -n 'sched:::enqueue { @e = count(); } tick-200ms { exit(0); }'
expect_status 0
expect_range "enqueues in 200 ms" "$(awk 'NF == 1 { print $1 }' "$T/stdout")" 1 100000000

# io:::start: sixteen 4 KiB direct writes, sized through args[0]->b_bcount.
if [ -b /dev/vda ] || [ -n "$(ls /sys/block 2>/dev/null)" ]; then
	f=$T/io.file
	rm -f "$f"
	sonde_run dtrace -q -n 'io:::start /pid == $target && args[0]->b_flags & B_WRITE/
		{ @["writes"] = quantize(args[0]->b_bcount); @b = sum(args[0]->b_bcount); }
		io:::done { @d = count(); }' -c "dd if=/dev/zero of=$f bs=4k count=16 oflag=direct"
	expect_status 0
	if grep -q 'writes' "$T/stdout"; then
		# dd's own sixteen writes, and now and then a write the kernel
		# issues in dd's context (writeback of someone else's dirty pages
		# under memory pressure): at least 16, each of 4 KiB.
		expect_range "write bytes" "$(awk 'NF == 1 && /^ +[0-9]+$/ { n++; if (n == 1) print $1 }' "$T/stdout")" 65536 98304
		expect_range "writes of 4 KiB" "$(awk '$1 == 4096 && $2 ~ /^\|@+$/ { print $3 }' "$T/stdout")" 16 24
		expect_match "4096 row" "$(cat "$T/stdout")" \
			'^            4096 \|@{30,40} +(1[6-9]|2[0-4]) *$'
	else
		log "no block writes seen (direct I/O not on a block device here)"
	fi
	rm -f "$f"
fi

# lockstat: the kernel's contention tracepoints attach (contention itself is not deterministic).
if [ -d /sys/kernel/tracing/events/lock/contention_begin ]; then
	sonde_run dtrace -q -n 'lockstat:::contention-begin { @b = count(); }
		lockstat:::contention-end { @e = count(); } tick-100ms { exit(0); }'
	expect_status 0
fi

# raise() with -w: the first getppid() kills the workload.
sonde_run dtrace -w -q -n 'syscall::getppid:entry /pid == $target/ { @ = count(); raise(9); }' \
	-c "$WORKLOAD getppid 1000"
expect_status 0
{ pad16 1; } >"$T/expected"
expect_output <"$T/expected"

# dtrace -l of the providers mapped to kernel functions and tracepoints.
sonde_run dtrace -l -n 'fbt::vfs_read:'
expect_status 0
expect_output <<'OUT'
   ID   PROVIDER               MODULE                         FUNCTION NAME
    1        fbt                                              vfs_read entry
    2        fbt                                              vfs_read return
OUT
sonde_run dtrace -l -n 'sched:::*queue'
expect_status 0
expect_output <<'OUT'
   ID   PROVIDER               MODULE                         FUNCTION NAME
    1      sched                                                       enqueue
    2      sched                                                       dequeue
OUT

# Drops: a one-page ring buffer and 200000 events lose records, which
# sonde dtrace reports as dtrace(1) does, per CPU, on stderr.
BPFTRACE_PERF_RB_PAGES=1
export BPFTRACE_PERF_RB_PAGES
sonde_run dtrace -q -n 'syscall::getppid:entry /pid == $target/
	{ printf("%d xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", pid); }' \
	-c "$WORKLOAD getppid 200000"
unset BPFTRACE_PERF_RB_PAGES
expect_status 0
expect_eq "Lost lines" "$(grep -c Lost "$T/err")" 0
expect_range "drop lines" "$(grep -c -E '^dtrace: [0-9]+ drops? on CPU [0-9]+$' "$T/err")" 1 100000
expect_eq "other lines" "$(grep -v -c -E '^dtrace: ([0-9]+ drops? on CPU [0-9]+|description .*)$' "$T/err")" 0

# walltimestamp: seconds since the epoch, as date(1) says.
now=$(date +%s)
sonde_run dtrace -q -n 'tick-10ms { printf("%d\n", walltimestamp / 1000000000); exit(0); }'
expect_status 0
expect_range "walltimestamp" "$(cat "$T/stdout")" $((now - 5)) $((now + 30))
finish
