#!/bin/sh
# Serving beyond loopback: TLS and basic auth from a web config file, as
# Prometheus exporters take it.  curl checks the answers to good, wrong
# and missing credentials; Debian's Prometheus scrapes over TLS with the
# password, verifying the certificate.
. "$(dirname "$0")/lib_export.sh"
need_root
need_workload
need_helper
need_cmd openssl openssl
need_cmd prometheus prometheus
need_cmd jq jq
own_workload

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=sonde-test \
	-addext subjectAltName=IP:127.0.0.1 -keyout "$T/tls.key" -out "$T/tls.crt" \
	>"$T/openssl.log" 2>&1 || skip "openssl could not make a certificate"
HASH=$("$HELPER" bcrypt s3cret) || fail "no bcrypt hash"
cat >"$T/web.yml" <<YML
# as exporters take it
tls_server_config:
  cert_file: $T/tls.crt
  key_file: $T/tls.key
basic_auth_users:
  prometheus: '$HASH'
YML
serve_start --listen 127.0.0.1:0 --web-config "$T/web.yml" \
	-e "tracepoint:syscalls:sys_enter_getppid /comm == \"$WL\"/ { @calls[comm] = count(); }" || exit 1
expect_match "ready line says https" "$(cat "$T/serve.err")" 'metrics at https://127\.0\.0\.1:'
URL="https://$SERVE_ADDR/metrics"
code() {
	curl -s --max-time 10 --cacert "$T/tls.crt" -o /dev/null -w '%{http_code}' "$@" "$URL"
}
expect_eq "good password" "$(code -u prometheus:s3cret)" 200
expect_eq "wrong password" "$(code -u prometheus:wrong)" 401
expect_eq "unknown user" "$(code -u nobody:s3cret)" 401
expect_eq "no credentials" "$(code)" 401
expect_eq "plain HTTP to the TLS port" "$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' "http://$SERVE_ADDR/metrics")" 000
expect_eq "TLS 1.1 refused" "$(code -u prometheus:s3cret --tls-max 1.1)" 000

workload getppid 400
PPORT=$(free_port)
cat >"$T/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: sonde
    scheme: https
    tls_config:
      ca_file: $T/tls.crt
    basic_auth:
      username: prometheus
      password: s3cret
    static_configs:
      - targets: ['$SERVE_ADDR']
YML
prometheus --config.file="$T/prometheus.yml" --storage.tsdb.path="$T/data" \
	--web.listen-address="127.0.0.1:$PPORT" --log.level=warn >"$T/prom.log" 2>&1 &
EXPORT_PIDS="$EXPORT_PIDS $!"
query_is() {
	[ "$(curl -sS --max-time 5 --data-urlencode "query=$1" "http://127.0.0.1:$PPORT/api/v1/query" 2>/dev/null |
		jq -r '.data.result[0].value[1] // empty' 2>/dev/null)" = "$2" ]
}
if wait_until 60 query_is "sonde_calls_total{comm=\"$WL\"}" 400; then
	log "ok: Prometheus scraped over TLS with basic auth: sonde_calls_total = 400"
else
	fail "Prometheus did not get the counter over TLS: $(tail -n 5 "$T/prom.log")"
fi
serve_stop
expect_eq "exit status after SIGTERM" "$SERVE_STATUS" 0
finish
