#!/bin/sh
# sonde flamegraph and collapse give the golden outputs of tests/profile/golden.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
. "$(dirname "$0")/lib_profile.sh"
need_profile_cmd
G=$(dirname "$0")/golden

"$SONDE" collapse "$G/perf_script.txt" >"$T/c.folded" || fail "collapse failed"
cmp -s "$T/c.folded" "$G/perf_script.folded" ||
	fail "collapse differs: $(diff "$G/perf_script.folded" "$T/c.folded")"
"$SONDE" flamegraph --title "Golden" --width 600 "$G/small.folded" >"$T/g.svg" ||
	fail "flamegraph failed"
cmp -s "$T/g.svg" "$G/small.svg" || fail "SVG differs from $G/small.svg"
"$SONDE" flamegraph --inverted --colors io "$G/small.folded" | grep -q 'Icicle Graph' ||
	fail "no icicle graph"
"$SONDE" flamegraph --diff "$G/small.folded" "$G/small.folded" | grep -q '+0.00%' ||
	fail "no differential graph"
finish
