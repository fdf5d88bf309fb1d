#!/bin/sh
# Flame graph rendering: a folded file of 200,000 unique stacks (depth 8-40,
# 2,000 function names) to SVG.  Prints wall seconds and peak RSS (MiB).
# Targets: under 1 s and under 200 MiB.
#
#   sh bench/profile_render.sh [SONDE]      (default ./sonde)
SONDE=${1:-./sonde}
N=${N:-200000}
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
/usr/bin/time -f "%e %M" -o "$T/time" "$SONDE" flamegraph "$T/in.folded" -o "$T/out.svg" ||
	exit 1
read -r secs kib <"$T/time"
echo "render $N stacks: ${secs} s, peak RSS $((kib / 1024)) MiB, SVG $(($(wc -c <"$T/out.svg") / 1024)) KiB"
