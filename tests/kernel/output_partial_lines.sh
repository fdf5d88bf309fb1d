#!/bin/sh
# sonde's output reaches a pipe in whole lines, as bpftrace's line-buffered
# stdout does: a probe on its reader's own read() does not feed itself.
# The reader (cat) reads once per line written; were half lines written
# at the end of each batch, each "r " would wake cat, whose read would
# print the next "r " (thousands in a second).
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_tracepoint syscalls:sys_enter_read

mkfifo "$T/fifo"
cat "$T/fifo" >"$T/lines" &
reader=$!
timeout -k 3 30 "$SONDE" -e "tracepoint:syscalls:sys_enter_read /pid == $reader/ { printf(\"r \"); }
interval:500ms { printf(\"|\\n\"); @t = count(); if (@t == 4) { exit(); } }" \
	>"$T/fifo" 2>"$T/err"
SONDE_STATUS=$?
wait "$reader"
expect_status 0
expect_range "lines" "$(grep -c '|$' "$T/lines")" 4 4
expect_range "most reads in one line" \
	"$(awk '{ n = gsub(/r /, ""); if (n > max) max = n } END { print max + 0 }' "$T/lines")" 1 3
finish
