#!/bin/sh
# A probe that needs more than the 32 KiB a per-CPU map value can hold
# (max_strlen 9999: a string key, a string value and a for loop over the
# map's (key, value) tuples) takes its scratch memory from an array with one
# entry per CPU; the verifier accepts it and the 5555-byte path prints whole.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_openat

long=/$(printf '%5554s' '' | tr ' ' X)
BPFTRACE_MAX_STRLEN=9999 sonde_run -e 'tracepoint:syscalls:sys_enter_openat /pid == cpid/ {
	@m[str(args.filename)] = str(args.filename);
	for ($kv : @m) { print($kv); }
	clear(@m);
}' -c "$WORKLOAD open $long 2"
expect_status 0
expect_eq "two tuples of the path" "$(output | grep -c "^($long, $long)\$")" 2
finish
