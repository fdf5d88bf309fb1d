#!/bin/sh
# The DTrace guide's Scripting chapter on live probes: an interpreter file
# (#!/usr/sbin/dtrace -s, run as `sonde dtrace -s FILE ARGS`) whose $1 is the
# process to trace, $$2 a string argument, pid$1 probes (pidNNN's a.out is
# the process's executable), and $pid (the tracer's own process).
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

syscall::exit_group:entry
/pid == $1/
{
	exit(0);
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
timeout 60 "$SONDE" dtrace -s "$T/tracewrite.d" "$W" writes >"$T/stdout" 2>"$T/err" &
S=$!
if wait_ready "$T/stdout" "$S"; then
	resume "$W"
	wait "$S"
	expect_eq "status" "$?" 0
	expect_eq "matched" "$(cat "$T/err")" "dtrace: script '$T/tracewrite.d' matched 3 probes"
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
timeout 60 "$SONDE" dtrace -q -n 'BEGIN { printf("ready\n"); }
	pid$1::target:entry { @calls[probefunc] = count(); }
	syscall::exit_group:entry /pid == $1/ { exit(0); }' "$W" >"$T/stdout" 2>"$T/err" &
S=$!
if wait_ready "$T/stdout" "$S"; then
	touch "$T/go"
	wait "$S"
	expect_eq "status" "$?" 0
	expect_match "pid\$1 calls" "$(tail -n 1 "$T/stdout")" '^  target +25$'
else
	fail "pid\$1 did not start: $(cat "$T/err")"
fi
touch "$T/go"
wait "$W"

# /pid != $pid/: sonde's own reads are left out, the workload's counted.
spawn_workload read 12 8
W=$SPAWNED
timeout 60 "$SONDE" dtrace -q -n 'BEGIN { printf("ready\n"); }
	syscall::read:entry /pid != $pid && pid == $1 && arg2 == 8/ { @reads = count(); }
	syscall::read:entry /pid == $pid/ { @self = count(); }
	syscall::exit_group:entry /pid == $1/ { exit(0); }' "$W" >"$T/stdout" 2>"$T/err" &
S=$!
if wait_ready "$T/stdout" "$S"; then
	resume "$W"
	wait "$S"
	expect_eq "status" "$?" 0
	expect_match "reads" "$(cat "$T/stdout")" '^ +12$'
else
	fail "\$pid did not start: $(cat "$T/err")"
	resume "$W"
fi
finish
