#!/bin/sh
# Functions that change the system need --unsafe: without it, a located
# error naming the function and a hint; with it, a banner on stderr says
# so, and the function runs.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root

sonde_run -e 'BEGIN { system("echo ran"); exit(); }'
expect_status 1
expect_match "error" "$(cat "$T/err")" '^stdin:1:[0-9]+(-[0-9]+)?: ERROR: .*system'
expect_match "hint" "$(cat "$T/err")" '--unsafe'
expect_eq "stdout" "$(output)" ""

sonde_run --unsafe -e 'BEGIN { system("echo ran"); exit(); }'
expect_status 0
expect_match "banner" "$(cat "$T/err")" '[Uu]nsafe'
expect_match "system() ran" "$(output)" '^ran$'
finish
