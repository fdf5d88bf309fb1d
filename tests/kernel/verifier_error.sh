#!/bin/sh
# A program the verifier rejects (a loop it cannot prove ends) is reported
# against its probe and source line, with a hint and the log's tail.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root

out=$("$SONDE" -e 'BEGIN { $i = 0; while ($i >= 0) { $i++; } }' 2>&1)
status=$?
expect_eq "exit status" "$status" 1
expect_match "first line" "$out" '^stdin:1:35-39: ERROR: the kernel.s verifier rejected the program of BEGIN'
expect_match "hint" "$out" '^HINT: '
expect_match "log tail" "$out" 'processed [0-9]+ insns'
all=$("$SONDE" -v -e 'BEGIN { $i = 0; while ($i >= 0) { $i++; } }' 2>&1 | wc -l)
tail=$(printf '%s\n' "$out" | wc -l)
expect_match "-v prints the whole log" "$([ "$all" -gt "$tail" ] && echo more)" '^more$'
finish
