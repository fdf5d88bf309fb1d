#!/bin/sh
# sonde profile --pyroscope and --parca push every --interval seconds.  No
# Pyroscope or Parca server exists offline, so a local receiver on
# 127.0.0.1 (helper receive) takes the requests; the test checks each
# request's path, parameters and labels, and real decoders read the
# payload: jq the Parca JSON, base64 and gzip its raw profile, and
# `go tool pprof -raw` the pprof of both.
. "$(dirname "$0")/lib_export.sh"
need_root
need_workload
need_helper
need_cmd go golang-go
need_cmd jq jq
own_workload

RPORT=$(free_port)
mkdir -p "$T/rx"
# two intervals of the CPU profiler (Pyroscope + Parca each), one off-CPU push
"$HELPER" receive "$RPORT" "$T/rx" 6 >"$T/rx.out" &
RX=$!
EXPORT_PIDS="$EXPORT_PIDS $RX"
wait_until 10 grep -q ready "$T/rx.out" || fail "the receiver did not start"
workload spin 20000 &
EXPORT_PIDS="$EXPORT_PIDS $!"
prof_start profile -F 99 --pyroscope "http://127.0.0.1:$RPORT" --parca "http://127.0.0.1:$RPORT" \
	--interval 2 --service checkout --label env=ci || exit 1
wait_until 40 test -s "$T/rx/4.body" || fail "fewer than 4 requests in 40 s: $(ls "$T/rx")"
serve_stop
HOST=$(hostname)

for k in 1 2 3 4; do
	req=$(head -n 1 "$T/rx/$k.head")
	case $req in
	"POST /ingest?"*) PYRO=$k; cat "$T/rx/$k.body" >>"$T/pyro.folded" ;;
	"POST /profiles/writeraw "*) PARCA=$k ;;
	*) fail "request $k: $req" ;;
	esac
done
[ -n "$PYRO" ] && [ -n "$PARCA" ] || { fail "not one request of each kind"; finish; }

# Pyroscope: the query, then the folded body
q=$(head -n 1 "$T/rx/$PYRO.head" | sed 's/^POST \/ingest?//; s/ HTTP\/1.1.*//' | tr '&' '\n')
param() {
	printf '%s\n' "$q" | sed -n "s/^$1=//p" | sed 's/%\([0-9A-F][0-9A-F]\)/\\x\1/g' | xargs -0 printf '%b'
}
expect_eq "Pyroscope name" "$(param name)" "checkout.cpu{hostname=$HOST,service_name=checkout,env=ci}"
expect_eq "Pyroscope sampleRate" "$(param sampleRate)" 99
expect_eq "Pyroscope spyName" "$(param spyName)" ebpfspy
expect_eq "Pyroscope format" "$(param format)" folded
expect_eq "Pyroscope units" "$(param units)" samples
from=$(param from)
until=$(param until)
expect_range "Pyroscope until - from (s)" "$((until - from))" 1 4
expect_range "Pyroscope from, near now" "$from" $(($(date +%s) - 120)) $(date +%s)
expect_match "folded body: the workload's stack" "$(cat "$T/pyro.folded")" "^$WL;.*;spin(;.*)? [0-9]+\$"

# Parca: JSON, labels sorted, the raw profile base64 of a gzipped pprof
jq -e . "$T/rx/$PARCA.body" >/dev/null || fail "Parca body is not JSON"
labels=$(jq -r '.series[0].labels.labels | map(.name + "=" + .value) | join(",")' "$T/rx/$PARCA.body")
expect_eq "Parca labels" "$labels" "__name__=process_cpu,env=ci,hostname=$HOST,service_name=checkout"
jq -r '.series[0].samples[0].rawProfile' "$T/rx/$PARCA.body" | base64 -d >"$T/parca.pb.gz" ||
	fail "rawProfile is not base64"
gzip -t "$T/parca.pb.gz" || fail "rawProfile is not gzipped"
pprof_raw "$T/parca.pb.gz" >"$T/parca.txt" || fail "go tool pprof cannot read Parca's profile: $(head -n 3 "$T/pprof.err")"
expect_match "Parca profile sample types" "$(cat "$T/parca.txt")" '^samples/count cpu/nanoseconds$'
expect_match "Parca profile: the workload's function" "$(cat "$T/parca.txt")" ' spin( |$)'

# off-CPU to Pyroscope: pprof in a multipart form
prof_start offcputime --pyroscope "http://127.0.0.1:$RPORT" --interval 2 || exit 1
workload sleep 30 50 &
EXPORT_PIDS="$EXPORT_PIDS $!"
wait_until 40 test -s "$T/rx/5.body" || fail "no off-CPU push in 40 s"
serve_stop
req=$(head -n 1 "$T/rx/5.head")
expect_match "off-CPU: Pyroscope name and format" "$req" 'name=sonde\.off_cpu%7Bhostname%3D.*&format=pprof'
expect_match "off-CPU: multipart" "$(cat "$T/rx/5.head")" '^Content-Type: multipart/form-data; boundary='
pprof_raw "$T/rx/5.part" >"$T/off.txt" || fail "go tool pprof cannot read the off-CPU part: $(head -n 3 "$T/pprof.err")"
expect_match "off-CPU sample type" "$(cat "$T/off.txt")" '^off_cpu/nanoseconds$'
finish
