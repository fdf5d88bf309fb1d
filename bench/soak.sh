#!/bin/sh
# Soak test: trace a steady flood for a long time and check that sonde
# stays flat (root; see docs/safety.md).
#
#   sh bench/soak.sh [-d SECONDS] [-r EVENTS_PER_SECOND] [-w WARMUP_SECONDS]
#
# Defaults: ten minutes at 100,000 events/s after a 10 s warm-up.  Every
# 100 ms the workload makes RATE/10 getppid calls, each printed by
# `printf` from sonde (-o to a file).  Once a second the script samples
# sonde's resident memory (VmRSS) and its open file descriptors.  At the
# end it checks:
#   - RSS after warm-up grows by at most RSS_SLACK_KB (default 4096 kB),
#   - the number of open fds never changes after warm-up,
#   - printed lines + the lost total at exit == getppid calls made.
# Exit status 0 when all hold, 1 otherwise; a short version runs in
# `make test` (tests/kernel/robust_soak.sh).
cd "$(dirname "$0")/.." || exit 2
DURATION=600
RATE=100000
WARMUP=10
while getopts d:r:w: opt; do
	case $opt in
	d) DURATION=$OPTARG ;;
	r) RATE=$OPTARG ;;
	w) WARMUP=$OPTARG ;;
	*) echo "usage: $0 [-d SECONDS] [-r EVENTS_PER_SECOND] [-w WARMUP]" >&2; exit 2 ;;
	esac
done
SONDE=${SONDE:-$PWD/sonde}
WORKLOAD=${WORKLOAD:-$PWD/build/tests/workload}
RSS_SLACK_KB=${RSS_SLACK_KB:-4096}
TMP=$(mktemp -d /tmp/sonde-soak.XXXXXX) || exit 2
SONDE_PID=
cleanup() {
	[ -n "$SONDE_PID" ] && kill -KILL "$SONDE_PID" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

if ! [ -x "$WORKLOAD" ]; then
	mkdir -p "$(dirname "$WORKLOAD")"
	${CC:-gcc} -O1 -g -fno-omit-frame-pointer -o "$WORKLOAD" tests/workload.c || exit 2
fi

# This script's own workloads only (its children named workload): others
# may run workloads on the host too.
env --default-signal=INT "$SONDE" -o "$TMP/out" -e \
	'tracepoint:syscalls:sys_enter_getppid
	/comm == "workload" && curtask->real_parent->tgid == $1/ { printf("%d\n", tid); }' \
	$$ </dev/null 2>"$TMP/err" &
SONDE_PID=$!
i=0
while ! grep -q -E '^Attached [0-9]+ probes?$' "$TMP/err"; do
	if ! kill -0 "$SONDE_PID" 2>/dev/null || [ $i -gt 150 ]; then
		echo "soak: sonde did not start:" >&2
		cat "$TMP/err" >&2
		exit 1
	fi
	sleep 0.1
	i=$((i + 1))
done

per_burst=$((RATE / 10))
made=0
start=$(date +%s)
next_sample=$start
: >"$TMP/samples"
echo "soak: ${DURATION}s at ${RATE} events/s (warm-up ${WARMUP}s), sonde pid $SONDE_PID"
while :; do
	now=$(date +%s)
	[ $((now - start)) -ge "$DURATION" ] && break
	"$WORKLOAD" getppid "$per_burst" || exit 2
	made=$((made + per_burst))
	if [ "$now" -ge "$next_sample" ]; then
		rss=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$SONDE_PID/status")
		fds=$(ls "/proc/$SONDE_PID/fd" | wc -l)
		echo "$((now - start)) $rss $fds" >>"$TMP/samples"
		next_sample=$((now + 1))
	fi
	sleep 0.1
done
kill -INT "$SONDE_PID"
wait "$SONDE_PID"
status=$?
SONDE_PID=

printed=$(grep -c -E '^[0-9]+$' "$TMP/out")
# the run's total, said once at exit: "Lost N events (M% of K)"
lost=$(cat "$TMP/out" "$TMP/err" | awk '/^Lost [0-9]+ events \(/ { n = $2 } END { print n + 0 }')
ok=1
awk -v w="$WARMUP" -v slack="$RSS_SLACK_KB" '
	$1 < w { next }
	!base { base = $2; fds = $3; lo = $2; hi = $2 }
	{ if ($2 < lo) lo = $2; if ($2 > hi) hi = $2; if ($3 != fds) fdchange = fdchange " " $1 "s:" $3 }
	END {
		printf "soak: RSS after warm-up %d..%d kB (growth %d kB, limit %d)\n", lo, hi, hi - base, slack
		printf "soak: open fds after warm-up %d%s\n", fds, fdchange ? " then" fdchange : ", constant"
		exit !(hi - base <= slack && !fdchange)
	}' "$TMP/samples" || ok=0
echo "soak: exit status $status; events made $made, printed $printed, lost $lost"
[ "$status" = 0 ] || ok=0
[ $((printed + lost)) = "$made" ] || { echo "soak: printed + lost != made"; ok=0; }
if [ $ok = 1 ]; then
	echo "soak: passed"
	exit 0
fi
echo "soak: FAILED"
exit 1
