#!/bin/sh
# A program the kernel's verifier rejects (an unbounded loop) gives an
# error that names the probe and the source line, explains the cause in
# plain words, and shows the end of the verifier log; -v shows all of it.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root

PROG='BEGIN {
	$i = 0;
	while ($i >= 0) { $i++; }
	exit();
}'
sonde_run -e "$PROG"
expect_status 1
err=$(cat "$T/err")
expect_match "located error naming the probe" "$err" '^stdin:[0-9]+:[0-9]+(-[0-9]+)?: ERROR: .*BEGIN'
expect_match "the source line" "$err" 'while \(\$i >= 0\)'
expect_match "a plain-words cause" "$err" '^HINT: '
expect_match "the verifier log" "$err" '[Vv]erifier log'
short=$(wc -l <"$T/err")

sonde_run -v -e "$PROG"
expect_status 1
long=$(wc -l <"$T/err")
log "stderr: $short lines, with -v $long lines"
expect_range "log lines without -v" "$short" 4 120
if [ "$long" -le "$short" ]; then
	fail "-v did not print more of the verifier log ($long <= $short lines)"
fi
finish
