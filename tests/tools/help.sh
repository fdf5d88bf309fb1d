#!/bin/sh
# Every tool: --help prints usage, columns, an example and the overhead;
# `sonde tools` lists it; --tool-source prints tools/NAME.bt; the embedded
# table matches the tools folder.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
root=$(cd "$(dirname "$0")/../.." && pwd)
"$SONDE" tools >"$T/list" 2>&1 || fail "sonde tools: exit $?"
n=0
for f in "$root"/tools/*.bt; do
	name=${f##*/}
	name=${name%.bt}
	[ "$name" = default ] && continue
	n=$((n + 1))
	grep -q "^$name " "$T/list" || fail "$name missing from sonde tools"
	if ! "$SONDE" "$name" --help >"$T/help" 2>&1; then
		fail "$name --help: exit status not 0"
		continue
	fi
	for part in "^$name - " "USAGE: sonde $name" '^COLUMNS' '^EXAMPLE:' '^OVERHEAD: ' \
		'^OPTIONS:' '-d SECONDS'; do
		grep -q -e "$part" "$T/help" || fail "$name --help lacks /$part/"
	done
	"$SONDE" --tool-source "$name" >"$T/src" 2>&1
	cmp -s "$T/src" "$f" || fail "--tool-source $name differs from tools/$name.bt"
done
log "ok: $n tools checked"
"$SONDE" execsnoop --bogus >/dev/null 2>"$T/err"
expect_eq "unknown option status" "$?" 1
expect_match "unknown option message" "$(cat "$T/err")" '^ERROR: execsnoop: unknown option -'
"$SONDE" funccount >/dev/null 2>"$T/err"
expect_eq "funccount without a function" "$?" 1
"$SONDE" --tool-source nosuchtool >/dev/null 2>&1
expect_eq "--tool-source of an unknown tool" "$?" 1
finish
