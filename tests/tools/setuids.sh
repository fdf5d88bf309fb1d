#!/bin/sh
# setuids: a setresuid() call with its arguments and result.
. "$(dirname "$0")/tool_lib"
command -v python3 >/dev/null || skip "python3 missing"
need_tracepoint syscalls:sys_enter_setresuid
tool_start setuids
python3 -c 'import os; os.setresuid(-1, 0, -1); print(os.getpid())' >"$T/pypid"
settle
tool_stop
expect_match "setresuid row" "$(output)" \
	"^$(cat "$T/pypid") +python3 +0 +setresuid +ruid=-1 euid=0 suid=-1 \\(0\\)\$"
finish
