#!/bin/sh
# A stripped binary whose symbols live in a separate debug file (found by
# its .gnu_debuglink) still profiles by function name.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
. "$(dirname "$0")/lib_profile.sh"
need_root
need_workload
need_profile_cmd
command -v objcopy >/dev/null || skip "no objcopy"

mkdir -p "$T/bin"
objcopy --only-keep-debug "$WORKLOAD" "$T/bin/wl.debug"
objcopy --strip-all --add-gnu-debuglink="$T/bin/wl.debug" "$WORKLOAD" "$T/bin/wl"
nm "$T/bin/wl" 2>&1 | grep -q ' spin$' && fail "the stripped copy still has symbols"
"$SONDE" profile -F 199 --user-only -c "$T/bin/wl spin 1000" -o "$T/s.folded" 2>"$T/err" ||
	fail "sonde profile failed: $(cat "$T/err")"
grep -q '^wl;.*;main;cmd_spin;spin' "$T/s.folded" ||
	fail "spin not named through the debug file: $(sort -k2 -n "$T/s.folded" | tail -3)"
finish
