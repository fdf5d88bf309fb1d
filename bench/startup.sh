# Issue 2 (sourced by bench/run.sh): start-up, per-event cost of a
# tracepoint count() and installed footprint.
#
#   1. `BEGIN { exit(); }` wall time (best of RUNS) and peak RSS
#   2. `tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }` under
#      EVENTS getppid calls: run_time_ns / run_cnt, xlated instructions
#   3. the binary plus every shared library ldd lists

# Bytes of the binary and of the real files behind every library it loads.
footprint() {
	bin=$(readlink -f "$(tool_path "$1")")
	{
		echo "$bin"
		ldd "$bin" 2>/dev/null | awk '/=> \// { print $3 } /^\t\// { print $1 }'
	} | while read -r f; do readlink -f "$f"; done | sort -u >"$TMP/files"
	bytes=$(xargs stat -L -c %s <"$TMP/files" | awk '{ s += $1 } END { print s }')
	libs=$(($(wc -l <"$TMP/files") - 1))
	mib=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
	eval "FOOT_$1=\$mib LIBS_$1=\$libs"
}

section_startup() {
	for tool in $TOOLS; do
		echo "bench: startup: $tool" >&2
		wall_and_rss "$tool" START RSS -e 'BEGIN { exit(); }'
		event_cost "$tool" "" 'tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }' \
			"$WORKLOAD" getppid "$EVENTS"
		footprint "$tool"
	done
	header "issue 2: start-up, tracepoint count(), footprint"
	row "BEGIN { exit(); } wall ms (best)" START
	row "BEGIN { exit(); } peak RSS KiB" RSS
	row "sys_enter count() ns/event" COST
	row "sys_enter count() xlated insns" INSNS
	row "installed footprint MiB" FOOT
	row "shared libraries" LIBS
}
