#!/bin/sh
# The HTTP server of a root process: loopback by default, GET of its own
# paths only, bounded request size, malformed requests refused with a
# status (never a crash), idle clients unable to lock scrapers out, and
# no file descriptor left behind.
. "$(dirname "$0")/lib_export.sh"
need_root
need_helper

serve_start --listen 127.0.0.1:0 -e 'tracepoint:syscalls:sys_enter_getppid { @calls = count(); }' || exit 1
PORT=${SERVE_ADDR##*:}
case $SERVE_ADDR in
127.0.0.1:*) log "ok: listens on $SERVE_ADDR" ;;
*) fail "listens on $SERVE_ADDR" ;;
esac
fds_before=$(ls /proc/$SERVE_PID/fd | wc -l)

status() {
	curl -s --max-time 10 -o /dev/null -w '%{http_code}' "$@"
}
expect_eq "GET /metrics" "$(status "http://$SERVE_ADDR/metrics")" 200
expect_eq "GET /" "$(status "http://$SERVE_ADDR/")" 200
expect_eq "GET /etc/passwd" "$(status "http://$SERVE_ADDR/etc/passwd")" 404
expect_eq "GET /metrics/../x" "$(status --path-as-is "http://$SERVE_ADDR/metrics/../x")" 404
expect_eq "POST" "$(status -X POST -d x "http://$SERVE_ADDR/metrics")" 405
expect_eq "HEAD" "$(status -I "http://$SERVE_ADDR/metrics")" 405
expect_eq "DELETE" "$(status -X DELETE "http://$SERVE_ADDR/metrics")" 405
expect_eq "a 9 KiB header" "$(status -H "X-Big: $(head -c 9000 /dev/zero | tr '\0' a)" "http://$SERVE_ADDR/metrics")" 431

raw() {
	printf "$1" | "$HELPER" send "$PORT"
}
expect_eq "no request line" "$(raw '\r\n\r\n')" "closed"
expect_eq "garbage" "$(raw '\001\002\377\376 \r\n\r\n')" "HTTP/1.1 400 Bad Request"
expect_eq "absolute target" "$(raw 'GET http://evil/ HTTP/1.1\r\n\r\n')" "HTTP/1.1 400 Bad Request"
expect_eq "HTTP/2 request line" "$(raw 'GET /metrics HTTP/2.0\r\n\r\n')" "HTTP/1.1 505 HTTP Version Not Supported"
expect_eq "a body announced" "$(raw 'GET /metrics HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc')" "HTTP/1.1 400 Bad Request"
expect_eq "chunked" "$(raw 'GET /metrics HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n')" "HTTP/1.1 400 Bad Request"
expect_eq "header folding" "$(raw 'GET /metrics HTTP/1.1\r\nA: b\r\n c\r\n\r\n')" "HTTP/1.1 400 Bad Request"
expect_eq "NUL in a header" "$(raw 'GET /metrics HTTP/1.1\r\nA: b\000c\r\n\r\n')" "HTTP/1.1 400 Bad Request"
expect_eq "a long target" "$(raw "GET /$(head -c 2000 /dev/zero | tr '\0' a) HTTP/1.1\r\n\r\n")" "HTTP/1.1 414 URI Too Long"
expect_eq "no end of head" "$(raw 'GET /metrics HTTP/1.1\r\nHost: x\r\n')" "closed"
# 20 clients connect and send nothing (16 connections at most): a scrape
# still gets through, as the oldest idle connections make room
"$HELPER" idle 20 15 "$PORT" >"$T/idle.out" &
IDLE=$!
EXPORT_PIDS="$EXPORT_PIDS $IDLE"
wait_until 10 grep -q ready "$T/idle.out" || fail "idle clients did not connect"
expect_eq "GET /metrics with 20 idle clients" "$(status "http://$SERVE_ADDR/metrics")" 200
fds_busy=$(ls /proc/$SERVE_PID/fd | wc -l)
expect_range "fds with 20 idle clients" "$fds_busy" 0 $((fds_before + 16))
kill "$IDLE" 2>/dev/null
wait "$IDLE" 2>/dev/null
# 200 sequential requests, good and bad: nothing left open
i=0
while [ $i -lt 100 ]; do
	status "http://$SERVE_ADDR/metrics" >/dev/null
	raw 'BAD\r\n\r\n' >/dev/null
	i=$((i + 1))
done
sleep 1
fds_after=$(ls /proc/$SERVE_PID/fd | wc -l)
expect_eq "fds after 200 requests" "$fds_after" "$fds_before"
kill -0 "$SERVE_PID" 2>/dev/null && log "ok: still running" || fail "sonde serve died"
scrape >"$T/m.txt"
expect_range "sonde_http_requests_total" "$(metric_value sonde_http_requests_total "$T/m.txt")" 200 400
expect_range "sonde_http_connections_dropped_total (idle clients evicted)" \
	"$(metric_value sonde_http_connections_dropped_total "$T/m.txt")" 1 20
serve_stop
expect_eq "exit status after SIGTERM" "$SERVE_STATUS" 0
finish
