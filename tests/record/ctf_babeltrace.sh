#!/bin/sh
# The CTF 1.8 export: Debian's babeltrace2 reads the metadata and the
# per-CPU streams and prints every recorded event, with the same time,
# CPU, thread and field values as sonde's own listing of the recording.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
. "$(dirname "$0")/lib_record.sh"
need_root
need_workload
need_record_tools

record --sched --syscalls -c "$WORKLOAD exec 3" -o "$T/r.sonde"
listing "$T/r.sonde"
"$SONDE" convert "$T/r.sonde" -o "$T/r.ctf" || fail "convert to CTF failed"
[ -f "$T/r.ctf/metadata" ] || fail "no metadata file"
head -n 1 "$T/r.ctf/metadata" | grep -q '^/\* CTF 1.8 \*/$' || fail "metadata does not start with the CTF 1.8 marker"
babeltrace2 --clock-cycles "$T/r.ctf" >"$T/bt.txt" 2>"$T/bt.err" ||
	fail "babeltrace2 failed: $(head -n 5 "$T/bt.err")"

# babeltrace2's line, in the listing's form:
#   [CYCLES] (+DELTA) HOST EVENT: { cpu_id = C }, { tid = T, pid = P, procname = "N" }, { F = V, ... }
#   CYCLES C N T/P EVENT F=V ... [(SYSCALL)]
sed -E 's/^\[0*([0-9]+)\] \([^)]*\) [^ ]+ ([a-z_]+): \{ cpu_id = ([0-9]+) \}, \{ tid = ([0-9]+), pid = ([0-9]+), procname = "([^"]*)" \}, \{ (.*) \}$/\1 \3 \6 \4\/\5 \2 \7/' "$T/bt.txt" |
	sed -E 's/ = /=/g; s/, ([a-z_]+=)/ \1/g; s/ syscall="([^"]*)"$/ (\1)/' | sort >"$T/bt.norm"
grep -v '^#' "$T/list.txt" | sort >"$T/list.norm"
expect_eq "events printed" "$(wc -l <"$T/bt.norm")" "$(wc -l <"$T/list.norm")"
if diff "$T/list.norm" "$T/bt.norm" >"$T/diff"; then
	log "ok: babeltrace2 prints what was recorded, field by field"
else
	fail "babeltrace2 differs from the recording:"
	head -n 20 "$T/diff" | sed 's/^/    /'
fi
expect_range "events" "$(wc -l <"$T/list.norm")" 50 10000000
expect_eq "execs seen" "$(grep -c ' sched_process_exec old_tid=[0-9]* filename="/bin/true"$' "$T/bt.norm")" 3
finish
