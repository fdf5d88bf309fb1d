#!/bin/sh
# Built-in tools against bpftrace's own tools, in the same run (root):
#
#   sh bench/tools_startup.sh [-n RUNS] [-e OPENS]    (-e 0: startup only)
#
# 1. Startup to first event: `sonde execsnoop` and Debian's
#    /usr/sbin/execsnoop.bt are started while a helper process execs
#    /bin/true with a marker argument in a loop (every ~1.5 ms); the figure is
#    the wall time from the tracer's start to the first output line holding
#    the marker (best and median of RUNS), and their ratio.
# 2. Per-event cost of opensnoop: `sonde opensnoop` and
#    /usr/sbin/opensnoop.bt while the workload helper makes OPENS
#    openat() calls; with kernel.bpf_stats_enabled=1 the kernel accounts the
#    run time of the tracer's programs, and the figure is their total
#    run_time_ns divided by OPENS (entry and return programs together).
#
# SONDE=, BPFTRACE= and WORKLOAD= override the binaries.  Results: see the
# "Built-in tools" section of bench/README.md.
cd "$(dirname "$0")/.." || exit 2
RUNS=5
OPENS=200000
while getopts n:e: opt; do
	case $opt in
	n) RUNS=$OPTARG ;;
	e) OPENS=$OPTARG ;;
	*) echo "usage: $0 [-n RUNS] [-e OPENS]" >&2; exit 2 ;;
	esac
done
SONDE=${SONDE:-$PWD/sonde}
BPFTRACE=${BPFTRACE:-$(command -v bpftrace)}
WORKLOAD=${WORKLOAD:-$PWD/build/tests/workload}
TMP=$(mktemp -d /tmp/sonde-tbench.XXXXXX) || exit 2
OLD_STATS=
cleanup() {
	[ -n "$OLD_STATS" ] && sysctl -q -w kernel.bpf_stats_enabled="$OLD_STATS"
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" = 0 ] || { echo "bench: needs root" >&2; exit 1; }
command -v python3 >/dev/null || { echo "bench: needs python3" >&2; exit 1; }
command -v bpftool >/dev/null || { echo "bench: needs bpftool" >&2; exit 1; }
if ! [ -x "$WORKLOAD" ] || [ tests/workload.c -nt "$WORKLOAD" ]; then
	mkdir -p "$(dirname "$WORKLOAD")"
	${CC:-gcc} -O1 -g -fno-omit-frame-pointer -o "$WORKLOAD" tests/workload.c || exit 1
fi

# first_event.py CMD...: ms from starting CMD to its first stdout line that
# holds the marker.  A separate process execs /bin/true MARKER in a loop
# from before the start (one every ~1.5 ms: a fork, an exec and a 1 ms
# sleep, so it leaves the CPUs to the tracer), and the figure is the
# tracer's start-up plus at most one loop period.
cat >"$TMP/first_event.py" <<'PY'
import os, select, signal, subprocess, sys, time
marker = "sonde-bench-%d" % os.getpid()
loop = ("import os, sys, time\n"
        "while True:\n"
        "    os.waitpid(os.posix_spawn('/bin/true', ['/bin/true', sys.argv[1]], {}), 0)\n"
        "    time.sleep(0.001)\n")
looper = subprocess.Popen([sys.executable, "-c", loop, marker])
time.sleep(0.3)
t0 = time.monotonic()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
buf, found = b"", None
while found is None and time.monotonic() - t0 < 60:
    r, _, _ = select.select([p.stdout], [], [], 1)
    if r:
        chunk = os.read(p.stdout.fileno(), 65536)
        if not chunk:
            break
        buf += chunk
        if marker.encode() in buf:
            found = time.monotonic()
looper.kill()
looper.wait()
p.send_signal(signal.SIGINT)
try:
    p.wait(10)
except subprocess.TimeoutExpired:
    p.kill()
print("%.1f" % ((found - t0) * 1000) if found else "n/a")
PY

# stats MS...: "best median" of the numbers.
stats() {
	printf '%s\n' "$@" | grep -v n/a | sort -n |
		awk '{ v[NR] = $1 } END { if (!NR) print "n/a n/a"; else print v[1], v[int((NR + 1) / 2)] }'
}

# startup: RUNS rounds, each timing sonde then bpftrace (so that load from
# elsewhere hits both alike); best and median of each, and sonde/bpftrace.
startup() {
	sonde_ms=""
	bt_ms=""
	i=0
	while [ $i -lt "$RUNS" ]; do
		sonde_ms="$sonde_ms $(python3 "$TMP/first_event.py" "$SONDE" execsnoop)"
		[ -n "$HAVE_BT" ] &&
			bt_ms="$bt_ms $(python3 "$TMP/first_event.py" "$BPFTRACE" /usr/sbin/execsnoop.bt)"
		i=$((i + 1))
	done
	# shellcheck disable=SC2086
	s=$(stats $sonde_ms)
	echo "  sonde execsnoop        $s"
	[ -n "$HAVE_BT" ] || return 0
	# shellcheck disable=SC2086
	b=$(stats $bt_ms)
	echo "  bpftrace execsnoop.bt  $b"
	echo "$s $b" | awk '$3 > 0 && $4 > 0 {
		printf "  sonde / bpftrace       %.3f %.3f (%.0fx, %.0fx faster)\n",
			$1 / $3, $2 / $4, $3 / $1, $4 / $2 }'
}

