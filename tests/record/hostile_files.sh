#!/bin/sh
# sonde convert and sonde heatmap on truncated, corrupted and foreign files:
# exit 0 (a recording cut short still converts what is whole) or 1 with
# "ERROR: FILE: ...", never a crash or a hang.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
. "$(dirname "$0")/lib_record.sh"
need_root
need_workload

record --sched --syscalls -c "$WORKLOAD exec 2" -o "$T/good.sonde"
size=$(stat -c %s "$T/good.sonde")

# try FILE WHAT: every reader of the file, each must end cleanly
try() {
	for cmd in "convert $1 -o $T/out.txt" "convert $1 -o $T/out.pftrace" \
		   "convert $1 -o $T/out.json" "convert $1 -o $T/out.ctf" "heatmap $1 -o $T/out.svg"; do
		# shellcheck disable=SC2086
		timeout -k 2 30 "$SONDE" $cmd >/dev/null 2>"$T/err"
		rc=$?
		case $rc in
		0) ;;
		1) grep -q "^ERROR: " "$T/err" || fail "$2: $cmd: exit 1 without an ERROR line" ;;
		*) fail "$2: $cmd: exit $rc $(head -c 300 "$T/err")" ;;
		esac
	done
}

n=0
for cut in 0 1 8 63 64 65 80 87 88 100 500 1000 $((size / 2)) $((size - 17)) $((size - 1)); do
	[ "$cut" -lt "$size" ] || continue
	head -c "$cut" "$T/good.sonde" >"$T/cut.sonde"
	try "$T/cut.sonde" "cut at $cut"
	n=$((n + 1))
done
# single bytes changed through the header, the first blocks and the end
i=0
for off in 0 8 12 32 40 64 68 72 76 80 88 89 90 95 100 120 200 400 800 $((size - 40)) $((size - 8)); do
	for byte in 0 255 127 128; do
		cp "$T/good.sonde" "$T/bad.sonde"
		printf "$(printf '\\%03o' $byte)" | dd of="$T/bad.sonde" bs=1 seek="$off" conv=notrunc 2>/dev/null
		try "$T/bad.sonde" "byte $byte at $off"
		i=$((i + 1))
	done
done
# foreign and empty files, a directory
head -c 5000 /dev/urandom >"$T/random.sonde"
try "$T/random.sonde" "random bytes"
: >"$T/empty.sonde"
try "$T/empty.sonde" "empty"
mkdir "$T/dir.sonde"
try "$T/dir.sonde" "a directory"
try "$T/missing.sonde" "a missing file"
log "$n truncations, $i corruptions and 4 foreign inputs ended cleanly"
"$SONDE" convert "$T/random.sonde" 2>"$T/err"
expect_match "error names the file" "$(cat "$T/err")" "^ERROR: $T/random.sonde: "
finish
