#!/bin/sh
# -c of a command that cannot run and -p of a process that does not exist
# (or of a pid out of range) are clear errors, exit 1, with nothing
# loaded or attached; -l says why it lists nothing (no match, or tracefs
# closed to a user who is not root) instead of exiting 0 silently.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root

prog='tracepoint:syscalls:sys_enter_getppid { @ = count(); }'

# refused WHAT REGEX ARGS...: exit 1, REGEX on stderr, no attach, no program loaded
refused() {
	what=$1
	re=$2
	shift 2
	RUN_TIMEOUT=20 sonde_run "$@"
	expect_eq "$what: exit status" "$SONDE_STATUS" 1
	expect_match "$what: message" "$(cat "$T/err")" "$re"
	grep -q -E '^Attached' "$T/err" && fail "$what: probes were attached"
	[ -s "$T/stdout" ] && fail "$what: printed output: $(head -c 200 "$T/stdout")"
}

touch "$T/notexec"
chmod 644 "$T/notexec"
refused "-c /nonexistent" "^ERROR: -c: cannot run '/nonexistent': No such file or directory\$" \
	-c /nonexistent -e "$prog"
refused "-c no-such-command" "^ERROR: -c: 'sonde-no-such-command': no such command in \\\$PATH\$" \
	-c 'sonde-no-such-command --flag' -e "$prog"
refused "-c a directory" "^ERROR: -c: cannot run '$T': Is a directory\$" -c "$T" -e "$prog"
refused "-c a file that is not executable" "^ERROR: -c: cannot run '$T/notexec': Permission denied\$" \
	-c "$T/notexec" -e "$prog"
refused "-c ''" "^ERROR: -c: the command is empty\$" -c '' -e "$prog"

# A command that passes the checks but cannot be executed (its ELF
# interpreter is missing): the exec fails after attaching; exit 1, said.
cp /bin/true "$T/badinterp"
sed -i 's|/lib64/ld-linux-x86-64.so.2|/lib64/ld-linux-x86-64.so.X|' "$T/badinterp"
"$T/badinterp" 2>/dev/null
if [ $? = 127 ]; then
	RUN_TIMEOUT=20 sonde_run -c "$T/badinterp" -e 'tracepoint:syscalls:sys_enter_getppid /pid == cpid/ { @ = count(); }'
	expect_eq "-c exec failure: exit status" "$SONDE_STATUS" 1
	expect_match "-c exec failure: message" "$(cat "$T/err")" \
		"^ERROR: -c: failed to run $T/badinterp: No such file or directory\$"
else
	log "note: could not make a binary without its interpreter here"
fi

# A pid that is free now: the highest one not in /proc below pid_max.
max=$(cat /proc/sys/kernel/pid_max)
free=$((max - 1))
while [ -d "/proc/$free" ]; do free=$((free - 1)); done
refused "-p $free (no such process)" "^ERROR: -p $free: no such process\$" -p "$free" -e "$prog"
# The tracer's -p errors are worded as bpftrace's, with the range as a hint.
refused "-p 4294967297" "^ERROR: Pid out of range: 4294967297\$" -p 4294967297 -e "$prog"
expect_match "-p out of range: hint" "$(cat "$T/err")" "^HINT: -p takes a process id from 1 to 4194304\$"
refused "-p 0" "^ERROR: Pid out of range: 0\$" -p 0 -e "$prog"
refused "-p 12abc" "^ERROR: Failed to parse pid: invalid trailing bytes: 12abc\$" -p 12abc -e "$prog"
refused "-p abc" "^ERROR: Failed to parse pid: invalid integer: abc\$" -p abc -e "$prog"
refused "tool -p 12abc" "^ERROR: -p: '12abc' is not a number" execsnoop -p 12abc
refused "tool -p $free" "^ERROR: -p $free: no such process\$" execsnoop -p "$free"
refused "profile -p $free" "^ERROR: -p $free: no such process\$" profile -p "$free" -d 1

# -c and -p that are fine still work.
RUN_TIMEOUT=20 sonde_run -c "$WORKLOAD getppid 3" -e \
	'tracepoint:syscalls:sys_enter_getppid /pid == cpid/ { @ = count(); }'
expect_status 0
expect_eq "-c workload: getppid calls" "$(map_value @)" 3
sleep 30 &
sleeper=$!
RUN_TIMEOUT=20 sonde_run -p "$sleeper" -e 'interval:ms:100 { exit(); }'
kill "$sleeper" 2>/dev/null
expect_status 0

# -l: no match is an error; as nobody, tracefs is closed and sonde says so.
RUN_TIMEOUT=20 sonde_run -l 'tracepoint:sonde_no_such_category:*'
expect_status 1
expect_match "-l no match" "$(cat "$T/err")" "^ERROR: no probe matches 'tracepoint:sonde_no_such_category:\\*'"
if command -v setpriv >/dev/null 2>&1 && ! setpriv --reuid=65534 --regid=65534 --clear-groups \
	-- test -r /sys/kernel/tracing/events 2>/dev/null; then
	setpriv --reuid=65534 --regid=65534 --clear-groups -- "$SONDE" -l 'tracepoint:sched:*' \
		>"$T/out" 2>"$T/err"
	expect_eq "-l as nobody: exit status" "$?" 1
	expect_match "-l as nobody: message" "$(cat "$T/err")" \
		"^ERROR: no probe matches 'tracepoint:sched:\\*': tracefs is readable by root only"
	setpriv --reuid=65534 --regid=65534 --clear-groups -- "$SONDE" -l >"$T/out" 2>"$T/err"
	expect_eq "-l (all) as nobody: exit status" "$?" 0
	expect_match "-l (all) as nobody: warning" "$(cat "$T/err")" \
		"^WARNING: tracepoints are not listed: tracefs is readable by root only"
else
	log "note: tracefs is readable by nobody here: the non-root -l case is left out"
fi
finish
