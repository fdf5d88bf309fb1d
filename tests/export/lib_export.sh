# Shared helpers of the export tests (tests/export/*.sh), on top of
# tests/lib.sh.  Every server a test starts (sonde serve, prometheus,
# pushgateway, node_exporter) listens on 127.0.0.1 on a port the kernel
# chose, keeps its data in the test's temporary directory, and is stopped
# by the EXIT trap.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"

ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
HELPER=$ROOT/build/tests/export_helper
EXPORT_PIDS=

export_cleanup() {
	for p in $EXPORT_PIDS; do
		kill -TERM "$p" 2>/dev/null
	done
	for p in $EXPORT_PIDS; do
		i=0
		while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		kill -KILL "$p" 2>/dev/null
	done
	lib_cleanup
}
trap export_cleanup EXIT

need_helper() {
	if ! [ -x "$HELPER" ] || [ "$ROOT/tests/export/helper.c" -nt "$HELPER" ]; then
		mkdir -p "${HELPER%/*}"
		${CC:-gcc} -D_GNU_SOURCE -O1 -o "$HELPER" "$ROOT/tests/export/helper.c" -lcrypt ||
			skip "cannot build the export test helper"
	fi
}

# need_cmd CMD PACKAGE: skip when a Debian package's program is missing.
need_cmd() {
	command -v "$1" >/dev/null 2>&1 || skip "$1 missing (Debian package $2; scripts/setup-export.sh)"
}

# The workload under a name of its own (WL, its comm): other tests on the
# host run the same helper, and a script must count only this test's calls.
own_workload() {
	WL=sw$$
	cp "$WORKLOAD" "$T/$WL" || skip "cannot copy the workload"
	WORKLOAD=$T/$WL
}

free_port() {
	"$HELPER" port
}

# serve_start ARGS...: sonde serve in the background; waits (60 s at most)
# for its ready line and sets SERVE_PID and SERVE_ADDR (host:port, when it
# listens).  Its stdout and stderr go to $T/serve.out and $T/serve.err.
serve_start() {
	# SONDE_WRAP: a command sonde runs under (valgrind and its options)
	env --default-signal=INT,QUIT $SONDE_WRAP "$SONDE" serve "$@" </dev/null >"$T/serve.out" 2>"$T/serve.err" &
	SERVE_PID=$!
	EXPORT_PIDS="$EXPORT_PIDS $SERVE_PID"
	i=0
	while [ $i -lt 600 ]; do
		if grep -q '^sonde serve: .* attached' "$T/serve.err" 2>/dev/null; then
			SERVE_ADDR=$(sed -n 's|.*metrics at https\{0,1\}://\([^/]*\)/metrics.*|\1|p' "$T/serve.err" | head -n 1)
			return 0
		fi
		if ! kill -0 "$SERVE_PID" 2>/dev/null; then
			fail "sonde serve exited before it was ready:"
			sed 's/^/    /' "$T/serve.err" | head -n 20
			return 1
		fi
		sleep 0.1
		i=$((i + 1))
	done
	fail "sonde serve not ready within 60 s"
	return 1
}

# serve_stop: SIGTERM, then the exit status in SERVE_STATUS (30 s at most:
# detaching waits for RCU grace periods, slow on a loaded host).
serve_stop() {
	kill -TERM "$SERVE_PID" 2>/dev/null
	i=0
	while kill -0 "$SERVE_PID" 2>/dev/null && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$SERVE_PID" 2>/dev/null; then
		fail "sonde serve still running 30 s after SIGTERM"
		kill -KILL "$SERVE_PID"
	fi
	wait "$SERVE_PID"
	SERVE_STATUS=$?
}

# scrape [CURL ARGS...]: GET /metrics (text format unless told otherwise).
scrape() {
	curl -sS --max-time 10 "$@" "http://$SERVE_ADDR/metrics"
}

# metric_value NAME{LABELS} FILE: the value of the sample with exactly that name and labels.
metric_value() {
	awk -v s="$1" 'index($0, s " ") == 1 { print substr($0, length(s) + 2); exit }' "$2"
}

# wait_until SECONDS COMMAND...: retry COMMAND every 0.5 s until it succeeds.
wait_until() {
	limit=$(($1 * 2))
	shift
	i=0
	while [ $i -lt $limit ]; do
		"$@" && return 0
		sleep 0.5
		i=$((i + 1))
	done
	return 1
}

# prof_start profile|offcputime ARGS...: a continuous profiler in the
# background, ready when it says so; PROF_ADDR is where it serves.
prof_start() {
	env --default-signal=INT,QUIT "$SONDE" "$@" </dev/null >"$T/prof.out" 2>"$T/prof.err" &
	SERVE_PID=$!
	EXPORT_PIDS="$EXPORT_PIDS $SERVE_PID"
	i=0
	while [ $i -lt 600 ]; do
		if grep -q "^sonde $1: attached" "$T/prof.err" 2>/dev/null; then
			PROF_ADDR=$(sed -n 's|.*profiles at https\{0,1\}://\([^/]*\)/.*|\1|p' "$T/prof.err" | head -n 1)
			return 0
		fi
		if ! kill -0 "$SERVE_PID" 2>/dev/null; then
			fail "sonde $1 exited before it was ready: $(head -n 5 "$T/prof.err")"
			return 1
		fi
		sleep 0.1
		i=$((i + 1))
	done
	fail "sonde $1 not ready within 60 s"
	return 1
}

# pprof_raw FILE|URL: go tool pprof -raw, its caches in the test's directory
pprof_raw() {
	HOME=$T GOCACHE=$T/gocache GOPATH=$T/go PPROF_TMPDIR=$T go tool pprof -raw "$1" 2>"$T/pprof.err"
}
