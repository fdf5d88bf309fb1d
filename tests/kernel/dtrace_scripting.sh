#!/bin/sh
# The DTrace guide's Scripting chapter on live probes: an interpreter file
# (#!/usr/sbin/dtrace -s, run as `sonde dtrace -s FILE ARGS`) whose $1 is the
# process to trace, $$2 a string argument, pid$1 probes (pidNNN's a.out is
# the process's executable), and $pid (the tracer's own process); and the
# dtrace(1) chapter's options: -P, -m, -f (with -l), -Z, -e, and the error
# of one sonde lacks.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_write

# tracewrite: counts write(2) of the process $1; BEGIN says when it is ready.
cat >"$T/tracewrite.d" <<'D'
#!/usr/sbin/dtrace -s
#pragma D option quiet

BEGIN
{
	printf("ready\n");
}

syscall::write:entry
/pid == $1/
{
	@writes[$$2] = count();
}
D

# wait_ready FILE: until sonde printed "ready" (its probes are attached).
wait_ready() {
	i=0
	while ! grep -q ready "$1" 2>/dev/null; do
		[ $i -ge 300 ] && return 1
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.1
		i=$((i + 1))
	done
}

spawn_workload write 37 8
W=$SPAWNED
# ^C ends it (a background job of sh ignores SIGINT unless told otherwise)
timeout 60 env --default-signal=INT "$SONDE" dtrace -s "$T/tracewrite.d" "$W" writes \
	>"$T/stdout" 2>"$T/err" &
S=$!
if wait_ready "$T/stdout" "$S"; then
	resume "$W"
	kill -INT "$S"
	wait "$S"
	expect_eq "status" "$?" 0
	expect_eq "quiet: no matched line" "$(cat "$T/err")" ""
	expect_match "count" "$(tail -n 1 "$T/stdout")" '^  writes +37$'
else
	fail "tracewrite.d did not start: $(cat "$T/err")"
	resume "$W"
fi

# The interpreter file without its argument: dtrace(1)'s error, located.
sonde_run dtrace -s "$T/tracewrite.d"
expect_status 1
expect_match "not defined" "$(head -n 1 "$T/err")" \
	"^$T/tracewrite.d:10:9-11: ERROR: macro argument \\\$1 is not defined"

# pid$1::target:entry on a running workload, its a.out from /proc/PID/exe.
gate() {
	while ! [ -e "$T/go" ]; do sleep 0.05; done
}
gate | "$WORKLOAD" wait-call 25 &
W=$!
i=0
while [ "$(readlink "/proc/$W/exe")" != "$(readlink -f "$WORKLOAD")" ]; do
	[ $i -ge 400 ] && { fail "workload $W did not exec within 20s"; break; }
	sleep 0.05
	i=$((i + 1))
done
timeout 60 env --default-signal=INT "$SONDE" dtrace -q -n 'BEGIN { printf("ready\n"); }
	pid$1::target:entry { @calls[probefunc] = count(); }' "$W" >"$T/stdout" 2>"$T/err" &
S=$!
if wait_ready "$T/stdout" "$S"; then
	touch "$T/go"
	wait "$W"
	kill -INT "$S"
	wait "$S"
	expect_eq "status" "$?" 0
	expect_match "pid\$1 calls" "$(tail -n 1 "$T/stdout")" '^  target +25$'
else
	fail "pid\$1 did not start: $(cat "$T/err")"
fi
touch "$T/go"
wait "$W"

# /pid != $pid/: sonde's own reads are left out, the workload's counted.
sonde_run dtrace -q -n 'syscall::read:entry /pid != $pid && pid == $target && arg2 == 8/
	{ @reads = count(); }' -c "$WORKLOAD read 12 8"
expect_status 0
expect_match "reads" "$(cat "$T/stdout")" '^ +12$'

# -P, -m and -f: descriptions of the fields given, listed with -l.
sonde_run dtrace -l -P dtrace
expect_status 0
expect_eq "-l -P dtrace" "$(awk 'NR > 1 { print $2, $3 }' "$T/stdout" | tr '\n' ' ')" \
	"dtrace BEGIN dtrace END dtrace ERROR "
sonde_run dtrace -l -f read
expect_status 0
expect_eq "-l -f read" "$(awk 'NR > 1 { print $2, $3, $4 }' "$T/stdout" | tr '\n' ' ')" \
	"syscall read entry syscall read return "
sonde_run dtrace -l -m syscall:
expect_status 0
expect_match "-l -m syscall:" "$(sed -n 2p "$T/stdout")" '^ +1 +syscall +[a-z_0-9]+ entry$'

# -f FUNCTION enables both probes with the default action: the event lines.
sonde_run dtrace -f getppid -c "$WORKLOAD getppid 3"
expect_status 0
expect_eq "-f matched" "$(cat "$T/err")" "dtrace: description '::getppid:' matched 2 probes"
# (system-wide, as dtrace(1)'s: other processes may call getppid too)
expect_range "-f entries" "$(grep -c -E '^ *[0-9]+ +[0-9]+ +getppid:entry $' "$T/stdout")" 3 100000
expect_range "-f returns" "$(grep -c -E '^ *[0-9]+ +[0-9]+ +getppid:return $' "$T/stdout")" 3 100000

# -f with a predicate and an action in its argument (dtrace(1)'s -f FUNC/pred/{act}):
# getppid's entry and return, 5 calls each.
sonde_run dtrace -q -f 'getppid/pid == $target/{ @ = count(); }' -c "$WORKLOAD getppid 5"
expect_status 0
expect_match "-f with an action" "$(cat "$T/stdout")" '^ +10$'
sonde_run dtrace -q -P 'dtrace{ printf("%s\n", probename); }' -n 'BEGIN { exit(0); }'
expect_status 0
expect_eq "-P with an action" "$(cat "$T/stdout" | tr '\n' ' ')" "BEGIN END "

# -Z: a description that matches nothing is left out instead of an error.
sonde_run dtrace -n 'syscall::no_such_call:entry' -n 'BEGIN { exit(0); }'
expect_status 1
sonde_run dtrace -q -Z -n 'syscall::no_such_call:entry' -n 'BEGIN { printf("ran\n"); exit(0); }'
expect_status 0
expect_eq "-Z" "$(cat "$T/stdout")" "ran"

# -e: compiled (and loaded), never run.
sonde_run dtrace -q -e -n 'BEGIN { printf("ran\n"); exit(0); }'
expect_status 0
expect_eq "-e" "$(cat "$T/stdout")" ""

# -o FILE appends, as dtrace(1) opens it: two runs, both outputs kept.
echo "before" >"$T/o.txt"
sonde_run dtrace -q -o "$T/o.txt" -n 'BEGIN { printf("first\n"); exit(0); }'
expect_status 0
sonde_run dtrace -q -o "$T/o.txt" -n 'BEGIN { printf("second\n"); exit(0); }'
expect_status 0
expect_eq "-o appends" "$(tr '\n' ' ' <"$T/o.txt")" "before first second "

# An option of dtrace(1) that sonde lacks says so.
sonde_run dtrace -F -n 'BEGIN { exit(0); }'
expect_status 1
expect_match "-F" "$(cat "$T/err")" '^dtrace: -F \(flowindent\) is not supported'
finish
