#!/bin/sh
# --mode bench (and --bench): BEGIN runs, each bench: probe is timed through
# BPF_PROG_TEST_RUN and gets a row (text) or a benchmark_result record
# (JSON), END runs, no map prints at exit; without the mode bench probes
# do not run.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root

log "text: the table, in declaration order"
sonde_run --mode bench -e 'BEGIN { printf("begin\n"); } bench:second { @a++; }
bench:first { @b = count(); } END { printf("end %d\n", @a > 0); }'
expect_status 0
expect_eq "line 1" "$(sed -n 1p "$T/stdout")" "begin"
expect_eq "header" "$(sed -n 2p "$T/stdout")" \
	"Benchmark                                Time(ns)       Iterations"
expect_eq "rule" "$(sed -n 3p "$T/stdout")" \
	"------------------------------------------------------------------"
expect_match "row second" "$(sed -n 4p "$T/stdout")" '^second {35}[0-9]+ +[0-9]+$'
expect_match "row first" "$(sed -n 5p "$T/stdout")" '^first {36}[0-9]+ +[0-9]+$'
expect_eq "END ran, no maps printed" "$(sed -n '6,$p' "$T/stdout")" "end 1"
# the time column starts at 42 (the name's 41), the iterations at 57
expect_match "columns" "$(sed -n 4p "$T/stdout" | cut -c42-)" '^[0-9]+ +[0-9]+$'
iters=$(sed -n 4p "$T/stdout" | awk '{ print $3 }')
expect_range "iterations" "$iters" 1 100000000
if grep -q Attached "$T/err"; then
	fail "bench mode printed an Attached line"
fi

log "a name longer than 40 widens the first column"
long=a_benchmark_name_that_is_longer_than_forty_chars
sonde_run --bench -e "bench:$long { @ = 1; }"
expect_status 0
expect_match "wide row" "$(output)" "^$long [0-9]+ +[0-9]+$"

log "JSON: one benchmark_result record per probe"
sonde_run -q -f json --mode bench -e 'bench:a { @a++; } bench:b { @b++; }'
expect_status 0
expect_match "a" "$(sed -n 1p "$T/stdout")" \
	'^\{"type": "benchmark_result", "data": \{"a": \{"average": [0-9]+, "iters": [0-9]+\}\}\}$'
expect_match "b" "$(sed -n 2p "$T/stdout")" \
	'^\{"type": "benchmark_result", "data": \{"b": \{"average": [0-9]+, "iters": [0-9]+\}\}\}$'
expect_eq "records" "$(wc -l <"$T/stdout" | tr -d ' ')" 2

log "what a timed run prints is thrown away"
sonde_run --mode bench -e 'bench:p { printf("noise\n"); }'
expect_status 0
if grep -q noise "$T/stdout"; then
	fail "a bench probe's output was printed"
fi

log "without --mode bench the bench probes do not run"
sonde_run -e 'bench:a { printf("ran\n"); } BEGIN { exit(); }'
expect_status 0
if grep -q ran "$T/stdout"; then
	fail "a bench probe ran outside bench mode"
fi
sonde_run -e 'bench:a { @a++; }'
expect_status 1
expect_eq "hint" "$(cat "$T/err")" "ERROR: No probes attached; use --bench to run benchmark probes."

log "--mode values"
sonde_run --mode nonsense -e 'BEGIN { exit(); }'
expect_status 1
expect_match "usage" "$(cat "$T/err")" "--mode can only be 'codegen', 'compiler-bench', 'bench', 'test' or 'format'"
sonde_run --mode test -e 'BEGIN { exit(); }'
expect_status 1
expect_match "unsupported" "$(cat "$T/err")" "--mode test is not supported"
sonde_run --mode bench --bench -e 'bench:a { }'
expect_status 1
expect_match "conflict" "$(cat "$T/err")" "--bench conflicts with existing --mode"
sonde_run --mode codegen -e 'BEGIN { exit(); }'
expect_status 0
expect_match "codegen dumps" "$(output)" "exit"
finish
