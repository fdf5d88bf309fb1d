#!/bin/sh
# Live and batched at once.  A pipe gets large writes, flushed after every
# batch of events, so a reader sees a line long before sonde exits (here
# within 3 s, a generous bound for a loaded machine; it is milliseconds).
# Map printing stays in order with printf records: print() between two
# printf()s, interval prints and END print exactly where they were asked.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_getppid

now_ms() {
	echo $(( $(date +%s%N) / 1000000 ))
}

log "a line on a pipe before exit"
# a name of our own: other runs of the tests may call getppid as "workload"
live=slive$$
cp "$WORKLOAD" "$T/$live"
mkfifo "$T/fifo"
(head -n 1 <"$T/fifo" >"$T/first"; now_ms >"$T/t_read"; cat <"$T/fifo" >/dev/null) &
reader=$!
env --default-signal=INT "$SONDE" --timeout 60 -e \
	'tracepoint:syscalls:sys_enter_getppid /comm == "'"$live"'"/ { printf("event %d\n", pid); }' \
	</dev/null >"$T/fifo" 2>"$T/err" &
SONDE_PID=$!
i=0
while ! grep -q -E '^Attached [0-9]+ probes?$' "$T/err" && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
t0=$(now_ms)
"$T/$live" getppid 1
i=0
while ! [ -s "$T/t_read" ] && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
expect_match "the line" "$(cat "$T/first")" '^event [0-9]+$'
if [ -s "$T/t_read" ]; then
	expect_range "ms from the event to the reader" $(( $(cat "$T/t_read") - t0 )) 0 3000
else
	fail "no line on the pipe 5 s after the event"
fi
if kill -0 "$SONDE_PID" 2>/dev/null; then
	log "ok: sonde still running when the line arrived"
else
	fail "sonde exited before its line arrived"
fi
kill -INT "$SONDE_PID"
wait "$SONDE_PID"
SONDE_STATUS=$?
SONDE_PID=
expect_status 0
wait "$reader"

log "print() between printf()s, 3000 times, to a file"
sonde_run -o "$T/o.txt" -e 'BEGIN { @total = 7; }
tracepoint:syscalls:sys_enter_getppid /pid == cpid/ {
	@n = count();
	printf("before\n"); print(@total); printf("after\n");
}
END { printf("end\n"); print(@total); clear(@n); }' -c "$WORKLOAD getppid 3000"
expect_status 0
# before / @total: 7 / after, 3000 times, then end / @total: 7, then the
# maps at exit (@total: 7): the first line out of that order, or "none"
first_bad=$(awk '
	BEGIN { for (i = 0; i < 3000; i++) want = want "bta"; want = want "ett" }
	/^$/ { next }
	{
		c = "?"
		if ($0 == "before") c = "b"
		if ($0 == "@total: 7") c = "t"
		if ($0 == "after") c = "a"
		if ($0 == "end") c = "e"
		n++
		if (c != substr(want, n, 1)) { print "line " NR ": " $0; exit }
	}
	END { if (n == length(want)) print "none"; else if (n < length(want)) print "missing lines after " n }' "$T/o.txt" | head -n 1)
expect_eq "first line out of order" "$first_bad" none

log "interval prints between printf records"
sonde_run -e 'interval:ms:100 { @i = count(); printf("tick\n"); print(@i); if (@i == 5) { exit(); } }'
expect_status 0
expect_eq "interval output" "$(grep -v '^$' "$T/stdout" | tr '\n' ' ')" \
	"tick @i: 1 tick @i: 2 tick @i: 3 tick @i: 4 tick @i: 5 @i: 5 "
finish
