#!/bin/sh
# sslsnoop: openssl s_client writes a 15-byte line over TLS (SSL_write) and
# reads (SSL_read) until the server closes.
. "$(dirname "$0")/tool_lib"
command -v openssl >/dev/null || skip "openssl missing"
command -v python3 >/dev/null || skip "python3 missing"
ldd "$(command -v openssl)" | grep -q libssl || skip "openssl not linked with libssl"
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=sonde -days 1 \
	-keyout "$T/key.pem" -out "$T/cert.pem" 2>/dev/null || skip "cannot make a certificate"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
tool_start sslsnoop
# s_server ends the session when its stdin ends: keep it open for a while.
sleep 3 | openssl s_server -quiet -naccept 1 -accept "127.0.0.1:$port" \
	-cert "$T/cert.pem" -key "$T/key.pem" >"$T/server.out" 2>/dev/null &
server=$!
sleep 0.5
(sleep 0.3; echo sonde-tls-line; sleep 0.5) | openssl s_client -quiet -connect "127.0.0.1:$port" >/dev/null 2>&1
kill $server 2>/dev/null
wait $server 2>/dev/null
settle
tool_stop
expect_match "SSL_write row" "$(output)" '^[0-9]+ +[0-9]+ +openssl +SSL_write(_ex)? +(15|1) +[0-9]+$'
expect_match "SSL_read row" "$(output)" '^[0-9]+ +[0-9]+ +openssl +SSL_read(_ex)? +-?[0-9]+ +[0-9]+$'
finish
