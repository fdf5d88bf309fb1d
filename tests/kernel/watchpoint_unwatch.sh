#!/bin/sh
# unwatch(ADDR) stops the watchpoints on ADDR, as bpftrace detaches them:
# the probe that fired three times calls it, and the writes that follow are
# not seen.  unwatch of an address nothing watches is passed over silently,
# and the watchpoint keeps firing.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
command -v gcc >/dev/null || skip "needs gcc"
command -v nm >/dev/null || skip "needs nm"

# 40 writes of `watched`, 50 ms apart, after 1.5 s (sonde attaches with -p
# meanwhile: the breakpoint sees only the loop's writes, none of exec's)
{
	printf '%s\n' '#include <unistd.h>'
	printf '%s\n' 'volatile long watched;'
	printf '%s\n' 'int main(void) { usleep(1500000);'
	printf '%s\n' '	for (int i = 0; i < 40; i++) { watched = i; usleep(50000); } return 0; }'
} >"$T/writer.c"
gcc -O1 -no-pie -o "$T/writer" "$T/writer.c" || skip "cannot compile the helper"
addr=0x$(nm "$T/writer" | awk '$3 == "watched" { print $1 }')
[ "$addr" != 0x ] || skip "no address for the watched variable"

# run_writer PROGRAM: the writer under sonde -p, to its end
run_writer() {
	"$T/writer" &
	writer=$!
	sonde_start -p "$writer" -e "$1" || {
		kill "$writer" 2>/dev/null
		finish
	}
	if grep -q "No such device\|hardware breakpoint" "$T/err"; then
		kill "$writer" 2>/dev/null
		skip "no hardware breakpoints here"
	fi
	wait "$writer"
	sonde_stop INT
}

run_writer "watchpoint:$addr:8:w { @n++; if (@n == 3) { unwatch($addr); } }"
expect_status 0
# a write between the third and sonde's reading of the event may still count
expect_range "writes seen until unwatch" "$(map_value "@n")" 3 6

run_writer "watchpoint:$addr:8:w { @n++; if (@n == 3) { unwatch(0x1000); } }"
expect_status 0
expect_eq "no message for an address nothing watches" "$(grep -v '^Attached' "$T/err")" ""
expect_range "an unrelated unwatch leaves it watching (40 writes)" "$(map_value "@n")" 30 100
finish
