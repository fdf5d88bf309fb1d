#!/bin/sh
# Compare sonde and bpftrace in the same run (root; see bench/README.md).
#
#   sh bench/run.sh [-n RUNS] [-e EVENTS]
#
#   1. start-up: `BEGIN { exit(); }` wall time (best of RUNS) and peak RSS
#   2. per-event cost of `tracepoint:raw_syscalls:sys_enter { @[comm] =
#      count(); }` under EVENTS getppid calls: run_time_ns / run_cnt from
#      kernel.bpf_stats_enabled, and the xlated instruction count
#   3. installed footprint: the binary plus every shared library ldd lists
#
# Ratios are sonde / bpftrace: below 1 means sonde is smaller or faster.

cd "$(dirname "$0")/.." || exit 2
RUNS=10
EVENTS=200000
while getopts n:e: opt; do
	case $opt in
	n) RUNS=$OPTARG ;;
	e) EVENTS=$OPTARG ;;
	*) echo "usage: $0 [-n RUNS] [-e EVENTS]" >&2; exit 2 ;;
	esac
done

SONDE=${SONDE:-$PWD/sonde}
BPFTRACE=${BPFTRACE:-$(command -v bpftrace)}
WORKLOAD=${WORKLOAD:-$PWD/build/tests/workload}
TMP=$(mktemp -d /tmp/sonde-bench.XXXXXX) || exit 2
TOOL_PID=
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
	mkdir -p build/tests
	${CC:-gcc} -O1 -g -fno-omit-frame-pointer -o "$WORKLOAD" tests/workload.c || exit 1
fi

TOOLS=""
[ -x "$SONDE" ] && TOOLS="$TOOLS sonde"
[ -n "$BPFTRACE" ] && [ -x "$BPFTRACE" ] && TOOLS="$TOOLS bpftrace"
[ -z "$TOOLS" ] && { echo "bench: neither sonde nor bpftrace found" >&2; exit 1; }

tool_path() {
	if [ "$1" = sonde ]; then echo "$SONDE"; else echo "$BPFTRACE"; fi
}

now_ns() {
	date +%s%N
}

# ratio A B: A / B with 2 decimals, or n/a
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "" || b == "" || a == "n/a" || b == "n/a" || b + 0 == 0) print "n/a";
		else printf "%.2f\n", a / b }'
}

# ---- 1. start-up ------------------------------------------------------

startup() {
	bin=$(tool_path "$1")
	best=
	i=0
	while [ $i -lt "$RUNS" ]; do
		t0=$(now_ns)
		"$bin" -e 'BEGIN { exit(); }' >/dev/null 2>&1 </dev/null
		t1=$(now_ns)
		ms=$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.1f", d / 1e6 }')
		best=$(awk -v a="$best" -v b="$ms" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }')
		i=$((i + 1))
	done
	/usr/bin/time -v "$bin" -e 'BEGIN { exit(); }' >/dev/null 2>"$TMP/time" </dev/null
	rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$TMP/time")
	eval "START_$1=\$best RSS_$1=\$rss"
}

# ---- 2. per-event cost ------------------------------------------------

# BPF program ids currently loaded, one per line.
prog_ids() {
	bpftool prog show 2>/dev/null | awk -F: '/^[0-9]+:/ { print $1 }' | sort -n
}

# Stats of the busiest program among the given ids (or owned by pid $2 when
# bpftool shows pids): "run_time_ns run_cnt xlated_insns"
prog_stats() {
	bpftool prog show 2>/dev/null | awk -v ids=" $(tr '\n' ' ' <"$1")" -v pid="$2" '
		function flush() {
			if (id != "" && (index(ids, " " id " ") || owned) && cnt >= best) {
				best = cnt; out = ns " " cnt " " insns
			}
		}
		/^[0-9]+:/ {
			flush()
			id = $1; sub(":", "", id); ns = 0; cnt = 0; insns = 0; owned = 0
			for (i = 1; i < NF; i++) {
				if ($i == "run_time_ns") ns = $(i + 1)
				if ($i == "run_cnt") cnt = $(i + 1)
			}
			next
		}
		/xlated [0-9]+B/ {
			for (i = 1; i < NF; i++)
				if ($i == "xlated") { x = $(i + 1); sub("B", "", x); insns = x / 8 }
		}
		/pids / { if (index($0, "(" pid ")")) owned = 1 }
		END { flush(); print (out == "" ? "n/a n/a n/a" : out) }'
}

event_cost() {
	name=$1
	bin=$(tool_path "$name")
	prog_ids >"$TMP/before"
	"$bin" -e 'tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }' \
		</dev/null >"$TMP/out" 2>"$TMP/err" &
	TOOL_PID=$!
	i=0
	while [ $i -lt 300 ]; do
		grep -q -E '^Attach(ed|ing) [0-9]+ probe' "$TMP/err" "$TMP/out" && break
		kill -0 "$TOOL_PID" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	sleep 1
	prog_ids >"$TMP/after"
	comm -13 "$TMP/before" "$TMP/after" >"$TMP/new"
	"$WORKLOAD" getppid "$EVENTS"
	set -- $(prog_stats "$TMP/new" "$TOOL_PID")
	kill -INT "$TOOL_PID" 2>/dev/null
	wait "$TOOL_PID" 2>/dev/null
	TOOL_PID=
	cost=$(awk -v ns="$1" -v n="$2" 'BEGIN { if (n + 0 > 0) printf "%.1f", ns / n; else print "n/a" }')
	eval "COST_$name=\$cost INSNS_$name=\$3"
}

# ---- 3. footprint -----------------------------------------------------

# Bytes of the binary and of the real files behind every library it loads.
footprint() {
	bin=$(readlink -f "$(tool_path "$1")")
	{
		echo "$bin"
		ldd "$bin" 2>/dev/null | awk '/=> \// { print $3 } /^\t\// { print $1 }'
	} | while read -r f; do readlink -f "$f"; done | sort -u >"$TMP/files"
	bytes=$(xargs stat -L -c %s <"$TMP/files" | awk '{ s += $1 } END { print s }')
	libs=$(($(wc -l <"$TMP/files") - 1))
	mib=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
	eval "FOOT_$1=\$mib LIBS_$1=\$libs"
}

OLD_STATS=$(sysctl -n kernel.bpf_stats_enabled)
sysctl -q -w kernel.bpf_stats_enabled=1
for tool in $TOOLS; do
	echo "bench: $tool ($(tool_path $tool))" >&2
	startup "$tool"
	event_cost "$tool"
	footprint "$tool"
done

get() {
	eval "echo \${$1_$2:-n/a}"
}

row() {
	printf '%-34s %12s %12s %8s\n' "$1" "$(get "$2" sonde)" "$(get "$2" bpftrace)" \
		"$(ratio "$(get "$2" sonde)" "$(get "$2" bpftrace)")"
}

echo
echo "kernel $(uname -r), $(nproc) CPUs, $RUNS runs, $EVENTS events"
printf '%-34s %12s %12s %8s\n' "measure" "sonde" "bpftrace" "ratio"
row "BEGIN { exit(); } wall ms (best)" START
row "BEGIN { exit(); } peak RSS KiB" RSS
row "sys_enter count() ns/event" COST
row "sys_enter count() xlated insns" INSNS
row "installed footprint MiB" FOOT
row "shared libraries" LIBS
