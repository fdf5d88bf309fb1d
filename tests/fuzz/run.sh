#!/bin/sh
# Run the front-end fuzzer over the seed corpus, then fuzz for a while.
#
#   sh tests/fuzz/run.sh FUZZER SECONDS [WORKDIR]
#
# Seeds: every golden script and error case (tests/lang/*.bt), the
# malformed inputs (tests/malformed/*.bt), the built-in tools, the extra
# seeds in tests/fuzz/corpus/ and every past crash in tests/fuzz/regressions/.
# They are copied into WORKDIR/seeds (libFuzzer reads directories); new
# interesting inputs go to WORKDIR/corpus, which later runs reuse, and a
# crashing input to WORKDIR/artifacts/.  Exit status: 0 when nothing
# crashed, leaked or tripped a sanitizer; else 1, with the input's path.
#
# FUZZ_RUNS=N makes the run repeatable (make test): a fixed seed, N
# mutations at most, and a fresh WORKDIR/corpus every time.
cd "$(dirname "$0")/../.." || exit 2
FUZZER=$1
SECONDS_TO_RUN=${2:-20}
WORK=${3:-build/fuzz}
if ! [ -x "$FUZZER" ]; then
	echo "fuzz: no fuzzer at $FUZZER (make fuzz-bin)" >&2
	exit 1
fi
rm -rf "$WORK/seeds" "$WORK/artifacts"
repeatable=
if [ -n "$FUZZ_RUNS" ]; then
	rm -rf "$WORK/corpus"
	repeatable="-seed=1 -runs=$FUZZ_RUNS"
fi
mkdir -p "$WORK/seeds" "$WORK/corpus" "$WORK/artifacts" || exit 2
n=0
for f in tests/lang/*.bt tests/malformed/*.bt tools/*.bt tests/fuzz/corpus/* \
	 tests/fuzz/regressions/*; do
	[ -f "$f" ] || continue
	case $f in *.md) continue ;; esac
	n=$((n + 1))
	cp "$f" "$WORK/seeds/$(echo "$f" | tr / _)"
done
echo "fuzz: $n seeds, then ${FUZZ_RUNS:+$FUZZ_RUNS runs or }${SECONDS_TO_RUN}s of fuzzing"
# Leaks are real bugs here: every input's allocations must be freed.  The
# 30 s timeout is wide: on a shared machine where other tracers attach and
# detach tracepoints, one read of a tracefs format file was seen to stall
# for over 10 s inside the kernel, which is no hang of ours.
# With some seed sets LeakSanitizer (clang 14) finds a bogus dynamic-TLS
# range (a dlopen'ed library's thread-local storage: "DTLS 5 at
# 0x000000000e0a-...") and its leak check dies of SIGSEGV ("Tracer caught
# signal 11") after every input ran clean.  intercept_tls_get_addr=0 stops
# it tracking dynamic TLS; leaks in the heap are still found.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}intercept_tls_get_addr=0 \
"$FUZZER" -timeout=30 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
	-max_total_time="$SECONDS_TO_RUN" $repeatable -artifact_prefix="$WORK/artifacts/" \
	"$WORK/corpus" "$WORK/seeds" >"$WORK/log" 2>&1
status=$?
grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|Done [0-9]+ runs)' "$WORK/log" | head -n 3
if [ $status != 0 ]; then
	echo "fuzz: FAILED (exit $status); log: $WORK/log"
	grep -E 'ERROR: |SUMMARY: |runtime error:|^    #[0-9]+ ' "$WORK/log" | head -n 30
	for a in "$WORK"/artifacts/*; do
		[ -f "$a" ] && echo "fuzz: crashing input: $a (add it to tests/fuzz/regressions/)"
	done
	exit 1
fi
echo "fuzz: no crash"
exit 0
