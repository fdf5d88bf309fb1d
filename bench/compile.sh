# Issue 3 (sourced by bench/run.sh): compile time of a 200-line script and
# the per-event cost of a string-keyed map.
#
#   1. bench/compile200.bt (structs through BTF, tuples, loops, 11 probes,
#      exit() in BEGIN) run to completion: wall ms (best of RUNS), peak RSS
#   2. `tracepoint:syscalls:sys_enter_openat { @[comm, str(args->filename)]
#      = count(); }` under EVENTS openat calls: ns/event, xlated insns.
#      `->` is the spelling bpftrace 0.17 needs; sonde takes `.` and `->`.

section_compile() {
	for tool in $TOOLS; do
		echo "bench: compile: $tool" >&2
		wall_and_rss "$tool" COMPILE CRSS "$PWD/bench/compile200.bt"
		event_cost "$tool" OPEN \
			'tracepoint:syscalls:sys_enter_openat { @[comm, str(args->filename)] = count(); }' \
			"$WORKLOAD" open /etc/hostname "$EVENTS"
	done
	header "issue 3: 200-line script, str() map key"
	row "compile200.bt wall ms (best)" COMPILE
	row "compile200.bt peak RSS KiB" CRSS
	row "openat @[comm, str()] ns/event" COSTOPEN
	row "openat @[comm, str()] xlated insns" INSNSOPEN
}
