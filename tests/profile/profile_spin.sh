#!/bin/sh
# sonde profile of a busy loop: its hottest frames are in spin().
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
. "$(dirname "$0")/lib_profile.sh"
need_root
need_workload
need_profile_cmd

"$SONDE" profile -F 199 --user-only -c "$WORKLOAD spin-cpu 1500" -o "$T/spin.folded" 2>"$T/err" ||
	fail "sonde profile failed: $(cat "$T/err")"
total=$(folded_sum "$T/spin.folded" '^workload;')
in_spin=$(folded_sum "$T/spin.folded" '^workload;.*;spin(;| )')
log "samples: $total in spin: $in_spin"
[ "$total" -ge 100 ] || fail "too few samples: $total (1.5 s at 199 Hz)"
[ $((in_spin * 100)) -ge $((total * 80)) ] || fail "spin has $in_spin of $total samples"
grep -q -E '^workload;__libc_start_call_main;main;cmd_spin(_cpu)?;spin' "$T/spin.folded" ||
	fail "no full chain main -> cmd_spin -> spin: $(head -5 "$T/spin.folded")"
finish
