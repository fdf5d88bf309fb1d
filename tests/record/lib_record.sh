# Helpers of the record tests (tests/record/*.sh), sourced after tests/lib.sh.
#
#   need_record_tools   install (once) what checks the exports: babeltrace2,
#                       protoc, chromium, node and DevTools' trace engine
#   record ARGS...      sonde record ... -q, failing the test on a non-zero exit
#   listing FILE        the recording as text (sonde convert FILE), in $T/list.txt
#   count PATTERN       lines of $T/list.txt matching the extended regex

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# attaching tracepoints waits on a kernel lock other tracers on the machine
# may hold: a loaded machine can take many seconds
ATTACH_TIMEOUT=${RECORD_ATTACH_TIMEOUT:-60}
NPM_DIR=${NPM_DIR:-$ROOT/build/npm}

need_record_tools() {
	sh "$ROOT/scripts/setup.sh" record "$NPM_DIR" >"$T/setup.log" 2>&1 ||
		skip "cannot install the record test tools: $(tail -n 1 "$T/setup.log")"
}

record() {
	timeout -k 5 120 "$SONDE" record -q "$@" 2>"$T/record.err"
	rc=$?
	[ $rc = 0 ] || fail "sonde record $* exited $rc: $(head -n 5 "$T/record.err")"
	return $rc
}

listing() {
	"$SONDE" convert "$1" -o "$T/list.txt" 2>"$T/convert.err" ||
		fail "sonde convert $1 failed: $(head -n 5 "$T/convert.err")"
}

count() {
	grep -c -E "$1" "$T/list.txt"
}

# record_start ARGS...: sonde record in the background ($SONDE_PID), back
# once it says it is recording (the probes are attached), or failing after
# ATTACH_TIMEOUT seconds.
record_start() {
	"$SONDE" record "$@" 2>"$T/record.err" &
	SONDE_PID=$!
	i=0
	while ! grep -q '^Recording to ' "$T/record.err" 2>/dev/null; do
		kill -0 "$SONDE_PID" 2>/dev/null || { fail "sonde record died: $(cat "$T/record.err")"; return 1; }
		[ $i -ge $((ATTACH_TIMEOUT * 10)) ] && { fail "sonde record did not start"; return 1; }
		sleep 0.1
		i=$((i + 1))
	done
}

# record_stop [SIGNAL]: stop it (SIGINT by default) and wait for it.
record_stop() {
	kill -"${1:-INT}" "$SONDE_PID"
	wait "$SONDE_PID"
	rc=$?
	SONDE_PID=
	[ $rc = 0 ] || fail "sonde record exited $rc: $(tail -n 5 "$T/record.err")"
}
