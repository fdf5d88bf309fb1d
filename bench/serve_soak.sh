#!/bin/sh
# Soak of sonde serve (root): three tools (runqlat, syscount, cpudist) and
# a script that clears its counter map every 5 s, under a steady
# workload, scraped every second for a long time.  Checks at the end:
#   - RSS after the warm-up grows by at most RSS_SLACK_KB (default 4096 kB),
#   - the number of open fds never changes after the warm-up,
#   - no counter series, histogram bucket or count ever goes backwards
#     between two scrapes (the script's clear() included),
#   - every scrape answered 200.
#
#   sh bench/serve_soak.sh [-d SECONDS] [-w WARMUP_SECONDS]    (default 600, 20)
cd "$(dirname "$0")/.." || exit 2
DURATION=600
WARMUP=20
while getopts d:w: opt; do
	case $opt in
	d) DURATION=$OPTARG ;;
	w) WARMUP=$OPTARG ;;
	*) echo "usage: $0 [-d SECONDS] [-w WARMUP]" >&2; exit 2 ;;
	esac
done
SONDE=${SONDE:-$PWD/sonde}
WORKLOAD=${WORKLOAD:-$PWD/build/tests/workload}
RSS_SLACK_KB=${RSS_SLACK_KB:-4096}
TMP=$(mktemp -d /tmp/sonde-serve-soak.XXXXXX) || exit 2
PIDS=
cleanup() {
	for p in $PIDS; do kill -TERM "$p" 2>/dev/null; done
	sleep 1
	for p in $PIDS; do kill -KILL "$p" 2>/dev/null; done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
[ "$(id -u)" = 0 ] || { echo "serve_soak: needs root" >&2; exit 2; }
[ -x "$WORKLOAD" ] || make -s build/tests/workload || exit 2

"$SONDE" serve --listen 127.0.0.1:0 runqlat syscount cpudist \
	-e 'tracepoint:raw_syscalls:sys_enter { @sys[comm] = count(); } interval:s:5 { clear(@sys); }' \
	--name clearing >/dev/null 2>"$TMP/err" &
SONDE_PID=$!
PIDS="$SONDE_PID"
i=0
until grep -q 'metrics at' "$TMP/err"; do
	i=$((i + 1))
	if [ $i -gt 600 ] || ! kill -0 "$SONDE_PID" 2>/dev/null; then
		echo "serve_soak: sonde serve did not start: $(cat "$TMP/err")" >&2
		exit 1
	fi
	sleep 0.1
done
ADDR=$(sed -n 's|.*metrics at http://\([^/]*\)/metrics.*|\1|p' "$TMP/err")
# the steady workload: 2,000 getppid and 20 short sleeps every 100 ms
( while :; do "$WORKLOAD" getppid 2000; "$WORKLOAD" sleep 20 1; done ) >/dev/null 2>&1 &
PIDS="$PIDS $!"

echo "serve_soak: $DURATION s, scraping http://$ADDR/metrics every second"
: >"$TMP/samples"
bad_scrapes=0
start=$(date +%s)
n=0
while [ $(( $(date +%s) - start )) -lt "$DURATION" ]; do
	n=$((n + 1))
	code=$(curl -s -o "$TMP/cur" -w '%{http_code}' --max-time 10 "http://$ADDR/metrics")
	[ "$code" = 200 ] || bad_scrapes=$((bad_scrapes + 1))
	# every counter sample and histogram bucket and count, keyed by name and
	# labels, tagged with the scrape number
	awk -v n=$n '/^sonde_[^ ]*(_total|_bucket|_count)(\{| )/ { print n, $1, $2 }' "$TMP/cur" >>"$TMP/counters"
	rss=$(awk '/^VmRSS:/ { print $2 }' /proc/$SONDE_PID/status)
	fds=$(ls /proc/$SONDE_PID/fd | wc -l)
	echo "$(( $(date +%s) - start )) $rss $fds" >>"$TMP/samples"
	sleep 1
done

status=0
after=$(awk -v w="$WARMUP" '$1 >= w' "$TMP/samples")
rss0=$(echo "$after" | head -n 1 | cut -d' ' -f2)
rss1=$(echo "$after" | tail -n 1 | cut -d' ' -f2)
rssmax=$(echo "$after" | sort -k2 -n | tail -n 1 | cut -d' ' -f2)
fdset=$(echo "$after" | cut -d' ' -f3 | sort -u | tr '\n' ' ')
echo "serve_soak: $n scrapes, RSS after warm-up ${rss0} kB -> ${rss1} kB (max ${rssmax} kB), fds: $fdset"
if [ $((rssmax - rss0)) -gt "$RSS_SLACK_KB" ]; then
	echo "serve_soak: FAIL: RSS grew by $((rssmax - rss0)) kB (slack $RSS_SLACK_KB kB)"
	status=1
fi
if [ "$(echo "$fdset" | wc -w)" != 1 ]; then
	echo "serve_soak: FAIL: the number of open fds changed: $fdset"
	status=1
fi
# a series whose value is below its value at an earlier scrape went backwards
backwards=$(sort -k2,2 -k1,1n "$TMP/counters" | awk '
	$2 == key && $3 + 0 < last + 0 { bad++; if (bad <= 5) print "  " $2 ": " last " -> " $3 > "/dev/stderr" }
	{ key = $2; last = $3 }
	END { print bad + 0 }')
series=$(cut -d' ' -f2 "$TMP/counters" | sort -u | wc -l)
echo "serve_soak: $series counter, bucket and count series, $backwards went backwards"
[ "$backwards" = 0 ] || status=1
if [ $bad_scrapes -gt 0 ]; then
	echo "serve_soak: FAIL: $bad_scrapes scrapes did not answer 200"
	status=1
fi
[ $status = 0 ] && echo "serve_soak: passed" || echo "serve_soak: failed"
exit $status
