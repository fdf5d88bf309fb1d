#!/bin/sh
# A failed write ends the run with a clear error and a non-zero status,
# after detaching; nothing is cut silently.  Output to /dev/full (text and
# JSON, stdout and -o), to a small tmpfs that fills up, and to a pipe whose
# reader went away: that one ends quietly with status 141, as a process
# killed by SIGPIPE (`sonde ... | head -1`).
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_getppid

PROG='tracepoint:syscalls:sys_enter_getppid /pid == cpid/ { printf("%d %ld\n", pid, nsecs); }'
ENOSPC_ERR='^ERROR: writing the output to .* failed: No space left on device; the output is incomplete$'

# run_to OUTPUT [OPTIONS...]: sonde with its stdout on OUTPUT.
run_to() {
	out=$1
	shift
	timeout -k 3 30 "$SONDE" "$@" </dev/null >"$out" 2>"$T/err"
	SONDE_STATUS=$?
}

log "stdout is /dev/full, text"
run_to /dev/full -e "$PROG" -c "$WORKLOAD getppid 1000"
expect_status 1
expect_match "error" "$(cat "$T/err")" "$ENOSPC_ERR"
expect_eq "error lines" "$(grep -c '^ERROR' "$T/err")" 1

log "stdout is /dev/full, JSON"
run_to /dev/full -f json -e "$PROG" -c "$WORKLOAD getppid 1000"
expect_status 1
expect_match "error" "$(cat "$T/err")" "$ENOSPC_ERR"

log "stdout is /dev/full, only the newlines at exit"
run_to /dev/full -e 'BEGIN { exit(); }'
expect_status 1
expect_match "error" "$(cat "$T/err")" "$ENOSPC_ERR"

log "-o /dev/full"
run_to "$T/stdout" -o /dev/full -e "$PROG" -c "$WORKLOAD getppid 1000"
expect_status 1
expect_match "error names the file" "$(cat "$T/err")" \
	'^ERROR: writing the output to /dev/full failed: No space left on device'

log "-o on a 64 KiB tmpfs that fills up"
mkdir "$T/small"
trap 'umount "$T/small" 2>/dev/null; lib_cleanup' EXIT
if mount -t tmpfs -o size=64k sonde-test "$T/small"; then
	run_to "$T/stdout" -o "$T/small/out" -e "$PROG" -c "$WORKLOAD getppid 100000"
	expect_status 1
	expect_match "error names the file" "$(cat "$T/err")" \
		"^ERROR: writing the output to $T/small/out failed: No space left on device"
	expect_range "bytes written before the disk was full" "$(wc -c <"$T/small/out")" 1 65536
	umount "$T/small"
else
	fail "cannot mount a tmpfs"
fi

log "the reader of the pipe went away"
# (2 MB of lines: more than the pipe holds, so sonde writes after head left)
( "$SONDE" -e "$PROG" -c "$WORKLOAD getppid 100000" </dev/null 2>"$T/err"; echo $? >"$T/status" ) |
	head -n 1 >"$T/head"
expect_match "head saw" "$(cat "$T/head")" '^[0-9]+ [0-9]+$'
expect_eq "exit status after EPIPE" "$(cat "$T/status")" 141
expect_eq "error lines after EPIPE" "$(grep -c ERROR "$T/err")" 0
finish
