#!/bin/sh
# interval:ms:100 fires until exit() on the fifth tick; maps print at exit.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root

start=$(date +%s%N)
sonde_run -e 'interval:ms:100 { @ticks = count(); @i++; if (@i == 5) { exit(); } }'
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect_status 0
expect_output <<'OUT'


@i: 5
@ticks: 5
OUT
# Five ticks take 500 ms; allow start-up time but not a stuck timer.
expect_range "elapsed ms" "$elapsed_ms" 450 5000
finish
