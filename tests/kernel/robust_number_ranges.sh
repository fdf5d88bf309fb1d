#!/bin/sh
# Every environment variable and option that takes a number is checked:
# malformed (blanks, trailing text, a sign, empty) or out of range
# (0, overflow, past the maximum) is an error naming it and the range it
# accepts, exit 1, before anything is loaded.  Config keys give located
# errors.  Valid values at both ends of each range still run.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root

prog='BEGIN { exit(); }'

# run_with NAME=VALUE|"" ARGS: sonde ARGS (shell words) with NAME set to
# VALUE (taken as is, blanks included)
run_with() {
	assign=$1
	eval "set -- $2"
	case=$(printf '%s %s' "$assign" "$*" | cut -c 1-80)
	if [ -n "$assign" ]; then
		set -- env "${assign%%=*}=${assign#*=}" "$SONDE" "$@"
	else
		set -- "$SONDE" "$@"
	fi
	timeout -k 2 20 "$@" </dev/null >"$T/out" 2>"$T/err"
}

# bad NAME=VALUE|"" ARGS REGEX: exits 1 with REGEX on stderr, attaches nothing
bad() {
	run_with "$1" "$2"
	status=$?
	if [ $status != 1 ]; then
		fail "$case: exit status $status, want 1"
	elif ! grep -q -E -e "$3" "$T/err"; then
		fail "$case: stderr lacks /$3/:"
		sed 's/^/    /' "$T/err" | head -n 5
	elif grep -q -E '^Attached' "$T/err"; then
		fail "$case: attached probes"
	else
		log "ok: $case"
	fi
}

# good NAME=VALUE|"" ARGS: runs, exit 0
good() {
	run_with "$1" "$2"
	expect_eq "$case: exit status" "$?" 0
}

range='expected a number'
for prefix in SONDE_ BPFTRACE_; do
	for var in STRLEN:1:65536 MAX_STRLEN:1:65536 MAP_KEYS_MAX:1:16777216 \
		   MAX_MAP_KEYS:1:16777216 RINGBUF_SIZE:4096:1073741824 \
		   PERF_RB_PAGES:1:262144 CAT_BYTES_MAX:1:1073741824; do
		name=$prefix${var%%:*}
		lo=${var#*:}
		lo=${lo%%:*}
		hi=${var##*:}
		for v in -1 99999999999999999999 '' ' 5' '5 ' abc 5x 0x $((lo - 1)) $((hi + 1)); do
			bad "$name=$v" "-e '$prog'" \
				"^ERROR: $name: '.*' is (not a number|out of range): $range.* from $lo to $hi\$"
		done
		good "$name=$lo" "-e '$prog'"
		good "$name=$hi" "-e '$prog'"
	done
done
bad "SONDE_OUTPUT_MODE=0999" "-o $T/o -e '$prog'" "^ERROR: SONDE_OUTPUT_MODE: .*from 0 to 0777"
bad "SONDE_OUTPUT_MODE=" "-o $T/o -e '$prog'" "^ERROR: SONDE_OUTPUT_MODE: .*from 0 to 0777"

# Switches: 0 or 1.
for var in SONDE_SYSCALL_MERGE SONDE_SYM_POLL SONDE_SYM_DEBUG SONDE_DWARF_RECORDED_MAPS \
	   SONDE_PROFILE_SCRIPT; do
	bad "$var=yes" "-e '$prog'" "^ERROR: $var: 'yes' is not a switch: expected 0 or 1\$"
	good "$var=0" "-e '$prog'"
done
bad "SONDE_UNWIND=bogus" "-e '$prog'" "^ERROR: SONDE_UNWIND: unknown unwind mode 'bogus' \\(dwarf or fp\\)\$"

# Options of sonde itself.
for v in abc 0 -1 "' 5'" "'5 '" 4294967297 4194305; do
	# worded as bpftrace's; the range follows as a hint
	bad "" "-p $v -e '$prog'" "^ERROR: (Failed to parse pid: invalid (integer|trailing bytes)|Pid out of range): "
	bad "" "-p $v -e '$prog'" "^HINT: -p takes a process id from 1 to 4194304\$"
done
bad "" "-p 4194304 -e '$prog'" '^ERROR: -p 4194304: no such process$'
for v in abc 0 -1 "'10 '" 99999999999999999999 31622401; do
	bad "" "--timeout $v -e '$prog'" "^ERROR: --timeout: '.*' is .*: $range of seconds from 1 to 31622400\$"
done
good "" "--timeout 31622400 -e '$prog'"

# Config keys: located errors naming the key and the range.
for kv in max_strlen:0 max_strlen:65537 max_strlen:-1 max_map_keys:0 max_map_keys:16777217 \
	  perf_rb_pages:0 perf_rb_pages:262145 cat_bytes_max:0 cat_bytes_max:1073741825; do
	k=${kv%%:*}
	bad "" "-e 'config = { $k = ${kv#*:} } $prog'" \
		"^stdin:1:[0-9]+(-[0-9]+)?: ERROR: $k: expected an integer from [0-9]+ to [0-9]+\$"
done

# Tools: their numeric options and positional arguments.
bad "" "runqlat -1 -5" "^ERROR: runqlat: interval: '-1' is not a number: $range from 1 to"
bad "" "runqlat 0" "^ERROR: runqlat: interval: '0' is out of range"
bad "" "runqlat 1 0" "^ERROR: runqlat: count: '0' is out of range"
bad "" "runqlat 99999999999999999999" "^ERROR: runqlat: interval: .* is out of range"
bad "" "syscount -t 0" "^ERROR: syscount: -t: '0' is out of range: $range from 1 to 1000000\$"
bad "" "syscount -t 5x" "^ERROR: syscount: -t: '5x' is not a number"
bad "" "opensnoop -p 0" "^ERROR: -p: '0' is out of range"
bad "" "opensnoop -p 4194304" "^ERROR: -p 4194304: no such process"
bad "" "execsnoop -d 0" "^ERROR: -d: '0' is out of range: $range of seconds from 1 to"
bad "" "execsnoop -d '1 '" "^ERROR: -d: '1 ' is not a number"

# Profiling commands.
bad "" "profile -F 0" "^ERROR: -F: '0' is out of range: $range of samples a second from 1 to 100000\$"
bad "" "profile -F 100001" "^ERROR: -F: '100001' is out of range"
bad "" "profile -d x" "^ERROR: -d: 'x' is not a number"
bad "" "profile -p 4194305" "^ERROR: -p: '4194305' is out of range"
bad "" "offcputime --min-block 0" "^ERROR: --min-block: '0' is out of range"
bad "" "flamegraph --width 0" "^ERROR: --width: '0' is out of range"
bad "" "flamegraph --height x" "^ERROR: --height: 'x' is not a number"
bad "" "flamegraph --minwidth -1" "^ERROR: --minwidth: '-1' is not a number of pixels"
finish
