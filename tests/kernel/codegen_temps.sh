#!/bin/sh
# Temporaries are given back at the end of each statement: forty copies of
# a statement whose string key takes 1 KiB of scratch memory each compile
# (they used to need more than 32 KiB), load, and count right.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_openat

prog="$T/forty.bt"
{
	echo 'tracepoint:syscalls:sys_enter_openat /pid == cpid/ {'
	i=0
	while [ $i -lt 40 ]; do
		echo "	if (pid == cpid) { @a[str(args.filename)] = count(); }"
		i=$((i + 1))
	done
	echo '}'
} >"$prog"

sonde_run -c "$WORKLOAD open /etc/hostname 7" "$prog"
expect_status 0
expect_eq "@a (40 counts per open)" "$(map_value '@a[/etc/hostname]')" 280
# one statement's worth of scratch, reused forty times
"$SONDE" --dump "$prog" >"$T/dump" 2>&1
expect_status 0
max=$(sed -n 's/.*(r5 + \([0-9]*\)).*/\1/p' "$T/dump" | sort -n | tail -n 1)
expect_range "largest scratch offset" "${max:-0}" 0 4096
finish
