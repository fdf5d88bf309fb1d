#!/bin/sh
# The short soak: bench/soak.sh for 12 s at 100,000 events/s (4 s warm-up):
# flat RSS, no fd leak, every event printed or counted as lost.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_getppid

root=$(cd "$(dirname "$0")/../.." && pwd)
if sh "$root/bench/soak.sh" -d 12 -r 100000 -w 4 >"$T/soak.out" 2>&1; then
	sed 's/^/    /' "$T/soak.out"
	log "ok: soak"
else
	fail "soak:"
	sed 's/^/    /' "$T/soak.out"
fi
finish
