#!/bin/sh
# ustack(build_id): each user frame as the file's GNU build id and the
# frame's offset in that file (what a build-id stack map records), so the
# stack can be symbolized on another machine.  stack_mode = build_id and
# BPFTRACE_STACK_MODE=build_id choose it for every ustack; with a limit it
# keeps that many frames; tuples of it (and of kstack(raw, n)) compile.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload

id=$(readelf -n "$WORKLOAD" 2>/dev/null | sed -n 's/.*Build ID: *\([0-9a-f]*\).*/\1/p')
[ -n "$id" ] || skip "the workload has no build id (readelf -n)"
# The file offset of target: its address less its section's address plus the section's offset.
off=$(python3 - "$WORKLOAD" <<'PY' 2>/dev/null
import subprocess, sys
syms = subprocess.run(["nm", sys.argv[1]], capture_output=True, text=True).stdout
addr = next(int(l.split()[0], 16) for l in syms.splitlines() if l.endswith(" target"))
for l in subprocess.run(["readelf", "-lW", sys.argv[1]], capture_output=True, text=True).stdout.splitlines():
    f = l.split()
    if f and f[0] == "LOAD":
        o, va, sz = int(f[1], 16), int(f[2], 16), int(f[5], 16)
        if va <= addr < va + sz:
            print(hex(addr - va + o))
PY
)
[ -n "$off" ] || skip "cannot find target's file offset (nm, readelf, python3)"

sonde_run -e "uprobe:$WORKLOAD:target /pid == cpid/ { print(ustack(build_id, 1)); exit(); }" \
	-c "$WORKLOAD call 1"
expect_status 0
expect_eq "one frame: build id and file offset" "$(output | grep -v '^$')" "$id $off"

sonde_run -e "config = { stack_mode = build_id }
	uprobe:$WORKLOAD:target /pid == cpid/ { printf(\"%s\", ustack(2)); exit(); }" -c "$WORKLOAD call 1"
expect_status 0
expect_eq "config: two frames" "$(output | grep -v '^$' | wc -l)" 2
expect_match "config: the first is target" "$(output | grep -v '^$' | head -1)" "^$id $off\$"

BPFTRACE_STACK_MODE=build_id sonde_run -e "uprobe:$WORKLOAD:target /pid == cpid/ { printf(\"%s\", ustack(1)); exit(); }" \
	-c "$WORKLOAD call 1"
expect_status 0
expect_eq "environment" "$(output | grep -v '^$')" "$id $off"

sonde_run -e 'BEGIN { $a = (1, ustack(build_id)); $b = (1, ustack(build_id, 30)); $c = (1, kstack(raw, 30)); exit(); }'
expect_status 0
finish
