#!/bin/sh
# record --profile samples the CPUs; heatmap --subsecond counts every
# sample of a busy thread by wall-clock second and offset within it, and
# in Chromium hovering a cell shows its second, offset range and count.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
. "$(dirname "$0")/lib_record.sh"
need_root
need_workload
need_record_tools
BROWSER=$(command -v chromium || command -v chromium-browser) || skip "no chromium"

record --profile 199 -c "$WORKLOAD spin 2500" -o "$T/p.sonde"
listing "$T/p.sonde"
samples=$(count ' workload [0-9]+/[0-9]+ cpu_sample$')
# 2.5 s of one busy thread at 199 Hz: about 500 when it has a CPU to itself,
# fewer on a loaded machine (samples count CPU time, not wall time)
expect_range "samples of the spinning thread" "$samples" 20 600
expect_eq "all samples (-c: the command only)" "$(grep -c ' cpu_sample$' "$T/list.txt")" "$samples"
"$SONDE" heatmap --subsecond "$T/p.sonde" -o "$T/s.svg" 2>"$T/err" || fail "heatmap: $(cat "$T/err")"
expect_eq "samples drawn" "$(grep -o 'data-total="[0-9]*"' "$T/s.svg")" "data-total=\"$samples\""
expect_eq "offsets within the second" \
	"$(grep -o 'data-hi="[0-9]*"' "$T/s.svg" | tr -dc '0-9\n' | awk '$1 > 1000000000' | wc -l)" 0
columns=$(grep -o 'data-c="[0-9]*"' "$T/s.svg" | sort -u | wc -l)
expect_range "seconds with samples" "$columns" 3 5
# the first cell drawn: the top row of the first second ends at "1s"
cell=$(grep -m 1 'class="c"' "$T/s.svg")
c=$(echo "$cell" | sed -E 's/.* data-c="([0-9]+)".*/\1/')
r=$(echo "$cell" | sed -E 's/.* data-r="([0-9]+)".*/\1/')
tip=$(echo "$cell" | sed -E 's/.*<title>(.*)<\/title>.*/\1/')
timeout 60 "$BROWSER" --headless --no-sandbox --disable-gpu --enable-logging=stderr --v=0 \
	--user-data-dir="$T/profile" --dump-dom "file://$T/s.svg#hover=$c,$r" >"$T/hover.dom" 2>"$T/log"
grep -q 'Uncaught' "$T/log" && fail "script error: $(grep Uncaught "$T/log")"
shown=$(sed -n 's/.*<text id="details"[^>]*>\([^<]*\)<.*/\1/p' "$T/hover.dom")
expect_eq "hover shows the cell" "$shown" "$tip"
expect_match "as second, offset and count" "$shown" '^second [0-9]{2}:[0-9]{2}:[0-9]{2}, offset \[[0-9.]+m?s?, [0-9.]+m?s\): [0-9]+ samples?$'
finish
