#!/bin/sh
# The real components the export tests run against, from Debian: the
# Prometheus server and promtool, the Pushgateway, node_exporter, OpenSSL's
# command line (test certificates), curl and the Go toolchain (go tool
# pprof reads the profiles).  Installed when missing (root).
set -e
missing=""
for p in prometheus prometheus-pushgateway prometheus-node-exporter golang-go \
	 protobuf-compiler openssl curl libcrypt-dev clang-14; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "export setup: need root to install:$missing" >&2
	exit 1
fi
echo "export setup: installing$missing"
apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing >/dev/null
