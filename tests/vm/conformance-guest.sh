#!/bin/bash
# PID 1 of the conformance VM (tests/vm/conformance.sh): the ext4 image is
# the root file system.  Mount what sonde and the suite need, probe this
# kernel's features for the shim, run bpftrace's runner over the selected
# tests with its output in /results/vm.log, power off.
export PATH=/usr/sbin:/usr/bin HOME=/root LANG=C.UTF-8 TERM=dumb
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /run
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t bpf bpf /sys/fs/bpf 2>/dev/null
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null
echo "conformance-vm: kernel $(uname -r)"
case " $(cat /proc/cmdline) " in
*" conformance.probe "*)
	busybox poweroff -f
	;;
esac
busybox hostname sonde-vm
ip link set lo up 2>/dev/null
ulimit -l unlimited
ulimit -n 65536

cd /bt-rt || exit 1
bin/featprobe >featprobe.txt
if [ -s /vm-filter ]; then
	set -- --filter "$(cat /vm-filter)"
elif [ -s /vm-tests ]; then
	set -- --allowlist_file /vm-tests
else
	set --
fi
echo "conformance-vm: running $(wc -l </vm-tests) tests"
start=$(date +%s)
BT_RT_DIR=/bt-rt /conformance/run.sh "$@" 2>&1 | tee /results/vm.log |
	grep --line-buffered -E '^\[ +(OK|FAILED|TIMEOUT|SKIP[A-Z]*) +\]' | sed -u 's/^/conformance-vm: /'
echo "conformance-vm: runner exit ${PIPESTATUS[0]}, $(( $(date +%s) - start )) s"
grep -E '^\[==========\]|^\[  PASSED  \] [0-9]' /results/vm.log | tail -3 |
	sed 's/^/conformance-vm: /'
sync
busybox poweroff -f
