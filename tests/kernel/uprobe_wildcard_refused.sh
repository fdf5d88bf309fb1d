#!/bin/sh
# A wildcard whose matches include a function the kernel refuses to probe
# (its first instruction is lock-prefixed: ENOTSUPP, error 524, when a
# running process maps the binary) warns about that one and counts the
# others.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
command -v gcc >/dev/null || skip "needs gcc"

{
	printf '%s\n' '#include <unistd.h>'
	printf '%s\n' '__attribute__((naked, noinline)) void lock_first(void)'
	printf '%s\n' '{ __asm__("lock addl $0, (%rsp)\n\tret"); }'
	printf '%s\n' '__attribute__((noinline)) int lock_free(int x) { __asm__ volatile(""); return x + 1; }'
	printf '%s\n' 'int main(void) { char c; int s = 0; while (read(0, &c, 1) > 0) ;'
	printf '%s\n' '	for (int i = 0; i < 40; i++) { lock_first(); s += lock_free(i); } return s == 820 ? 0 : 1; }'
} >"$T/locks.c"
gcc -O1 -o "$T/locks" "$T/locks.c" || skip "cannot compile the helper"

# the process maps the binary before the probes attach: it waits for stdin
(sleep 2 | "$T/locks") &
locks=$!
sleep 0.3
sonde_start -e "uprobe:$T/locks:lock_* { @[func] = count(); }" || finish
wait $locks
sonde_stop INT
expect_status 0
expect_eq "lock_free counted" "$(map_value "@[lock_free]")" 40
expect_match "warning" "$(cat "$T/err")" "WARNING: uprobe:.*:lock_first: the kernel cannot probe this function's first instruction; skipped"
expect_match "attached count" "$(cat "$T/err")" "^Attached 1 probe$"
finish
