#!/bin/sh
# Large inputs: 20,000 generated stacks (a Park-Miller generator in awk, the
# same on every awk) rendered plain, reversed and as a differential graph.
# The checksums are of the renderer's output before its rewrite for speed
# (sorting by name ranks, hand-made number formatting): every frame and
# every number must still come out byte for byte.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
. "$(dirname "$0")/lib_profile.sh"
need_profile_cmd

# gen N SEED: N stacks of 3 to 20 frames over 300 names, a unique leaf each.
gen() {
	awk -v n="$1" -v seed="$2" 'BEGIN {
		x = seed
		for (i = 0; i < n; i++) {
			x = (x * 16807) % 2147483647; d = 3 + x % 18; s = "main"
			for (j = 1; j < d; j++) {
				x = (x * 16807) % 2147483647
				s = s ";fn_" (x % 300)
			}
			x = (x * 16807) % 2147483647
			printf "%s;leaf_%d %d\n", s, i, 1 + x % 50
		}
	}'
}
gen 20000 42 >"$T/a.folded"
gen 5000 7 >"$T/b.folded"

# check NAME SHA256 ARGS...
check() {
	name=$1 want=$2
	shift 2
	"$SONDE" flamegraph "$@" >"$T/$name.svg" || fail "$name: flamegraph failed"
	got=$(sha256sum <"$T/$name.svg" | cut -d' ' -f1)
	[ "$got" = "$want" ] || fail "$name: SVG checksum $got, want $want"
}
check plain dc4e471e2e4fc5fd4608dac069a1940bf025b0e1917d7c37a7bcdf5edec21627 "$T/a.folded"
check reverse 3463cf53f683a966e02d8d95b79a99dffe20855566db596e53e5731e9527cc17 \
	--reverse --minwidth 0.5 "$T/a.folded"
check diff 16d44b09a95bcb79b8aa398b7a643070973d758e5703483c42bb38033445598f \
	--diff "$T/b.folded" "$T/a.folded"

# The root frame holds every sample.
total=$(folded_total "$T/a.folded")
grep -q "data-v=\"$total\" data-n=\"all\"" "$T/plain.svg" ||
	fail "the root does not hold the $total samples"

# The same stacks twice merge: doubled counts, the same frames drawn.
cat "$T/a.folded" "$T/a.folded" >"$T/aa.folded"
"$SONDE" flamegraph "$T/aa.folded" >"$T/double.svg" || fail "flamegraph of doubled input failed"
grep -q "data-v=\"$((total * 2))\" data-n=\"all\"" "$T/double.svg" ||
	fail "doubled input: the root does not hold $((total * 2))"
[ "$(grep -c '<g class="f"' "$T/double.svg")" = "$(grep -c '<g class="f"' "$T/plain.svg")" ] ||
	fail "doubled input drew a different number of frames"
finish
