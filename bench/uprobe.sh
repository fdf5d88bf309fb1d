# Issue 4 (sourced by bench/run.sh): per-event cost of a uretprobe and of
# a USDT probe.
#
#   1. `uretprobe:WORKLOAD:add_one { @ = sum(retval); }` while the workload
#      makes EVENTS calls of add_one()
#   2. `usdt:USDT_WORKLOAD:sonde:reg { @a = sum(arg0); @b = sum(arg1); }`
#      while usdt_workload fires EVENTS rounds (one sonde:reg per round)
# Both report ns/event (run_time_ns / run_cnt) and xlated instructions.
# The cost is the program's own: the uprobe trap itself (a few µs) is the
# same for both tools and is not in run_time_ns.

section_uprobe() {
	if ! [ -x "$USDT_WORKLOAD" ] || [ tests/usdt_workload.c -nt "$USDT_WORKLOAD" ]; then
		${CC:-gcc} -O1 -g -fno-omit-frame-pointer -o "$USDT_WORKLOAD" \
			tests/usdt_workload.c || echo "bench: no usdt_workload (sys/sdt.h?)" >&2
	fi
	for tool in $TOOLS; do
		echo "bench: uprobe: $tool" >&2
		event_cost "$tool" URET "uretprobe:$WORKLOAD:add_one { @ = sum(retval); }" \
			"$WORKLOAD" add "$EVENTS"
		event_cost "$tool" USDT \
			"usdt:$USDT_WORKLOAD:sonde:reg { @a = sum(arg0); @b = sum(arg1); }" \
			"$USDT_WORKLOAD" fire "$EVENTS"
	done
	header "issue 4: uretprobe and USDT per event"
	row "uretprobe sum(retval) ns/event" COSTURET
	row "uretprobe sum(retval) xlated insns" INSNSURET
	row "usdt arg0+arg1 ns/event" COSTUSDT
	row "usdt arg0+arg1 xlated insns" INSNSUSDT
}
