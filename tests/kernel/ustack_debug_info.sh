#!/bin/sh
# show_debug_info (on by default, as in bpftrace): a user frame whose binary
# has DWARF prints as func+off@FILE:LINE, after one "[inlined] func@FILE:LINE"
# line per function inlined at its address; perf mode prints the inlined
# ones as "ADDR func (inlined)" and no lines.  A stack's limit counts
# addresses, not the lines they become.  The workload's inline_step() is
# always inlined into via_inline(): at target's return the pc is in it.
# BPFTRACE_SHOW_DEBUG_INFO sets it before the config block applies.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload

src=$(dirname "$0")/../workload.c
line_of() { grep -n "$1" "$src" | head -1 | cut -d: -f1; }
inl=$(line_of 'INLINE_CALL \*/')
via=$(line_of 'VIA_INLINE_CALL')
cmd=$(line_of 'total += via_inline(i)')
[ -n "$inl" ] && [ -n "$via" ] && [ -n "$cmd" ] || fail "markers not found in $src"

sonde_run -e "uretprobe:$WORKLOAD:target /pid == cpid/ { print(ustack(2)); exit(); }" \
	-c "$WORKLOAD inlined 1"
expect_status 0
expect_eq "lines" "$(grep -c . "$T/stdout")" 3
expect_match "inlined frame" "$(sed -n 2p "$T/stdout")" \
	"^        \\[inlined\\] inline_step@[^ ]*workload\\.c:$inl\$"
expect_match "its function, where it was inlined" "$(sed -n 3p "$T/stdout")" \
	"^        via_inline\\+[0-9]+@[^ ]*workload\\.c:$via\$"
expect_match "the caller: the line of its call" "$(sed -n 4p "$T/stdout")" \
	"^        cmd_inlined\\+[0-9]+@[^ ]*workload\\.c:$cmd\$"

sonde_run -e "uretprobe:$WORKLOAD:target /pid == cpid/ { print(ustack(perf, 1)); exit(); }" \
	-c "$WORKLOAD inlined 1"
expect_status 0
expect_match "perf: inlined" "$(sed -n 2p "$T/stdout")" '^	[0-9a-f]+ inline_step \(inlined\)$'
expect_match "perf: the function, no line" "$(sed -n 3p "$T/stdout")" \
	"^	[0-9a-f]+ via_inline\\+[0-9]+ \\($WORKLOAD\\)\$"
expect_eq "perf: one address" "$(sed -n '2,3s/ .*//p' "$T/stdout" | uniq | wc -l)" 1

sonde_run -e "config = { show_debug_info = 0 }
	uretprobe:$WORKLOAD:target /pid == cpid/ { print(ustack(1)); exit(); }" -c "$WORKLOAD inlined 1"
expect_status 0
expect_eq "off: one line" "$(grep -c . "$T/stdout")" 1
expect_match "off: the plain frame" "$(output)" '^        via_inline\+[0-9]+$'

BPFTRACE_SHOW_DEBUG_INFO=0 sonde_run -e "uretprobe:$WORKLOAD:target /pid == cpid/ {
	print(ustack(1)); exit(); }" -c "$WORKLOAD inlined 1"
expect_status 0
expect_match "off by the environment" "$(output)" '^        via_inline\+[0-9]+$'

BPFTRACE_SHOW_DEBUG_INFO=0 sonde_run -e "config = { show_debug_info = true }
	uretprobe:$WORKLOAD:target /pid == cpid/ { print(ustack(1)); exit(); }" -c "$WORKLOAD inlined 1"
expect_status 0
expect_match "the config block over the environment" "$(output)" '^        \[inlined\] inline_step@'

BPFTRACE_SHOW_DEBUG_INFO=yes sonde_run -e 'BEGIN { exit(); }'
expect_status 1
expect_match "a bad environment value" "$(cat "$T/err")" 'BPFTRACE_SHOW_DEBUG_INFO: .yes. is not a switch'

sonde_run -e 'config = { show_debug_info = "x" } BEGIN { exit(); }'
expect_status 1
expect_match "a bad value" "$(cat "$T/err")" 'ERROR: expected true or false'
finish
