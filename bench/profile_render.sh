#!/bin/sh
# Flame graph rendering: a folded file of 200,000 unique stacks (depth 8-40,
# 2,000 function names) to SVG.  Prints wall and CPU seconds and peak RSS
# (MiB) of each of RUNS renders, then the best wall time.
# Targets: under 1 s and under 200 MiB.
#
#   sh bench/profile_render.sh [SONDE]      (default ./sonde; RUNS=3, N=200000)
SONDE=${1:-./sonde}
N=${N:-200000}
RUNS=${RUNS:-3}
T=$(mktemp -d /tmp/sonde-bench.XXXXXX) || exit 2
trap 'rm -rf "$T"' EXIT

awk -v n="$N" 'BEGIN {
	srand(42)
	for (i = 0; i < n; i++) {
		d = 8 + int(rand() * 33); s = "main"
		for (j = 1; j < d; j++) s = s ";fn_" int(rand() * 2000)
		printf "%s;leaf_%d %d\n", s, i, 1 + int(rand() * 100)
	}
}' >"$T/in.folded"
for r in $(seq "$RUNS"); do
	/usr/bin/time -f "%e %U %S %M" -o "$T/time" "$SONDE" flamegraph "$T/in.folded" \
		-o "$T/out.svg" || exit 1
	read -r secs user sys kib <"$T/time"
	echo "render $N stacks: ${secs} s (user ${user} s, sys ${sys} s), peak RSS" \
	     "$((kib / 1024)) MiB, SVG $(($(wc -c <"$T/out.svg") / 1024)) KiB"
	echo "$secs" >>"$T/all"
done
echo "best of $RUNS: $(sort -n "$T/all" | head -n 1) s"
