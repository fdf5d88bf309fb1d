#!/bin/sh
# A uprobe on a library named like the loader does ("libc"): workload
# getppid N calls libc's syscall() N times.  The probe is named by the
# library's path.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
ldd "$WORKLOAD" 2>/dev/null | grep -q 'libc\.so' || skip "workload is not linked with libc.so"

sonde_run -e 'uprobe:libc:syscall /pid == cpid/ { @[probe] = count(); @nr = max(arg0); }' \
	-c "$WORKLOAD getppid 50"
expect_status 0
expect_match "probe name and count" "$(output)" '^@\[uprobe:/[^]]*/libc\.so\.6:syscall\]: 50$'
expect_eq "@nr (SYS_getppid)" "$(map_value @nr)" 110
finish
