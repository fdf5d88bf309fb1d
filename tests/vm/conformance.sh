#!/bin/sh
# Run bpftrace's runtime test suite (its kernel-limited tests by default)
# against sonde inside the test VM: Debian's stock cloud kernel (kprobes,
# fentry/fexit, data symbols in kallsyms, BTF) booted straight from an ext4
# disk image that holds what the suite's runner needs.
#
#   tests/vm/conformance.sh [--tsv FILE | --list FILE | --all | --filter REGEX]
#
#   --tsv FILE     the tests summarize.py classified "kernel" in FILE (a
#                  host run's --tsv output): the default, with the newest
#                  $BT_RT_DIR/logs/*.tsv or, failing that, a host run made now
#   --list FILE    the tests named in FILE, one "file.test name" a line
#   --all          every test of the suite
#   --filter RE    the runner's own --filter
#
# Environment:
#   SONDE          the sonde to test (default: the tree's ./sonde)
#   CONFORMANCE    the harness (default /work/shared/conformance)
#   BPFTRACE_SRC   bpftrace's sources, read only (default /tmp/bpftrace-src)
#   BT_RT_DIR      the suite's work tree made by the harness's setup.sh
#                  (default build/vm/conformance/bt-rt, made when absent)
#   VM_ACCEL       kvm, tcg or auto (default): KVM when a guest boots under
#                  it within 20 s, else TCG
#   VM_TIMEOUT     seconds for the whole run (default 3600)
#
# Writes build/vm/conformance/: root/ (the image's tree), root.img,
# console.log, and vm.log (the runner's output, read back from the image);
# then prints summarize.py's report of vm.log.  Not part of `make test`:
# under TCG the 91 kernel-limited tests take about 15 minutes.
# docs/conformance.md ("In the VM") describes the procedure and results.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SONDE=${SONDE:-$ROOT/sonde}
CONFORMANCE=${CONFORMANCE:-/work/shared/conformance}
BPFTRACE_SRC=${BPFTRACE_SRC:-/tmp/bpftrace-src}
OUT=$ROOT/build/vm/conformance
BT_RT_DIR=${BT_RT_DIR:-$OUT/bt-rt}
VM_ACCEL=${VM_ACCEL:-auto}
VM_TIMEOUT=${VM_TIMEOUT:-3600}
IMG=$OUT/root.img
R=$OUT/root

# What the runner, its tests' BEFORE/AFTER commands and the shim run.
PACKAGES="bash dash coreutils grep sed mawk findutils procps psmisc util-linux
mount kmod iproute2 iputils-ping debianutils sysvinit-utils bpftool
python3-minimal python3.11-minimal libpython3.11-minimal libpython3.11-stdlib"

die() {
	echo "conformance-vm: $*" >&2
	exit 1
}

usage() {
	sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'
	exit "$1"
}

select_tests() {
	mode=tsv
	arg=
	case ${1:-} in
	--tsv | --list | --filter) [ $# -ge 2 ] || usage 1; mode=${1#--}; arg=$2 ;;
	--all) mode=all ;;
	-h | --help) usage 0 ;;
	"") ;;
	*) usage 1 ;;
	esac
}

# The harness's work tree (testprogs, testlibs, the test files).
prepare_suite() {
	[ -x "$BT_RT_DIR/bin/featprobe" ] && [ -d "$BT_RT_DIR/runtime/engine" ] && return 0
	echo "conformance-vm: preparing $BT_RT_DIR (setup.sh)"
	SONDE_BIN=$SONDE BT_RT_DIR=$BT_RT_DIR BPFTRACE_SRC=$BPFTRACE_SRC \
		"$CONFORMANCE"/setup.sh >"$OUT"/setup.log 2>&1 ||
		die "setup.sh failed (see $OUT/setup.log)"
}

