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
# program and without the traced child's (the consumer's cost), its peak
# RSS and its wall time.  Each
# case runs FLOOD_RUNS times (default 3); figures are medians.

#   drain     sonde's consumer at full speed, end to end: sonde is
#             stopped (SIGSTOP) while 1,000,000 records pile up in a 64 MiB
#             ring, then continued; records/s over the wall time until the
#             last line is in the file (polled every 20 ms) and over the CPU
#             time sonde used meanwhile (/proc, 10 ms ticks), text and JSON
#   format    sonde's formatter alone (bench/format_bench.c): 3,000,000
#             synthetic records through the output path to a file and to
#             a pipe, text and JSON, in records/s of CPU time and of wall
#             time (no bpftrace counterpart)

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
	idle=$(awk -v child="$(cut -d' ' -f2 "$TMP/lt" 2>/dev/null)" '{ print $1 + $2 - child }' "$TMP/idle.time")
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
		awk -v a="$(cut -d' ' -f1 "$TMP/lt" 2>/dev/null)" -v b="$(cut -d' ' -f1 "$TMP/lt0")" \
			'BEGIN { if (a == "" || b + 0 == 0) print "n/a"; else printf "%.2f\n", a / b }' >>"$TMP/m.slow"
		# the tool's CPU counts the traced child it waited for: leave it out
		awk -v idle="$idle" -v child="$(cut -d' ' -f2 "$TMP/lt" 2>/dev/null)" \
			'{ printf "%.2f\n", $1 + $2 - idle - child }' "$TMP/time" >>"$TMP/m.cpu"
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

# cpu_ticks PID: user + system clock ticks of PID.
cpu_ticks() {
	awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

# drain_backlog FORMAT: one "FORMAT M-rec/s-CPU M-rec/s-wall" line.
drain_backlog() {
	fmt=$1 n=1000000
	pattern='^[0-9]+ [0-9]+$'
	[ "$fmt" = json ] && pattern='"type": "printf"'
	rm -f "$TMP/drain.out"
	SONDE_RINGBUF_SIZE=67108864 "$SONDE" -f "$fmt" -o "$TMP/drain.out" -e \
		'tracepoint:syscalls:sys_enter_getppid /comm == "flood_gen"/ { printf("%d %d\n", pid, nsecs); }' \
		</dev/null >/dev/null 2>"$TMP/err" &
	TOOL_PID=$!
	i=0
	until grep -q -E 'Attached|attached_probes' "$TMP/err" "$TMP/drain.out" 2>/dev/null || [ $i -ge 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -STOP "$TOOL_PID"
	"$FLOOD_GEN" getppid $n 0 "$TMP/lt"
	c0=$(cpu_ticks "$TOOL_PID")
	t0=$(now_ns)
	kill -CONT "$TOOL_PID"
	i=0
	while [ "$(grep -c -E "$pattern" "$TMP/drain.out")" -lt $n ] && [ $i -lt 1500 ]; do
		sleep 0.02
		i=$((i + 1))
	done
	t1=$(now_ns)
	c1=$(cpu_ticks "$TOOL_PID")
	got=$(grep -c -E "$pattern" "$TMP/drain.out")
	kill -INT "$TOOL_PID"
	wait "$TOOL_PID"
	TOOL_PID=
	awk -v f="$fmt" -v n="$got" -v t=$((t1 - t0)) -v c=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" 'BEGIN {
		cpu = "n/a"
		if (c > 0)
			cpu = sprintf("%.2f", n / (c / hz) / 1e6)
		label = "1M backlog, " f " to a file (" n ")"
		printf "%-40s %12s %12.2f\n", label, cpu, n / (t / 1e9) / 1e6 }'
}

# sonde's formatter alone: "KIND FORMAT SINK M/s-CPU M/s-wall" lines.
format_alone() {
	objs=$(ls build/src/*.o build/src/*/*.o | grep -v 'build/src/main.o')
	# the libraries sonde links with, as the Makefile has them
	libs=$(make -s -p -n sonde 2>/dev/null | sed -n 's/^LDLIBS *:*= *//p' | tail -n 1)
	${CC:-gcc} -std=gnu11 -O2 -D_GNU_SOURCE -Isrc -o build/bench/format_bench \
		bench/format_bench.c $objs ${libs:--lbpf -lelf -ldw -lz -lpthread} || return 1
	for kind in ints str64; do
		for fmt in text json; do
			build/bench/format_bench $kind $fmt 3000000 "$TMP/fmt.out" 2>"$TMP/fb.file"
			build/bench/format_bench $kind $fmt 3000000 - 2>"$TMP/fb.pipe" | cat >/dev/null
			for sink in file pipe; do
				awk -v k="$kind $fmt to a $sink" '{ printf "%-40s %12s %12s\n", k, $11, $15 }' \
					"$TMP/fb.$sink"
			done
		done
	done
	rm -f "$TMP/fmt.out"
}

section_flood() {
	mkdir -p build/bench
	${CC:-gcc} -O2 -o "$FLOOD_GEN" bench/flood_gen.c || return 1
	ints='tracepoint:syscalls:sys_enter_getppid /pid == cpid/ { printf("%d %d\n", pid, nsecs); }'
	str='tracepoint:syscalls:sys_enter_openat /pid == cpid/ { printf("%s\n", str(args.filename)); }'
	for tool in $TOOLS; do
		echo "bench: flood: $tool" >&2
		flood_case "$tool" F "file" '^[0-9]+ -?[0-9]+$' "$ints" getppid 1000000 0
		flood_case "$tool" P "pipe" '^[0-9]+ -?[0-9]+$' "$ints" getppid 1000000 0
		flood_case "$tool" J "json" '"type": "printf"' "$ints" getppid 1000000 0
		SONDE_MAX_STRLEN=64 BPFTRACE_MAX_STRLEN=64 BPFTRACE_STRLEN=64 \
			flood_case "$tool" S "file" "^$STR64_PATH\$" "$str" open "$STR64_PATH" 1000000 0
		flood_case "$tool" R "file" '^[0-9]+ -?[0-9]+$' "$ints" getppid 5000000 500000
	done
	header "issue 11: event stream floods (medians of $FLOOD_RUNS; 1M events unless said)"
	flood_rows "1M text file" F
	flood_rows "1M text pipe" P
	flood_rows "1M json file" J
	flood_rows "1M %s64 file" S
	flood_rows "500k/s 10s file" R
	echo
	echo "== issue 11: sonde's consumer draining a backlog (end to end, sonde only)"
	printf '%-40s %12s %12s\n' "case" "M rec/s CPU" "M rec/s wall"
	drain_backlog text
	drain_backlog json
	echo
	printf '%s\n' "== issue 11: sonde's formatter alone, 3M synthetic records (ints: \"%d %d\\n\", str64: \"%s\\n\")"
	printf '%-40s %12s %12s\n' "records, format, sink" "M rec/s CPU" "M rec/s wall"
	format_alone
}
