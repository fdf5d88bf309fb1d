#!/bin/sh
# SIGINT at every stage of startup (compiling, loading, attaching, running)
# stops sonde within a few seconds, and a -c command runs only when every
# probe was attached: a signal before that makes it exit without running.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_tracepoint syscalls:sys_enter_getppid

prog='tracepoint:syscalls:* { @[probe] = count(); }'
for delay in 0.02 0.1 0.2 0.4 0.7 1.0 1.5 2.5; do
	rm -f "$T/ran"
	env --default-signal=INT "$SONDE" -c "touch $T/ran" -e "$prog" \
		</dev/null >"$T/out" 2>"$T/err" &
	pid=$!
	sleep "$delay"
	kill -INT "$pid" 2>/dev/null
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$pid" 2>/dev/null; then
		fail "SIGINT after ${delay}s: still running 10s later"
		kill -KILL "$pid"
	fi
	wait "$pid"
	status=$?
	if grep -q -E '^Attached [0-9]+ probes$' "$T/err"; then
		stage="after attaching"
		expect_eq "SIGINT after ${delay}s ($stage): exit status" "$status" 0
	elif grep -q -E '^Interrupted while attaching' "$T/err"; then
		stage="while attaching"
		[ -e "$T/ran" ] && fail "SIGINT after ${delay}s ($stage): the -c command ran"
	else
		stage="before attaching"
		[ -e "$T/ran" ] && fail "SIGINT after ${delay}s ($stage): the -c command ran"
	fi
	log "ok: SIGINT after ${delay}s: $stage, exit status $status, stopped"
	grep -q -E 'Sanitizer|Segmentation|Aborted' "$T/err" && fail "crash: $(cat "$T/err")"
done
# Let the kernel finish tearing down before the next test.
wait_detached 60
finish
