#!/bin/sh
# Run the VM tests: build an initramfs (busybox, sonde and the libraries it
# links, the workload, the guest scripts), boot Debian's stock cloud kernel
# under QEMU (TCG) and report the guest's "vm: N passed, N failed".
#
#   tests/vm/run.sh [SONDE [WORKLOAD]]
#
# The kernel is only a file handed to QEMU: when no
# /boot/vmlinuz-*-cloud-amd64 exists, the package is downloaded and
# unpacked under build/vm, never installed, so the host's boot is untouched.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SONDE=${1:-$ROOT/sonde}
WORKLOAD=${2:-$ROOT/build/tests/workload}
VM=$ROOT/build/vm
TIMEOUT=${VM_TIMEOUT:-300}

die() {
	echo "vm: $*"
	echo "vm: 0 passed, 1 failed"
	exit 1
}

need_packages() {
	command -v qemu-system-x86_64 >/dev/null && [ -x /bin/busybox ] &&
		/bin/busybox --list >/dev/null 2>&1 && ldd /bin/busybox 2>&1 | grep -q 'not a dynamic' &&
		return 0
	echo "vm: installing qemu-system-x86 and busybox-static"
	apt-get install -y -qq qemu-system-x86 busybox-static >/dev/null 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1 &&
		  apt-get install -y -qq qemu-system-x86 busybox-static >/dev/null 2>&1; } ||
		die "cannot install qemu-system-x86 and busybox-static"
}

# The newest cloud kernel image: /boot, or unpacked from the package.
find_kernel() {
	k=$(ls /boot/vmlinuz-*-cloud-amd64 "$VM"/kernel/boot/vmlinuz-*-cloud-amd64 2>/dev/null |
	    sort -V | tail -1)
	if [ -n "$k" ]; then
		echo "$k"
		return
	fi
	mkdir -p "$VM/deb" "$VM/kernel"
	pkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null |
	      sed -n 's/.*Depends: \(linux-image-[0-9].*-cloud-amd64\)$/\1/p' | head -1)
	if [ -z "$pkg" ]; then
		apt-get update -qq >/dev/null 2>&1
		pkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null |
		      sed -n 's/.*Depends: \(linux-image-[0-9].*-cloud-amd64\)$/\1/p' | head -1)
	fi
	[ -n "$pkg" ] || return 1
	(cd "$VM/deb" && apt-get download "$pkg" >/dev/null 2>&1) || return 1
	dpkg-deb -x "$VM"/deb/"$pkg"_*.deb "$VM/kernel" || return 1
	ls "$VM"/kernel/boot/vmlinuz-*-cloud-amd64 | sort -V | tail -1
}

# Copy a binary and every library ldd names, at the same paths.
copy_with_libs() {
	cp "$1" "$2"
	ldd "$1" 2>/dev/null | grep -o '/[^ ]*' | while read -r lib; do
		mkdir -p "$INITRD_ROOT$(dirname "$lib")"
		cp -L "$lib" "$INITRD_ROOT$lib"
	done
}

build_initrd() {
	INITRD_ROOT=$VM/root
	rm -rf "$INITRD_ROOT"
	mkdir -p "$INITRD_ROOT"/bin "$INITRD_ROOT"/tests "$INITRD_ROOT"/proc \
		"$INITRD_ROOT"/sys "$INITRD_ROOT"/dev "$INITRD_ROOT"/tmp
	cp /bin/busybox "$INITRD_ROOT"/bin/busybox
	copy_with_libs "$SONDE" "$INITRD_ROOT"/sonde
	copy_with_libs "$WORKLOAD" "$INITRD_ROOT"/workload
	cp "$HERE"/init "$INITRD_ROOT"/init
	cp "$HERE"/guest.sh "$INITRD_ROOT"/tests/guest.sh
	chmod +x "$INITRD_ROOT"/init
	(cd "$INITRD_ROOT" && find . | /bin/busybox cpio -o -H newc 2>/dev/null | gzip -1) >"$VM"/initrd.gz
}

[ -x "$SONDE" ] || die "no sonde binary at $SONDE (make sonde)"
[ -x "$WORKLOAD" ] || die "no workload at $WORKLOAD (make $ROOT/build/tests/workload)"
need_packages
mkdir -p "$VM"
KERNEL=$(find_kernel) || KERNEL=
[ -n "$KERNEL" ] && [ -f "$KERNEL" ] || die "no linux-image-cloud-amd64 kernel could be found or downloaded"
build_initrd || die "building the initramfs failed"

timeout "$TIMEOUT" qemu-system-x86_64 -accel tcg -m 1G -smp 1 \
	-kernel "$KERNEL" -initrd "$VM"/initrd.gz \
	-append 'console=ttyS0 quiet panic=-1' \
	-nographic -no-reboot </dev/null >"$VM"/console.log 2>&1
status=$?
tr -d '\r' <"$VM"/console.log | grep '^vm: '
summary=$(tr -d '\r' <"$VM"/console.log | grep -E '^vm: [0-9]+ passed, [0-9]+ failed$' | tail -1)
if [ -z "$summary" ]; then
	[ $status -eq 124 ] && echo "vm: the VM did not finish within ${TIMEOUT}s"
	echo "vm: no result from the VM (console log: $VM/console.log)"
	echo "vm: 0 passed, 1 failed"
	exit 1
fi
case $summary in
*" 0 failed") exit 0 ;;
*) exit 1 ;;
esac
