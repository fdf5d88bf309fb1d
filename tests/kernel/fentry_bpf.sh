#!/bin/sh
# sonde's programs carry BTF naming their functions as bpftrace does (the
# probe's name, [^A-Za-z0-9_] made '_', then "_N", N the probe's position),
# callbacks included; a second sonde lists them as fentry:bpf:ID:FUNC,
# expands them, and traces them where the kernel has fentry (elsewhere it
# says the kernel has no fentry support).  Errors are located.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root

# a second sonde, apart from the background one's files
second() {
	timeout -k 3 30 "$SONDE" "$@" </dev/null >"$T/o2" 2>"$T/e2"
	STATUS2=$?
}

sonde_start -e 'interval:100ms { @a[1] = 1; }
interval:100ms { @a[2] = 2; }
interval:10s { for ($kv : @a) { @b = $kv.1; } exit(); }' || finish
bpf_own_ids "$SONDE_PID" | awk '$1 == "prog" { print $2 }' >"$T/ids"
expect_eq "programs held" "$(wc -l <"$T/ids")" 3

second -l 'fentry:bpf:*'
grep -E "^fentry:bpf:[0-9]+:(interval_us_100000_[12]|interval_us_10000000_3|callback_0)\$" \
	"$T/o2" >"$T/listed"
while read -r id; do
	grep "^fentry:bpf:$id:" "$T/listed"
done <"$T/ids" | sed 's/^fentry:bpf:[0-9]*://' | LC_ALL=C sort >"$T/names"
expect_eq "functions listed" "$(tr '\n' ' ' <"$T/names")" \
	"callback_0 interval_us_10000000_3 interval_us_100000_1 interval_us_100000_2 "

id1=$(grep ':interval_us_100000_1$' "$T/listed" | while IFS=: read -r _ _ id _; do
	grep -qx "$id" "$T/ids" && echo "$id"; done | head -1)
id3=$(grep ':interval_us_10000000_3$' "$T/listed" | while IFS=: read -r _ _ id _; do
	grep -qx "$id" "$T/ids" && echo "$id"; done | head -1)

if command -v bpftool >/dev/null 2>&1 && [ -n "$id3" ]; then
	bpftool prog dump xlated id "$id3" >"$T/xlated" 2>&1
	expect_match "bpftool's main function" "$(cat "$T/xlated")" '^long interval_us_10000000_3\(long ctx\):$'
	expect_match "bpftool's callback" "$(cat "$T/xlated")" '^long callback_0\('
fi

# one program's functions, by id
second -l "fexit:bpf:$id3:*"
expect_eq "fexit listing by id" "$(tr '\n' ' ' <"$T/o2")" \
	"fexit:bpf:$id3:callback_0 fexit:bpf:$id3:interval_us_10000000_3 "

# the probe's name as `probe` and the dump say it
second --dump -e "fentry:bpf:$id1:interval_us_100000_* { print(probe); }"
expect_match "dump header" "$(cat "$T/o2")" "^fentry:bpf:$id1:interval_us_100000_1: [0-9]+ instructions\$"

# attach where fentry works; a clear error where it does not
second -e "fentry:bpf:$id1:interval_us_100000_1 { print(probe); exit(); }"
if grep -q 'this kernel has no fentry support' "$T/e2"; then
	log "no fentry here: $(head -1 "$T/e2")"
	expect_eq "exit status without fentry" "$STATUS2" 1
else
	expect_eq "fentry:bpf exit status" "$STATUS2" 0
	expect_match "probe printed" "$(cat "$T/o2")" "^fentry:bpf:$id1:interval_us_100000_1\$"
	second -e "fexit:bpf:$id1:interval_us_100000_1 { print(retval); exit(); }"
	expect_eq "fexit:bpf exit status" "$STATUS2" 0
	expect_match "fexit's retval" "$(cat "$T/o2")" '^0$'
fi

# errors
second -e 'fentry:bpf:no_such_function_anywhere { }'
expect_eq "no match status" "$STATUS2" 1
expect_match "no match" "$(cat "$T/e2")" \
	"^stdin:1:1-37: ERROR: No matches for fentry bpf:no_such_function_anywhere "
second -e 'fentry:bpf:4294967295:f { }'
expect_match "no such program" "$(cat "$T/e2")" \
	'^stdin:1:1-24: ERROR: No BPF program with id 4294967295 is loaded\.$'
second -e 'fexit:bpf:x1:f { }'
expect_match "bad id" "$(cat "$T/e2")" "ERROR: bpf program id must be a number or '\\*'\$"
second --dump -e "fentry:bpf:$id1:interval_us_100000_1 { args }"
expect_match "no args" "$(cat "$T/e2")" "ERROR: The args builtin can not be used"

# a program without BTF, where one is loaded (bpftool shows no btf_id)
if command -v bpftool >/dev/null 2>&1; then
	nobtf=$(bpftool prog show 2>/dev/null | awk '/^[0-9]+:/ { if (id && !btf) print id;
		id = $1; sub(":", "", id); btf = 0 } /btf_id/ { btf = 1 }
		END { if (id && !btf) print id }' | head -1)
	if [ -n "$nobtf" ]; then
		second -e "fentry:bpf:$nobtf:* { }"
		if grep -q "No BPF program with id" "$T/e2"; then
			log "program $nobtf went away"
		else
			expect_match "program without BTF" "$(cat "$T/e2")" \
				"ERROR: BPF program $nobtf has no BTF: "
		fi
	fi
fi

sonde_stop INT
expect_status 0
finish
