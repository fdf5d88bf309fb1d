#!/bin/sh
# sonde profile --listen serves /debug/pprof/profile?seconds=N, the Go
# convention Parca and Pyroscope scrape: Debian's `go tool pprof` fetches
# it and finds the workload's busy function, with CPU sample types and a
# period of 1e9/Hz ns.  offcputime serves /debug/pprof/offcpu the same way.
. "$(dirname "$0")/lib_export.sh"
need_root
need_workload
need_helper
need_cmd go golang-go
own_workload

prof_start profile -F 99 --listen 127.0.0.1:0 || exit 1
workload spin 6000 &
EXPORT_PIDS="$EXPORT_PIDS $!"
sleep 0.5
pprof_raw "http://$PROF_ADDR/debug/pprof/profile?seconds=3" >"$T/raw.txt" ||
	fail "go tool pprof could not read the served profile: $(head -n 3 "$T/pprof.err")"
expect_match "sample types" "$(cat "$T/raw.txt")" '^samples/count cpu/nanoseconds$'
expect_match "period type" "$(cat "$T/raw.txt")" '^PeriodType: cpu nanoseconds$'
expect_match "period 1e9/99" "$(cat "$T/raw.txt")" '^Period: 10101010$'
expect_range "duration (s)" "$(sed -n 's/^Duration: //p' "$T/raw.txt")" 3 4.5
expect_match "the workload's function" "$(cat "$T/raw.txt")" ' spin( |$)'
expect_match "its caller" "$(cat "$T/raw.txt")" ' cmd_spin( |$)'
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://$PROF_ADDR/debug/pprof/profile?seconds=9999")
expect_eq "seconds out of range" "$code" 400
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://$PROF_ADDR/debug/pprof/heap")
expect_eq "another profile" "$code" 404
serve_stop
expect_eq "exit status after SIGTERM" "$SERVE_STATUS" 0

# off-CPU: the workload sleeps 20 x 50 ms in clock_nanosleep
prof_start offcputime --listen 127.0.0.1:0 || exit 1
workload sleep 20 50 &
EXPORT_PIDS="$EXPORT_PIDS $!"
pprof_raw "http://$PROF_ADDR/debug/pprof/offcpu?seconds=3" >"$T/off.txt" ||
	fail "go tool pprof could not read the off-CPU profile: $(head -n 3 "$T/pprof.err")"
expect_match "off-CPU sample type" "$(cat "$T/off.txt")" '^off_cpu/nanoseconds$'
expect_match "the sleeping call" "$(cat "$T/off.txt")" ' clock_nanosleep( |$)'
expect_match "kernel frames" "$(cat "$T/off.txt")" ' do_nanosleep_\[k\]( |$)'
expect_match "its process" "$(cat "$T/off.txt")" " $WL( |\$)"
serve_stop
expect_eq "offcputime exit status after SIGTERM" "$SERVE_STATUS" 0
finish
