#!/bin/sh
# sonde flamegraph and collapse give the golden outputs of tests/profile/golden.
# mixed.folded holds the awkward cases (XML characters and spaces in names,
# empty frames, recursion, a zero count, a repeated stack, a name cut
# short); mixed_before.folded has CRLF line ends.  The mixed_*.svg goldens
# cover --reverse with every frame drawn, --diff, an icicle graph with the
# kernel palette and a subtitle, and two input files with a wide minwidth.
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

# golden NAME ARGS...: sonde flamegraph ARGS must print $G/NAME.svg.
golden() {
	name=$1
	shift
	"$SONDE" flamegraph "$@" >"$T/$name.svg" 2>"$T/$name.err" || fail "$name: flamegraph failed"
	cmp -s "$T/$name.svg" "$G/$name.svg" ||
		fail "$name: SVG differs: $(diff "$G/$name.svg" "$T/$name.svg" | head -n 6)"
}
golden mixed_reverse --minwidth 0 --reverse --title "Reverse <golden>" --width 900 \
	"$G/mixed.folded"
golden mixed_diff --diff --minwidth 0 --countname bytes "$G/mixed_before.folded" \
	"$G/mixed.folded"
golden mixed_icicle --inverted --colors kernel --subtitle "sub & title" --height 18 \
	"$G/mixed.folded"
golden mixed_two_files --colors mem --minwidth 5 "$G/mixed.folded" "$G/mixed_before.folded"
finish
