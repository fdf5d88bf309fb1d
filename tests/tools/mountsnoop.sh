#!/bin/sh
# mountsnoop: a tmpfs mount and its umount.
. "$(dirname "$0")/tool_lib"
mkdir -p "$T/mnt"
tool_start mountsnoop
mount -t tmpfs sonde-test "$T/mnt"
umount "$T/mnt"
settle
tool_stop
expect_match "mount row" "$(output)" "^[0-9]+ +mount +0 mount\\(\"sonde-test\", \"$T/mnt\", \"tmpfs\", 0x0\\)\$"
expect_match "umount row" "$(output)" "^[0-9]+ +umount +0 umount\\(\"$T/mnt\", 0x[0-9a-f]+\\)\$"
finish
