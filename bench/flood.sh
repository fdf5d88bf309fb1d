# Issue 11 (sourced by bench/run.sh): the event stream under a flood.
#
#   flood1m   1,000,000 getppid() as fast as they go, each traced with
#             printf("%d %d\n", pid, nsecs): to a file (-o), to a pipe
#             (| wc -l) and as JSON (-f json -o)
#   str64     1,000,000 openat() of a 63-byte path, printf("%s\n",
#             str(args.filename)) with max_strlen 64, to a file
#   stream    5,000,000 getppid() paced at 500,000/s (10 s), to a file
#
# Per tool and case: lines printed, events reported lost, the traced
# loop's slowdown (its own time traced / untraced, bench/flood_gen.c
# times it), the tool's CPU seconds beyond an idle run of the same
# program (the consumer's cost), its peak RSS and its wall time.  Each
# case runs FLOOD_RUNS times (default 3); figures are medians.

FLOOD_RUNS=${FLOOD_RUNS:-3}
FLOOD_GEN=build/bench/flood_gen
STR64_PATH=/tmp/sonde-flood-str64-path-padded-to-sixty-three-bytes-xxxxxxxxxx
STR64_PATH=$(printf '%.63s' "$STR64_PATH")

median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else print v[int((NR + 1) / 2)] }'
}

# The lost total a tool reported: sonde's exit line, or the sum of
# bpftrace's "Lost N events" lines (JSON: lost_events records).
lost_of() {
	if [ "$1" = sonde ]; then
		awk '/^Lost [0-9]+ events \(/ { n = $2 }
		     /"type": "lost_events".*"total": true/ { sub(/.*"events": /, ""); n = $0 + 0 }
		     END { print n + 0 }' "$2"
	else
		awk '/^Lost [0-9]+ events$/ { n += $2 }
		     /"type": "lost_events"/ { sub(/.*"events": /, ""); n += $0 + 0 }
		     END { print n + 0 }' "$2"
	fi
}

printed_of() {
	grep -c -E "$1" "$2"
}

# flood_case TOOL VAR SINK PATTERN PROG FLOOD_GEN-ARGS...: FLOOD_RUNS runs
# of TOOL -e PROG -c "flood_gen ARGS TIMEFILE", output to SINK (file,
# pipe or json); medians into <X>VAR_TOOL for X in PRINTED LOST SLOW CPU
# RSS WALL.
flood_case() {
	tool=$1 var=$2 sink=$3 pattern=$4 prog=$5
	shift 5
	bin=$(tool_path "$tool")
	[ "$tool" = bpftrace ] && prog=$(printf '%s' "$prog" | sed 's/args\./args->/g')
	: >"$TMP/m.printed"; : >"$TMP/m.lost"; : >"$TMP/m.slow"
	: >"$TMP/m.cpu"; : >"$TMP/m.rss"; : >"$TMP/m.wall"
	# the idle cost: the same program, no events
	/usr/bin/time -f '%U %S' -o "$TMP/idle.time" "$bin" -e "$prog" \
		-c "$FLOOD_GEN $(echo "$@" | sed -E 's/^(getppid|open [^ ]+) [0-9]+/\1 0/') $TMP/lt" \
		</dev/null >/dev/null 2>&1
	idle=$(awk '{ print $1 + $2 }' "$TMP/idle.time")
	i=0
	while [ $i -lt "$FLOOD_RUNS" ]; do
		"$FLOOD_GEN" "$@" "$TMP/lt0"
		rm -f "$TMP/out" "$TMP/lt"
		case $sink in
		file | json)
			fmt=
			[ "$sink" = json ] && fmt="-f json"
			/usr/bin/time -f '%U %S %M %e' -o "$TMP/time" "$bin" $fmt -o "$TMP/out" \
				-e "$prog" -c "$FLOOD_GEN $* $TMP/lt" </dev/null >/dev/null 2>"$TMP/err"
			;;
		pipe)
			{ /usr/bin/time -f '%U %S %M %e' -o "$TMP/time" "$bin" -e "$prog" \
				-c "$FLOOD_GEN $* $TMP/lt" </dev/null 2>"$TMP/err"; } |
				grep -E "$pattern|^Lost" >"$TMP/out"
			;;
		esac
		printed_of "$pattern" "$TMP/out" >>"$TMP/m.printed"
		lost_of "$tool" "$TMP/out" >>"$TMP/m.lost"
		awk -v a="$(cat "$TMP/lt" 2>/dev/null)" -v b="$(cat "$TMP/lt0")" \
			'BEGIN { if (a == "" || b + 0 == 0) print "n/a"; else printf "%.2f\n", a / b }' >>"$TMP/m.slow"
		awk -v idle="$idle" '{ printf "%.2f\n", $1 + $2 - idle }' "$TMP/time" >>"$TMP/m.cpu"
		awk '{ printf "%.1f\n", $3 / 1024 }' "$TMP/time" >>"$TMP/m.rss"
		awk '{ print $4 }' "$TMP/time" >>"$TMP/m.wall"
		i=$((i + 1))
	done
	for x in printed lost slow cpu rss wall; do
		X=$(echo "$x" | tr a-z A-Z)
		eval "${X}${var}_$tool=\$(median <\"\$TMP/m.$x\")"
	done
}

flood_rows() {
	row "$1: printed" "PRINTED$2"
	row "$1: lost" "LOST$2"
	row "$1: loop slowdown x" "SLOW$2"
	row "$1: CPU s beyond idle" "CPU$2"
	row "$1: peak RSS MiB" "RSS$2"
	row "$1: wall s" "WALL$2"
}

section_flood() {
	mkdir -p build/bench
	${CC:-gcc} -O2 -o "$FLOOD_GEN" bench/flood_gen.c || return 1
	ints='tracepoint:syscalls:sys_enter_getppid /pid == cpid/ { printf("%d %d\n", pid, nsecs); }'
	str='tracepoint:syscalls:sys_enter_openat /pid == cpid/ { printf("%s\n", str(args.filename)); }'
	for tool in $TOOLS; do
		echo "bench: flood: $tool" >&2
		flood_case "$tool" F "file" '^[0-9]+ [0-9]+$' "$ints" getppid 1000000 0
		flood_case "$tool" P "pipe" '^[0-9]+ [0-9]+$' "$ints" getppid 1000000 0
		flood_case "$tool" J "json" '"type": "printf"' "$ints" getppid 1000000 0
		SONDE_MAX_STRLEN=64 BPFTRACE_MAX_STRLEN=64 BPFTRACE_STRLEN=64 \
			flood_case "$tool" S "file" "^$STR64_PATH\$" "$str" open "$STR64_PATH" 1000000 0
		flood_case "$tool" R "file" '^[0-9]+ [0-9]+$' "$ints" getppid 5000000 500000
	done
	header "issue 11: event stream floods (medians of $FLOOD_RUNS; 1M events unless said)"
	flood_rows "1M text file" F
	flood_rows "1M text pipe" P
	flood_rows "1M json file" J
	flood_rows "1M %s64 file" S
	flood_rows "500k/s 10s file" R
}
