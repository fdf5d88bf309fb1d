# sonde strace against Debian's strace (sourced by bench/run.sh; issue 14):
# the traced program's own time for STRACE_READS one-byte read()s from
# /dev/zero (bench/strace_reads.c times its loop), untraced, under
# `strace -o FILE`, `sonde strace -o FILE`, `strace -c` and
# `sonde strace -c`; best of STRACE_RUNS (3).  The slowdown is the traced
# loop's time over the untraced one; "speedup" is strace's slowdown over
# sonde's.  The traces are checked complete: every read is in the file.

STRACE_READS=${STRACE_READS:-1000000}
STRACE_RUNS=${STRACE_RUNS:-3}

# strace_loop_ms CMD...: best loop time in ms of STRACE_RUNS runs
strace_loop_ms() {
	best=
	i=0
	while [ $i -lt "$STRACE_RUNS" ]; do
		"$@" "$TMP/strace_reads" "$STRACE_READS" 2>"$TMP/strace.err" >/dev/null
		ns=$(awk '/^loop_ns / { print $2 }' "$TMP/strace.err")
		[ -n "$ns" ] && best=$(min_of "$best" "$(awk -v n="$ns" 'BEGIN { printf "%.1f", n / 1e6 }')")
		i=$((i + 1))
	done
	echo "${best:-n/a}"
}

strace_row() {
	printf '%-40s %12s %12s %8s\n' "$1" "$2" "$3" "$(ratio "$3" "$2")"
}

section_strace() {
	if ! command -v strace >/dev/null; then
		echo "bench: strace: Debian's strace is not installed (apt-get install strace)"
		return
	fi
	${CC:-gcc} -O2 -o "$TMP/strace_reads" bench/strace_reads.c || return
	bare=$(strace_loop_ms env)
	st=$(strace_loop_ms strace -o "$TMP/st.out")
	so=$(strace_loop_ms "$SONDE" strace -o "$TMP/so.out")
	stc=$(strace_loop_ms strace -c -o "$TMP/stc.out")
	soc=$(strace_loop_ms "$SONDE" strace -c -o "$TMP/soc.out")
	lines=$(grep -c '^read(3, "\\0", 1) *= 1$' "$TMP/so.out")
	echo
	echo "== strace: $STRACE_READS read()s of 1 byte from /dev/zero (loop time, ms)"
	printf '%-40s %12s %12s %8s\n' "measure" "sonde" "strace" "speedup"
	strace_row "untraced" "$bare" "$bare"
	strace_row "traced, every call printed" "$so" "$st"
	strace_row "traced, -c summary" "$soc" "$stc"
	strace_row "slowdown, printed (x untraced)" "$(ratio "$so" "$bare")" "$(ratio "$st" "$bare")"
	strace_row "slowdown, -c (x untraced)" "$(ratio "$soc" "$bare")" "$(ratio "$stc" "$bare")"
	echo "sonde strace printed $lines of $STRACE_READS reads$(grep -h 'lost' "$TMP/strace.err" | sed 's/^/; /')"
}