# prog_ids: ids of all loaded BPF programs, one a line.
prog_ids() {
	bpftool prog show 2>/dev/null | sed -n -E 's/^([0-9]+): .*/\1/p' | sort
}

# per_event NAME CMD...: ns per open for the tracer's programs.
per_event() {
	name=$1
	shift
	prog_ids >"$TMP/before"
	"$@" >/dev/null 2>&1 &
	pid=$!
	sleep 0.5
	i=0
	while [ $i -lt 300 ]; do
		prog_ids >"$TMP/after"
		[ -n "$(comm -13 "$TMP/before" "$TMP/after")" ] && break
		sleep 0.1
		i=$((i + 1))
	done
	sleep 1		# bpftrace attaches after loading
	comm -13 "$TMP/before" "$TMP/after" >"$TMP/new"
	total_before=$(run_ns)
	"$WORKLOAD" open /nonexistent-sonde-bench "$OPENS"
	total_after=$(run_ns)
	kill -INT $pid
	wait $pid 2>/dev/null
	echo "$name $(awk -v a="$total_before" -v b="$total_after" -v n="$OPENS" \
		'BEGIN { printf "%.1f", (b - a) / n }')"
}

# run_ns: total run_time_ns of the programs listed in $TMP/new.
run_ns() {
	total=0
	while read -r id; do
		ns=$(bpftool prog show id "$id" 2>/dev/null | sed -n -E 's/.* run_time_ns ([0-9]+).*/\1/p')
		total=$((total + ${ns:-0}))
	done <"$TMP/new"
	echo $total
}

HAVE_BT=
[ -x /usr/sbin/execsnoop.bt ] && [ -n "$BPFTRACE" ] && HAVE_BT=1
echo "startup to first event, ms over $RUNS runs (best median):"
startup
[ "$OPENS" = 0 ] && exit 0

OLD_STATS=$(sysctl -n kernel.bpf_stats_enabled)
sysctl -q -w kernel.bpf_stats_enabled=1
echo "opensnoop per-event cost, ns per open over $OPENS opens:"
per_event "  sonde opensnoop      " "$SONDE" opensnoop
if [ -x /usr/sbin/opensnoop.bt ] && [ -n "$BPFTRACE" ]; then
	per_event "  bpftrace opensnoop.bt" "$BPFTRACE" /usr/sbin/opensnoop.bt
fi
