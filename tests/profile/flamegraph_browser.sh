#!/bin/sh
# The SVG in headless Chromium: loads with no script error, a click zooms,
# a search highlights and prints the matched share.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
. "$(dirname "$0")/lib_profile.sh"
need_profile_cmd
BROWSER=$(command -v chromium || command -v chromium-browser) || skip "no chromium"
G=$(dirname "$0")/golden

"$SONDE" flamegraph "$G/small.folded" -o "$T/f.svg" || fail "flamegraph failed"
browse() {
	timeout 60 "$BROWSER" --headless --no-sandbox --disable-gpu --enable-logging=stderr \
		--v=0 --user-data-dir="$T/profile" --dump-dom "file://$T/f.svg$1" 2>"$T/log"
}
browse "#z=spin" >"$T/zoom.dom"
grep -q 'Uncaught' "$T/log" && fail "script error: $(grep Uncaught "$T/log")"
grep -q 'data-zoomed="spin"' "$T/zoom.dom" || fail "the click did not zoom"
grep -q 'display: none' "$T/zoom.dom" || fail "zooming hid no frame"
browse "#s=^sp" >"$T/search.dom"
grep -q 'Matched: 75.0%' "$T/search.dom" || fail "search: $(grep -o 'Matched[^<]*' "$T/search.dom")"
grep -q 'fill="rgb(230,0,230)"' "$T/search.dom" || fail "search highlighted nothing"
finish
