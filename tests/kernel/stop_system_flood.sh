#!/bin/sh
# Ctrl-C while system() floods: each sched_switch runs a shell, whose own
# switches queue more.  Records that each take milliseconds must not keep
# the drain after the signal going: sonde stops within seconds, and END
# still runs.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_tracepoint sched:sched_switch

sonde_start --unsafe -e 'tracepoint:sched:sched_switch { system("echo foo"); }
END { printf("end\n"); }' || finish
sleep 2
start=$(date +%s%N)
sonde_stop INT
ms=$((($(date +%s%N) - start) / 1000000))
expect_status 0
# END's line comes after every command's (the lost-events line may follow)
expect_eq "END ran after the commands" "$(grep -E '^(foo|end)$' "$T/stdout" | tail -n 1)" "end"
expect_range "ms to stop" "$ms" 0 5000
expect_range "commands run" "$(grep -c '^foo$' "$T/stdout")" 1 100000000
finish
