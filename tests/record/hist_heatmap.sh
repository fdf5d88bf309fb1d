#!/bin/sh
# A recorded program that prints and clears a histogram every 200 ms (and
# at the end):
# each print is a histogram record, and `heatmap --hist` draws a column
# per print and a row per bucket; every value of the map is in a cell, and
# hovering a cell in Chromium shows its bucket, interval and count.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
. "$(dirname "$0")/lib_record.sh"
need_root
need_workload
need_record_tools
need_tracepoint syscalls:sys_enter_clock_nanosleep
BROWSER=$(command -v chromium || command -v chromium-browser) || skip "no chromium"

record -c "$WORKLOAD sleep 20 25" -o "$T/r.sonde" -e '
tracepoint:syscalls:sys_enter_clock_nanosleep /pid == cpid/ { @start[tid] = nsecs; }
tracepoint:syscalls:sys_exit_clock_nanosleep /@start[tid]/ {
	@us = hist((nsecs - @start[tid]) / 1000);
	@sleeps = count();
	delete(@start[tid]);
}
interval:ms:200 { print(@us); clear(@us); }
END { print(@us); clear(@us); }'
listing "$T/r.sonde"
prints=$(count ' histogram name=@us buckets=')
expect_range "histogram prints" "$prints" 2 1000
"$SONDE" heatmap --hist -n @us "$T/r.sonde" -o "$T/h.svg" 2>"$T/err" || fail "heatmap: $(cat "$T/err")"
expect_eq "columns" "$(grep -o 'data-columns="[0-9]*"' "$T/h.svg")" "data-columns=\"$prints\""
# every sleep of 25 ms is one value, counted once, at 16 ms or more
expect_eq "values drawn" "$(grep -o 'data-total="[0-9]*"' "$T/h.svg")" 'data-total="20"'
expect_eq "buckets below [16K, 32K)" \
	"$(grep -o '<title>bucket [^,]*' "$T/h.svg" | grep -c -v -E '\[(16K|32K|64K)')" 0
cell=$(grep -m 1 'class="c"' "$T/h.svg")
c=$(echo "$cell" | sed -E 's/.* data-c="([0-9]+)".*/\1/')
r=$(echo "$cell" | sed -E 's/.* data-r="([0-9]+)".*/\1/')
tip=$(echo "$cell" | sed -E 's/.*<title>(.*)<\/title>.*/\1/')
timeout 60 "$BROWSER" --headless --no-sandbox --disable-gpu --enable-logging=stderr --v=0 \
	--user-data-dir="$T/profile" --dump-dom "file://$T/h.svg#hover=$c,$r" >"$T/hover.dom" 2>"$T/log"
grep -q 'Uncaught' "$T/log" && fail "script error: $(grep Uncaught "$T/log")"
shown=$(sed -n 's/.*<text id="details"[^>]*>\([^<]*\)<.*/\1/p' "$T/hover.dom")
expect_eq "hover shows the cell" "$shown" "$tip"
expect_match "bucket, interval, count" "$shown" '^bucket \[[0-9]+K, [0-9]+K\), printed in \[[0-9.]+[mun]?s, [0-9.]+[mun]?s\): [0-9]+ values?$'
finish
