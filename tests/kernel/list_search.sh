#!/bin/sh
# -l as bpftrace takes it: comma-separated searches, a wildcard provider
# with a binary, kernel types (struct/union/enum, -lv in C), a program
# file, and -p PID for the uprobes and USDT probes of a process's files.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
USDT_WORKLOAD=${USDT_WORKLOAD:-$(dirname "$WORKLOAD")/usdt_workload}
[ -x "$USDT_WORKLOAD" ] || skip "no USDT workload at $USDT_WORKLOAD"

sonde_run -l "*:$WORKLOAD:targ*"
expect_output <<OUT
uprobe:$WORKLOAD:target
uretprobe:$WORKLOAD:target
OUT

sonde_run -l 'struct task_struc?, union bpf_attr'
expect_output <<OUT
struct task_struct
union bpf_attr
OUT

sonde_run -lv 'struct list_head'
expect_output <<OUT
vmlinux: struct list_head {
	struct list_head *next;
	struct list_head *prev;
};
OUT

# timers by their unit, as -l lists them (bpftrace's form)
printf 'interval:s:1 { exit(); }\ntracepoint:sched:sched_switch { }\nprofile:hz:99 { }\n' > "$T/prog.bt"
sonde_run -l "$T/prog.bt"
expect_output <<OUT
interval:s:
tracepoint:sched:sched_switch
profile:hz:
OUT

# the short form in microseconds, as bpftrace names it (interval_parser
# turns 100ms into us:100000): -l of a program and the probe builtin
sonde_run -l -e 'interval:100ms { exit(); } profile:10ms { }'
expect_output <<OUT
interval:us:
profile:us:
OUT
sonde_run -e 'interval:100ms { print(probe); exit(); }'
expect_eq "probe of interval:100ms" "$(output | grep -v '^$')" "interval:us:100000"

# hardware and software events as -l lists them (no count), listed even
# where the kernel has no such counter (this host, the VM)
sonde_run -l -e 'hardware:cache-misses:10 { exit(); } software:cpu-clock:1000 { } tracepoint:sched:sched_switch { }'
expect_output <<OUT
hardware:cache-misses:
software:cpu-clock:
tracepoint:sched:sched_switch
OUT

sonde_run -l no_such_script.bt
expect_match "missing file" "$(cat "$T/err")" "^WARNING: It appears that 'no_such_script.bt' is a filename but the file does not exist"
# as in bpftrace, the warning says it all: matching nothing is no error then
expect_status 0
expect_eq "errors after the warning" "$(grep -c ERROR "$T/err")" 0

# a process's files: the binary and the libraries it maps
"$WORKLOAD" sleep 1 5000 &
wpid=$!
sleep 0.2
sonde_run -l 'uprobe:*' -p "$wpid"
expect_match "own function" "$(output)" "^uprobe:$WORKLOAD:target\$"
expect_match "libc function" "$(output)" '^uprobe:/.*/libc\.so\.6:malloc$'
sonde_run -l -p "$wpid"
expect_match "everything, with uprobes" "$(output)" "^uprobe:$WORKLOAD:add_one\$"
expect_match "everything, with tracepoints" "$(output)" '^tracepoint:sched:sched_switch$'
kill "$wpid"

mkfifo "$T/hold"
"$USDT_WORKLOAD" wait-fire 1 < "$T/hold" &
upid=$!
exec 3> "$T/hold"	# it waits for EOF on the fifo
sleep 0.2
sonde_run -l 'usdt:*:sonde:k*' -p "$upid"
expect_output <<OUT
usdt:$USDT_WORKLOAD:sonde:konst
OUT
exec 3>&-
wait "$upid"
finish
