#!/bin/sh
# sonde serve --push: Debian's Pushgateway receives the metrics every
# second under job "sonde" and this host's name as the instance; sonde
# serves no HTTP (--listen none).
. "$(dirname "$0")/lib_export.sh"
need_root
need_workload
need_helper
need_cmd prometheus-pushgateway prometheus-pushgateway
own_workload

GPORT=$(free_port)
prometheus-pushgateway --web.listen-address="127.0.0.1:$GPORT" >"$T/gw.log" 2>&1 &
EXPORT_PIDS="$EXPORT_PIDS $!"
gw_up() {
	curl -sf --max-time 2 "http://127.0.0.1:$GPORT/-/ready" >/dev/null
}
wait_until 30 gw_up || fail "the Pushgateway did not start: $(tail -n 5 "$T/gw.log")"

serve_start --listen none --push "http://127.0.0.1:$GPORT" --interval 1 \
	-e "tracepoint:syscalls:sys_enter_getppid /comm == \"$WL\"/ { @calls[comm] = count(); }" || exit 1
workload getppid 300
HOST=$(hostname)
pushed() {
	curl -sS --max-time 5 "http://127.0.0.1:$GPORT/metrics" >"$T/gw.txt" 2>/dev/null &&
		[ "$(metric_value "sonde_calls_total{comm=\"$WL\",instance=\"$HOST\",job=\"sonde\"}" "$T/gw.txt")" = 300 ]
}
if wait_until 30 pushed; then
	log "ok: the Pushgateway holds sonde_calls_total = 300 for job sonde, instance $HOST"
else
	fail "not pushed: $(grep sonde_calls "$T/gw.txt" | head -n 3) $(tail -n 3 "$T/serve.err")"
fi
expect_match "push_time_seconds of the group" "$(cat "$T/gw.txt")" \
	"^push_time_seconds\\{instance=\"$HOST\",job=\"sonde\"\\} "
expect_eq "no push errors" "$(grep -c 'WARNING: serve: --push' "$T/serve.err")" 0
serve_stop
expect_eq "exit status after SIGTERM" "$SERVE_STATUS" 0
finish
