#!/bin/sh
# Line coverage per source file, from a --coverage build's .gcda files.
#
#   sh scripts/coverage.sh OBJDIR [SRC_DIRS...]
#
# OBJDIR is the build tree of the instrumented objects (build/cov); prints
# "percent lines file" per file of SRC_DIRS (default: all of src/), lowest
# first, then the total.
set -e
obj=$1
shift
[ -n "$obj" ] || { echo "usage: coverage.sh OBJDIR [SRC_DIRS...]" >&2; exit 2; }
dirs=${*:-src}
tmp=$(mktemp -d /tmp/sonde-cov.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
for f in $(find $dirs -name '*.c' | sort); do
	o=$obj/${f%.c}.o
	[ -f "$o" ] || continue
	# gcov -n: the summary only, no .gcov files written
	gcov -n -o "$(dirname "$o")" "$f" 2>/dev/null |
		awk -v file="$f" '
		$0 == "File '\''" file "'\''" { mine = 1; next }
		mine && /^Lines executed:/ {
			split($2, a, ":"); sub("%", "", a[2])
			printf "%s %d %s\n", a[2], $4, file
			exit
		}'
done >"$tmp/rows"
if [ ! -s "$tmp/rows" ]; then
	echo "coverage: no data under $obj (run the tests with the instrumented build first)" >&2
	exit 1
fi
sort -n "$tmp/rows" | awk '
	{ printf "%6.2f%% %6d  %s\n", $1, $2, $3; hit += $1 * $2 / 100; all += $2 }
	END { printf "%6.2f%% %6d  total\n", all ? 100 * hit / all : 0, all }'
