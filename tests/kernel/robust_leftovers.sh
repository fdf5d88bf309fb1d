#!/bin/sh
# Nothing left behind: after SIGINT, SIGTERM, SIGHUP, kill -9 and a closed
# stdout (| head -1), within one second no BPF program or link that this
# sonde held while it ran remains, nor a perf event of its pid, and
# uprobe_events is as it was (sonde never writes it).  Only this test's own
# sonde and workload are looked at: others may run on the host.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_bpftool
need_tracepoint syscalls:sys_enter_getppid

bpf_snapshot "$T/snap.before"
for sig in INT TERM HUP KILL; do
	log "SIG$sig"
	spawn_workload getppid 10
	wl=$SPAWNED
	sonde_start -e "BEGIN { @start = 1; }
tracepoint:syscalls:sys_enter_getppid /pid == $wl/ { @calls = count(); }
tracepoint:sched:sched_process_exit { @exits = count(); }
interval:ms:100 { @ticks = count(); }
END { @end = 1; }" || { resume "$wl"; continue; }
	pid=$SONDE_PID
	rm -f "$T/own"
	bpf_own_sample "$pid" "$T/own"
	resume "$wl"
	if [ -z "$(bpf_perf_of "$pid")" ] && bpftool perf show >/dev/null 2>&1; then
		fail "SIG$sig: bpftool perf shows no perf event of sonde while attached"
	fi
	bpf_own_sample "$pid" "$T/own"
	sonde_stop $sig
	if [ $sig = KILL ]; then
		expect_eq "exit status" "$SONDE_STATUS" 137
	else
		expect_status 0
		expect_eq "@calls after SIG$sig" "$(map_value @calls)" 10
	fi
	expect_no_leftovers "SIG$sig" "$T/snap.before" "$T/own" "$pid"
done

# A reader that goes away: sonde must notice the closed pipe and stop.
log "stdout closed (| head -1)"
mkfifo "$T/fifo"
# (the shell opens the fifo first and blocks there: empty the old stderr
# now, or the wait below would see the last round's attach line)
: >"$T/err"
env --default-signal=INT "$SONDE" -e \
	'tracepoint:syscalls:sys_enter_getppid /curtask->real_parent->tgid == $1/ { printf("line %d\n", pid); }' \
	$$ </dev/null >"$T/fifo" 2>"$T/err" &
SONDE_PID=$!
head -n 1 <"$T/fifo" >"$T/head.out" &
head_pid=$!
i=0
while ! grep -q -E '^Attached [0-9]+ probes?$' "$T/err" && [ $i -lt 150 ]; do
	sleep 0.1
	i=$((i + 1))
done
rm -f "$T/own"
bpf_own_sample "$SONDE_PID" "$T/own"
# Keep writing until sonde sees the broken pipe (the first lines may
# still fit in the pipe before head exits): workloads of this shell only.
i=0
while kill -0 "$SONDE_PID" 2>/dev/null && [ $i -lt 20 ]; do
	workload getppid 100
	sleep 0.1
	i=$((i + 1))
done
wait $head_pid
expect_match "head saw" "$(cat "$T/head.out")" '^line [0-9]+$'
if kill -0 "$SONDE_PID" 2>/dev/null; then
	fail "sonde still running 2s after its stdout was closed"
	kill -KILL "$SONDE_PID"
fi
wait "$SONDE_PID"
log "exit status after EPIPE: $?"
pid=$SONDE_PID
SONDE_PID=
expect_no_leftovers "closed stdout" "$T/snap.before" "$T/own" "$pid"
finish
