#!/bin/sh
# Debian's Prometheus scrapes sonde serve every second: a script counting
# the workload's calls, a latency histogram of its sleeps, and the tools
# runqlat and syscount.  The test asks Prometheus's HTTP API for the series
# and their values.
. "$(dirname "$0")/lib_export.sh"
need_root
need_workload
need_helper
need_cmd prometheus prometheus
need_cmd jq jq
own_workload

cat >"$T/prog.bt" <<BT
tracepoint:syscalls:sys_enter_getppid /comm == "$WL"/ { @calls[comm] = count(); }
tracepoint:syscalls:sys_enter_clock_nanosleep /comm == "$WL"/ { @start[tid] = nsecs; }
tracepoint:syscalls:sys_exit_clock_nanosleep /comm == "$WL" && @start[tid]/ {
	@sleep_ms = lhist((nsecs - @start[tid]) / 1000000, 0, 1000, 100);
	delete(@start, tid);
}
BT
serve_start --listen 127.0.0.1:0 "$T/prog.bt" --maps '@calls @sleep_ms' runqlat syscount || exit 1

PPORT=$(free_port)
cat >"$T/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: sonde
    static_configs:
      - targets: ['$SERVE_ADDR']
YML
prometheus --config.file="$T/prometheus.yml" --storage.tsdb.path="$T/data" \
	--web.listen-address="127.0.0.1:$PPORT" --log.level=warn >"$T/prom.log" 2>&1 &
EXPORT_PIDS="$EXPORT_PIDS $!"
API="http://127.0.0.1:$PPORT/api/v1"

# query EXPR: the value of the first series of an instant query ("" if none)
query() {
	curl -sS --max-time 5 --data-urlencode "query=$1" "$API/query" 2>/dev/null |
		jq -r '.data.result[0].value[1] // empty' 2>/dev/null
}

query_is() {
	[ "$(query "$1")" = "$2" ]
}

query_positive() {
	v=$(query "$1")
	[ -n "$v" ] && awk -v v="$v" 'BEGIN { exit !(v > 0) }'
}

wait_until 60 query_is 'up{job="sonde"}' 1 || fail "Prometheus never scraped sonde: $(tail -n 5 "$T/prom.log")"
workload getppid 1000
workload sleep 5 20

if wait_until 30 query_is "sonde_calls_total{comm=\"$WL\"}" 1000; then
	log "ok: sonde_calls_total{comm=\"$WL\"} = 1000 in Prometheus"
else
	fail "sonde_calls_total: got '$(query "sonde_calls_total{comm=\"$WL\"}")', want 1000"
fi
# five sleeps of 20 ms: all below 100 ms, none below 0
if wait_until 30 query_is 'sonde_sleep_ms_bucket{le="99"}' 5; then
	log "ok: sonde_sleep_ms_bucket{le=\"99\"} = 5"
else
	fail "sonde_sleep_ms_bucket{le=\"99\"}: got '$(query 'sonde_sleep_ms_bucket{le="99"}')', want 5"
fi
expect_eq "sonde_sleep_ms_bucket{le=\"-1\"}" "$(query 'sonde_sleep_ms_bucket{le="-1"}')" ""
expect_eq "sonde_sleep_ms_count" "$(query 'sonde_sleep_ms_count')" 5
expect_eq "histogram_quantile(1, ...) within [0, 99]" \
	"$(query 'histogram_quantile(1, sonde_sleep_ms_bucket) <= 99')" \
	"$(query 'histogram_quantile(1, sonde_sleep_ms_bucket)')"
# the tools: runqlat's histogram, syscount's counter of getppid, labelled by name
wait_until 30 query_positive 'sonde_runqlat_usecs_count' &&
	log "ok: runqlat's histogram in Prometheus" ||
	fail "no sonde_runqlat_usecs_count in Prometheus"
if wait_until 30 query_positive 'sonde_syscount_count_total{syscall="getppid"} >= 1000'; then
	log "ok: syscount's getppid counter >= 1000"
else
	fail "sonde_syscount_count_total{syscall=\"getppid\"}: '$(query 'sonde_syscount_count_total{syscall="getppid"}')'"
fi
expect_eq "buckets of runqlat's histogram" \
	"$(query 'count(sonde_runqlat_usecs_bucket) > 1')" "$(query 'count(sonde_runqlat_usecs_bucket)')"
expect_eq "health in Prometheus" "$(query 'sonde_program_running{program="syscount"}')" 1
serve_stop
expect_eq "exit status after SIGTERM" "$SERVE_STATUS" 0
finish
