#!/bin/sh
# Compare sonde and bpftrace in the same run (root; see bench/README.md).
#
#   sh bench/run.sh [-n RUNS] [-e EVENTS] [-s SECTIONS]
#
# SECTIONS is a comma-separated list (default startup,compile,uprobe,wildcard):
#   startup   issue 2: `BEGIN { exit(); }` wall time and peak RSS, per-event
#             cost of a raw_syscalls count(), installed footprint (bench/startup.sh)
#   compile   issue 3: a 200-line script, a str()-keyed map (bench/compile.sh)
#   uprobe    issue 4: uretprobe and USDT per-event cost (bench/uprobe.sh)
#   record    issue 13: sonde record vs perf record: events/s, losses, bytes
#             per event and per context switch (bench/record.sh)
#   wildcard  issue 4: uprobes on every libc function: attach and detach
#             time (bench/wildcard.sh; minutes, most of them bpftrace's)
#   syscalls  issue 18: tracepoint:syscalls:sys_enter_*: attach, teardown,
#             tracefs stalls, sonde with and without the raw_syscalls merge
#             (bench/syscalls.sh; not in the default list: a few minutes)
#   flood     issue 11: printf floods to a file, a pipe and JSON, and a
#             500k events/s stream: printed, lost, slowdown, CPU, RSS
#             (bench/flood.sh; not in the default list: a few minutes)
#
# Ratios are sonde / bpftrace: below 1 means sonde is smaller or faster.

cd "$(dirname "$0")/.." || exit 2
SECTIONS=startup,compile,uprobe,wildcard
while getopts n:e:s: opt; do
	case $opt in
	n) RUNS=$OPTARG ;;
	e) EVENTS=$OPTARG ;;
	s) SECTIONS=$OPTARG ;;
	*) echo "usage: $0 [-n RUNS] [-e EVENTS] [-s SECTIONS]" >&2; exit 2 ;;
	esac
done

. bench/lib.sh
TMP=$(mktemp -d /tmp/sonde-bench.XXXXXX) || exit 2
TOOL_PID=
OLD_STATS=
cleanup() {
	[ -n "$TOOL_PID" ] && kill -KILL "$TOOL_PID" 2>/dev/null
	[ -n "$OLD_STATS" ] && sysctl -q -w kernel.bpf_stats_enabled="$OLD_STATS"
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$(id -u)" != 0 ]; then
	echo "bench: needs root (BPF programs, bpf_stats_enabled)" >&2
	exit 1
fi
if ! [ -x /usr/bin/time ]; then
	echo "bench: installing GNU time for peak RSS"
	apt-get install -y -q time >/dev/null 2>&1 ||
		{ apt-get update -q >/dev/null && apt-get install -y -q time >/dev/null; }
fi
if ! [ -x "$WORKLOAD" ] || [ tests/workload.c -nt "$WORKLOAD" ]; then
	mkdir -p "$(dirname "$WORKLOAD")"
	${CC:-gcc} -O1 -g -fno-omit-frame-pointer -o "$WORKLOAD" tests/workload.c || exit 1
fi

if [ -z "$BPFTRACE" ] || ! [ -x "$BPFTRACE" ]; then
	echo "bench: installing bpftrace, the reference"
	apt-get install -y -q bpftrace >/dev/null 2>&1 ||
		{ apt-get update -q >/dev/null && apt-get install -y -q bpftrace >/dev/null; }
	BPFTRACE=$(command -v bpftrace)
fi

TOOLS=""
[ -x "$SONDE" ] && TOOLS="$TOOLS sonde"
[ -n "$BPFTRACE" ] && [ -x "$BPFTRACE" ] && TOOLS="$TOOLS bpftrace"
[ -z "$TOOLS" ] && { echo "bench: neither sonde nor bpftrace found" >&2; exit 1; }

OLD_STATS=$(sysctl -n kernel.bpf_stats_enabled)
sysctl -q -w kernel.bpf_stats_enabled=1

echo "kernel $(uname -r), $(nproc) CPUs, $RUNS runs, $EVENTS events, $(date -u +%F)"
for s in $(echo "$SECTIONS" | tr ',' ' '); do
	case $s in
	startup | compile | uprobe | wildcard | syscalls | record | flood)
		. "bench/$s.sh"
		"section_$s"
		;;
	*) echo "bench: unknown section $s" >&2; exit 2 ;;
	esac
done
