#!/bin/sh
# The pprof output is a gzipped profile.proto a real decoder reads.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
. "$(dirname "$0")/lib_profile.sh"
need_root
need_workload
need_profile_cmd
command -v protoc >/dev/null || skip "no protoc (protobuf-compiler)"

"$SONDE" profile -F 99 --user-only -c "$WORKLOAD spin 800" -o "$T/p.pb.gz" 2>"$T/err" ||
	fail "sonde profile failed: $(cat "$T/err")"
gzip -dc "$T/p.pb.gz" | protoc --decode_raw >"$T/decoded" 2>"$T/perr" ||
	fail "protoc cannot decode it: $(cat "$T/perr")"
grep -q '^6: "spin"$' "$T/decoded" || fail "no spin in the string table"
grep -q '^2 {' "$T/decoded" || fail "no samples"
"$SONDE" profile -F 99 --user-only -c "$WORKLOAD spin 300" -o "$T/p.json" 2>/dev/null
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["profiles"][0]["type"] == "sampled"' \
	"$T/p.json" || fail "speedscope output is not valid"
finish
