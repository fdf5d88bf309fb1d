# Shared helpers for the kernel tests (tests/kernel/*.sh).  Source it first:
#
#   . "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
#
# A test runs sonde ($SONDE) either in the foreground (sonde_run, typically
# with -c "$WORKLOAD ...") or in the background (sonde_start, then the
# workload, then sonde_stop), checks its output with the expect_* helpers,
# and ends with `finish`.  The EXIT trap never leaves a sonde running.
#
# The same tests run against bpftrace to validate them: SONDE=bpftrace.
# bpftrace 0.17 prints "Attaching N probes..." on stdout before attaching;
# the helpers accept that too and drop the line from the output, and they
# rewrite `args.field` to `args->field` in -e programs given to bpftrace.

: "${SONDE:=$PWD/sonde}"
: "${WORKLOAD:=$PWD/build/tests/workload}"
TEST_NAME=${0##*/}
TEST_FAILED=0
SONDE_PID=
SONDE_STATUS=
ATTACH_TIMEOUT=${ATTACH_TIMEOUT:-15}
T=$(mktemp -d /tmp/sonde-ktest.XXXXXX) || exit 1

# Stop a background sonde still running: SIGINT first, so it detaches
# cleanly, then SIGKILL.
lib_cleanup() {
	if [ -n "$SONDE_PID" ] && kill -0 "$SONDE_PID" 2>/dev/null; then
		kill -INT "$SONDE_PID" 2>/dev/null
		i=0
		while kill -0 "$SONDE_PID" 2>/dev/null && [ $i -lt 30 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		kill -KILL "$SONDE_PID" 2>/dev/null
	fi
	for p in $SPAWNED_PIDS; do
		kill -KILL "$p" 2>/dev/null
	done
	rm -rf "$T"
}
trap lib_cleanup EXIT
trap 'exit 1' INT TERM HUP

log() {
	echo "$TEST_NAME: $*"
}

# Mark the test failed, but keep going so every check reports.
fail() {
	TEST_FAILED=1
	log "FAIL: $*"
}

skip() {
	log "skipped: $*"
	exit 77
}

need_root() {
	[ "$(id -u)" = 0 ] || skip "needs root"
}

# need_tracepoint CATEGORY:EVENT
need_tracepoint() {
	[ -d "/sys/kernel/tracing/events/${1%%:*}/${1#*:}" ] ||
		skip "tracepoint $1 not available"
}

need_workload() {
	[ -x "$WORKLOAD" ] || skip "no workload helper at $WORKLOAD"
}

workload() {
	"$WORKLOAD" "$@"
}

# ---- the test's own processes ----------------------------------------------
# Others share the host and run "workload" too: a background sonde filters
# on the pids of the test's own processes, never on a name.  spawn_stopped
# starts a command stopped just before its exec, so its pid is known before
# sonde starts; resume lets it run (same pid, after the exec) and waits.
SPAWNED_PIDS=

# spawn_stopped CMD [ARGS...]: its pid in $SPAWNED (not in a $(...): the
# test's shell must be its parent to wait for it).
spawn_stopped() {
	sh -c 'kill -STOP $$ && exec "$@"' sh "$@" &
	SPAWNED=$!
	SPAWNED_PIDS="$SPAWNED_PIDS $SPAWNED"
	i=0
	while [ "$(cut -d' ' -f3 "/proc/$SPAWNED/stat" 2>/dev/null)" != T ]; do
		if [ $i -ge 200 ]; then
			fail "$1 (pid $SPAWNED) did not stop within 10s"
			return 1
		fi
		sleep 0.05
		i=$((i + 1))
	done
}

# spawn_workload ARGS...: spawn_stopped "$WORKLOAD" ARGS...
spawn_workload() {
	spawn_stopped "$WORKLOAD" "$@"
}

# resume PID: let a spawn_stopped command run; waits for it and returns its
# exit status.
resume() {
	kill -CONT "$1"
	wait "$1"
	set -- "$1" $?
	SPAWNED_PIDS=$(echo "$SPAWNED_PIDS" | tr ' ' '\n' | grep -v -x -e "$1" | tr '\n' ' ')
	return "$2"
}

# pid_filter PID...: "pid == A || pid == B ...", for a predicate.
pid_filter() {
	sep=
	for p in "$@"; do
		printf '%spid == %s' "$sep" "$p"
		sep=' || '
	done
}

is_bpftrace() {
	case ${SONDE##*/} in
	bpftrace*) return 0 ;;
	esac
	return 1
}

# Program output without bpftrace 0.17's stdout status line; its
# "@hist: " header lines lose the trailing space current bpftrace dropped.
lib_filter_stdout() {
	grep -v -E '^Attaching [0-9]+ probes?\.\.\.$' "$T/out" |
		sed -E 's/^(@[^ ]*:) $/\1/' >"$T/stdout"
}

# sonde_run [OPTIONS...]: run sonde in the foreground (RUN_TIMEOUT s, 30 by
# default); output in $T/stdout and $T/err, exit status in $SONDE_STATUS.
sonde_run() {
	# bpftrace 0.17 wants args->field where current syntax has args.field.
	if is_bpftrace; then
		n=$#
		prev=
		for a in "$@"; do
			[ "$prev" = -e ] && a=$(printf '%s' "$a" | sed 's/args\./args->/g')
			set -- "$@" "$a"
			prev=$a
		done
		shift "$n"
	fi
	timeout -k 3 "${RUN_TIMEOUT:-30}" env --default-signal=INT,QUIT \
		"$SONDE" "$@" </dev/null >"$T/out" 2>"$T/err"
	SONDE_STATUS=$?
	lib_filter_stdout
	if [ "$SONDE_STATUS" = 124 ]; then
		fail "sonde timed out after ${RUN_TIMEOUT:-30}s"
	fi
	return 0
}

# The attach line: "Attached N probes" (stderr) or "Attaching N probes..."
# (bpftrace 0.17, stdout, printed just before attaching).
lib_attached() {
	grep -q -E '^Attached [0-9]+ probes?$' "$T/err" 2>/dev/null && return 0
	if grep -q -E '^Attaching [0-9]+ probes?\.\.\.$' "$T/out" 2>/dev/null; then
		sleep 1		# it has not attached yet: give it time
		return 0
	fi
	return 1
}

# sonde_start [OPTIONS...]: start sonde in the background and wait until it
# has attached.  Returns non-zero (and fails the test) when it exits first
# or does not attach within ATTACH_TIMEOUT seconds.
sonde_start() {
	: >"$T/out"
	: >"$T/err"
	# bpftrace 0.17 wants args->field where current syntax has args.field.
	if is_bpftrace; then
		n=$#
		prev=
		for a in "$@"; do
			[ "$prev" = -e ] && a=$(printf '%s' "$a" | sed 's/args\./args->/g')
			set -- "$@" "$a"
			prev=$a
		done
		shift "$n"
	fi
	# Asynchronous commands of a non-interactive shell start with SIGINT
	# ignored; restore the default so SIGINT reaches sonde as a user's ^C.
	env --default-signal=INT,QUIT "$SONDE" "$@" </dev/null >"$T/out" 2>"$T/err" &
	SONDE_PID=$!
	i=0
	while [ $i -lt $((ATTACH_TIMEOUT * 10)) ]; do
		lib_attached && return 0
		if ! kill -0 "$SONDE_PID" 2>/dev/null; then
			wait "$SONDE_PID"
			SONDE_STATUS=$?
			SONDE_PID=
			lib_filter_stdout
			fail "sonde exited (status $SONDE_STATUS) before attaching"
			return 1
		fi
		sleep 0.1
		i=$((i + 1))
	done
	fail "sonde did not attach within ${ATTACH_TIMEOUT}s"
	return 1
}

# sonde_stop [SIGNAL]: signal the background sonde (INT by default), wait
# up to 10 s for it to print and exit; status in $SONDE_STATUS.
sonde_stop() {
	[ -n "$SONDE_PID" ] || return 1
	kill -s "${1:-INT}" "$SONDE_PID" 2>/dev/null
	i=0
	while kill -0 "$SONDE_PID" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$SONDE_PID" 2>/dev/null; then
		fail "sonde still running 10s after SIG${1:-INT}"
		kill -KILL "$SONDE_PID" 2>/dev/null
	fi
	wait "$SONDE_PID"
	SONDE_STATUS=$?
	SONDE_PID=
	lib_filter_stdout
	return 0
}

# sonde_wait [SECONDS]: wait for a background sonde that exits by itself.
sonde_wait() {
	i=0
	while kill -0 "$SONDE_PID" 2>/dev/null && [ $i -lt $((${1:-10} * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$SONDE_PID" 2>/dev/null; then
		fail "sonde did not exit within ${1:-10}s"
		sonde_stop KILL
		return 1
	fi
	wait "$SONDE_PID"
	SONDE_STATUS=$?
	SONDE_PID=
	lib_filter_stdout
	return 0
}

# The program's stdout (after sonde_run / sonde_stop / sonde_wait).
output() {
	cat "$T/stdout"
}

show_stderr() {
	[ -s "$T/err" ] || return 0
	log "stderr:"
	sed 's/^/    /' "$T/err" | head -n 30
}

show_output() {
	log "stdout:"
	sed 's/^/    /' "$T/stdout" | head -n 60
}

# map_value LINE_PREFIX: the value after "PREFIX: " on the first line that
# starts with it, e.g. map_value '@' -> 1000 for "@: 1000",
# map_value '@[/etc/passwd]' -> 3.
map_value() {
	awk -v p="$1: " 'index($0, p) == 1 { print substr($0, length(p) + 1); exit }' "$T/stdout"
}

# expect_eq WHAT GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then
		log "ok: $1 = $3"
	else
		fail "$1: got '$2', want '$3'"
	fi
}

# expect_match WHAT TEXT EXTENDED-REGEX (matched against any line of TEXT).
# The regex is one line: grep would take each line of a multi-line one as
# a pattern of its own and pass when any single line matched, so a
# multi-line one is refused (expect_lines checks lines in order).
expect_match() {
	case $3 in
	*"
"*)
		fail "$1: expect_match takes a one-line regex; use expect_lines for several lines"
		return
		;;
	esac
	if printf '%s\n' "$2" | grep -q -E -e "$3"; then
		log "ok: $1 matches /$3/"
	else
		fail "$1: no line matches /$3/ in:"
		printf '%s\n' "$2" | sed 's/^/    /' | head -n 30
	fi
}

# expect_lines WHAT TEXT PATTERN: each line of PATTERN is an extended regex
# for a whole line (grep -x), and TEXT has lines matching them one after the
# other, in this order, with no other line between them.
expect_lines() {
	printf '%s\n' "$2" >"$T/lines.text"
	printf '%s\n' "$3" >"$T/lines.want"
	m=$(wc -l <"$T/lines.want")
	# each pattern j (from 0): the lines it matches, as the first line of a
	# run (line - j); a run starts where all m patterns agree
	j=0
	: >"$T/lines.starts"
	while IFS= read -r re; do
		grep -n -x -E -e "$re" "$T/lines.text" |
			awk -F: -v j=$j '{ print $1 - j }' >>"$T/lines.starts"
		j=$((j + 1))
	done <"$T/lines.want"
	if sort -n "$T/lines.starts" | uniq -c | awk -v m="$m" '$1 == m { found = 1 } END { exit !found }'; then
		log "ok: $1: $m lines in order"
	else
		fail "$1: no $m lines in a row match:"
		sed 's/^/    | /' "$T/lines.want"
		log "in:"
		sed 's/^/    /' "$T/lines.text" | head -n 30
	fi
}

# expect_range WHAT VALUE MIN MAX (numbers, inclusive)
expect_range() {
	if awk -v v="$2" -v lo="$3" -v hi="$4" \
		'BEGIN { exit !(v ~ /^-?[0-9.]+$/ && v + 0 >= lo + 0 && v + 0 <= hi + 0) }'; then
		log "ok: $1 = $2 (in [$3, $4])"
	else
		fail "$1: got '$2', want a number in [$3, $4]"
	fi
}

# expect_status WANT: sonde's exit status
expect_status() {
	expect_eq "exit status" "$SONDE_STATUS" "$1"
}

# expect_output: the whole stdout equals the text on stdin (a heredoc).
expect_output() {
	cat >"$T/want"
	if diff -u --label expected --label got "$T/want" "$T/stdout" >"$T/diff"; then
		log "ok: output as expected"
	else
		fail "output differs:"
		sed 's/^/    /' "$T/diff" | head -n 60
	fi
}

# Every test ends with this: exit 0 when all checks passed, else 1.
finish() {
	if [ "$TEST_FAILED" = 0 ]; then
		log "passed"
		exit 0
	fi
	show_stderr
	log "failed"
	exit 1
}

# ---- leftovers: what sonde created in the kernel --------------------------
# Other sondes may run on the host at the same time: a test looks at the
# programs and links its own sonde holds (bpf_own_ids, sampled while it
# runs), never at every program named sonde.

# bpf_own_ids PID: "prog ID" and "link ID", one a line, for each BPF
# program and link PID holds: by fd (fdinfo) and on its perf events.
bpf_own_ids() {
	{
		cat /proc/"$1"/fdinfo/* 2>/dev/null |
			awk '$1 == "prog_id:" { print "prog " $2 } $1 == "link_id:" { print "link " $2 }'
		bpftool perf show 2>/dev/null | awk -v p="pid $1 " 'index($0, p) == 1 {
			for (i = 1; i < NF; i++) if ($i == "prog_id") print "prog " $(i + 1) }'
	} | sort -u
}

# bpf_own_sample PID FILE: add PID's programs and links to FILE (sorted).
bpf_own_sample() {
	{ bpf_own_ids "$1"; cat "$2" 2>/dev/null; } | sort -u >"$2.tmp"
	mv "$2.tmp" "$2"
}

# Every BPF program and link that exists now, "kind id" a line, sorted.
bpf_live_ids() {
	{
		bpftool prog show 2>/dev/null | awk -F: '/^[0-9]+:/ { print "prog " $1 }'
		bpftool link show 2>/dev/null | awk -F: '/^[0-9]+:/ { print "link " $1 }'
	} | sort
}

# bpf_snapshot FILE: the uprobe_events lines (sonde never writes them).
bpf_snapshot() {
	sed 's/^/uprobe_event /' /sys/kernel/tracing/uprobe_events 2>/dev/null | sort >"$1"
}

# perf events a process holds with a BPF program attached (bpftool perf).
bpf_perf_of() {
	bpftool perf show 2>/dev/null | awk -v p="pid $1 " 'index($0, p) == 1'
}

# expect_no_leftovers WHAT BEFORE-SNAPSHOT OWN-IDS [PID]: within one
# second, every program and link of OWN-IDS (bpf_own_sample of PID while
# it ran) is gone, no uprobe event appeared since BEFORE, and no perf event
# of PID remains.
expect_no_leftovers() {
	if ! [ -s "$3" ]; then
		fail "$1: no program of sonde was seen while it ran"
		return
	fi
	i=0
	while :; do
		bpf_snapshot "$T/snap.after"
		bpf_live_ids >"$T/live"
		{
			comm -13 "$2" "$T/snap.after"
			comm -12 "$3" "$T/live"
			[ -n "$4" ] && bpf_perf_of "$4"
		} >"$T/snap.new"
		[ -s "$T/snap.new" ] || break
		[ $i -ge 10 ] && break
		sleep 0.1
		i=$((i + 1))
	done
	if [ -s "$T/snap.new" ]; then
		fail "$1: left behind after 1s:"
		sed 's/^/    /' "$T/snap.new" | head -n 20
	else
		log "ok: $1: nothing left behind ($(wc -l <"$3") programs and links)"
	fi
}

# wait_detached SECONDS: wait, at most SECONDS, for the sonde-detach
# processes of this test's sondes (the kernel tears their perf events down
# one by one) to exit, so that the next test does not queue behind them.
# They are in the test's process group; other users' are not waited for.
wait_detached() {
	pgrp=$(ps -o pgid= -p $$ | tr -d ' ')
	i=0
	while pgrep -x -g "$pgrp" sonde-detach >/dev/null && [ $i -lt $(($1 * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

need_bpftool() {
	command -v bpftool >/dev/null 2>&1 || skip "bpftool not installed"
}

# proc_status_kb PID FIELD: e.g. VmRSS in kB from /proc/PID/status.
proc_status_kb() {
	awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null
}

# The number of open file descriptors of PID.
proc_fd_count() {
	ls "/proc/$1/fd" 2>/dev/null | wc -l
}
