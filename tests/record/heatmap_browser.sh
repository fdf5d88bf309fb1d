#!/bin/sh
# The latency heat map: 10 sleeps of 20 ms are 10 slices from the
# [16.8ms, 33.6ms) row up; in headless Chromium the page loads without a
# script error, hovering a cell shows its ranges and count (the same as
# its tooltip), and a click zooms on its column.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
. "$(dirname "$0")/lib_record.sh"
need_root
need_workload
need_record_tools
BROWSER=$(command -v chromium || command -v chromium-browser) || skip "no chromium"

record --syscalls -c "$WORKLOAD sleep 10 20" -o "$T/r.sonde"
"$SONDE" heatmap "$T/r.sonde" -n clock_nanosleep -o "$T/h.svg" 2>"$T/err" ||
	fail "heatmap failed: $(cat "$T/err")"
expect_eq "slices drawn" "$(grep -o 'data-total="[0-9]*"' "$T/h.svg")" 'data-total="10"'
sum=$(grep -o 'data-n="[0-9]*"' "$T/h.svg" | tr -dc '0-9\n' | awk '{ n += $1 } END { print n }')
expect_eq "cell counts add up" "$sum" 10
# none below the [16.8ms, 33.6ms) row (a loaded machine may wake late, not early)
expect_eq "sleeps shorter than 16.8ms" \
	"$(grep -o 'data-lo="[0-9]*"' "$T/h.svg" | tr -dc '0-9\n' | awk '$1 < 16777216' | wc -l)" 0

cell=$(grep -m 1 'class="c"' "$T/h.svg")
c=$(echo "$cell" | sed -E 's/.* data-c="([0-9]+)".*/\1/')
r=$(echo "$cell" | sed -E 's/.* data-r="([0-9]+)".*/\1/')
tip=$(echo "$cell" | sed -E 's/.*<title>(.*)<\/title>.*/\1/')
browse() {
	timeout 60 "$BROWSER" --headless --no-sandbox --disable-gpu --enable-logging=stderr \
		--v=0 --user-data-dir="$T/profile" --dump-dom "file://$T/h.svg$1" 2>"$T/log"
}
browse "#hover=$c,$r" >"$T/hover.dom"
grep -q 'Uncaught' "$T/log" && fail "script error: $(grep Uncaught "$T/log")"
shown=$(sed -n 's/.*<text id="details"[^>]*>\([^<]*\)<.*/\1/p' "$T/hover.dom")
expect_eq "hover shows the cell" "$shown" "$tip"
expect_match "and its numbers" "$shown" '^latency \[[0-9.]+ms, [0-9.]+ms\), time \[[0-9.]+m?s, [0-9.]+m?s\): [0-9]+ slices?$'
browse "#zoom=$c" >"$T/zoom.dom"
grep -q "data-zoomed=\"$c\"" "$T/zoom.dom" || fail "the click did not zoom"
grep -q '<g id="grid" transform="translate(' "$T/zoom.dom" || fail "zooming did not scale the grid"
finish
