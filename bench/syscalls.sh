# Tracing every system call (sourced by bench/run.sh): attach and
# teardown of `tracepoint:syscalls:sys_enter_*` (several hundred
# tracepoints), for sonde with the raw_syscalls merge (one program and
# one perf event, src/syscall_merge.c), sonde without it
# (SONDE_SYSCALL_MERGE=0: one perf event per tracepoint) and bpftrace:
#
#   tracepoint:syscalls:sys_enter_* { @[probe] = count(); }
#   interval:ms:1 { printf("ready\n"); exit(); }
#
# timed from the start (best of SYS_RUNS, 3): "ready" (everything attached: the interval probe
# comes last), the tool's exit, and "gone": no process of the tool's
# session is left (sonde hands the perf events to a `sonde-detach` child,
# which lives until the kernel has torn them down).  While that happens a
# loop reads a tracefs format file; the slowest read is reported (the
# kernel holds the lock that tracefs reads need during the teardown).
# Then the cost per event of the busiest program (bpf_stats) while the
# workload calls getppid EVENTS times.

SYS_RUNS=${SYS_RUNS:-3}

# Slowest read of a tracefs file, in ms, until $TMP/sys.stop exists.
tracefs_probe() {
	f=/sys/kernel/tracing/events/sched/sched_switch/format
	worst=0
	while ! [ -e "$TMP/sys.stop" ]; do
		a=$(now_ns)
		cat "$f" >/dev/null 2>&1
		b=$(now_ns)
		worst=$(awk -v w="$worst" -v d=$((b - a)) 'BEGIN { d /= 1e6; print (d > w) ? d : w }')
		sleep 0.05
	done
	printf '%.0f\n' "$worst" >"$TMP/sys.worst"
}

# syscalls_run TOOL MERGE: one run; SYSR_ready/exit/gone (s), SYSR_stall (ms)
syscalls_run() {
	bin=$(tool_path "$1")
	# sys.out too: the loop below must not see the last run's "ready"
	rm -f "$TMP/ready" "$TMP/exit" "$TMP/sys.stop" "$TMP/sys.worst" "$TMP/sys.out"
	: >"$TMP/sys.out"
	t0=$(now_ns)
	SONDE_SYSCALL_MERGE=$2 setsid "$bin" -B line "$TMP/sys.bt" >"$TMP/sys.out" 2>"$TMP/sys.err" </dev/null &
	pid=$!
	tracefs_probe &
	probe=$!
	while kill -0 "$pid" 2>/dev/null; do
		[ -e "$TMP/ready" ] || ! grep -q '^ready' "$TMP/sys.out" || now_ns >"$TMP/ready"
		sleep 0.01
	done
	now_ns >"$TMP/exit"
	[ -e "$TMP/ready" ] || ! grep -q '^ready' "$TMP/sys.out" || cp "$TMP/exit" "$TMP/ready"
	# the session: sonde's pid, and its detach child after it
	while ps -e -o sid= | grep -q -x " *$pid"; do
		sleep 0.01
	done
	gone=$(now_ns)
	touch "$TMP/sys.stop"
	wait "$probe"
	SYSR_ready=n/a
	[ -s "$TMP/ready" ] && SYSR_ready=$(ms_between "$t0" "$(cat "$TMP/ready")")
	SYSR_exit=$(ms_between "$t0" "$(cat "$TMP/exit")")
	SYSR_gone=$(ms_between "$t0" "$gone")
	SYSR_stall=$(cat "$TMP/sys.worst")
	SYSR_probes=$(grep -h -o -E 'Attach(ed|ing) [0-9]+' "$TMP/sys.err" "$TMP/sys.out" | awk '{ print $2 }' | head -1)
}

# The median of the numbers on stdin.
median() {
	sort -n | awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : "n/a" }'
}

# syscalls_best TOOL MERGE SUFFIX: the best times of SYS_RUNS runs, and the
# median tracefs stall (another tool's teardown on the machine can stall
# one run's reads: the median leaves such a run out), into SYS*_TOOL
syscalls_best() {
	b_ready= b_exit= b_gone=
	: >"$TMP/stalls"
	i=0
	while [ $i -lt "$SYS_RUNS" ]; do
		syscalls_run "$1" "$2"
		b_ready=$(min_of "$b_ready" "$SYSR_ready")
		b_exit=$(min_of "$b_exit" "$SYSR_exit")
		b_gone=$(min_of "$b_gone" "$SYSR_gone")
		echo "$SYSR_stall" >>"$TMP/stalls"
		i=$((i + 1))
	done
	b_stall=$(median <"$TMP/stalls")
	eval "SYSREADY$3_$1=\$b_ready SYSEXIT$3_$1=\$b_exit SYSGONE$3_$1=\$b_gone"
	eval "SYSSTALL$3_$1=\$b_stall SYSPROBES$3_$1=\$SYSR_probes"
}

section_syscalls() {
	printf '%s\n' 'tracepoint:syscalls:sys_enter_* { @[probe] = count(); }' \
		'interval:ms:1 { printf("ready\n"); exit(); }' >"$TMP/sys.bt"
	for tool in $TOOLS; do
		echo "bench: syscalls: $tool" >&2
		syscalls_best "$tool" 1 ""
	done
	if [ -x "$SONDE" ]; then
		echo "bench: syscalls: sonde, SONDE_SYSCALL_MERGE=0" >&2
		syscalls_best sonde 0 0
	fi
	# The cost per event of the busiest program while the workload makes
	# getppid calls: the merged program pays for finding the probe.
	each='tracepoint:syscalls:sys_enter_* { @[probe] = count(); }'
	: >"$TMP/out"
	: >"$TMP/err"
	for tool in $TOOLS; do
		event_cost "$tool" SYSE "$each" "$WORKLOAD" getppid "$EVENTS"
	done
	if [ -x "$SONDE" ]; then
		export SONDE_SYSCALL_MERGE=0
		event_cost sonde SYSE0 "$each" "$WORKLOAD" getppid "$EVENTS"
		unset SONDE_SYSCALL_MERGE
	fi
	for v in READY EXIT GONE STALL PROBES; do
		eval "SYS${v}0_bpftrace=\$SYS${v}_bpftrace"
	done
	COSTSYSE0_bpftrace=$COSTSYSE_bpftrace
	header "tracepoint:syscalls:sys_enter_* (best of $SYS_RUNS; stall: median), ms"
	row "probes reported attached" SYSPROBES
	row "attached (\"ready\")" SYSREADY
	row "tool exited" SYSEXIT
	row "probes gone (session empty)" SYSGONE
	row "slowest tracefs read meanwhile" SYSSTALL
	row "ns/event (busiest program, getppid)" COSTSYSE
	row "  merge off: attached" SYSREADY0
	row "  merge off: tool exited" SYSEXIT0
	row "  merge off: probes gone" SYSGONE0
	row "  merge off: slowest tracefs read" SYSSTALL0
	row "  merge off: ns/event" COSTSYSE0
}
