#!/bin/sh
# Host set-up for building and running sonde.
#   setup.sh deps    install the Debian packages the build needs, when missing
#   setup.sh mounts  mount tracefs and bpffs when absent (needs root)
#   setup.sh record [DIR]  what the record tests use (babeltrace2, protoc,
#                    chromium, node) and DevTools' trace engine from npm in DIR
set -e

need_pkgs() {
	missing=""
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	echo "setup: installing$missing"
	if [ "$(id -u)" != 0 ]; then
		echo "setup: need root to install:$missing" >&2
		exit 1
	fi
	apt-get update -q >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null
}

case "$1" in
deps)
	need_pkgs gcc make libbpf-dev libelf-dev libdw-dev zlib1g-dev pkg-config systemtap-sdt-dev bpftool \
		libssl-dev libcrypt-dev
	;;
record)
	# What the record tests check exports with: babeltrace2 (CTF), protoc
	# (Perfetto), chromium (heat maps), node and npm for DevTools' trace
	# engine (Chrome JSON), installed under build/npm.
	need_pkgs babeltrace2 protobuf-compiler chromium jq
	# a node that came with its own npm (not Debian's) is kept as it is
	command -v node >/dev/null 2>&1 || need_pkgs nodejs
	command -v npm >/dev/null 2>&1 || need_pkgs npm
	dir=${2:-build/npm}
	if ! [ -f "$dir/node_modules/@paulirish/trace_engine/package.json" ]; then
		mkdir -p "$dir"
		npm install --prefix "$dir" --no-audit --no-fund --silent \
			@paulirish/trace_engine@0.0.65 >/dev/null
	fi
	;;
mounts)
	[ "$(id -u)" = 0 ] || exit 0
	if ! [ -e /sys/kernel/tracing/events ]; then
		mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null ||
			echo "setup: could not mount tracefs at /sys/kernel/tracing" >&2
	fi
	if ! mount | grep -q ' /sys/fs/bpf type bpf'; then
		mount -t bpf bpf /sys/fs/bpf 2>/dev/null ||
			echo "setup: could not mount bpffs at /sys/fs/bpf" >&2
	fi
	;;
*)
	echo "usage: setup.sh deps|mounts|record" >&2
	exit 2
	;;
esac
