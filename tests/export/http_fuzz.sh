#!/bin/sh
# libFuzzer over the HTTP request parser (tests/fuzz/fuzz_http.c) with ASan
# and UBSan: FUZZ_HTTP_RUNS inputs (1,000,000 by default, a fixed seed),
# starting from tests/fuzz/http_seeds.  Any crash, overread or leak fails.
. "$(dirname "$0")/lib_export.sh"
command -v clang-14 >/dev/null 2>&1 || skip "clang-14 missing (make robust-deps)"
cd "$ROOT" || exit 1
if make -s fuzz-http FUZZ_HTTP_RUNS="${FUZZ_HTTP_RUNS:-1000000}" >"$T/fuzz.log" 2>&1; then
	log "ok: $(grep -o 'Done [0-9]* runs in [0-9]* second(s)' "$T/fuzz.log")"
else
	fail "the HTTP parser fuzzer found a problem:"
	grep -E 'ERROR|SUMMARY|artifact' "$T/fuzz.log" | head -n 10 | sed 's/^/    /'
fi
finish
