#!/bin/sh
# self:signal:SIGUSR1: the blocks run, in declaration order, each time sonde
# itself receives SIGUSR1 (and count as attached probes); sonde keeps
# running until exit() or a stop signal.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root

log "two blocks, run in order, once per signal"
sonde_start -e 'BEGIN { @n = 0; } self:signal:SIGUSR1 { printf("first %d", @n); }
self:signal:SIGUSR1 { @n++; printf(" second\n"); if (@n == 3) { exit(); } }' || finish
expect_match "attached" "$(cat "$T/err")" '^Attached 3 probes$'
for i in 1 2 3; do
	kill -s USR1 "$SONDE_PID"
	sleep 0.3
done
sonde_wait 10
expect_status 0
expect_output <<'OUT'
first 0 second
first 1 second
first 2 second


@n: 3
OUT

log "a program with only a self probe waits for the signal"
sonde_start -e 'self:signal:SIGUSR1 { print("signal handler"); exit(); }' || finish
sleep 0.5
if ! kill -0 "$SONDE_PID" 2>/dev/null; then
	fail "sonde exited before the signal"
fi
kill -s USR1 "$SONDE_PID"
sonde_wait 10
expect_status 0
expect_eq "output" "$(sed -n 1p "$T/stdout")" "signal handler"

log "only SIGUSR1 is a self signal"
sonde_run -e 'self:signal:SIGUSR2 { }'
expect_status 1
expect_match "error" "$(cat "$T/err")" 'ERROR: SIGUSR2 is not a supported signal'
sonde_run -e 'self:timer:SIGUSR1 { }'
expect_status 1
expect_match "error" "$(cat "$T/err")" 'ERROR: timer is not a supported trigger'
sonde_run -l 'self:*'
expect_eq "listing" "$(output)" "self:signal:SIGUSR1"
finish
