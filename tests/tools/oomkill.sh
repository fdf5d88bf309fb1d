#!/bin/sh
# oomkill: a process over its cgroup's memory limit is the OOM victim.
. "$(dirname "$0")/tool_lib"
command -v python3 >/dev/null || skip "python3 missing"
need_tracepoint oom:mark_victim
cg=$T/cgroup
mkdir -p "$cg"
mount -t cgroup2 none "$cg" 2>/dev/null || skip "cannot mount cgroup2"
cleanup_cg() {
	rmdir "$cg/sonde-oom" 2>/dev/null
	umount "$cg" 2>/dev/null
}
grep -qw memory "$cg/cgroup.controllers" || { cleanup_cg; skip "no memory controller"; }
echo +memory >"$cg/cgroup.subtree_control" 2>/dev/null
mkdir -p "$cg/sonde-oom"
if ! echo 32M >"$cg/sonde-oom/memory.max" 2>/dev/null; then
	cleanup_cg
	skip "cannot limit memory"
fi
echo 0 >"$cg/sonde-oom/memory.swap.max" 2>/dev/null
tool_start oomkill
sh -c "echo \$\$ >$cg/sonde-oom/cgroup.procs; exec python3 -c 'x = bytearray(256 << 20)'" 2>/dev/null
settle 0.5
tool_stop
cleanup_cg
expect_match "victim row" "$(output)" '^[0-9]+ +python3 +0 +[0-9]+ +[0-9]+ +[0-9-]+$'
finish
