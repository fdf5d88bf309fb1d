#!/bin/sh
# bashreadline: a line typed into an interactive bash through a pty.
. "$(dirname "$0")/tool_lib"
command -v python3 >/dev/null || skip "python3 missing"
[ -x /bin/bash ] || skip "no /bin/bash"
nm -D /bin/bash 2>/dev/null | grep -q ' T readline$' || skip "/bin/bash has no readline symbol"
tool_start bashreadline
python3 - <<'PY'
import os, pty, time
pid, fd = pty.fork()
if pid == 0:
    os.execv("/bin/bash", ["bash", "--norc", "--noprofile", "-i"])
time.sleep(0.3)
os.write(fd, b"echo sonde-readline-test\n")
time.sleep(0.3)
os.write(fd, b"exit\n")
end = time.time() + 3
while time.time() < end:
    try:
        if not os.read(fd, 1024):
            break
    except OSError:
        break
os.waitpid(pid, 0)
PY
settle
tool_stop
expect_match "readline row" "$(output)" '^[0-9:]{8} [0-9]+ +echo sonde-readline-test$'
finish
