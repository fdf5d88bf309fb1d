#!/bin/sh
# sonde record -e: printfs become instant events (probe name, message,
# typed arguments); "@begin NAME" / "@end NAME" printfs become spans and
# "@counter NAME" a counter.  The spans reach Perfetto (balanced, on their
# own track), the Chrome JSON (DevTools' trace engine sees 5 "sleep"
# slices) and the heat map (5 spans of at least 10 ms); the same script
# without record prints its lines as text.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
. "$(dirname "$0")/lib_record.sh"
need_root
need_workload
need_record_tools
need_tracepoint syscalls:sys_enter_clock_nanosleep

cat >"$T/naps.bt" <<'BT'
tracepoint:syscalls:sys_enter_clock_nanosleep /pid == cpid/
{
	printf("@begin sleep\n");
	printf("sleeping %d ms in %s\n", 10, comm);
}
tracepoint:syscalls:sys_exit_clock_nanosleep /pid == cpid/
{
	printf("@end sleep\n");
	printf("@counter naps %d\n", 1);
}
BT
record -c "$WORKLOAD sleep 5 10" -o "$T/r.sonde" "$T/naps.bt"
listing "$T/r.sonde"
expect_eq "span begins" "$(count ' workload [0-9]+/[0-9]+ begin name=sleep$')" 5
expect_eq "span ends" "$(count ' workload [0-9]+/[0-9]+ end name=sleep$')" 5
expect_eq "counter values" "$(count ' counter name=naps value=1$')" 5
expect_eq "instants with typed arguments" \
	"$(count ' instant name=tracepoint:syscalls:sys_enter_clock_nanosleep message="sleeping 10 ms in workload" arg0=10 arg1="workload"$')" 5

"$SONDE" convert "$T/r.sonde" -o "$T/r.pftrace" || fail "Perfetto export failed"
protoc --proto_path="$(dirname "$0")" --decode=perfetto.protos.Trace \
	"$(dirname "$0")/perfetto.proto" <"$T/r.pftrace" >"$T/decoded.txt" || fail "protoc cannot decode"
expect_eq "span slices (begin, end)" \
	"$(grep -c 'type: TYPE_SLICE_BEGIN' "$T/decoded.txt") $(grep -c 'type: TYPE_SLICE_END' "$T/decoded.txt")" "5 5"
expect_eq "counter events" "$(grep -c 'type: TYPE_COUNTER' "$T/decoded.txt")" 5
expect_eq "instant messages" "$(grep -c 'string_value: "sleeping 10 ms in workload"' "$T/decoded.txt")" 5
grep -q 'name: "spans ' "$T/decoded.txt" || fail "no span track"

"$SONDE" convert "$T/r.sonde" -o "$T/r.json" || fail "Chrome export failed"
node "$(dirname "$0")/trace_engine_check.mjs" "$NPM_DIR/node_modules" "$T/r.json" \
	>"$T/engine.txt" 2>&1 || fail "the trace engine rejected it: $(tail -n 5 "$T/engine.txt")"
expect_eq "spans in DevTools' engine" \
	"$(awk '/^[0-9]/ { name = $3 " " $4 } name == "workload spans" && $1 == "sleep" { print $2 }' "$T/engine.txt")" 5

"$SONDE" heatmap "$T/r.sonde" -o "$T/h.svg" || fail "heatmap failed"
expect_eq "spans in the heat map" "$(grep -o 'data-total="[0-9]*"' "$T/h.svg")" 'data-total="5"'
# 10 ms sleeps: none below the [8.39ms, 16.8ms) row (a loaded machine may
# wake them late, not early)
expect_eq "spans shorter than 8.39ms" \
	"$(grep -o 'data-lo="[0-9]*"' "$T/h.svg" | tr -dc '0-9\n' | awk '$1 < 8388608' | wc -l)" 0

# unchanged without record: the markers are ordinary printf text
timeout 60 "$SONDE" -q -c "$WORKLOAD sleep 2 10" "$T/naps.bt" >"$T/plain.txt" 2>&1
expect_eq "plain run: @begin lines" "$(grep -c '^@begin sleep$' "$T/plain.txt")" 2

# a program with an error: the located error, exit 1, and no file
"$SONDE" record -o "$T/bad.sonde" -e 'BEGIN { printf("x\n") ' 2>"$T/bad.err"
expect_eq "exit status of a bad program" "$?" 1
expect_match "its error" "$(cat "$T/bad.err")" '^stdin:1:[0-9]+(-[0-9]+)?: ERROR: '
[ -e "$T/bad.sonde" ] && fail "a file was left for a program that did not run"
finish
