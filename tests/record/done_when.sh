#!/bin/sh
# The issue's acceptance run, shortened for a test: a busy host recorded
# system-wide with --sched --syscalls for -d seconds, written at once as
# the native file, a Perfetto trace, a CTF trace and a heat map; protoc
# decodes the trace, babeltrace2 prints as many events as the recording
# holds, and the heat map has cells.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
. "$(dirname "$0")/lib_record.sh"
need_root
need_workload
need_record_tools

"$WORKLOAD" getppid 300000 >/dev/null &
load=$!
record --sched --syscalls -d 1 -o "$T/t.sonde" -o "$T/t.pftrace" -o "$T/t.ctf" \
	--heatmap "$T/t.svg"
kill "$load" 2>/dev/null
wait "$load" 2>/dev/null
for f in t.sonde t.pftrace t.ctf/metadata t.svg; do
	[ -s "$T/$f" ] || fail "$f missing or empty"
done
listing "$T/t.sonde"
events=$(grep -vc '^#' "$T/list.txt")
expect_range "events recorded" "$events" 1000 100000000
protoc --proto_path="$(dirname "$0")" --decode=perfetto.protos.Trace \
	"$(dirname "$0")/perfetto.proto" <"$T/t.pftrace" >"$T/decoded.txt" 2>"$T/protoc.err" ||
	fail "protoc cannot decode: $(head -n 3 "$T/protoc.err")"
expect_range "Perfetto packets" "$(grep -c '^packet {' "$T/decoded.txt")" 100 100000000
printed=$(babeltrace2 "$T/t.ctf" 2>"$T/bt.err" | wc -l)
expect_eq "events babeltrace2 prints" "$printed" "$events"
expect_range "heat map cells" "$(grep -c 'class="c"' "$T/t.svg")" 2 1000000
finish
