#!/bin/sh
# A uprobe in a file that is not ELF (raw machine code mapped by hand): the
# address is the file offset.  Without symbols nothing says where
# instructions start, so only --unsafe attaches there (with a warning).
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
[ "$(uname -m)" = x86_64 ] || skip "the flat code below is x86-64"

# mov eax, 7; ret
printf '\270\007\000\000\000\303' > "$T/flat.bin"

sonde_run --unsafe -e "uprobe:$T/flat.bin:0x0 { printf(\"hit %d\\n\", pid == cpid); exit(); }" \
	-c "$WORKLOAD run-flat $T/flat.bin"
expect_status 0
expect_eq "the probe fired in the child" "$(output | grep hit)" "hit 1"
expect_match "warning" "$(cat "$T/err")" "WARNING: Could not determine instruction boundary for $T/flat.bin:0x0"

sonde_run -e "uprobe:$T/flat.bin:0x0 { exit(); }"
expect_status 1
expect_match "needs --unsafe" "$(cat "$T/err")" "not an ELF binary or library; an address in it is a file offset, which needs --unsafe"
sonde_run --unsafe -e "uprobe:$T/flat.bin:main { exit(); }"
expect_status 1
expect_match "a name needs ELF" "$(cat "$T/err")" "ERROR: uprobe:$T/flat.bin:main: not an ELF binary or library"
finish
