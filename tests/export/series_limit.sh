#!/bin/sh
# The series limit on a map keyed by pid: ten processes, --max-series 4:
# four series exported, six keys counted in sonde_series_dropped, the
# kernel map holding all ten.  Then the script deletes the keys: with
# --series-ttl 1 the counters leave the exposition, a gauge at once.
. "$(dirname "$0")/lib_export.sh"
need_root
need_workload
need_helper
own_workload

serve_start --listen 127.0.0.1:0 --max-series 4 --series-ttl 1 -e "
tracepoint:syscalls:sys_enter_getppid /comm == \"$WL\"/ { @bypid[pid] = count(); @last[pid] = nsecs; }
tracepoint:syscalls:sys_enter_clock_nanosleep /comm == \"$WL\"/ { clear(@bypid); clear(@last); }" || exit 1
i=0
while [ $i -lt 10 ]; do
	workload getppid 3
	i=$((i + 1))
done
sleep 0.5
scrape >"$T/m.txt"
expect_eq "series exported" "$(grep -c '^sonde_bypid_total{pid=' "$T/m.txt")" 4
expect_eq "each counts 3" "$(grep '^sonde_bypid_total{pid=' "$T/m.txt" | awk '{ print $2 }' | sort -u)" 3
expect_eq "keys left out" "$(metric_value 'sonde_series_dropped{program="program1",map="@bypid"}' "$T/m.txt")" 6
expect_eq "keys in the kernel map" "$(metric_value 'sonde_map_keys{program="program1",map="@bypid"}' "$T/m.txt")" 10
expect_eq "gauge series" "$(grep -c '^sonde_last{pid=' "$T/m.txt")" 4
workload sleep 1 1
sleep 2.5
scrape >/dev/null	# the first read without the keys
sleep 1.5
scrape >"$T/m2.txt"
expect_eq "counters gone after the ttl" "$(grep -c '^sonde_bypid_total{' "$T/m2.txt")" 0
expect_eq "gauges gone at once" "$(grep -c '^sonde_last{' "$T/m2.txt")" 0
expect_eq "nothing left out" "$(metric_value 'sonde_series_dropped{program="program1",map="@bypid"}' "$T/m2.txt")" 0
serve_stop
expect_eq "exit status after SIGTERM" "$SERVE_STATUS" 0
finish
