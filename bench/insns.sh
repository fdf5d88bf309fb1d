#!/bin/sh
# Instructions of each loaded program, after the verifier (xlated), for
# comparing two builds of the code generator:
#
#   sh bench/insns.sh SONDE SCRIPT.bt
#
# Prints "prog ID xlated-instructions" per program, in load order, then
# the total.  exit() is taken out of BEGIN so that every probe stays attached
# while bpftool reads them; the run stops after a few seconds.  Root.
SONDE=${1:?usage: insns.sh SONDE SCRIPT.bt}
SCRIPT=${2:?usage: insns.sh SONDE SCRIPT.bt}
TMP=$(mktemp -d /tmp/sonde-insns.XXXXXX) || exit 2
trap 'rm -rf "$TMP"' EXIT
sed 's/exit();//' "$SCRIPT" >"$TMP/prog.bt"
"$SONDE" --timeout 30 "$TMP/prog.bt" >"$TMP/out" 2>"$TMP/err" &
pid=$!
i=0
while [ $i -lt 250 ] && ! grep -q '^Attached' "$TMP/err"; do
	sleep 0.1
	i=$((i + 1))
done
# the programs this sonde holds: prog_id in the fdinfo of its fds (links too)
for fd in /proc/$pid/fdinfo/*; do
	sed -n 's/^prog_id:[[:space:]]*//p' "$fd" 2>/dev/null
done | sort -n -u >"$TMP/ids"
while read -r id; do
	bpftool prog show id "$id" 2>/dev/null |
		awk -v id="$id" '/xlated [0-9]+B/ { for (i = 1; i < NF; i++) if ($i == "xlated") { x = $(i + 1); sub("B", "", x); print id, x / 8 } }'
done <"$TMP/ids" | awk '{ print "prog", $1, $2; total += $2 } END { print "total", total }'
kill -INT $pid 2>/dev/null
wait $pid 2>/dev/null
