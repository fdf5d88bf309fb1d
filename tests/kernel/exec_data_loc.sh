#!/bin/sh
# tracepoint:sched:sched_process_exec: the __data_loc filename field read
# with str(), five execs of /bin/true.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint sched:sched_process_exec

# the workload's own children only (others may run /bin/true too)
spawn_workload exec 5
sonde_start -e 'tracepoint:sched:sched_process_exec /comm == "true" && curtask->real_parent->tgid == '"$SPAWNED"'/ { @[str(args.filename)] = count(); }' || finish
resume "$SPAWNED"
sonde_stop INT
expect_status 0
expect_eq "@[/bin/true]" "$(map_value '@[/bin/true]')" 5
finish
