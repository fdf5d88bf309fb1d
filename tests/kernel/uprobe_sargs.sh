#!/bin/sh
# sarg0, sarg1: the arguments a function takes on the stack (the 7th and
# 8th of an x86-64 call); usermode is 1 in a uprobe; ncpus is the number
# of possible CPUs.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
command -v gcc >/dev/null || skip "needs gcc"

{
	printf '%s\n' '__attribute__((noinline)) long eight(long a, long b, long c, long d, long e, long f, long g, long h)'
	printf '%s\n' '{ __asm__ volatile(""); return a + b + c + d + e + f + g + h; }'
	printf '%s\n' 'int main(void) { long s = 0; for (long i = 0; i < 3; i++) s += eight(1, 2, 3, 4, 5, 6, 700 + i, 800 + i); return s > 0 ? 0 : 1; }'
} >"$T/eight.c"
gcc -O1 -o "$T/eight" "$T/eight.c" || skip "cannot compile the helper"

sonde_run -e "uprobe:$T/eight:eight { @[arg5, sarg0, sarg1, usermode] = count(); @n = max(ncpus); }" -c "$T/eight"
expect_status 0
expect_eq "call 1" "$(map_value '@[6, 700, 800, 1]')" 1
expect_eq "call 2" "$(map_value '@[6, 701, 801, 1]')" 1
expect_eq "call 3" "$(map_value '@[6, 702, 802, 1]')" 1
# the possible CPUs: /sys/devices/system/cpu/possible lists them ("0-1,4")
possible=$(tr ',' '\n' </sys/devices/system/cpu/possible |
	awk -F- '{ n += NF == 2 ? $2 - $1 + 1 : 1 } END { print n }')
expect_eq "ncpus" "$(map_value '@n')" "$possible"
finish
