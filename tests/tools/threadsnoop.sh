#!/bin/sh
# threadsnoop: a thread a python process starts.
. "$(dirname "$0")/tool_lib"
command -v python3 >/dev/null || skip "python3 missing"
need_tracepoint task:task_newtask
tool_start threadsnoop
python3 -c 'import os, threading
t = threading.Thread(target=lambda: None); t.start(); t.join()
print(os.getpid())' >"$T/pypid"
settle
tool_stop
expect_match "thread row" "$(output)" "^$(cat "$T/pypid") +python3 +[0-9]+\$"
finish
