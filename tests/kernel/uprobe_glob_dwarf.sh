#!/bin/sh
# A uprobe glob over a library with debug information (libc with Debian's
# libc6-dbg: 250 functions for _IO*) starts at once.  The parameters' DWARF
# types are built only when the program reads args or ctx, and then in
# linear time: building them for every function of the glob, and a scan
# of every type made so far for each char type, kept sonde from attaching
# for minutes.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root

libc=$(ldd /bin/true | awk '$1 ~ /^libc\.so/ { print $3 }')
[ -f "$libc" ] || skip "no libc found through ldd"
id=$(readelf -n "$libc" 2>/dev/null | awk '/Build ID:/ { print $3 }')
dbg=/usr/lib/debug/.build-id/$(echo "$id" | cut -c1-2)/$(echo "$id" | cut -c3-).debug
[ -n "$id" ] && [ -f "$dbg" ] || skip "no debug information for $libc (libc6-dbg)"

check() {
	what=$1
	body=$2
	start=$(date +%s%N)
	RUN_TIMEOUT=120 sonde_run -e "uprobe:$libc:_IO* { $body } BEGIN { exit(); }"
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	expect_status 0
	n=$(sed -n 's/^Attached \([0-9]*\) probes$/\1/p' "$T/err" "$T/out" | head -1)
	expect_range "$what: probes attached" "${n:-0}" 100 100000
	# a wide bound: on a quiet host both take well under a second
	expect_range "$what: ms to start and stop" "$ms" 0 60000
}

check "args never read" "@ = count();"
check "ctx read (every function's DWARF parameters built)" "\$c = ctx; @ = count();"
finish
