#!/bin/sh
# sonde serve under valgrind: scrapes in both formats, a script's clear()
# (the exporter banks the map from the runner thread), a malformed
# request, then SIGTERM: no memory error and no leak.  The suppressions
# of libbpf's bpf(2) attributes are tests/kernel/robust_valgrind.sh's.
# The sonde-detach child (a fork that only closes perf events and exits)
# is not checked: glibc leaves the thread stacks of a forked process's
# other threads looking "possibly lost" there.
. "$(dirname "$0")/lib_export.sh"
need_root
need_workload
need_helper
need_cmd valgrind valgrind
own_workload

sed -n "/^cat >\"\$T\/bpf.supp\" <<'SUPP'\$/,/^SUPP\$/p" "$ROOT/tests/kernel/robust_valgrind.sh" |
	sed '1d;$d' >"$T/bpf.supp"
[ -s "$T/bpf.supp" ] || skip "no suppressions found in tests/kernel/robust_valgrind.sh"
SONDE_WRAP="valgrind --leak-check=full --show-leak-kinds=definite,indirect,possible
	--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99
	--suppressions=$T/bpf.supp --log-file=$T/valgrind.log --child-silent-after-fork=yes"
serve_start --listen 127.0.0.1:0 -e "
tracepoint:syscalls:sys_enter_getppid /comm == \"$WL\"/ { @c[comm] = count(); @h = hist(args.__syscall_nr); @s = stats(2); }
tracepoint:syscalls:sys_enter_clock_nanosleep /comm == \"$WL\"/ { clear(@c); }" || exit 1
workload getppid 20
workload sleep 1 1
sleep 2
workload getppid 5
scrape >"$T/m.txt"
scrape -H 'Accept: application/openmetrics-text;version=1.0.0' >/dev/null
printf 'GET /x HTTP/9\r\n\r\n' | "$HELPER" send "${SERVE_ADDR##*:}" >/dev/null
expect_eq "counter across clear()" "$(metric_value "sonde_c_total{comm=\"$WL\"}" "$T/m.txt")" 25
serve_stop
expect_eq "exit status after SIGTERM" "$SERVE_STATUS" 0
summary=$(grep -E 'ERROR SUMMARY|definitely lost|indirectly lost|possibly lost|All heap blocks' "$T/valgrind.log")
log "valgrind: $(echo "$summary" | tr '\n' ';')"
expect_match "valgrind errors" "$summary" 'ERROR SUMMARY: 0 errors'
if echo "$summary" | grep -q -E '(definitely|indirectly|possibly) lost: [1-9]'; then
	fail "leaks:"
	grep -A 12 'lost in loss record' "$T/valgrind.log" | head -n 40 | sed 's/^/    /'
fi
finish
