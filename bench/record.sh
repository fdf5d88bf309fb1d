# Section "record" of bench/run.sh (issue 13): sonde record against
# perf record on the same load, system-wide, both CPUs busy.
#
#   rate      events/s recorded while 2 processes make getppid() calls as
#             fast as they can and `perf bench sched pipe` switches tasks:
#             events written, events lost, wall time of the load
#   size      bytes per context switch: --sched alone during a pipe
#             ping-pong, the file's size over its sched_switch count
#   cost      ns added per traced syscall event: `workload getppid N`
#             timed bare, under sonde record --syscalls, under perf record
#             -e raw_syscalls:* (the difference over 2N events)
#
# perf writes its own perf.data (PERF_SAMPLE_RAW of the same tracepoints);
# LTTng is not in Debian 12's packages usable here (lttng-modules needs a
# kernel module build), so perf is the peer.

REC_N=${REC_N:-1500000}
PERF=${PERF:-$(command -v perf)}
REC_EVENTS="-e sched:sched_switch -e sched:sched_wakeup -e sched:sched_wakeup_new -e sched:sched_migrate_task -e sched:sched_process_fork -e sched:sched_process_exit -e sched:sched_process_exec -e raw_syscalls:sys_enter -e raw_syscalls:sys_exit"

# The load: two getppid loops and a pipe ping-pong, in parallel; prints ms.
rec_load() {
	s=$(now_ns)
	"$WORKLOAD" getppid "$REC_N" &
	a=$!
	"$WORKLOAD" getppid "$REC_N" &
	b=$!
	[ -n "$PERF" ] && "$PERF" bench sched pipe -l 20000 >/dev/null 2>&1
	wait $a $b
	ms_between "$s" "$(now_ns)"
}

# rec_sonde ARGS...: sonde record in the background until rec_stop
rec_sonde() {
	"$SONDE" record "$@" 2>"$TMP/rec.err" &
	TOOL_PID=$!
	while ! grep -q '^Recording to' "$TMP/rec.err"; do sleep 0.1; done
}

rec_stop() {
	kill -INT "$TOOL_PID"
	wait "$TOOL_PID"
	TOOL_PID=
}

rec_perf() {
	# shellcheck disable=SC2086
	"$PERF" record -a -m 2048 $REC_EVENTS -o "$TMP/perf.data" "$@" >"$TMP/perf.err" 2>&1 &
	TOOL_PID=$!
	sleep 2
}

section_record() {
	echo
	echo "== record (issue 13): sonde record vs perf record, system-wide"
	# rate, sonde
	rec_sonde --sched --syscalls -o "$TMP/r.sonde"
	ms=$(rec_load)
	rec_stop
	line=$(grep '^Recorded' "$TMP/rec.err")
	ev=$(echo "$line" | sed -E 's/^Recorded ([0-9]+) events.*/\1/')
	lost=$(echo "$line" | sed -E 's/.*lost ([0-9]+)$/\1/')
	bytes=$(stat -c %s "$TMP/r.sonde")
	rate_sonde=$(awk -v e="$ev" -v ms="$ms" 'BEGIN { printf "%.0f", e / (ms / 1000) }')
	bpe_sonde=$(awk -v b="$bytes" -v e="$ev" 'BEGIN { printf "%.1f", b / e }')
	lost_sonde=$lost
	echo "sonde: $ev events in ${ms} ms of load, lost $lost, $bytes bytes"
	# rate, perf
	if [ -n "$PERF" ]; then
		rec_perf
		ms=$(rec_load)
		kill -INT "$TOOL_PID"; wait "$TOOL_PID"; TOOL_PID=
		ev=$("$PERF" script -i "$TMP/perf.data" -F event 2>/dev/null | wc -l)
		lost_perf=$("$PERF" report -i "$TMP/perf.data" --stats 2>/dev/null |
			awk '/LOST events:/ { n += $NF } /LOST_SAMPLES events:/ { n += $NF } END { print n + 0 }')
		bytes=$(stat -c %s "$TMP/perf.data")
		rate_perf=$(awk -v e="$ev" -v ms="$ms" 'BEGIN { printf "%.0f", e / (ms / 1000) }')
		bpe_perf=$(awk -v b="$bytes" -v e="$ev" 'BEGIN { printf "%.1f", b / e }')
		echo "perf:  $ev events in ${ms} ms of load, lost $lost_perf, $bytes bytes"
	fi
	# bytes per context switch
	rec_sonde --sched -o "$TMP/s.sonde"
	"$PERF" bench sched pipe -l 100000 >/dev/null 2>&1
	rec_stop
	sw=$("$SONDE" convert "$TMP/s.sonde" | grep -c ' sched_switch ')
	bps_sonde=$(awk -v b="$(stat -c %s "$TMP/s.sonde")" -v n="$sw" 'BEGIN { printf "%.1f", b / n }')
	if [ -n "$PERF" ]; then
		"$PERF" record -a -m 2048 -e sched:sched_switch -e sched:sched_wakeup -o "$TMP/ps.data" \
			"$PERF" bench sched pipe -l 100000 >/dev/null 2>&1
		sw=$("$PERF" script -i "$TMP/ps.data" -F event 2>/dev/null | grep -c sched_switch)
		bps_perf=$(awk -v b="$(stat -c %s "$TMP/ps.data")" -v n="$sw" 'BEGIN { printf "%.1f", b / n }')
	fi
	# cost per traced syscall event
	n=1000000
	s=$(now_ns); "$WORKLOAD" getppid $n; base=$(ms_between "$s" "$(now_ns)")
	rec_sonde --syscalls -o "$TMP/c.sonde"
	s=$(now_ns); "$WORKLOAD" getppid $n; t=$(ms_between "$s" "$(now_ns)")
	rec_stop
	cost_sonde=$(awk -v t="$t" -v b="$base" -v n=$n 'BEGIN { printf "%.0f", (t - b) * 1e6 / (2 * n) }')
	if [ -n "$PERF" ]; then
		"$PERF" record -a -m 2048 -e raw_syscalls:sys_enter -e raw_syscalls:sys_exit \
			-o "$TMP/pc.data" >/dev/null 2>&1 &
		TOOL_PID=$!
		sleep 2
		s=$(now_ns); "$WORKLOAD" getppid $n; t=$(ms_between "$s" "$(now_ns)")
		kill -INT "$TOOL_PID"; wait "$TOOL_PID"; TOOL_PID=
		cost_perf=$(awk -v t="$t" -v b="$base" -v n=$n 'BEGIN { printf "%.0f", (t - b) * 1e6 / (2 * n) }')
	fi
	printf '%-34s %14s %14s %7s\n' "" sonde perf ratio
	for row in "events/s recorded:rate" "events lost:lost" "bytes per event (sched+syscalls):bpe" \
		   "bytes per context switch:bps" "ns per traced syscall event:cost"; do
		label=${row%%:*}
		key=${row#*:}
		a=$(eval "echo \${${key}_sonde:-n/a}")
		b=$(eval "echo \${${key}_perf:-n/a}")
		printf '%-34s %14s %14s %7s\n' "$label" "$a" "$b" "$(ratio "$a" "$b")"
	done
}
