#!/bin/sh
# Ctrl-C while the traced event fires at a high rate: syscount and
# opensnoop under an open() loop, execsnoop under a fork/exec loop, runqlat
# under both.  Each must exit 0 within one second of SIGINT, with its
# report (syscount, runqlat) or its rows (opensnoop, execsnoop) printed.
. "$(dirname "$0")/tool_lib"
need_workload

# load KIND: start a workload loop in the background (LOAD_PID).
load() {
	case $1 in
	open) "$WORKLOAD" open /nonexistent-sonde-stop 100000000 >/dev/null 2>&1 & ;;
	exec) "$WORKLOAD" exec 100000000 >/dev/null 2>&1 & ;;
	esac
	LOAD_PID=$!
}

unload() {
	kill "$LOAD_PID" 2>/dev/null
	wait "$LOAD_PID" 2>/dev/null
}

# under KIND TOOL [OPTIONS...]: run TOOL under the load for a second, stop it.
under() {
	kind=$1
	shift
	load "$kind"
	tool_start "$@" || { unload; return 1; }
	sleep 1
	tool_stop
	unload
}

under open syscount
expect_match "syscount report under an open() flood" "$(output)" '^openat +[0-9]{4,}$'

under open opensnoop -n workload
expect_match "opensnoop rows under an open() flood" "$(output)" \
	'^[0-9]+ +workload +-1 +2 [0-7]+ +/nonexistent-sonde-stop$'

under exec execsnoop
# The helper's children exec a string constant of a page they have not
# touched since the fork: unreadable at the exec's entry (see --help).
expect_match "execsnoop rows under an exec flood" "$(output)" '^true +[0-9]+ +[0-9]+ +0 ?(/bin/true)?$'

under exec runqlat
expect_match "runqlat histogram under an exec flood" "$(output)" '^\[[0-9]+, [0-9]+\) +[0-9]+ \|@*'
finish
