#!/bin/sh
# Processes that live a few milliseconds, started after sonde attached and
# gone long before the maps print, still have their user stacks printed by
# symbol: their mappings come from the kernel's mapping events (bpftrace
# prints raw addresses).  The contrast: with SONDE_SYM_POLL=1 sonde reads
# /proc every 100 ms instead and misses such processes.  And a binary
# replaced after its process exited is not taken for it: the build id the
# kernel recorded with the mapping tells them apart.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
# Frames are compared as symbols, without their source lines (show_debug_info
# has its own test, tests/kernel/ustack_debug_info.sh).
export BPFTRACE_SHOW_DEBUG_INFO=0
need_root
need_workload

RUNS=5

# run_short [BINARY]: trace target() while RUNS workloads call it once and exit.
run_short() {
	bin=${1:-$WORKLOAD}
	sonde_start -e "uprobe:$bin:target { @[pid, ustack] = count(); }" || return 1
	i=0
	while [ $i -lt $RUNS ]; do
		"$bin" call 1 >/dev/null
		i=$((i + 1))
	done
	sleep 0.2
}

# count REGEX: stdout lines matching it.
count() {
	grep -c -E "$1" "$T/stdout"
}

# whole_stacks: stacks whose first frames are target+0, then main.
whole_stacks() {
	awk '/^@\[/ { at = NR } NR == at + 1 && /^        target\+0$/ { t = NR }
		NR == t + 1 && t == at + 1 && /^        main\+[0-9]+$/ { n++ }
		END { print n + 0 }' "$T/stdout"
}

# raw_stacks: stacks whose first frame is a bare address.
raw_stacks() {
	awk '/^@\[/ { at = NR } NR == at + 1 && /^        0x[0-9a-f]+$/ { n++ }
		END { print n + 0 }' "$T/stdout"
}

run_short
sonde_stop
expect_status 0
expect_eq "stacks (one per process)" "$(count '^@\[[0-9]+, $')" "$RUNS"
expect_eq "target named" "$(count '^        target\+0$')" "$RUNS"
expect_eq "main named" "$(count '^        main\+[0-9]+$')" "$RUNS"
expect_eq "raw addresses" "$(count '^        0x[0-9a-f]+$')" 0
expect_eq "stacks target, then main" "$(whole_stacks)" "$RUNS"
[ "$TEST_FAILED" = 0 ] || show_output

if ! is_bpftrace; then
	export SONDE_SYM_POLL=1
	run_short
	sonde_stop
	unset SONDE_SYM_POLL
	expect_status 0
	expect_eq "polling: stacks" "$(count '^@\[[0-9]+, $')" "$RUNS"
	expect_range "polling: stacks left raw" "$(raw_stacks)" 1 "$RUNS"
fi

# Another build at the path by the time the stacks print (-O0: its
# functions lie elsewhere): its symbols would lie, the frames stay
# addresses (libc's still resolve).
src=$(dirname "$0")/../workload.c
if ! is_bpftrace && command -v gcc >/dev/null 2>&1 && [ -f "$src" ]; then
	gcc -O0 -fno-omit-frame-pointer -o "$T/wl.new" "$src" || fail "building the -O0 workload failed"
	cp "$WORKLOAD" "$T/wl"
	RUNS=1
	run_short "$T/wl"
	mv -f "$T/wl.new" "$T/wl"
	sonde_stop
	expect_status 0
	expect_eq "replaced binary: stacks left raw" "$(raw_stacks)" 1
	expect_eq "replaced binary: libc named" "$(count '^        __libc_start_call_main\+[0-9]+$')" 1
fi
finish
