#!/bin/sh
# uaddr() in a shared library, per event: a uprobe on a library function
# reading *uaddr("lib_value") while a PIE linked with it calls the function
# EVENTS times, after making MAPS extra one-page mappings (a large process
# has hundreds to thousands).  ns/event is the program's run_time_ns /
# run_cnt from its fd's fdinfo (kernel.bpf_stats_enabled on for the run).
#
#   sudo sh bench/uaddr.sh [MAPS...]     (default: 0 200 1000)
#
# SONDE (default ./sonde) and EVENTS (200000; a tenth of it from 1000
# mappings up, where the walk before the base cache took 200 µs an event).
set -e
SONDE=${SONDE:-./sonde}
EVENTS=${EVENTS:-200000}
TMP=$(mktemp -d /tmp/sonde-bench-uaddr.XXXXXX)
old_stats=$(sysctl -n kernel.bpf_stats_enabled)
trap 'sysctl -q kernel.bpf_stats_enabled="$old_stats"; rm -rf "$TMP"' EXIT
cat >"$TMP/lib.c" <<'SRC'
int lib_value = 7;
__attribute__((noinline)) int lib_touch(int x) { return x + lib_value; }
SRC
cat >"$TMP/main.c" <<'SRC'
#include <stdlib.h>
#include <sys/mman.h>
int lib_touch(int x);
int main(int argc, char **argv)
{
	int maps = atoi(argv[1]);
	long n = atol(argv[2]), s = 0;

	for (int i = 0; i < maps; i++)	/* alternating rights: no merging */
		mmap(NULL, 4096, (i & 1) ? PROT_READ : PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (long i = 0; i < n; i++)
		s += lib_touch((int)i);
	return s == 42;
}
SRC
${CC:-gcc} -O1 -shared -fPIC -o "$TMP/libuaddr.so" "$TMP/lib.c"
${CC:-gcc} -O1 -fPIE -pie -o "$TMP/main" "$TMP/main.c" -L"$TMP" -luaddr -Wl,-rpath,"$TMP"
sysctl -q kernel.bpf_stats_enabled=1
echo "extra mappings   events   ns/event"
for maps in ${*:-0 200 1000}; do
	n=$EVENTS
	[ "$maps" -ge 1000 ] && n=$((EVENTS / 10))
	"$SONDE" -e "uprobe:$TMP/libuaddr.so:lib_touch { @ = sum(*uaddr(\"lib_value\")); }" \
		</dev/null >"$TMP/out" 2>"$TMP/err" &
	pid=$!
	i=0
	while ! grep -q Attached "$TMP/err" && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	"$TMP/main" "$maps" "$n"
	for f in /proc/$pid/fdinfo/*; do grep -q '^prog_type' "$f" && cat "$f"; done |
		awk -v maps="$maps" '/^run_time_ns/ { ns += $2 } /^run_cnt/ { cnt += $2 }
			END { printf "%14d %8d %10.1f\n", maps, cnt, cnt ? ns / cnt : 0 }'
	kill -INT "$pid"
	wait "$pid" || true
done
