#!/bin/sh
# sonde serve's exposition against the workload's known calls: counter
# values and label names, a histogram's exact cumulative buckets, stats,
# a counter that continues across the script's clear(), OpenMetrics when
# asked for, and `promtool check metrics` on the text format.
. "$(dirname "$0")/lib_export.sh"
need_root
need_workload
need_helper
need_cmd promtool prometheus
own_workload

cat >"$T/prog.bt" <<BT
tracepoint:syscalls:sys_enter_getppid /comm == "$WL"/ { @calls[comm] = count(); @kept = count(); @since_clear += 1; }
tracepoint:syscalls:sys_enter_openat /comm == "$WL"/ { @opens[comm, args.flags] = count(); }
tracepoint:syscalls:sys_enter_write /comm == "$WL"/ {
	@bytes = hist(args.count);
	@sizes = lhist(args.count, 0, 1000, 100);
	@wstats = stats(args.count);
	@bycomm[comm] = hist(args.count);
}
// the script clears @kept whenever the workload sleeps: the counter must go on
tracepoint:syscalls:sys_enter_clock_nanosleep /comm == "$WL"/ { clear(@kept); clear(@since_clear); }
BT
serve_start --listen 127.0.0.1:0 "$T/prog.bt" --labels '@calls=process' || exit 1
workload getppid 500
workload open /etc/hostname 7
workload write 10 3
workload write 20 512
workload write 5 4096
workload sleep 1 1
sleep 1
workload getppid 200
sleep 0.5
scrape >"$T/m.txt" || fail "scrape failed"
expect_eq "count by comm (--labels)" "$(metric_value "sonde_calls_total{process=\"$WL\"}" "$T/m.txt")" 700
expect_eq "two keys, two labels" "$(metric_value "sonde_opens_total{comm=\"$WL\",flags=\"0\"}" "$T/m.txt")" 7
expect_eq "counter across clear()" "$(metric_value 'sonde_kept_total' "$T/m.txt")" 700
expect_eq "a gauge restarts after clear()" "$(metric_value 'sonde_since_clear' "$T/m.txt")" 200
# 3 is in [2, 4), 512 in [512, 1K), 4096 in [4K, 8K): le is the largest integer a bucket holds
expect_eq "le=3" "$(metric_value 'sonde_bytes_bucket{le="3"}' "$T/m.txt")" 10
expect_eq "le=511" "$(metric_value 'sonde_bytes_bucket{le="511"}' "$T/m.txt")" 10
expect_eq "le=1023" "$(metric_value 'sonde_bytes_bucket{le="1023"}' "$T/m.txt")" 30
expect_eq "le=4095" "$(metric_value 'sonde_bytes_bucket{le="4095"}' "$T/m.txt")" 30
expect_eq "le=8191" "$(metric_value 'sonde_bytes_bucket{le="8191"}' "$T/m.txt")" 35
expect_eq "le=+Inf" "$(metric_value 'sonde_bytes_bucket{le="+Inf"}' "$T/m.txt")" 35
expect_eq "hist _count" "$(metric_value 'sonde_bytes_count' "$T/m.txt")" 35
expect_eq "hist _sum" "$(metric_value 'sonde_bytes_sum' "$T/m.txt")" 30750
expect_eq "keyed hist le=1023" "$(metric_value "sonde_bycomm_bucket{comm=\"$WL\",le=\"1023\"}" "$T/m.txt")" 30
expect_eq "keyed hist _sum" "$(metric_value "sonde_bycomm_sum{comm=\"$WL\"}" "$T/m.txt")" 30750
expect_eq "lhist _sum" "$(metric_value 'sonde_sizes_sum' "$T/m.txt")" 30750
expect_eq "lhist le=99" "$(metric_value 'sonde_sizes_bucket{le="99"}' "$T/m.txt")" 10
expect_eq "lhist le=599" "$(metric_value 'sonde_sizes_bucket{le="599"}' "$T/m.txt")" 30
expect_eq "lhist le=999" "$(metric_value 'sonde_sizes_bucket{le="999"}' "$T/m.txt")" 30
expect_eq "lhist +Inf (>= max)" "$(metric_value 'sonde_sizes_bucket{le="+Inf"}' "$T/m.txt")" 35
expect_eq "stats _count" "$(metric_value 'sonde_wstats_count' "$T/m.txt")" 35
expect_eq "stats _sum" "$(metric_value 'sonde_wstats_sum' "$T/m.txt")" 30750
expect_match "TYPE of a counter" "$(cat "$T/m.txt")" '^# TYPE sonde_calls_total counter$'
expect_match "TYPE of a histogram" "$(cat "$T/m.txt")" '^# TYPE sonde_bytes histogram$'
expect_match "health: lost events" "$(cat "$T/m.txt")" '^sonde_events_lost_total\{program="prog.bt"\} 0$'
expect_match "health: bpf_stats" "$(cat "$T/m.txt")" '^sonde_bpf_prog_runs_total\{program="prog.bt",probe="tracepoint:syscalls:sys_enter_getppid"\} [1-9]'
if promtool check metrics <"$T/m.txt" >"$T/promtool.out" 2>&1; then
	log "ok: promtool check metrics"
else
	fail "promtool check metrics:"
	sed 's/^/    /' "$T/promtool.out" | head -n 20
fi

# OpenMetrics for a scraper that asks for it
curl -sS --max-time 10 -D "$T/headers" -H 'Accept: application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5' \
	"http://$SERVE_ADDR/metrics" >"$T/om.txt"
expect_match "OpenMetrics content type" "$(cat "$T/headers")" '^Content-Type: application/openmetrics-text; version=1.0.0'
expect_eq "OpenMetrics ends with # EOF" "$(tail -n 1 "$T/om.txt")" "# EOF"
expect_match "OpenMetrics counter family" "$(cat "$T/om.txt")" '^# TYPE sonde_calls counter$'
expect_eq "OpenMetrics counter sample" "$(metric_value "sonde_calls_total{process=\"$WL\"}" "$T/om.txt")" 700

# gzip when the scraper accepts it (Prometheus does): the same text
curl -sS --max-time 10 -D "$T/gzheaders" -H 'Accept-Encoding: gzip' "http://$SERVE_ADDR/metrics" >"$T/m.gz"
expect_match "Content-Encoding" "$(cat "$T/gzheaders")" '^Content-Encoding: gzip'
expect_eq "gzipped exposition" "$(gzip -dc "$T/m.gz" | grep -c '^sonde_bytes_bucket')" \
	"$(grep -c '^sonde_bytes_bucket' "$T/m.txt")"

serve_stop
expect_eq "exit status after SIGTERM" "$SERVE_STATUS" 0
finish
