#!/bin/sh
# Compile time against program size: the front end must stay linear.
#
#   sh bench/compile_scale.sh [N]        (N statements/definitions, default 100000)
#
# Writes four generated programs of N items into a temporary directory and
# compiles each without loading anything (sonde --dump to /dev/null;
# bpftrace -d, its dry run, to /dev/null), printing wall seconds and peak
# RSS.  A peer run longer than PEER_LIMIT seconds (default 120) is cut and
# shown as "> LIMIT".
#
#   defines     N #define lines, one used
#   probes      N probes, each with a map of its own
#   statements  one probe of N statements ($v = $v + i)
#   sum10k      one probe of N/10 statements, for the scaling ratio
cd "$(dirname "$0")/.." || exit 2
. bench/lib.sh
N=${1:-100000}
PEER_LIMIT=${PEER_LIMIT:-120}
DIR=$(mktemp -d /tmp/sonde-scale.XXXXXX) || exit 2
trap 'rm -rf "$DIR"' EXIT

awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++) printf "#define M%d %d\n", i, i;
	printf "BEGIN { @x = M%d; exit(); }\n", n - 1 }' >"$DIR/defines.bt"
awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++) printf "BEGIN { @m%d = %d; }\n", i, i }' \
	>"$DIR/probes.bt"
awk -v n="$N" 'BEGIN { print "BEGIN { $v = 0;"; for (i = 0; i < n; i++) printf "$v = $v + %d;\n", i;
	print "@v = $v; }" }' >"$DIR/statements.bt"
awk -v n="$((N / 10))" 'BEGIN { print "BEGIN { $v = 0;"; for (i = 0; i < n; i++) printf "$v = $v + %d;\n", i;
	print "@v = $v; }" }' >"$DIR/sum10k.bt"

# run TOOL FILE: "SECONDS RSS_KIB STATUS"
run() {
	if [ "$1" = sonde ]; then
		set -- /usr/bin/time -f '%e %M' -o "$DIR/time" timeout "$PEER_LIMIT" "$SONDE" --dump "$2"
	else
		set -- /usr/bin/time -f '%e %M' -o "$DIR/time" timeout "$PEER_LIMIT" "$BPFTRACE" -d "$2"
	fi
	"$@" >/dev/null 2>"$DIR/err"
	status=$?
	if [ $status = 124 ]; then
		echo "> $PEER_LIMIT - timeout"
	else
		echo "$(tail -n 1 "$DIR/time") $status"
	fi
}

printf '%-12s %8s | %-22s | %-22s\n' program items "sonde s, RSS KiB, exit" "bpftrace s, RSS KiB, exit"
for p in defines probes statements sum10k; do
	items=$N
	[ $p = sum10k ] && items=$((N / 10))
	s=$(run sonde "$DIR/$p.bt")
	b=n/a
	[ -n "$BPFTRACE" ] && b=$(run bpftrace "$DIR/$p.bt")
	printf '%-12s %8s | %-22s | %-22s\n' "$p" "$items" "$s" "$b"
done
