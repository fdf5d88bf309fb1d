#!/bin/sh
# sonde profile --unwind dwarf on a binary built without frame pointers:
# the copied stacks unwind through .eh_frame to the full chain
# main -> spin -> inner_loop, which frame-pointer mode cannot find (it
# warns and suggests the DWARF mode instead).  The same source built with
# frame pointers shows the chain in frame-pointer mode: the workload is fine.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
. "$(dirname "$0")/lib_profile.sh"
need_root
need_profile_cmd
command -v gcc >/dev/null 2>&1 || skip "no gcc to build the workload"

src=$(dirname "$0")/spin_chain.c
gcc -O1 -fomit-frame-pointer -o "$T/spin_nofp" "$src" || fail "building spin_nofp failed"
gcc -O1 -fno-omit-frame-pointer -o "$T/spin_fp" "$src" || fail "building spin_fp failed"
[ "$TEST_FAILED" = 0 ] || finish

# Folded lines whose user stack reaches inner_loop from main through spin.
chain='main;spin;inner_loop( |;)'

# DWARF mode, -c: nearly every sample carries the whole chain.
"$SONDE" profile --unwind dwarf -F 199 --user-only -c "$T/spin_nofp 1500" \
	-o "$T/dwarf.folded" 2>"$T/err" || fail "sonde profile --unwind dwarf failed: $(cat "$T/err")"
total=$(folded_sum "$T/dwarf.folded" '^spin_nofp;')
chained=$(folded_sum "$T/dwarf.folded" "^spin_nofp;(.*;)?__libc_start_call_main;$chain")
log "dwarf -c: $chained of $total samples with the chain"
[ "$total" -ge 50 ] || fail "too few samples: $total (1.5 s at 199 Hz)"
[ $((chained * 100)) -ge $((total * 80)) ] ||
	fail "the chain is in $chained of $total samples: $(head -5 "$T/dwarf.folded")"
grep -q 'warning' "$T/err" && fail "DWARF mode warned: $(cat "$T/err")"

# Frame-pointer mode, same binary: the chain is not there, and sonde warns.
"$SONDE" profile -F 199 --user-only -c "$T/spin_nofp 1500" -o "$T/fp.folded" 2>"$T/err" ||
	fail "sonde profile failed: $(cat "$T/err")"
total=$(folded_sum "$T/fp.folded" '^spin_nofp;')
log "fp -c: $total samples, $(folded_sum "$T/fp.folded" 'spin;inner_loop') with spin;inner_loop"
[ "$total" -ge 50 ] || fail "too few frame-pointer samples: $total"
grep -q 'spin;inner_loop' "$T/fp.folded" &&
	fail "frame pointers found spin -> inner_loop without frame pointers?: $(cat "$T/fp.folded")"
grep -q 'most user stacks stop after one or two frames.*--unwind dwarf' "$T/err" ||
	fail "no warning suggesting --unwind dwarf: $(cat "$T/err")"

# With frame pointers, frame-pointer mode has the chain.
"$SONDE" profile -F 199 --user-only -c "$T/spin_fp 1000" -o "$T/fpfp.folded" 2>"$T/err" ||
	fail "sonde profile failed: $(cat "$T/err")"
total=$(folded_sum "$T/fpfp.folded" '^spin_fp;')
chained=$(folded_sum "$T/fpfp.folded" "^spin_fp;.*$chain")
log "fp binary, fp mode: $chained of $total"
[ $((chained * 100)) -ge $((total * 80)) ] && [ "$total" -gt 0 ] ||
	fail "frame pointers miss the chain of spin_fp: $(head -5 "$T/fpfp.folded")"

# DWARF mode, -p PID -d 2, per process, kernel frames kept.
"$T/spin_nofp" 4000 >/dev/null &
pid=$!
sleep 0.3
"$SONDE" profile --unwind dwarf -F 199 --per-process -p "$pid" -d 2 >"$T/p.folded" 2>"$T/err" ||
	fail "sonde profile --unwind dwarf -p failed: $(cat "$T/err")"
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
total=$(folded_sum "$T/p.folded" '.')
chained=$(folded_sum "$T/p.folded" "^spin_nofp-$pid;(.*;)?$chain")
log "dwarf -p: $chained of $total samples with the chain"
[ "$total" -ge 50 ] || fail "too few samples with -p: $total (2 s at 199 Hz)"
[ $((chained * 100)) -ge $((total * 80)) ] ||
	fail "the chain is in $chained of $total samples with -p: $(head -5 "$T/p.folded")"
grep -v -q "^spin_nofp-$pid;" "$T/p.folded" &&
	fail "samples of other processes with -p: $(grep -v "^spin_nofp-$pid;" "$T/p.folded" | head -3)"
finish
