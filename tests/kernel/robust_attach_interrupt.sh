#!/bin/sh
# SIGINT while attaching many probes (every syscall tracepoint: several
# hundred, slow to attach) stops promptly and leaves nothing behind.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_bpftool
need_tracepoint syscalls:sys_enter_getppid

bpf_snapshot "$T/snap.before"
# SONDE_SYSCALL_MERGE=0: one program per tracepoint, slow to attach (merged,
# they would be a single raw_syscalls program per direction).
SONDE_SYSCALL_MERGE=0 env --default-signal=INT "$SONDE" -e 'tracepoint:syscalls:* { @[probe] = count(); }' \
	</dev/null >"$T/out" 2>"$T/err" &
SONDE_PID=$!
# Wait until it is attaching: its programs are loaded (it holds their fds;
# other sondes on the host do not count).  What it holds just before the
# signal is what must be gone after it.
i=0
while [ $i -lt 100 ]; do
	n=$(cat /proc/"$SONDE_PID"/fdinfo/* 2>/dev/null | grep -c '^prog_id:')
	[ "$n" -gt 100 ] && break
	kill -0 "$SONDE_PID" 2>/dev/null || break
	sleep 0.1
	i=$((i + 1))
done
sleep 0.5
bpf_own_sample "$SONDE_PID" "$T/own"
if grep -q -E '^Attached [0-9]+ probes?$' "$T/err"; then
	log "note: attached everything before the signal; the test shows less"
fi
kill -INT "$SONDE_PID"
start=$(date +%s%N)
i=0
while kill -0 "$SONDE_PID" 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
ms=$(( ($(date +%s%N) - start) / 1000000 ))
if kill -0 "$SONDE_PID" 2>/dev/null; then
	fail "sonde still attaching 5s after SIGINT"
	# where each of its threads waits, for whoever debugs this
	for task in /proc/"$SONDE_PID"/task/*; do
		log "thread $(cat "$task/comm" 2>/dev/null): $(tr '\n' ' ' <"$task/stack" 2>/dev/null)"
	done
	kill -KILL "$SONDE_PID"
fi
wait "$SONDE_PID"
status=$?
pid=$SONDE_PID
SONDE_PID=
log "stopped ${ms} ms after SIGINT, exit status $status"
expect_range "milliseconds to stop" "$ms" 0 2000
expect_no_leftovers "SIGINT during attach" "$T/snap.before" "$T/own" "$pid"
# The status line tells the truth: all of them, or how many.
total=$("$SONDE" -l 'tracepoint:syscalls:*' | wc -l)
total=$((total + 0))
if line=$(grep -E '^Attached [0-9]+ probes?$' "$T/err"); then
	expect_eq "attach line after a complete attach" "$line" "Attached $total probes"
elif line=$(grep -E '^Interrupted while attaching: [0-9]+ of [0-9]+ probes attached$' "$T/err"); then
	k=$(echo "$line" | awk '{ print $4 }')
	n=$(echo "$line" | awk '{ print $6 }')
	expect_eq "probes to attach" "$n" "$total"
	expect_range "probes attached before the signal" "$k" 0 $((total - 1))
else
	log "note: stopped before attaching began (no status line)"
fi
# The kernel tears the tracepoints' perf events down one by one (no program
# runs on them any more); sonde leaves that to a child named sonde-detach.
# Wait for it, so the next test does not queue behind the teardown.
wait_detached 120
finish
