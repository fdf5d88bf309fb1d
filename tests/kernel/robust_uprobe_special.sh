#!/bin/sh
# uprobe/uretprobe/usdt on something that is not a regular ELF file (a
# FIFO without a writer, which used to block the open forever, a device,
# a directory, a /proc file, a socket) is a located error at the attach
# point, exit 1, at once.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root

mkfifo "$T/fifo" || skip "cannot make a FIFO"
python3 -c "import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])" "$T/sock" \
	2>/dev/null || log "note: no python3: the socket case is left out"

check() {
	probe=$1
	want=$2
	start=$(date +%s%N)
	RUN_TIMEOUT=10 sonde_run -e "$probe { }"
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	expect_status 1
	expect_match "$probe: located error" "$(cat "$T/err")" "^stdin:1:1-[0-9]+: ERROR: .*$want"
	expect_range "$probe: ms to fail" "$ms" 0 5000
}

for kind in uprobe uretprobe; do
	check "$kind:$T/fifo:foo" "not a regular file"
	check "$kind:/dev/zero:foo" "not a regular file"
	check "$kind:$T:foo" "a directory, not a binary"
	check "$kind:/proc/self/status:foo" "not an ELF binary"
done
check "usdt:$T/fifo:prov:probe" "not a regular file"
check "usdt:/dev/null:prov:probe" "not a regular file"
[ -S "$T/sock" ] && check "uprobe:$T/sock:foo" "not a regular file"
# A wildcard over a directory holding the FIFO skips it (no regular ELF file).
RUN_TIMEOUT=10 sonde_run -e "uprobe:$T/*:foo { }"
expect_status 1
# Listing it says that nothing matched.
RUN_TIMEOUT=10 sonde_run -l "uprobe:$T/fifo:*"
expect_status 1
expect_match "-l of a FIFO" "$(cat "$T/err")" "^ERROR: no probe matches"
finish
