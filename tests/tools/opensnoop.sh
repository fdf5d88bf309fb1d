#!/bin/sh
# opensnoop: an open of a named file (fd, flags, path), a failed open with
# its errno, -x (failed only), -n NAME, and the JSON output.
. "$(dirname "$0")/tool_lib"
need_tracepoint syscalls:sys_enter_openat
f=$T/sonde-open-test
echo hi >"$f"
tool_start opensnoop
cat "$f" >/dev/null
cat "$T/sonde-missing" 2>/dev/null
settle
tool_stop
expect_match "open row" "$(output)" "^[0-9]+ +cat +[0-9]+ +0 0 +$f\$"
expect_match "failed open row" "$(output)" "^[0-9]+ +cat +-1 +2 0 +$T/sonde-missing\$"
expect_match "header" "$(output)" '^PID +COMM +FD +ERR FLAGS +PATH$'

tool_start opensnoop -x -n cat
cat "$f" >/dev/null
cat "$T/sonde-missing" 2>/dev/null
head -c1 "$T/sonde-missing2" 2>/dev/null
settle
tool_stop
expect_match "-x row" "$(output)" "^[0-9]+ +cat +-1 +2 0 +$T/sonde-missing\$"
if output | grep -q -e "$f\$" -e sonde-missing2; then
	fail "-x -n cat printed a successful open or another process"
fi

tool_start_json opensnoop -f json -n cat
cat "$f" >/dev/null
settle
tool_stop
if command -v jq >/dev/null 2>&1; then
	bad=$(output | while IFS= read -r l; do printf '%s\n' "$l" | jq -e . >/dev/null 2>&1 || echo "$l"; done)
	expect_eq "lines that are not JSON" "$bad" ""
fi
expect_match "JSON printf row" "$(output)" "^\\{\"type\": \"printf\", \"data\": \"[0-9]+ +cat +[0-9]+ +0 0 +$f\\\\n\"\\}\$"
finish
