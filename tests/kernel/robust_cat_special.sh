#!/bin/sh
# cat() of special files neither hangs nor floods: /dev/zero and
# /dev/urandom print at most cat_bytes_max (10 KiB by default) and say
# they were cut; a FIFO without a writer, a directory and a missing file
# give an error or nothing, at once; SIGTERM stops a program that cats
# /dev/zero on every tick; the limit is set by config or the environment.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root

mkfifo "$T/fifo" || skip "cannot make a FIFO"

# cat_run PATH [sonde args...]: BEGIN { cat(PATH); exit(); }, the program's
# output (binary, for the devices) in $T/cat
cat_run() {
	path=$1
	shift
	rm -f "$T/cat"
	RUN_TIMEOUT=20 sonde_run -q -o "$T/cat" "$@" -e "BEGIN { cat(\"$path\"); exit(); }"
}

for dev in /dev/zero /dev/urandom; do
	cat_run "$dev"
	expect_status 0
	# the file's 10240 bytes, then the two newlines printed at exit
	expect_eq "$dev: bytes printed" "$(wc -c <"$T/cat")" 10242
	expect_match "$dev: cut said" "$(cat "$T/err")" \
		"^stdin:1:9-[0-9]+: WARNING: cat: $dev: printed only the first 10240 bytes"
done

cat_run "$T/fifo"
expect_status 0
expect_eq "FIFO without a writer: bytes printed" "$(wc -c <"$T/cat")" 2

cat_run "$T"
expect_status 0
expect_match "directory" "$(cat "$T/err")" "^stdin:1:9-[0-9]+: ERROR: cat: $T: Is a directory"

cat_run "$T/missing"
expect_match "missing file" "$(cat "$T/err")" "^ERROR: failed to open file '$T/missing' \\(No such file or directory\\)\$"

# A small file prints whole, without a warning.
printf 'line one\nline two\n' >"$T/small"
cat_run "$T/small"
expect_eq "small file" "$(head -n 2 "$T/cat" | tr '\n' '|')" "line one|line two|"
[ -s "$T/err" ] && fail "small file: unexpected stderr: $(cat "$T/err")"

# The limit: config key, then environment (bpftrace's and sonde's names).
RUN_TIMEOUT=20 sonde_run -q -o "$T/cat" \
	-e 'config = { cat_bytes_max = 100 } BEGIN { cat("/dev/zero"); exit(); }'
expect_eq "cat_bytes_max = 100" "$(wc -c <"$T/cat")" 102
BPFTRACE_CAT_BYTES_MAX=7 cat_run /dev/zero
expect_eq "BPFTRACE_CAT_BYTES_MAX=7" "$(wc -c <"$T/cat")" 9
SONDE_CAT_BYTES_MAX=0 cat_run /dev/zero
expect_status 1
expect_match "SONDE_CAT_BYTES_MAX=0" "$(cat "$T/err")" \
	"^ERROR: SONDE_CAT_BYTES_MAX: '0' is out of range: expected a number of bytes from 1 to"

# Every 10 ms a cat of /dev/zero: SIGTERM still ends it promptly.
sonde_start -o /dev/null -e 'interval:ms:10 { cat("/dev/zero"); }'
sleep 1
start=$(date +%s%N)
sonde_stop TERM
ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect_range "ms to stop on SIGTERM" "$ms" 0 5000
finish
