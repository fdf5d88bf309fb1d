#!/bin/sh
# execsnoop: an exec with its whole argv, return code and parent pid; more
# than 8 arguments end in "..."; a failed exec with -x.
. "$(dirname "$0")/tool_lib"
need_tracepoint syscalls:sys_enter_execve
tool_start execsnoop
/bin/echo sonde-exec-test "two words" three >/dev/null
/bin/echo sonde-exec-many 2 3 4 5 6 7 8 9 >/dev/null
settle
tool_stop
expect_match "row of 10 arguments" "$(output)" \
	"^echo +[0-9]+ +$$ +0 /bin/echo sonde-exec-many 2 3 4 5 6 7 ...\$"
expect_match "exec row" "$(output)" "^echo +[0-9]+ +$$ +0 /bin/echo sonde-exec-test two words three\$"
expect_match "header" "$(output)" '^PCOMM +PID +PPID +RET ARGS$'

tool_start execsnoop -x -T
/nonexistent/sonde-exec-fail 2>/dev/null
/bin/true
settle
tool_stop
expect_match "failed exec row" "$(output)" "^[0-9:]{8} .* +$$ +-2 /nonexistent/sonde-exec-fail\$"
if output | grep -q ' /bin/true$'; then
	fail "-x printed a successful exec"
fi
finish