# The test names to run, one "file.test name" a line, into $R/vm-tests.
write_allowlist() {
	case $mode in
	tsv)
		if [ -z "$arg" ]; then
			arg=$(ls -t "$BT_RT_DIR"/logs/*.tsv 2>/dev/null | head -1)
		fi
		if [ -z "$arg" ]; then
			echo "conformance-vm: no host run to pick the kernel-limited tests from; running the suite on the host first"
			mkdir -p "$BT_RT_DIR"/logs
			BT_RT_DIR=$BT_RT_DIR "$CONFORMANCE"/run.sh >"$BT_RT_DIR"/logs/host.log 2>&1
			BT_RT_DIR=$BT_RT_DIR "$CONFORMANCE"/summarize.py "$BT_RT_DIR"/logs/host.log \
				--tsv "$BT_RT_DIR"/logs/host.tsv >/dev/null || die "summarize.py failed"
			arg=$BT_RT_DIR/logs/host.tsv
		fi
		[ -r "$arg" ] || die "cannot read $arg"
		awk -F'\t' '$4 == "kernel" { print $1 "." $2 }' "$arg" >"$R"/vm-tests
		;;
	list)
		grep -v '^#' "$arg" >"$R"/vm-tests || die "no tests in $arg"
		;;
	*)
		: >"$R"/vm-tests
		;;
	esac
	case $mode in
	tsv | list) [ -s "$R"/vm-tests ] || die "no tests selected" ;;
	esac
}

# Copy files at the same paths, with /bin, /lib, ... spelled under /usr
# (the image is merged-/usr, like the host).
copy_paths() {
	sed 's,^/\(bin\|sbin\|lib\|lib64\)/,/usr/\1/,' | sort -u |
		while read -r f; do
			[ -f "$f" ] || [ -L "$f" ] && printf '%s\n' "${f#/}"
		done | tar -C / -cf - --no-recursion -T - 2>/dev/null | tar -C "$R" -xf -
}

# Every library the image's programs and modules load, by ldd.
copy_libs() {
	find "$R" -type f \( -perm -u+x -o -name '*.so*' \) |
		while read -r f; do
			ldd "$f" 2>/dev/null
		done | grep -o '/[^ ]*' | sort -u | while read -r lib; do
			d=$(dirname "$lib")
			d=$(cd "$d" 2>/dev/null && pwd -P) || continue
			printf '%s/%s\n' "$d" "$(basename "$lib")"
		done >"$OUT"/libs
	while read -r lib; do
		mkdir -p "$R$(dirname "$lib")"
		[ -e "$R$lib" ] || cp -L "$lib" "$R$lib"
	done <"$OUT"/libs
}

build_root() {
	rm -rf "$R"
	mkdir -p "$R"/usr/bin "$R"/usr/sbin "$R"/usr/lib "$R"/usr/lib64 "$R"/etc \
		"$R"/proc "$R"/sys "$R"/dev "$R"/tmp "$R"/run "$R"/root "$R"/results
	for d in bin sbin lib lib64; do
		ln -s usr/$d "$R"/$d
	done
	chmod 1777 "$R"/tmp
	for p in $PACKAGES; do
		dpkg -L "$p" 2>/dev/null || die "package $p is not installed (apt-get install $p)"
	done | grep -v -e '^/usr/share/' -e '/test/' -e '/tests/' -e '/idlelib/' \
		-e '/tkinter/' -e '/ensurepip/' | copy_paths
	[ -x "$R"/usr/bin/python3 ] || die "python3 did not make it into the image"
	cp /bin/busybox "$R"/usr/bin/busybox
	cp /etc/passwd /etc/group /etc/nsswitch.conf "$R"/etc/
	# sonde, and the libraries it opens lazily (libdw, OpenSSL)
	cp "$SONDE" "$R"/sonde
	for so in libdw.so.1 libssl.so.3 libcrypto.so.3 libcrypt.so.1; do
		p=$(ldconfig -p | awk -v n="$so" '$1 == n && /x86-64/ { print $NF; exit }')
		[ -n "$p" ] || continue
		p=$(readlink -f "$p")
		mkdir -p "$R$(dirname "$p")"
		cp "$p" "$R$p"
		[ "$(basename "$p")" = "$so" ] || ln -sfn "$(basename "$p")" "$R$(dirname "$p")/$so"
	done
	copy_libs
	chroot "$R" /usr/sbin/ldconfig 2>/dev/null || cp /etc/ld.so.cache "$R"/etc/
	# the harness and the suite's work tree, at fixed paths in the guest
	cp -r "$CONFORMANCE" "$R"/conformance
	cp -a "$BT_RT_DIR" "$R"/bt-rt
	rm -rf "$R"/bt-rt/logs
	ln -sfn /sonde "$R"/bt-rt/bin/bpftrace
	ln -sfn /conformance/sonde-shim "$R"/bt-rt/bin/sonde-shim
	cp "$HERE"/conformance-guest.sh "$R"/init
	chmod +x "$R"/init
}

make_image() {
	rm -f "$IMG"
	size=$(du -sm "$R" | cut -f1)
	mkfs.ext4 -q -F -L sonde-conf -d "$R" "$IMG" $((size + size / 2 + 256))M ||
		die "mkfs.ext4 -d failed"
}

qemu() {	# qemu ACCEL CONSOLE SECONDS [KERNEL-ARGS]: boot the image
	if [ "$1" = kvm ]; then
		accel="-accel kvm -cpu host,-arch-capabilities -smp 2"
	else
		accel="-accel tcg -smp 1"
	fi
	timeout "$3" qemu-system-x86_64 $accel -m 2G -kernel "$KERNEL" \
		-drive file="$IMG",if=none,id=root,format=raw -device nvme,drive=root,serial=sonde \
		-append "console=ttyS0 quiet panic=-1 root=/dev/nvme0n1 rootwait rw init=/init ${4:-}" \
		-nographic -no-reboot </dev/null >"$2" 2>&1
}

# KVM when it boots: nested KVM on some hosts hangs before the kernel runs,
# so the guest must say it started within 20 s (it powers off at once when
# told it is a probe).
pick_accel() {
	case $VM_ACCEL in
	tcg | kvm) echo "$VM_ACCEL"; return ;;
	esac
	[ -w /dev/kvm ] || { echo tcg; return; }
	qemu kvm "$OUT"/kvm-probe.log 20 conformance.probe
	if tr -d '\r' <"$OUT"/kvm-probe.log | grep -q '^conformance-vm: kernel'; then
		echo kvm
	else
		echo tcg
	fi
}

select_tests "$@"
[ -x "$SONDE" ] || die "no sonde binary at $SONDE (make sonde)"
[ -d "$BPFTRACE_SRC/tests/runtime" ] || die "no bpftrace sources at $BPFTRACE_SRC"
[ -x "$CONFORMANCE/run.sh" ] || die "no harness at $CONFORMANCE"
command -v mkfs.ext4 >/dev/null && command -v debugfs >/dev/null || die "needs e2fsprogs"
command -v qemu-system-x86_64 >/dev/null || die "needs qemu-system-x86 (tests/vm/run.sh installs it)"
KERNEL=$(ls /boot/vmlinuz-*-cloud-amd64 "$ROOT"/build/vm/kernel/boot/vmlinuz-*-cloud-amd64 2>/dev/null |
	 sort -V | tail -1)
[ -n "$KERNEL" ] || die "no cloud kernel: run tests/vm/run.sh once (it fetches it)"
mkdir -p "$OUT"
prepare_suite
rm -rf "$R"
mkdir -p "$R"
write_allowlist
mv "$R"/vm-tests "$OUT"/vm-tests
build_root || die "building the image's tree failed"
cp "$OUT"/vm-tests "$R"/vm-tests
{ [ "$mode" = filter ] && printf '%s\n' "$arg"; } >"$R"/vm-filter
make_image
accel=$(pick_accel)
echo "conformance-vm: $(wc -l <"$OUT"/vm-tests) tests selected ($mode), kernel $(basename "$KERNEL"), $accel"
qemu "$accel" "$OUT"/console.log "$VM_TIMEOUT"
status=$?
tr -d '\r' <"$OUT"/console.log | grep '^conformance-vm: '
rm -f "$OUT"/vm.log
debugfs -R "dump /results/vm.log $OUT/vm.log" "$IMG" >/dev/null 2>&1
if [ ! -s "$OUT"/vm.log ]; then
	[ $status -eq 124 ] && echo "conformance-vm: the VM did not finish within ${VM_TIMEOUT}s"
	die "no runner output in the image (console: $OUT/console.log)"
fi
BT_RT_DIR=$BT_RT_DIR "$CONFORMANCE"/summarize.py "$OUT"/vm.log --tsv "$OUT"/vm.tsv
