#!/bin/sh
# sonde serve --textfile: node_exporter's textfile collector (Debian's
# prometheus-node-exporter, only that collector on) serves the file sonde
# writes, with no read error.
. "$(dirname "$0")/lib_export.sh"
need_root
need_workload
need_helper
need_cmd prometheus-node-exporter prometheus-node-exporter
own_workload

mkdir -p "$T/textfile"
serve_start --listen none --textfile "$T/textfile" --interval 1 \
	-e "tracepoint:syscalls:sys_enter_getppid /comm == \"$WL\"/ { @calls[comm] = count(); }" || exit 1
NPORT=$(free_port)
prometheus-node-exporter --web.listen-address="127.0.0.1:$NPORT" --collector.disable-defaults \
	--collector.textfile --collector.textfile.directory="$T/textfile" >"$T/ne.log" 2>&1 &
EXPORT_PIDS="$EXPORT_PIDS $!"
workload getppid 250
served() {
	curl -sS --max-time 5 "http://127.0.0.1:$NPORT/metrics" >"$T/ne.txt" 2>/dev/null &&
		[ "$(metric_value "sonde_calls_total{comm=\"$WL\"}" "$T/ne.txt")" = 250 ]
}
if wait_until 30 served; then
	log "ok: node_exporter serves sonde_calls_total = 250 from sonde.prom"
else
	fail "not served: $(grep -E 'sonde_calls|textfile' "$T/ne.txt" | head -n 5)"
fi
expect_eq "node_textfile_scrape_error" "$(metric_value node_textfile_scrape_error "$T/ne.txt")" 0
expect_eq "only sonde.prom in the directory (the temporary file renamed)" "$(ls -A "$T/textfile")" sonde.prom
serve_stop
expect_eq "exit status after SIGTERM" "$SERVE_STATUS" 0
finish
