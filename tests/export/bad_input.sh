#!/bin/sh
# Bad options, files and addresses: a clear error and exit status 1,
# before anything is loaded.
. "$(dirname "$0")/lib_export.sh"
need_root

# expect_error WHAT REGEX ARGS...: sonde serve ARGS exits 1 within 30 s with REGEX on stderr
expect_error() {
	what=$1
	re=$2
	shift 2
	timeout -k 2 30 "$SONDE" serve "$@" </dev/null >"$T/out" 2>"$T/err"
	st=$?
	if [ $st = 1 ] && grep -q -E -e "$re" "$T/err"; then
		log "ok: $what: $(head -n 1 "$T/err")"
	else
		fail "$what: exit $st, stderr: $(head -n 3 "$T/err")"
	fi
}

PROG='tracepoint:syscalls:sys_enter_getppid { @c = count(); }'
expect_error "no program" "no program to run" --listen 127.0.0.1:0
expect_error "unknown option" "unknown option '--frobnicate'" --frobnicate -e "$PROG"
expect_error "option without value" "--listen needs a value" -e "$PROG" --listen
expect_error "missing script" "nope.bt: No such file" /nonexistent/nope.bt
expect_error "bad listen address" "bad listen address" --listen 127.0.0.1 -e "$PROG"
expect_error "unresolvable host" "listen address 'no.such.host.invalid:1'" --listen no.such.host.invalid:1 -e "$PROG"
expect_error "--maps before a program" "give the program first" --maps @c -e "$PROG"
expect_error "bad interval" "--interval: .0. is out of range: expected a number from 1" --interval 0 -e "$PROG"
expect_error "bad max-series" "--max-series: .-5. is not a number" -e "$PROG" --max-series -5
expect_error "nowhere to export" "nowhere to export" --listen none -e "$PROG"
expect_error "syntax error" "stdin:1:|program1:1:" -e 'tracepoint:syscalls:sys_enter_getppid { @c = count( }'
expect_error "unknown tool option" "runqlat: unknown option -Z" --tool 'runqlat -Z'
expect_error "same family twice" "both export sonde_c" -e "$PROG" -e "$PROG"
expect_error "a health metric's name" "exports sonde_map_keys, a name of sonde's own" \
	-e 'tracepoint:syscalls:sys_enter_getppid { @map_keys = count(); }'
expect_error "web config missing" "web.yml: No such file" --web-config /nonexistent/web.yml -e "$PROG" --listen 127.0.0.1:0
printf 'tls_server_config:\n  client_auth_type: RequireAndVerifyClientCert\n' >"$T/web.yml"
expect_error "web config unsupported key" "client_auth_type: not supported" --web-config "$T/web.yml" -e "$PROG" --listen 127.0.0.1:0
printf 'tls_server_config:\n  cert_file: /nonexistent.crt\n  key_file: /nonexistent.key\n' >"$T/web2.yml"
expect_error "web config bad certificate" "TLS with /nonexistent.crt" --web-config "$T/web2.yml" -e "$PROG" --listen 127.0.0.1:0
printf 'listen 127.0.0.1:0\nfrobnicate 1\n' >"$T/serve.conf"
expect_error "config file unknown setting" "serve.conf:2: unknown setting 'frobnicate'" --config "$T/serve.conf"
printf 'config %s\n' "$T/loop.conf" >"$T/loop.conf"
expect_error "config file including itself" "nested too deep" --config "$T/loop.conf"
# a port already taken
need_helper
serve_start --listen 127.0.0.1:0 -e "$PROG" || exit 1
expect_error "port in use" "listening on $SERVE_ADDR: Address already in use" --listen "$SERVE_ADDR" -e "$PROG"
serve_stop
finish
